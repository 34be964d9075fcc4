/**
 * The model's way to a provisioning script's reconstruction (./script-support-impl.ts), present from the start.
 * A browser bundle swaps this module for ./script-support.browser.ts (same exports), which loads the interpreter
 * only when an answer holds a script.
 */
import type { ShellReconstruction } from '../parsers/shell/ast';
import type { StockFile } from '../parsers/shell/stock/types';
import { scriptSupport } from './script-support-impl';

export function scriptOf(file: string, text: string): ShellReconstruction {
  return scriptSupport.reconstructScript(file, text);
}

/** The file a Debian 12 package installs at `path`, if it is one the model knows. */
export function stockConfig(path: string): StockFile | undefined {
  return scriptSupport.stock[path];
}

/** Whether a model was built without the script support it needed (never here: it is always in). */
export function scriptSupportWanted(): boolean {
  return false;
}

/** Loads the script support (here it is in already). */
export async function loadScriptSupport(): Promise<void> {}
