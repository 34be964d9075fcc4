/**
 * Measures what clients see during a failover, on lab 3's reference solution, for real: the live run
 * (root, network namespaces, the real keepalived and HAProxy) with a client requesting the VIP every 100 ms,
 * while the harness kills the master's HAProxy, brings it back and cuts the master's link. Writes the run's
 * timeline, relative to keepalived's start, to src/data/failover-timeline.json: the page
 * docs/issues/failover-timeline.mdx draws its chart from it when the site is built.
 *
 *   sudo npx ts-node --transpile-only scripts/measure-failover.ts   # (re)writes src/data/failover-timeline.json
 *
 * The file is committed: the site build needs no root and no keepalived. Re-measure when the live run or the
 * reference changes; the file records when, on what machine and with which versions it was measured.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryTree } from '../labs/core/vfs';
import { runLive } from '../labs/node/live';
import { NO_SPOF_PROBES } from '../labs/node/live/no-spof';
import { loadLab } from '../labs/node/specs';

const root = path.resolve(__dirname, '..');
export const OUT = path.join(root, 'src/data/failover-timeline.json');
const SOLUTION = path.join(root, 'labs/specs/no-spof/solution');

function readFolder(dir: string, out: Map<string, Uint8Array>, rel = ''): void {
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) readFolder(dir, out, r);
    else if (e.isFile()) out.set(r, readFileSync(path.join(dir, r)));
  }
}

function version(cmd: string, args: string[]): string {
  // keepalived -v prints on stderr, haproxy -v on stdout
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5000 });
  return (
    `${r.stdout ?? ''}\n${r.stderr ?? ''}`
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? 'unknown'
  );
}

async function main(): Promise<void> {
  const files = new Map<string, Uint8Array>();
  readFolder(SOLUTION, files);
  const load = os.loadavg()[0]!;
  const r = await runLive({
    dir: SOLUTION,
    tree: new MemoryTree(files),
    lab: loadLab('no-spof'),
    only: new Set(NO_SPOF_PROBES),
  });
  const tl = r.debug.timeline;
  const failed = r.checks.filter((c) => c.status !== 'pass');
  if (!tl || failed.length) {
    console.error(
      `the reference did not pass every probe, nothing written:\n${r.checks.map((c) => `${c.id} ${c.status}: ${c.findings.map((f) => f.message).join(' / ')}`).join('\n')}`,
    );
    process.exit(1);
  }
  const t0 = tl.events.find((e) => e.name === 'keepalived started')?.t ?? tl.requests[0]?.t ?? 0;
  const rel = (t: number): number => t - t0;
  const data = {
    measuredAt: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} cores, load ${load.toFixed(1)}`,
    versions: {
      keepalived: version('keepalived', ['-v']),
      haproxy: version('haproxy', ['-v']),
    },
    command: 'sudo npx ts-node --transpile-only scripts/measure-failover.ts',
    findings: Object.fromEntries(r.checks.map((c) => [c.id, c.findings.map((f) => f.message).join(' ')])),
    events: tl.events.map((e) => ({ ...e, t: rel(e.t) })),
    // [start ms, duration ms, HTTP status (0: no answer), web server that answered]
    requests: tl.requests.map((q) => [rel(q.t), q.ms, q.status, q.by]),
    // owner changes only: [ms, holders]
    owners: tl.owners
      .filter((o, i, a) => i === 0 || o.held.join() !== a[i - 1]!.held.join())
      .map((o) => [rel(o.t), o.held]),
  };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(data, null, 1)}\n`);
  console.log(
    `${path.relative(root, OUT)}: ${data.requests.length} requests, ${data.events.length} events, ${data.owners.length} owner changes`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
