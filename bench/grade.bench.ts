/**
 * Static grading of 250, 500 and 1,000 generated submissions (the reference solution and every broken
 * variant, each copied to its own learner folder with small perturbations that change no verdict),
 * whole process (the compiled CLI), --jobs = available cores. Target: 1,000 under 15 s on 2 cores,
 * time growing linearly with the count.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { listVariants, loadVariant } from '../labs/node/specs';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'labs', 'cli', 'web-infra-lab.js');
const spec = join(root, 'labs', 'specs', 'distributed-web');
const jobs = availableParallelism();

/** CPU seconds used by waited-for children so far (Linux /proc; undefined elsewhere). */
function childCpu(): number | undefined {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 (cutime, cstime) are at 13 and 14 after the ')'-terminated comm field.
    return (Number(rest[13]) + Number(rest[14])) / 100;
  } catch {
    return undefined;
  }
}

type Files = Map<string, Uint8Array>;

function readTree(dir: string, rel = '', out: Files = new Map()): Files {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    const r = rel ? `${rel}/${n}` : n;
    if (statSync(p).isDirectory()) readTree(p, r, out);
    else out.set(r, readFileSync(p));
  }
  return out;
}

/** The reference solution and every broken variant, materialised (a variant is an overlay on its base). */
function variants(): Files[] {
  const out: Files[] = [readTree(join(spec, 'solution'))];
  for (const name of listVariants('distributed-web')) {
    const v = loadVariant('distributed-web', name);
    out.push(new Map(v.tree.list().map((p) => [p, v.tree.read(p) as Uint8Array])));
  }
  return out;
}

function generate(n: number, into: string, vs: Files[]): void {
  for (let i = 0; i < n; i++) {
    const d = join(into, `learner-${String(i).padStart(4, '0')}`);
    for (const [rel, bytes] of vs[i % vs.length]) {
      mkdirSync(join(d, rel, '..'), { recursive: true });
      // A small perturbation that changes no verdict: a comment line naming the learner in the
      // HAProxy and MySQL files (after the first line, so a script's shebang stays first).
      let out: Uint8Array | string = bytes;
      if (/haproxy\.cfg$|\.cnf$/.test(rel)) {
        const t = Buffer.from(bytes).toString('utf8');
        const nl = t.indexOf('\n');
        out = nl < 0 ? t : `${t.slice(0, nl + 1)}# submitted by learner ${i}\n${t.slice(nl + 1)}`;
      }
      writeFileSync(join(d, rel), out);
    }
  }
}

if (!existsSync(cli)) {
  console.log(`grade: the compiled CLI is missing (${cli}); run npm run build:cli`);
  process.exitCode = 1;
} else {
  const work = mkdtempSync(join(tmpdir(), 'grade-bench-'));
  try {
    const vs = variants();
    console.log(
      `grade: static grading, whole process, --jobs ${jobs}, ${vs.length} variants (solution + broken); load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} (wall times include other load)`,
    );
    const rows: Array<{ n: number; s: number }> = [];
    for (const n of [250, 500, 1000]) {
      const cls = join(work, `class-${n}`);
      generate(n, cls, vs);
      const out = join(work, `out-${n}`);
      const c0 = childCpu();
      const t0 = process.hrtime.bigint();
      const r = spawnSync(
        process.execPath,
        [cli, 'grade', '--lab', 'distributed-web', cls, '--out', out, '--jobs', String(jobs), '--quiet'],
        { encoding: 'utf8' },
      );
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      const c1 = childCpu();
      const cpu = c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined;
      const lines = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split(/\r?\n/).length - 1;
      if (r.status !== 0 && r.status !== 1) throw new Error(`grade exited ${r.status}: ${r.stderr}`);
      if (lines !== n) throw new Error(`gradebook has ${lines} rows for ${n} submissions`);
      const errors = (readFileSync(join(out, 'gradebook.csv'), 'utf8').match(/,error,/g) ?? []).length;
      rows.push({ n, s });
      console.log(
        `grade ${String(n).padStart(5)} submissions: ${s.toFixed(2)} s wall  (${((s * 1000) / n).toFixed(1)} ms/submission)` +
          `${cpu !== undefined ? `, ${cpu.toFixed(2)} s CPU (${((cpu * 1000) / n).toFixed(1)} ms/submission; CPU/${jobs} cores = ${(cpu / jobs).toFixed(2)} s, the wall time's floor on an idle machine)` : ''}${errors ? `, ${errors} error rows` : ''}`,
      );
      rmSync(cls, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
    const per = rows.map((r) => (r.s * 1000) / r.n);
    console.log(
      `grade linearity: ms/submission at 250/500/1000 = ${per.map((x) => x.toFixed(1)).join(' / ')} (1000 vs 250 time ratio ${(rows[2].s / rows[0].s).toFixed(2)}, linear = 4)`,
    );
    console.log(
      `grade target: 1,000 submissions under 15 s: ${rows[2].s < 15 ? 'met' : 'NOT met'} (${rows[2].s.toFixed(2)} s)`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
