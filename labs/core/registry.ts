/**
 * One registry per process, whichever copy of a module asks: the CLI's bundle and the files it loads
 * on demand (the spec validator, live mode) each hold their own copy of the modules they share, so a
 * registry kept in a module variable would be split in two (a lab's plug-in registering its checks
 * into one copy, the engine reading the other). Registries live on `globalThis` under a
 * `Symbol.for` key instead; the first copy to ask creates it.
 */
export function shared<T>(name: string, init: () => T): T {
  const key = Symbol.for(`web-infra-lab/${name}`);
  const g = globalThis as unknown as Record<symbol, T | undefined>;
  return (g[key] ??= init());
}
