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
import { NO_SPOF_PROBES } from '../labs/node/live/no-spof';
import { SECURED_PROBES } from '../labs/node/live/secured';
import { loadLab } from '../labs/node/specs';

const RUNS = Number(process.env.LIVE_BENCH_RUNS ?? 5);

function has(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], {
      stdio: 'ignore',
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    });
    return true;
  } catch {
    return false;
  }
}

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
  const wanted = (process.env.LIVE_BENCH_LABS ?? '').split(',').filter(Boolean);
  if (!wanted.length || wanted.includes('distributed-web')) await labOne();
  await groupCycles();
}

/** Lab 1: the whole cycle (its six probes), median of LIVE_BENCH_RUNS, and its servers' memory. */
async function labOne(): Promise<void> {
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

/**
 * Labs 2 and 3: the whole cycle of each lab's probe group on its reference (`check-lab --live` runs the same
 * group), median of LIVE_BENCH_GROUP_RUNS (3), and the memory of everything the sandbox ran (sampled).
 * Targets: lab 2 under 10 s and 400 MB (issue 14); lab 3 under 15 s with one failover and recovery (issue 15).
 */
async function groupCycles(): Promise<void> {
  const runs = Number(process.env.LIVE_BENCH_GROUP_RUNS ?? 3);
  const labs = [
    { id: 'secured-monitored', probes: SECURED_PROBES, tools: ['ufw', 'nft', 'openssl'], targetS: 10 },
    { id: 'no-spof', probes: NO_SPOF_PROBES, tools: ['keepalived'], targetS: 15 },
  ];
  const wanted = (process.env.LIVE_BENCH_LABS ?? '').split(',').filter(Boolean);
  for (const l of labs) {
    if (wanted.length && !wanted.includes(l.id)) continue;
    const missing = l.tools.find((t) => !has(t));
    if (missing) {
      console.log(`live ${l.id}: skipped (${missing} is not installed)`);
      continue;
    }
    const dir = join(__dirname, '..', 'labs', 'specs', l.id, 'solution');
    const { tree } = await loadSubmission(dir);
    const lab = loadLab(l.id);
    const only = new Set(l.probes);
    const times: number[] = [];
    const peaks: number[] = [];
    const concurrent: number[] = [];
    const steps: Record<string, number[]> = {};
    const moved: Record<string, number[]> = {};
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await runLive({ dir, tree, lab, only });
      times.push(performance.now() - t0);
      const bad = r.checks.filter((c) => only.has(c.id) && c.status !== 'pass');
      if (bad.length) throw new Error(`${l.id} run ${i}: ${bad.map((c) => `${c.id}=${c.status}`).join(', ')}`);
      peaks.push(r.debug.peakRssKb);
      concurrent.push(r.debug.peakConcurrentKb);
      for (const [k, v] of Object.entries(r.debug.timings)) (steps[k] ??= []).push(v);
      for (const id of ['live/failover', 'live/link-failover', 'live/recovery']) {
        const f = r.checks.find((c) => c.id === id)?.findings[0];
        if (f?.data?.ms !== undefined) (moved[id] ??= []).push(Number(f.data.ms));
      }
    }
    const med = median(times) / 1000;
    const mb = median(peaks) / 1024;
    console.log(
      `live ${l.id} cycle (up, ${l.probes.length} probes, down) on the reference: median ${med.toFixed(2)} s over ${runs} runs (min ${(Math.min(...times) / 1000).toFixed(2)}, max ${(Math.max(...times) / 1000).toFixed(2)}); target < ${l.targetS} s: ${med < l.targetS ? 'met' : 'NOT met'}`,
    );
    console.log(
      `live ${l.id} memory peak (sum of VmHWM of every process the sandbox ran): median ${mb.toFixed(0)} MB; highest sum of RSS at one moment ${(median(concurrent) / 1024).toFixed(0)} MB; target < 400 MB: ${mb < 400 ? 'met' : 'NOT met'}`,
    );
    if (Object.keys(moved).length)
      console.log(
        `live ${l.id} VIP moves (median ms): ${Object.entries(moved)
          .map(([k, v]) => `${k.slice(5)} ${median(v)}`)
          .join(', ')}`,
      );
    console.log(
      `live ${l.id} steps (median ms): ${Object.entries(steps)
        .map(([k, v]) => `${k} ${median(v)}`)
        .join(', ')}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
