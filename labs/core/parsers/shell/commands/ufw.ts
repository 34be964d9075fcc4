/** `ufw ...`: the firewall commands a script runs, in order (labs/core/firewall/ufw.ts reads them as rules). */
import type { Call, CommandResult, Interp } from '../interp/walk';

/** Records the command's words (and which are only known at run time); prints nothing the model uses. */
export function ufw(it: Interp, c: Call): CommandResult {
  if (it.firewall.length < 10_000)
    it.firewall.push({
      tool: 'ufw',
      argv: [...c.argv],
      known: c.argv.map((_, k) => c.known(k)),
      stdin: c.stdin !== undefined,
      span: c.span,
    });
  return { out: [], name: c.name };
}
