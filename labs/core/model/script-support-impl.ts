/**
 * What the model needs to read a provisioning script: the shell interpreter that reconstructs what it writes,
 * and the files Debian 12's packages install (what a script that only installs a service leaves running).
 * A quarter of the checker's code: ./script-support.ts carries it for the CLI; a browser loads it on demand
 * (./script-support.browser.ts).
 */
import { reconstructScript } from '../parsers/shell/reconstruct';
import { DEBIAN12_STOCK } from '../parsers/shell/stock/debian12.generated';

export const scriptSupport = { reconstructScript, stock: DEBIAN12_STOCK };
