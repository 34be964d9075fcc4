/** Submissions and the lab for lab 3's live tests (test/live/no-spof*.test.ts). */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab, loadVariant } from '../../labs/node/specs';
import { skipReason as liveSkip } from './helpers';

export const SPEC = join(__dirname, '..', '..', 'labs', 'specs', 'no-spof');
export const NS_SOLUTION = join(SPEC, 'solution');
export const FIXTURES = join(__dirname, '..', 'fixtures', 'no-spof');

function readFolder(root: string, out: Map<string, Uint8Array>, rel = ''): void {
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) readFolder(root, out, r);
    else if (e.isFile()) out.set(r, readFileSync(join(root, r)));
  }
}

/** The reference solution, a broken variant of the lab (`broken/<name>`), or a fixture overlay on the solution. */
export function submission(name: 'solution' | `broken/${string}` | `fixture/${string}`) {
  const lab = loadLab('no-spof');
  if (name.startsWith('broken/')) {
    const v = loadVariant('no-spof', name.slice('broken/'.length));
    return { dir: v.dir, tree: v.tree, lab };
  }
  const files = new Map<string, Uint8Array>();
  readFolder(NS_SOLUTION, files);
  if (name.startsWith('fixture/')) readFolder(join(FIXTURES, name.slice('fixture/'.length)), files);
  return { dir: NS_SOLUTION, tree: new MemoryTree(files), lab };
}

const kaMissing = spawnSync('sh', ['-c', 'command -v keepalived'], { stdio: 'ignore' }).status !== 0;
/** In CI a missing keepalived is a failure, never a skip. */
if (kaMissing && !liveSkip && process.env.CI === 'true')
  throw new Error('live keepalived tests cannot run in CI: keepalived is not installed');
export const kaSkipReason = liveSkip || (kaMissing ? 'live keepalived tests skipped: keepalived is not installed' : '');
