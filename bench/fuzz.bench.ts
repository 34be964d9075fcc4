// `npm run bench -- fuzz`: mutation fuzzing of every parser (bench/fuzz.ts), outside CI's time budget.
// FUZZ_COUNT mutated inputs (default 100,000) from FUZZ_SEED (default: the time), each through the HAProxy,
// Nginx, my.cnf, SQL parsers and the shell reconstruction in-process, then FUZZ_CHECKS of them (default 2,000)
// through the whole static check (buildModel + every check), as `check --no-real-tools` runs them.
// Skipped by a plain `npm run bench` (it takes minutes): only when asked for by name.
import { fuzz, mutate, rng, seeds } from './fuzz';
import { reconstructScript } from '../labs/core/parsers/shell';
import { MemoryTree } from '../labs/core/vfs';
import { buildModel } from '../labs/core/model/build';
import { checkSubmission } from '../labs/core/engine';
import { loadLab } from '../labs/node/specs';

if (!(process.env.WEB_INFRA_LAB_BENCH_ONLY ?? '').split(',').includes('fuzz')) {
  console.log('fuzz: skipped (run `npm run bench -- fuzz`)');
} else {
  const count = Number(process.env.FUZZ_COUNT ?? 100_000);
  const checks = Number(process.env.FUZZ_CHECKS ?? 2_000);
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
  const t0 = Date.now();
  const r = fuzz(count, seed, 1000, { shell: (t) => reconstructScript('fuzz.sh', t) });
  console.log(
    `fuzz: ${count} inputs from seed ${seed}, ${r.runs} parser runs in ${((Date.now() - t0) / 1000).toFixed(1)} s; slowest ${r.slowestMs.toFixed(0)} ms; ${r.findings.length} finding(s)`,
  );
  for (const f of r.findings.slice(0, 20)) console.log(`  seed ${f.seed} ${f.parser}: ${f.what}`);
  const lab = loadLab('distributed-web');
  const base = seeds();
  const places = [
    'lb-01/haproxy.cfg',
    'web-01/default',
    'db-primary/50-server.cnf',
    'db-primary/setup.sql',
    'lb-01/setup.sh',
  ];
  let bad = 0;
  let slowest = 0;
  for (let i = 0; i < checks; i++) {
    const g = rng(seed + count + i);
    const files: Record<string, string> = {};
    for (const p of places) if (g() < 0.5) files[p] = mutate(base[Math.floor(g() * base.length)], g);
    const t = process.hrtime.bigint();
    try {
      const tree = new MemoryTree(files);
      checkSubmission({ tree, submission: 'fuzz', lab, model: buildModel(tree, lab) });
    } catch (err) {
      bad++;
      if (bad <= 10)
        console.log(`  check seed ${seed + count + i}: threw ${String((err as Error)?.message ?? err).slice(0, 160)}`);
    }
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    slowest = Math.max(slowest, ms);
    if (ms > 1000) {
      bad++;
      console.log(`  check seed ${seed + count + i}: took ${ms.toFixed(0)} ms`);
    }
  }
  console.log(
    `fuzz: ${checks} mutated submissions through every static check; slowest ${slowest.toFixed(0)} ms; ${bad} finding(s)`,
  );
  if (r.findings.length || bad) process.exitCode = 1;
}
