/**
 * The check catalogue: a static, explicit registry (no readdir, no import side effects), so the
 * site and a browser bundle can import it. Static checks first, then live probes: lab 1's and the
 * shared ones (./base.ts), then each later lab's pack (./packs/). A browser bundle swaps this module
 * for ./index.browser.ts, which loads a lab's pack only when it checks that lab (same exports).
 */
import type { CheckDefinition } from './types';
import type { StaticCheck } from './context';
import { liveChecks } from './live';
import { baseStatic } from './base';
import * as securedMonitored from './packs/secured-monitored';
import * as noSpof from './packs/no-spof';
import { catalogue, findIn, missingFor, registerIn } from './catalogue';

const packs = [securedMonitored, noSpof];

/** The catalogue: the built-in checks, then those labs' plug-ins register (one per process: registry.ts). */
const registry = catalogue(() => ({
  statics: [...baseStatic, ...packs.flatMap((p) => p.packStatic)],
  live: [...liveChecks, ...packs.flatMap((p) => p.packChecks.filter((c) => c.meta.kind === 'live'))],
}));
export const staticChecks: StaticCheck[] = registry.staticChecks;
export const checks: CheckDefinition[] = registry.checks;

export function findCheck(id: string): CheckDefinition | undefined {
  return findIn(registry, id);
}

/**
 * Adds a lab's own checks (static ones with `run`, probes' metadata with `kind: 'live'`) to the
 * catalogue: called by a lab's plug-in module (labs/node/plugins.ts), never as an import side effect.
 * An id already taken by another definition is an error.
 */
export function registerChecks(defs: ReadonlyArray<CheckDefinition>): void {
  registerIn(registry, defs);
}

/** Makes sure the catalogue has what a lab lists: here every pack is in already, so it only reports what is not. */
export async function loadChecksFor(lab: { id?: string; checks?: ReadonlyArray<{ id: string }> }): Promise<string[]> {
  return missingFor(registry, lab);
}
