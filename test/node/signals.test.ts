/**
 * Issue 12, "signals are honoured throughout": a SIGINT/SIGTERM handler cannot run while the main thread
 * computes, so `check` reads and checks files with the signals at their default action
 * (defaultSignalsDuring): Ctrl-C ends it at once. Run in a child process, whose own signal is the test.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SIGNALS = join(__dirname, '..', '..', 'labs', 'node', 'signals.ts');

function child(body: string) {
  const code = `
const { abortOnSignals, defaultSignalsDuring } = require(${JSON.stringify(SIGNALS)});
const { signal } = abortOnSignals();
signal.addEventListener('abort', () => console.log('handled later'));
const busy = (ms) => { const end = Date.now() + ms; while (Date.now() < end) {} };
${body}
setTimeout(() => console.log('alive'), 50);
`;
  return spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', code], {
    encoding: 'utf8',
    cwd: join(__dirname, '..', '..'),
    timeout: 30_000,
  });
}

describe('signals during synchronous work', () => {
  it('inside defaultSignalsDuring, SIGINT ends the process at once', () => {
    const r = child(
      `defaultSignalsDuring(() => { process.kill(process.pid, 'SIGINT'); busy(300); console.log('finished the work'); });`,
    );
    expect(r.signal).toBe('SIGINT');
    expect(r.stdout).not.toContain('finished the work');
  });
  it('SIGTERM too', () => {
    const r = child(
      `defaultSignalsDuring(() => { process.kill(process.pid, 'SIGTERM'); busy(300); console.log('finished the work'); });`,
    );
    expect(r.signal).toBe('SIGTERM');
  });
  it('outside it, the handlers are back: the signal waits for the work, then asks for a clean stop', () => {
    const r = child(
      `defaultSignalsDuring(() => busy(10)); process.kill(process.pid, 'SIGINT'); busy(100); console.log('finished the work');`,
    );
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe('finished the work\nhandled later\nalive\n');
  });
});
