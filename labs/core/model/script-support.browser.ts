/**
 * The model's way to a provisioning script's reconstruction in a browser bundle (the playground's worker: the
 * client build swaps ./script-support.ts for this module, docusaurus.config.ts). The shell interpreter loads
 * only when an answer holds a script: a model built before it is in marks it wanted (its scripts reconstructed
 * as writing nothing), and the caller loads it and builds again (src/playground/worker.ts).
 */
import type { ShellReconstruction } from '../parsers/shell/ast';
import type { StockFile } from '../parsers/shell/stock/types';

type Impl = (typeof import('./script-support-impl'))['scriptSupport'];
let impl: Impl | undefined;
let wanted = false;

export function scriptOf(file: string, text: string): ShellReconstruction {
  if (impl) return impl.reconstructScript(file, text);
  wanted = true;
  return {
    script: text,
    files: [],
    unexpanded: [],
    diagnostics: [],
    links: [],
    removed: [],
    packages: [],
    firewall: [],
    sql: [],
  };
}

export function stockConfig(path: string): StockFile | undefined {
  return impl?.stock[path];
}

/** Whether a model was built without the script support it needed: load it and build again. */
export function scriptSupportWanted(): boolean {
  return wanted && !impl;
}

/**
 * Loads the shell interpreter (its own chunk). The specifier is a literal to the bundler; `as string` only keeps
 * TypeScript's Node resolution, which wants `.js`, out of a browser-only module.
 */
export async function loadScriptSupport(): Promise<void> {
  impl ??= ((await import('./script-support-impl' as string)) as { scriptSupport: Impl }).scriptSupport;
}
