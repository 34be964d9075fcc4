/** `eval`, `source`, `.`: commands only known at run time. */
import type { Call, CommandResult, Interp } from '../interp/walk';

/** After `eval` or `source`, a variable the script never set may have been set there. */
export function evalSource(it: Interp, c: Call): CommandResult {
  const { name, node } = c;
  if (!it.opaque)
    it.opaque = { what: name === 'eval' ? '`eval`' : `the file sourced by \`${name}\``, line: it.line(node.off) };
  it.diag(
    'shell/cannot-reconstruct',
    'warning',
    `\`${name}\` runs commands that are only known at run time; anything they write is not reconstructed`,
    c.span,
    name === 'eval' ? 'Write the command out directly instead of building it in a string.' : undefined,
  );
  return { out: it.unknownOut(name, node), name };
}
