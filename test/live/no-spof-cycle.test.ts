/**
 * Lab 3's live cycle leaves nothing behind (processes, namespaces, mounts, the run folder): after a
 * success, after a failure, after an abort in-process while keepalived runs, and after SIGINT and SIGTERM
 * to a spawned CLI while keepalived runs (exit 130 within a few seconds).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLive } from '../../labs/node/live';
import { NO_SPOF_PROBES } from '../../labs/node/live/no-spof';
import { sleep } from '../../labs/node/live/proc';
import { listRunNetns, pidsInNetns } from '../../labs/node/live/sandbox';
import { type Scope, leftovers, runInodes } from './helpers';
import { NS_SOLUTION, kaSkipReason, submission } from './no-spof-helpers';

const ROOT = join(__dirname, '..', '..');
const only = new Set(NO_SPOF_PROBES);

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** keepalived running in a namespace of `owner`'s runs. */
const keepalivedUp = (owner: number): boolean =>
  pidsInNetns(listRunNetns(`wil-${owner}-`)).some((p) => comm(p) === 'keepalived');

async function settled(scope: Scope): Promise<string[]> {
  for (let i = 0; i < 50; i++) {
    const l = leftovers(scope);
    if (l.length === 0) return l;
    await sleep(100);
  }
  return leftovers(scope);
}

describe.skipIf(!!kaSkipReason)(`live: lab 3 cycle leaves nothing behind ${kaSkipReason}`, () => {
  it('after a success and after a failure', { timeout: 120_000 }, async () => {
    const ok = await runLive({ ...submission('solution'), only });
    expect(ok.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(ok.debug.leftovers).toEqual([]);
    expect(await settled({ owners: [process.pid], inodes: ok.debug.netnsInodes, pids: ok.debug.pids })).toEqual([]);
    const bad = await runLive({ ...submission('broken/vrid-differs'), only });
    expect(bad.checks.some((c) => c.status === 'fail')).toBe(true);
    expect(bad.debug.leftovers).toEqual([]);
    expect(await settled({ owners: [process.pid], inodes: bad.debug.netnsInodes, pids: bad.debug.pids })).toEqual([]);
  });

  it('after an abort while keepalived runs', { timeout: 60_000 }, async () => {
    const ac = new AbortController();
    const inodes = new Set<string>();
    const running = runLive({ ...submission('solution'), only, signal: ac.signal });
    let seen = false;
    for (let i = 0; i < 400 && !seen; i++) {
      for (const n of runInodes(process.pid)) inodes.add(n);
      seen = keepalivedUp(process.pid);
      if (!seen) await sleep(25);
    }
    expect(seen).toBe(true);
    await sleep(1500); // in the middle of the election
    const t = Date.now();
    ac.abort();
    const r = await running;
    expect(Date.now() - t).toBeLessThan(8000);
    expect(r.checks.every((c) => c.status === 'skip' || c.status === 'pass')).toBe(true);
    expect(r.checks.some((c) => c.findings.some((f) => /interrupted/.test(f.message)))).toBe(true);
    expect(await settled({ owners: [process.pid], inodes: [...inodes], pids: r.debug.pids })).toEqual([]);
  });

  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`after ${sig} to the CLI while keepalived runs: exit 130, nothing left`, { timeout: 60_000 }, async () => {
      const child = spawn(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          join(ROOT, 'labs', 'node', 'live', 'cli.ts'),
          NS_SOLUTION,
          '--lab',
          'no-spof',
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      const inodes = new Set<string>();
      let seen = false;
      for (let i = 0; i < 800 && child.exitCode === null && !seen; i++) {
        for (const n of runInodes(child.pid!)) inodes.add(n);
        seen = keepalivedUp(child.pid!);
        if (!seen) await sleep(25);
      }
      expect(seen, out.slice(-1500)).toBe(true);
      await sleep(1000);
      const t = Date.now();
      child.kill(sig);
      const code = await Promise.race([exited, sleep(30_000).then(() => 'hung' as const)]);
      if (code === 'hung') child.kill('SIGKILL');
      expect(code, out.slice(-1500)).toBe(130);
      expect(Date.now() - t).toBeLessThan(8000);
      expect(await settled({ owners: [child.pid!], inodes: [...inodes] })).toEqual([]);
    });
  }
});
