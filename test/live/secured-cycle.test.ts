/**
 * Lab 2's live cycle leaves nothing behind (processes, namespaces, mounts, the run folder, and no firewall
 * rule on the machine itself) when SIGINT or SIGTERM reaches `check --live` while the learner's ufw commands
 * run (they run while the servers start: bubblewrap as nobody, in namespaces of its own): exit 130 within a
 * few seconds. Success and failure are covered by secured.test.ts (each run checks its leftovers).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../../labs/node/live/proc';
import { BIN, ROOT, ensureCliBuilt } from '../cli-build';
import { leftovers, runInodes, skipReason } from './helpers';

const SOLUTION = join(ROOT, 'labs', 'specs', 'secured-monitored', 'solution');
const ufwMissing = spawnSync('sh', ['-c', 'command -v ufw && command -v iptables'], { stdio: 'ignore' }).status !== 0;
const missing = skipReason || (ufwMissing ? 'ufw is not installed' : '');
if (missing && !skipReason && process.env.CI === 'true') throw new Error(`CI must have ufw: ${missing}`);

/** Pids of the harness's ufw driver (its command line names its folder in the sandbox). */
function ufwDrivers(): number[] {
  const out: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('web-infra-lab-ufw/apply.py')) out.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return out;
}

const hostRules = (): string => {
  try {
    return execFileSync('iptables', ['-S'], { encoding: 'utf8' });
  } catch {
    return '';
  }
};

beforeAll(() => ensureCliBuilt(), 300_000);

describe.skipIf(!!missing)(`live: lab 2 interrupted while ufw runs leaves nothing behind ${missing}`, () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(
      `${sig} to check --live: exit 130, nothing left, the machine's rules untouched`,
      { timeout: 90_000 },
      async () => {
        const rules = hostRules();
        const before = new Set(ufwDrivers());
        const child = spawn(
          process.execPath,
          [BIN, 'check', SOLUTION, '--lab', 'secured-monitored', '--live', '--only', 'live/*', '--format', 'json'],
          { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
        );
        let out = '';
        child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
        const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
        const inodes = new Set<string>();
        let seen = false;
        for (let i = 0; i < 1200 && child.exitCode === null && !seen; i++) {
          for (const n of runInodes(child.pid!)) inodes.add(n);
          seen = ufwDrivers().some((p) => !before.has(p));
          if (!seen) await sleep(10);
        }
        expect(seen, out.slice(-1500)).toBe(true);
        await sleep(200);
        const t = Date.now();
        child.kill(sig);
        const code = await Promise.race([exited, sleep(30_000).then(() => 'hung' as const)]);
        if (code === 'hung') child.kill('SIGKILL');
        expect(code, out.slice(-1500)).toBe(130);
        expect(Date.now() - t).toBeLessThan(8000);
        let left = leftovers({ owners: [child.pid!], inodes: [...inodes] });
        for (let i = 0; i < 50 && (left.length || ufwDrivers().some((p) => !before.has(p))); i++) {
          await sleep(100);
          left = leftovers({ owners: [child.pid!], inodes: [...inodes] });
        }
        expect(left).toEqual([]);
        expect(ufwDrivers().filter((p) => !before.has(p))).toEqual([]);
        expect(hostRules()).toBe(rules);
      },
    );
  }
});
