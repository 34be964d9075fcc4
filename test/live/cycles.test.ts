/**
 * Safety: the live cycle 20 times (mostly the light web tier, a few full topologies), some runs
 * interrupted at random moments (AbortSignal in-process, SIGINT/SIGTERM to a spawned CLI), and
 * after each and all: no process, namespace, mount or temp dir left.
 */
import { ensureCliBuilt } from '../cli-build';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLive } from '../../labs/node/live';
import { sleep } from '../../labs/node/live/proc';
import { SOLUTION, type Scope, input, ipNetnsList, leftovers, runInodes, skipReason } from './helpers';

const ROOT = join(__dirname, '..', '..');
type Kind = 'light' | 'full' | 'abort-light' | 'abort-full' | 'sigint-cli' | 'sigterm-cli' | 'sigint-bin';
// 20 cycles: 3 full, 9 light, 5 aborted in-process, 3 spawned CLIs interrupted by a signal
const PLAN: Kind[] = [
  'full',
  'light',
  'abort-light',
  'light',
  'sigint-cli',
  'light',
  'abort-full',
  'light',
  'light',
  'sigterm-cli',
  'abort-light',
  'light',
  'full',
  'abort-light',
  'light',
  'sigint-bin',
  'abort-full',
  'light',
  'light',
  'full',
];

/** The light topology: web tier only, no failover (HAProxy's health-check waits dominate it). */
const LIGHT = { tiers: ['web'] as Array<'web' | 'db'>, skipFailover: true };

let seed = Number(process.env.LIVE_SEED ?? Date.now() % 100000);
const rand = (): number => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};

async function noLeftovers(scope: Scope = { owners: [process.pid] }): Promise<string[]> {
  // a stopped run is gone when runLive returns; give a killed CLI's teardown a bounded moment
  for (let i = 0; i < 50; i++) {
    const l = leftovers(scope);
    if (l.length === 0) return l;
    await sleep(100);
  }
  return leftovers(scope);
}

function spawnCli(kind: Kind): ReturnType<typeof spawn> {
  const args =
    kind === 'sigint-bin'
      ? [
          join(ROOT, 'dist', 'labs', 'cli', 'web-infra-lab.js'),
          'check',
          SOLUTION,
          '--live',
          '--no-real-tools',
          '--format',
          'json',
        ]
      : [
          '-r',
          'ts-node/register/transpile-only',
          join(ROOT, 'labs', 'node', 'live', 'cli.ts'),
          SOLUTION,
          '--tiers',
          'web',
        ];
  return spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), WEB_INFRA_LAB_KEEP: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe.skipIf(!!skipReason)(`live cycle x20 ${skipReason}`, () => {
  beforeAll(() => {
    // the spawned product bin is the compiled one (`npm test` builds it first; build it when missing)
    ensureCliBuilt();
  }, 200_000);

  it('leaves no process, namespace, mount or temp dir behind, interrupted or not', { timeout: 200_000 }, async () => {
    const log: string[] = [`seed ${seed}`];
    expect(await noLeftovers()).toEqual([]);
    for (const [i, kind] of PLAN.entries()) {
      const t0 = Date.now();
      if (kind === 'light' || kind === 'full') {
        const r = await runLive({ ...(await input(SOLUTION)), ...(kind === 'light' ? LIGHT : {}) });
        const bad = r.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip');
        expect(bad.map((c) => `${c.id}: ${c.findings.map((f) => f.message).join('; ')}`)).toEqual([]);
        expect(r.debug.leftovers).toEqual([]);
        expect(existsSync(r.debug.runDir)).toBe(false);
        expect(
          await noLeftovers({ owners: [process.pid], inodes: r.debug.netnsInodes, pids: r.debug.pids }),
          `after cycle ${i} (${kind})`,
        ).toEqual([]);
        log.push(`cycle ${i} ${kind} ${Date.now() - t0} ms`);
      } else if (kind === 'abort-light' || kind === 'abort-full') {
        const ac = new AbortController();
        const at = Math.floor(rand() * (kind === 'abort-full' ? 5000 : 3500));
        setTimeout(() => ac.abort(new Error('test abort')), at);
        const r = await runLive({
          ...(await input(SOLUTION)),
          signal: ac.signal,
          ...(kind === 'abort-light' ? LIGHT : {}),
        });
        expect(r.debug.leftovers).toEqual([]);
        expect(
          await noLeftovers({ owners: [process.pid], inodes: r.debug.netnsInodes, pids: r.debug.pids }),
          `after cycle ${i} (${kind})`,
        ).toEqual([]);
        log.push(`cycle ${i} ${kind} aborted at ${at} ms, returned after ${Date.now() - t0} ms`);
      } else {
        const child = spawnCli(kind);
        let out = '';
        child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
        const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
        // wait until the run has begun (its namespaces exist), then interrupt it at a random moment
        const begun = await Promise.race([
          (async () => {
            for (let k = 0; k < 300 && child.exitCode === null; k++) {
              if (ipNetnsList().includes(`wil-${child.pid}-`)) return true;
              await sleep(50);
            }
            return false;
          })(),
          exited.then(() => false),
        ]);
        expect(begun, out.slice(-2000)).toBe(true);
        const at = Math.floor(rand() * (kind === 'sigint-bin' ? 5000 : 2500));
        // remember the run's namespaces (by inode): a process left in one is found even once it is deleted
        const inodes = new Set<string>();
        const tWait = Date.now();
        while (Date.now() - tWait < at && child.exitCode === null) {
          for (const n of runInodes(child.pid!)) inodes.add(n);
          await sleep(50);
        }
        const tSig = Date.now();
        child.kill(kind === 'sigterm-cli' ? 'SIGTERM' : 'SIGINT');
        const code = await Promise.race([exited, sleep(30_000).then(() => 'hung' as const)]);
        if (code === 'hung') child.kill('SIGKILL');
        expect(code, out.slice(-2000)).not.toBe('hung');
        // the signal reached the run: the CLI stopped it and exited with 130 (or finished first: 0)
        expect([130, 0], out.slice(-2000)).toContain(code);
        expect(await noLeftovers({ owners: [child.pid!], inodes: [...inodes] }), `after cycle ${i} (${kind})`).toEqual(
          [],
        );
        log.push(
          `cycle ${i} ${kind} signalled ${at} ms into the run, exit ${code} ${Date.now() - tSig} ms after the signal`,
        );
      }
      expect(await noLeftovers(), `after cycle ${i} (${kind})`).toEqual([]);
    }
    console.log(log.join('\n'));
    expect(await noLeftovers()).toEqual([]);
  });

  it('WEB_INFRA_LAB_KEEP=1 keeps the temp dir (and nothing else)', { timeout: 60_000 }, async () => {
    const prev = process.env.WEB_INFRA_LAB_KEEP;
    process.env.WEB_INFRA_LAB_KEEP = '1';
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 1500);
      const r = await runLive({ ...(await input(SOLUTION)), tiers: ['web'], signal: ac.signal });
      expect(existsSync(join(r.debug.runDir, '.keep'))).toBe(true);
      expect(r.debug.leftovers).toEqual([]);
      rmSync(r.debug.runDir, { recursive: true, force: true });
    } finally {
      if (prev === undefined) delete process.env.WEB_INFRA_LAB_KEEP;
      else process.env.WEB_INFRA_LAB_KEEP = prev;
    }
    expect(await noLeftovers()).toEqual([]);
  });
});
