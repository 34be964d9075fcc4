import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';

/**
 * The project's root folder, found from this module's location, so the same code works from
 * TypeScript sources (labs/node) and from the compiled CLI (dist/labs/node). Data that is not
 * compiled (lab specs, reference solutions, stock files) is read from here.
 */
export const projectRoot: string = (() => {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'web-infra-lab') return dir;
      } catch {
        /* keep looking */
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`web-infra-lab: cannot find the project root above ${__dirname}`);
    dir = up;
  }
})();

export const specsDir = join(projectRoot, 'labs', 'specs');

/**
 * The folders lab specs are looked up in: labs/specs, then each folder of WEB_INFRA_LAB_SPECS (a
 * path list, like PATH), so a course can keep its own labs outside this repository.
 */
export function specDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.WEB_INFRA_LAB_SPECS ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((d) => resolve(d));
  return [specsDir, ...extra.filter((d) => d !== specsDir)];
}

/** The folder of lab `id` (the one holding its spec.yaml), first found in specDirs(), or undefined. */
export function labFolder(id: string, dirs: string[] = specDirs()): string | undefined {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) return undefined;
  for (const d of dirs) if (existsSync(join(d, id, 'spec.yaml'))) return join(d, id);
  return undefined;
}

/** Ids of every lab found in specDirs(), sorted (the first folder wins for a repeated id). */
export function allLabIds(dirs: string[] = specDirs()): string[] {
  const ids = new Set<string>();
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory() && existsSync(join(d, e.name, 'spec.yaml'))) ids.add(e.name);
  }
  return [...ids].sort();
}
