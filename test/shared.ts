/**
 * The ../shared folder beside the project (the field corpus, the conformance corpus). A plain clone has
 * none: tests that need it skip with the reason, and fail when CI=true (CI always has it).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const sharedDir = resolve(__dirname, '../../shared');

/** The absolute path of `sub` under ../shared, and why a test cannot run when it is absent. */
export function shared(sub: string): { path: string; missing: string | undefined } {
  const path = join(sharedDir, sub);
  const missing = existsSync(path)
    ? undefined
    : `../shared/${sub} is not beside this clone (tests that read it are skipped)`;
  if (missing && process.env.CI === 'true') throw new Error(`CI needs ${missing.replace(/ \(.*\)$/, '')}`);
  return { path, missing };
}
