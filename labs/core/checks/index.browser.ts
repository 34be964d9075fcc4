/**
 * The check catalogue of a browser bundle (the playground's worker: the client build swaps ./index.ts for this
 * module, docusaurus.config.ts). Same exports; it starts with lab 1's and the shared checks (./base.ts) and loads
 * a later lab's pack (./packs/) only when a page checks that lab, so the playground's JavaScript carries the
 * checks of the lab in front of the reader, not every lab's.
 */
import { liveChecks } from './live';
import { baseStatic } from './base';
import { catalogue, catalogueApi, type PackLoader } from './catalogue';

type Pack = Awaited<ReturnType<PackLoader>>;
/**
 * Each lab's pack, by lab id (a chunk each). The specifiers are literals to the bundler (which resolves `.ts`);
 * `as string` only keeps TypeScript's Node resolution, which wants `.js`, out of a browser-only module.
 */
const PACKS: Record<string, PackLoader> = {
  'secured-monitored': () => import('./packs/secured-monitored' as string) as Promise<Pack>,
  'no-spof': () => import('./packs/no-spof' as string) as Promise<Pack>,
};

const registry = catalogue(() => ({ statics: [...baseStatic], live: [...liveChecks] }));
export const { staticChecks, checks, findCheck, registerChecks, loadChecksFor } = catalogueApi(registry, PACKS);
