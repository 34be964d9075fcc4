/** Shell builtins that write nothing: `exit`, `set`, and the ones with no effect on files (`true`, `trap`, `sleep`...). */
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `exit` outside control flow stops the script (the commands after it are reported as unreachable). */
export function exit(it: Interp, c: Call): CommandResult {
  const { name, node } = c;
  if (!it.ctrl.length) {
    it.stopped = true;
    if (!it.frame.top) return { out: [], name };
    const after = it.frame.text.slice(node.end).trim();
    if (after)
      it.diag(
        'shell/unreachable',
        'info',
        'the script exits here; the commands after this line never run and are not reconstructed',
        c.span,
      );
  }
  return { out: [], name };
}

/** `set -u` / `set +u` (`-o nounset`): an unset variable then stops the script. */
export function set(it: Interp, c: Call): CommandResult {
  const { name, argv } = c;
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k];
    if (/^-[a-zA-Z]*u/.test(a) || (a === '-o' && argv[k + 1] === 'nounset')) it.nounset = true;
    if (/^\+[a-zA-Z]*u/.test(a) || (a === '+o' && argv[k + 1] === 'nounset')) it.nounset = false;
  }
  return { out: [], name };
}

/** `:`, `true`, `false`, `return`, `shopt`, `trap`, `sleep`, `test`... print nothing and write nothing. */
export function noop(it: Interp, c: Call): CommandResult {
  const { name } = c;
  return { out: [], name };
}
