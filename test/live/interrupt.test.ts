/**
 * Issue 12, item 8: Ctrl-C while MariaDB starts. The first one stops everything within a few seconds (it
 * took 22 s: mariadbd's 20 s grace), the second one exits at once and still leaves nothing behind (it left a
 * mariadbd, 8 namespaces and the run folder). Through the compiled bin, as a user runs it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt } from '../cli-build';
import { listRunNetns, pidsInNetns } from '../../labs/node/live/sandbox';
import { sleep } from '../../labs/node/live/proc';
import { SOLUTION, leftovers, runInodes, skipReason } from './helpers';

const ROOT = join(__dirname, '..', '..');

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

async function startUntilMariadbd() {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'dist', 'labs', 'cli', 'web-infra-lab.js'),
      'check',
      SOLUTION,
      '--live',
      '--no-real-tools',
      '--format',
      'json',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const inodes = new Set<string>();
  let seen = false;
  for (let k = 0; k < 600 && child.exitCode === null && !seen; k++) {
    for (const n of runInodes(child.pid!)) inodes.add(n);
    seen = pidsInNetns(listRunNetns(`wil-${child.pid}-`)).some((p) => comm(p) === 'mariadbd');
    if (!seen) await sleep(25);
  }
  return { child, exited, inodes, seen, out: () => out };
}

async function settled(scope: Parameters<typeof leftovers>[0]): Promise<string[]> {
  for (let i = 0; i < 30; i++) {
    const l = leftovers(scope);
    if (l.length === 0) return l;
    await sleep(100);
  }
  return leftovers(scope);
}

describe.skipIf(!!skipReason)(`live: Ctrl-C while MariaDB starts ${skipReason}`, () => {
  beforeAll(() => ensureCliBuilt(), 300_000);

  it("one Ctrl-C: stopped within 8 s (not mariadbd's 20 s grace), nothing left", { timeout: 90_000 }, async () => {
    const run = await startUntilMariadbd();
    expect(run.seen, run.out().slice(-1500)).toBe(true);
    const t = Date.now();
    run.child.kill('SIGINT');
    const code = await Promise.race([run.exited, sleep(30_000).then(() => 'hung' as const)]);
    if (code === 'hung') run.child.kill('SIGKILL');
    expect(code).toBe(130);
    expect(Date.now() - t).toBeLessThan(8000);
    expect(await settled({ owners: [run.child.pid!], inodes: [...run.inodes] })).toEqual([]);
  });

  it(
    'two Ctrl-C: exits at once, and still leaves no process, namespace or run folder',
    { timeout: 90_000 },
    async () => {
      const run = await startUntilMariadbd();
      expect(run.seen, run.out().slice(-1500)).toBe(true);
      run.child.kill('SIGINT');
      await sleep(100);
      const t = Date.now();
      run.child.kill('SIGINT');
      const code = await Promise.race([run.exited, sleep(30_000).then(() => 'hung' as const)]);
      if (code === 'hung') run.child.kill('SIGKILL');
      expect(code).toBe(130);
      expect(Date.now() - t).toBeLessThan(3000);
      expect(await settled({ owners: [run.child.pid!], inodes: [...run.inodes] })).toEqual([]);
    },
  );
});
