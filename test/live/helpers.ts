import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSubmission } from '../../labs/node/fs';
import { loadLab } from '../../labs/node/specs';
import type { CheckResult } from '../../labs/core/report/types';

export const TOOLS = [
  'haproxy',
  'nginx',
  'mariadbd',
  'mariadb',
  'mariadb-install-db',
  'curl',
  'openssl',
  'ip',
  'nsenter',
  'unshare',
  'setpriv',
  'bwrap',
];

/** Why live tests cannot run here (missing tool, not root), or undefined when they can. */
export function liveUnavailable(): string | undefined {
  const missing = TOOLS.filter(
    (t) =>
      spawnSync('sh', ['-c', `command -v ${t}`], {
        stdio: 'ignore',
        env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
      }).status !== 0,
  );
  if (missing.length) return `missing tools: ${missing.join(', ')}`;
  if (process.getuid?.() !== 0) return 'live mode with namespaces needs root';
  return undefined;
}

/** In CI a missing tool is a failure, never a skip (rule 5). */
export const unavailable = liveUnavailable();
if (unavailable && process.env.CI === 'true') throw new Error(`live tests cannot run in CI: ${unavailable}`);
export const skipReason = unavailable ? `live tests skipped: ${unavailable}` : '';

export const SOLUTION = join(__dirname, '..', '..', 'labs', 'specs', 'distributed-web', 'solution');
export const BROKEN = join(__dirname, '..', '..', 'labs', 'specs', 'distributed-web', 'broken');

export async function input(dir: string) {
  const { tree } = await loadSubmission(dir);
  return { dir, tree, lab: loadLab('distributed-web') };
}

export interface Scope {
  /** Pids whose runs are checked (run names start with `wil-<pid>-`): this test process, a spawned CLI. */
  owners: number[];
  /** `net:[inode]` of the runs' namespaces: a process still in one is a leftover, even after the namespace was deleted. */
  inodes?: string[];
  /** Pids the runs started (and their sampled descendants): none may be alive. */
  pids?: number[];
}

/**
 * Everything the runs of `scope` could leave: processes, namespaces, mounts, temp dirs. Scoped
 * by owner pid, so that runs of other test files (or other users of the machine) never count.
 */
export function leftovers(scope: Scope = { owners: [process.pid] }): string[] {
  const out: string[] = [];
  const mine = (name: string): boolean => scope.owners.some((p) => name.startsWith(`wil-${p}-`));
  try {
    for (const n of readdirSync('/run/netns')) if (mine(n)) out.push(`netns ${n}`);
  } catch {
    /* no /run/netns */
  }
  for (const n of readdirSync(tmpdir())) if (mine(n) && !existsSync(join(tmpdir(), n, '.keep'))) out.push(`dir ${n}`);
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  for (const p of scope.owners) if (mounts.includes(`/wil-${p}-`)) out.push(`mount of a run dir of ${p}`);
  const inodes = new Set(scope.inodes ?? []);
  // a deleted namespace's inode can be given to a namespace made since by another run (another test file):
  // a process in a namespace that now belongs to someone else is not this scope's leftover
  try {
    for (const n of readdirSync('/run/netns'))
      if (!mine(n)) {
        try {
          inodes.delete(`net:[${statSync(`/run/netns/${n}`).ino}]`);
        } catch {
          /* gone */
        }
      }
  } catch {
    /* no /run/netns */
  }
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (scope.owners.some((o) => cmd.includes(`/tmp/wil-${o}-`) || cmd.includes(`/run/netns/wil-${o}-`)))
        out.push(`process ${p}: ${cmd.slice(0, 120)}`);
      else if (inodes.size && inodes.has(readlinkSafe(`/proc/${p}/ns/net`) ?? ''))
        out.push(`process ${p} in a run namespace: ${cmd.slice(0, 80)}`);
      else if (scope.pids?.includes(Number(p))) out.push(`process ${p} started by a run: ${cmd.slice(0, 80)}`);
    } catch {
      /* gone */
    }
  }
  return out;
}

/** `net:[inode]` of the namespaces of an owner's runs that exist now. */
export function runInodes(owner: number): string[] {
  const out: string[] = [];
  try {
    for (const n of readdirSync('/run/netns'))
      if (n.startsWith(`wil-${owner}-`)) out.push(`net:[${statSync(`/run/netns/${n}`).ino}]`);
  } catch {
    /* none */
  }
  return out;
}

function readlinkSafe(p: string): string | undefined {
  try {
    return require('node:fs').readlinkSync(p) as string;
  } catch {
    return undefined;
  }
}

export function ipNetnsList(): string {
  try {
    return execFileSync('ip', ['netns', 'list']).toString();
  } catch {
    return '';
  }
}

/** The argv that runs a TypeScript file (ts-node) as nobody (uid 65534, no groups, HOME=/tmp): an unprivileged caller. */
export function asNobodyTs(file: string, ...args: string[]): string[] {
  return [
    'setpriv',
    '--reuid=65534',
    '--regid=65534',
    '--clear-groups',
    'env',
    'HOME=/tmp',
    process.execPath,
    '-r',
    'ts-node/register/transpile-only',
    file,
    ...args,
  ];
}

/** The static/live pairs that disagree, one line each with what the probe saw ('' when every pair agrees). */
export function describeDisagreements(
  rows: ReadonlyArray<{ staticId: string; liveId: string; staticStatus: string; liveStatus: string; agree: boolean }>,
  checks: CheckResult[],
): string {
  return rows
    .filter((r) => !r.agree)
    .map(
      (r) =>
        `${r.staticId}=${r.staticStatus} vs ${r.liveId}=${r.liveStatus}: ${checks
          .find((c) => c.id === r.liveId)
          ?.findings.map((f) => `${f.message}${f.hint ? ` [${f.hint}]` : ''}`)
          .join('; ')}`,
    )
    .join('\n');
}
