import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
