import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fdWriter } from '../../labs/node/stdio';

const dir = mkdtempSync(join(tmpdir(), 'wil-stdio-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fdWriter (the CLI's stdout and stderr)", () => {
  it('writes strings as UTF-8 and bytes as they are, in order', () => {
    const file = join(dir, 'out');
    const fd = openSync(file, 'w');
    const w = fdWriter(fd);
    expect(w.write('héllo ')).toBe(true);
    expect(w.writeBytes(new TextEncoder().encode('wörld'))).toBe(true);
    expect(w.write('')).toBe(true);
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('héllo wörld');
    expect(w.isTTY).toBe(false);
  });

  it('a reader that goes away (| head) ends the output quietly, without a crash', () => {
    const bin = join(__dirname, '../../dist/labs/node/stdio.js');
    const script = `const w = require(${JSON.stringify(bin)}).fdWriter(1); const ok = w.write('x'.repeat(4 << 20)); process.stderr.write('done ' + ok);`;
    const r = spawnSync('bash', ['-c', `set -o pipefail; node -e "$0" | head -c 10 >/dev/null`, script], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('done false');
    expect(r.status).toBe(0);
  });

  it.each([
    ['a blocking pipe', ''],
    // Reading process.stdout makes Node open fd 1 as a non-blocking pipe: writes then meet EAGAIN when it is full.
    ['a non-blocking pipe', 'void process.stdout;'],
  ])('a slow reader behind %s gets every byte', (_name, prelude) => {
    const bin = join(__dirname, '../../dist/labs/node/stdio.js');
    const script = `${prelude} const w = require(${JSON.stringify(bin)}).fdWriter(1); const ok = w.write('y'.repeat(2 << 20)); process.stderr.write(String(ok));`;
    const r = spawnSync('bash', ['-c', `node -e "$0" | (sleep 0.3; wc -c)`, script], { encoding: 'utf8' });
    expect(r.stderr).toBe('true');
    expect(r.stdout.trim()).toBe(String(2 << 20));
  });
});
