/**
 * The check catalogue: a static, explicit registry (no readdir, no import side effects), so the
 * site and a browser bundle can import it. Static checks first, then live probes: lab 1's and the
 * shared ones (./base.ts), then each later lab's pack (./packs/). A browser bundle swaps this module
 * for ./index.browser.ts, which loads a lab's pack only when it checks that lab (same exports).
 */
import { liveChecks } from './live';
import { baseStatic } from './base';
import * as securedMonitored from './packs/secured-monitored';
import * as noSpof from './packs/no-spof';
import { catalogue, catalogueApi } from './catalogue';

const packs = [securedMonitored, noSpof];

/** The catalogue: the built-in checks, then those labs' plug-ins register (one per process: registry.ts). */
const registry = catalogue(() => ({
  statics: [...baseStatic, ...packs.flatMap((p) => p.packStatic)],
  live: [...liveChecks, ...packs.flatMap((p) => p.packChecks.filter((c) => c.meta.kind === 'live'))],
}));
// every pack is in already: nothing is left to load
export const { staticChecks, checks, findCheck, registerChecks, loadChecksFor } = catalogueApi(registry, {});
