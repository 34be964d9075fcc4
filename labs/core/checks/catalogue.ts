/**
 * The check registry both catalogues fill (./index.ts: every check; ./index.browser.ts: lab 1's, and a lab's
 * pack when a page checks that lab): one per process (../registry.ts), static checks first, then live probes.
 */
import type { CheckDefinition } from './types';
import type { StaticCheck } from './context';
import { shared } from '../registry';

export interface Catalogue {
  staticChecks: StaticCheck[];
  checks: CheckDefinition[];
}

/** The process's catalogue, made from `initial` by the first module that asks. */
export function catalogue(initial: () => { statics: StaticCheck[]; live: CheckDefinition[] }): Catalogue {
  return shared('checks', () => {
    const { statics, live } = initial();
    return { staticChecks: [...statics], checks: [...(statics as unknown as CheckDefinition[]), ...live] };
  });
}

export function findIn(c: Catalogue, id: string): CheckDefinition | undefined {
  return c.checks.find((d) => d.meta.id === id);
}

/**
 * Adds checks (static ones with `run`, probes' metadata with `kind: 'live'`) to the catalogue: a lab's plug-in
 * module (labs/node/plugins.ts) or pack, never as an import side effect. An id already taken by another
 * definition is an error.
 */
export function registerIn(c: Catalogue, defs: ReadonlyArray<CheckDefinition>): void {
  for (const d of defs) {
    const have = findIn(c, d.meta.id);
    if (have === d) continue;
    if (have) throw new Error(`check '${d.meta.id}' is registered twice`);
    if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(d.meta.id)) throw new Error(`check id '${d.meta.id}' must be component/name`);
    c.checks.push(d);
    if (d.meta.kind === 'static' && typeof d.run === 'function') c.staticChecks.push(d as unknown as StaticCheck);
  }
}

/** The ids a lab's spec lists that the catalogue does not have yet. */
export function missingFor(c: Catalogue, lab: { checks?: ReadonlyArray<{ id: string }> }): string[] {
  return (lab.checks ?? []).map((x) => x.id).filter((id) => !findIn(c, id));
}

/** A lab's pack of checks, loaded on demand (./packs/). */
export type PackLoader = () => Promise<{ packChecks: CheckDefinition[] }>;

/**
 * A catalogue module's exports over the process's catalogue: `packs` are the packs it may still load, by lab id
 * (none when every pack is in from the start).
 */
export function catalogueApi(c: Catalogue, packs: Record<string, PackLoader>) {
  return {
    staticChecks: c.staticChecks,
    checks: c.checks,
    findCheck: (id: string): CheckDefinition | undefined => findIn(c, id),
    /**
     * Adds a lab's own checks (static ones with `run`, probes' metadata with `kind: 'live'`) to the catalogue:
     * called by a lab's plug-in module (labs/node/plugins.ts), never as an import side effect. An id already
     * taken by another definition is an error.
     */
    registerChecks: (defs: ReadonlyArray<CheckDefinition>): void => registerIn(c, defs),
    /**
     * Loads what a lab lists and the catalogue lacks: the lab's own pack, then (a lab that borrows another's
     * checks) every pack. Resolves to the ids still unknown after that (none for a bundled lab).
     */
    async loadChecksFor(lab: { id?: string; checks?: ReadonlyArray<{ id: string }> }): Promise<string[]> {
      if (!missingFor(c, lab).length) return [];
      const own = lab.id ? packs[lab.id] : undefined;
      if (own) registerIn(c, (await own()).packChecks);
      if (missingFor(c, lab).length) for (const load of Object.values(packs)) registerIn(c, (await load()).packChecks);
      return missingFor(c, lab);
    },
  };
}
