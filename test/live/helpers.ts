import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSubmission } from '../../labs/node/fs';
import { loadLab } from '../../labs/node/specs';

export const TOOLS = ['haproxy', 'nginx', 'mariadbd', 'mariadb', 'mariadb-install-db', 'curl', 'openssl', 'ip', 'nsenter', 'unshare', 'setpriv'];

/** Why live tests cannot run here (missing tool, not root), or undefined when they can. */
export function liveUnavailable(): string | undefined {
  const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore', env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' } }).status !== 0);
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

/** Everything a run could leave: processes started from a run dir, namespaces, mounts, temp dirs. */
export function leftovers(): string[] {
  const out: string[] = [];
  try {
    for (const n of readdirSync('/run/netns')) if (/^wil-\d+-/.test(n)) out.push(`netns ${n}`);
  } catch {
    /* no /run/netns */
  }
  for (const n of readdirSync(tmpdir())) if (/^wil-\d+-/.test(n) && !existsSync(join(tmpdir(), n, '.keep'))) out.push(`dir ${n}`);
  if (readFileSync('/proc/self/mountinfo', 'utf8').includes('/wil-')) out.push('mount of a run dir');
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      if (/\/tmp\/wil-\d+-|\/run\/netns\/wil-|\/run\/wil\/harness\.cfg|\/opt\/app\/server\.js/.test(cmd)) out.push(`process ${p}: ${cmd.slice(0, 120)}`);
      else {
        // servers in a run's namespace: their netns is not the host's
        const ns = readlinkSafe(`/proc/${p}/ns/net`);
        if (ns && ns !== readlinkSafe('/proc/self/ns/net') && /^(nginx|haproxy|mariadbd|node)/.test(cmd) && runNetnsInodes().has(ns)) out.push(`process ${p} in a run namespace: ${cmd.slice(0, 80)}`);
      }
    } catch {
      /* gone */
    }
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

function runNetnsInodes(): Set<string> {
  const s = new Set<string>();
  try {
    for (const n of readdirSync('/run/netns')) if (/^wil-\d+-/.test(n)) s.add(`net:[${require('node:fs').statSync(`/run/netns/${n}`).ino}]`);
  } catch {
    /* none */
  }
  return s;
}

export function ipNetnsList(): string {
  try {
    return execFileSync('ip', ['netns', 'list']).toString();
  } catch {
    return '';
  }
}
