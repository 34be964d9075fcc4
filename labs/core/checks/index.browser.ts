/**
 * The check catalogue of a browser bundle (the playground's worker: the client build swaps ./index.ts for this
 * module, docusaurus.config.ts). Same exports; it starts with lab 1's and the shared checks (./base.ts) and loads
 * a later lab's pack (./packs/) only when a page checks that lab, so the playground's JavaScript carries the
 * checks of the lab in front of the reader, not every lab's.
 */
import type { CheckDefinition } from './types';
import type { StaticCheck } from './context';
import { liveChecks } from './live';
import { baseStatic } from './base';
import { catalogue, findIn, missingFor, registerIn } from './catalogue';

type Pack = { packChecks: CheckDefinition[] };
/**
 * Each lab's pack, by lab id (a chunk each). The specifiers are literals to the bundler (which resolves `.ts`);
 * `as string` only keeps TypeScript's Node resolution, which wants `.js`, out of a browser-only module.
 */
const PACKS: Record<string, () => Promise<Pack>> = {
  'secured-monitored': () => import('./packs/secured-monitored' as string) as Promise<Pack>,
  'no-spof': () => import('./packs/no-spof' as string) as Promise<Pack>,
};

const registry = catalogue(() => ({ statics: [...baseStatic], live: [...liveChecks] }));
export const staticChecks: StaticCheck[] = registry.staticChecks;
export const checks: CheckDefinition[] = registry.checks;

export function findCheck(id: string): CheckDefinition | undefined {
  return findIn(registry, id);
}

export function registerChecks(defs: ReadonlyArray<CheckDefinition>): void {
  registerIn(registry, defs);
}

/**
 * Loads what a lab lists and the catalogue lacks: the lab's own pack, then (a lab that borrows another's checks)
 * every pack. Resolves to the ids still unknown after that (none for a bundled lab).
 */
export async function loadChecksFor(lab: { id?: string; checks?: ReadonlyArray<{ id: string }> }): Promise<string[]> {
  if (!missingFor(registry, lab).length) return [];
  const own = lab.id ? PACKS[lab.id] : undefined;
  if (own) registerIn(registry, (await own()).packChecks);
  if (missingFor(registry, lab).length)
    for (const load of Object.values(PACKS)) registerIn(registry, (await load()).packChecks);
  return missingFor(registry, lab);
}
