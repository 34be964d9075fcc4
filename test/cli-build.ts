/**
 * The spawned-bin tests run what users run: dist/labs/cli/web-infra-lab.js and the bundle it loads
 * (dist/labs/node/cli.bundle.js). `npm test` builds both first (pretest: npm run build:cli); a test
 * file run on its own rebuilds them here when they are missing or older than a source under labs/.
 * Test files run in parallel: the build is serialised with flock(1) and re-checked under the lock.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');
export const BIN = join(ROOT, 'dist', 'labs', 'cli', 'web-infra-lab.js');
const BUNDLE = join(ROOT, 'dist', 'labs', 'node', 'cli.bundle.js');

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

export function cliIsFresh(): boolean {
  return existsSync(BIN) && existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= newestSource(join(ROOT, 'labs'));
}

/** Builds the CLI (tsc, then the bundle) unless it is fresh; throws with the build's output if that fails. */
export function ensureCliBuilt(): string {
  if (cliIsFresh()) return BIN;
  const script = `node ${JSON.stringify(join(ROOT, 'node_modules/typescript/bin/tsc'))} -p tsconfig.build.json; node scripts/bundle-cli.js`;
  const r = spawnSync('flock', [join(tmpdir(), 'web-infra-lab-build.lock'), 'sh', '-c', script], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
  // tsc still emits when another file has a type error: the bin is usable when the bundle is fresh.
  if (!cliIsFresh()) throw new Error(`building the CLI failed:\n${r.stdout}${r.stderr}`);
  return BIN;
}
