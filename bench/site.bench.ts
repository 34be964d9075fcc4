/**
 * Site figures: the cold `docusaurus build` time (no .docusaurus/, build/ or rspack cache), a warm rebuild,
 * and Lighthouse 12.2.3 (Debian Chromium) on the home page and one docs page of the built site, served
 * locally under the production base URL. Targets: cold build < 30 s; performance >= 95; accessibility 100.
 *
 *   npm run bench -- site        (or: node bench/run.js site)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, root, serveStatic } from '../test/site/helpers';

const BASE = '/web-infra-lab/';
// The home page, a plain docs page, and a chapter with Mermaid diagrams (mermaid renders in the browser).
const PAGES = ['', 'docs/getting-started', 'docs/design/overview'];

interface LhResult {
  performance: number;
  accessibility: number;
  failed: string[];
}

/** Runs a process without blocking the event loop (the static server answers Lighthouse from this process). */
function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ status: number | null; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      ok({ status, stderr });
    });
  });
}

async function lighthouse(url: string, preset: 'mobile' | 'desktop'): Promise<LhResult> {
  const dir = mkdtempSync(join(tmpdir(), 'wil-lh-'));
  const outFile = join(dir, 'report.json');
  const args = [
    join(root, 'node_modules/lighthouse/cli/index.js'),
    url,
    '--quiet',
    '--output=json',
    `--output-path=${outFile}`,
    '--only-categories=performance,accessibility',
    `--chrome-flags=${CHROMIUM_ARGS.join(' ')}`,
  ];
  if (preset === 'desktop') args.push('--preset=desktop');
  const r = await run(args, { ...process.env, CHROME_PATH: CHROMIUM_PATH }, 180_000);
  try {
    if (r.status !== 0) throw new Error(`lighthouse exited ${r.status}: ${(r.stderr || '').slice(-800)}`);
    const report = JSON.parse(readFileSync(outFile, 'utf8')) as {
      categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
      audits: Record<string, { score: number | null; scoreDisplayMode: string; title: string }>;
    };
    const failed: string[] = [];
    for (const cat of ['accessibility', 'performance']) {
      for (const ref of report.categories[cat]!.auditRefs) {
        const a = report.audits[ref.id];
        if (a && ref.weight > 0 && a.score !== null && a.score < (cat === 'accessibility' ? 1 : 0.9) && a.scoreDisplayMode !== 'notApplicable') {
          failed.push(`${cat}: ${a.title} (${Math.round(a.score * 100)})`);
        }
      }
    }
    return {
      performance: Math.round((report.categories.performance!.score ?? 0) * 100),
      accessibility: Math.round((report.categories.accessibility!.score ?? 0) * 100),
      failed,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const p of ['.docusaurus', 'build', 'node_modules/.cache/rspack']) rmSync(join(root, p), { recursive: true, force: true });
  const cold = await buildSite(join(root, 'build'));
  if (cold.code !== 0) {
    console.log(cold.output.slice(-3000));
    throw new Error(`docusaurus build failed (exit ${cold.code})`);
  }
  console.log(`site: cold docusaurus build ${(cold.ms / 1000).toFixed(1)} s (target < 30 s) ${cold.ms < 30_000 ? 'OK' : 'OVER'} [load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores]`);
  const warm = await buildSite(join(root, 'build'));
  console.log(`site: warm docusaurus build (rspack cache) ${(warm.ms / 1000).toFixed(1)} s`);

  if (!chromiumAvailable()) {
    console.log(`site: Lighthouse skipped: no Chromium at ${CHROMIUM_PATH}`);
    return;
  }
  const site = await serveStatic(join(root, 'build'), BASE);
  try {
    for (const page of PAGES) {
      for (const preset of ['mobile', 'desktop'] as const) {
        const r = await lighthouse(site.origin + page, preset);
        const ok = r.performance >= 95 && r.accessibility === 100;
        console.log(
          `site: lighthouse ${preset.padEnd(7)} ${(BASE + page).padEnd(36)} performance ${r.performance} accessibility ${r.accessibility} (targets 95 / 100) ${ok ? 'OK' : 'BELOW'} [load average ${loadavg()[0]!.toFixed(1)}]`,
        );
        for (const f of r.failed) console.log(`      ${f}`);
      }
    }
  } finally {
    await site.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
