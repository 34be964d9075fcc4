/**
 * Live mode on the reference solution: the whole cycle (namespaces, servers up, every probe,
 * teardown), median of 5, and the memory peak (sum of VmHWM of every process started, sampled).
 * Target (issue 5): no slower than the bash prototype (~8.7 s, ~300 MB), faster by probing in parallel.
 * Needs root, haproxy, nginx, mariadb: prints why and exits 0 when they are missing (not in CI).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadSubmission } from '../labs/node/fs';
import { runLive } from '../labs/node/live';
import { loadLab } from '../labs/node/specs';

const RUNS = Number(process.env.LIVE_BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  for (const t of ['haproxy', 'nginx', 'mariadbd', 'curl', 'ip']) {
    try {
      execFileSync('sh', ['-c', `command -v ${t}`], {
        stdio: 'ignore',
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
      });
    } catch {
      console.log(`live: skipped (${t} is not installed)`);
      return;
    }
  }
  if (process.getuid?.() !== 0) {
    console.log('live: skipped (needs root for network namespaces)');
    return;
  }
  const dir = join(__dirname, '..', 'labs', 'specs', 'distributed-web', 'solution');
  const { tree } = await loadSubmission(dir);
  const lab = loadLab('distributed-web');
  // warm-up: builds the cached template datadir once (mariadb-install-db), as a first run on a machine does
  const w0 = Date.now();
  await runLive({ dir, tree, lab });
  console.log(`live: warm-up run (template datadir cached) ${Date.now() - w0} ms`);
  const times: number[] = [];
  const peaks: number[] = [];
  const concurrent: number[] = [];
  let perServer: Record<string, number> = {};
  const steps: Record<string, number[]> = {};
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await runLive({ dir, tree, lab });
    const ms = performance.now() - t0;
    const bad = r.checks.filter((c) => c.status !== 'pass');
    if (bad.length) throw new Error(`run ${i}: ${bad.map((c) => `${c.id}=${c.status}`).join(', ')}`);
    times.push(ms);
    peaks.push(r.debug.peakRssKb);
    concurrent.push(r.debug.peakConcurrentKb);
    perServer = r.debug.perServerKb;
    for (const [k, v] of Object.entries(r.debug.timings)) (steps[k] ??= []).push(v);
  }
  const med = median(times);
  const peak = median(peaks) / 1024;
  console.log(
    `live cycle (up, 6 probes, down) on the reference solution: median ${(med / 1000).toFixed(2)} s over ${RUNS} runs (min ${(Math.min(...times) / 1000).toFixed(2)}, max ${(Math.max(...times) / 1000).toFixed(2)}); target <= 8.7 s (bash prototype)`,
  );
  console.log(
    `live memory peak (sum of VmHWM of every server process and its workers): median ${peak.toFixed(0)} MB (max ${(Math.max(...peaks) / 1024).toFixed(0)} MB); prototype ~300 MB`,
  );
  console.log(
    `live memory, highest sum of RSS of everything alive at one moment (servers + probe clients): median ${(median(concurrent) / 1024).toFixed(0)} MB`,
  );
  console.log(
    `live memory per server (VmHWM, last run): ${Object.entries(perServer)
      .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} MB`)
      .join(', ')}`,
  );
  console.log(
    `live steps (median ms): ${Object.entries(steps)
      .map(([k, v]) => `${k} ${median(v)}`)
      .join(', ')}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
