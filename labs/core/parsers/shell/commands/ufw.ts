/** `ufw ...`: the firewall commands a script runs, in order (labs/core/firewall/ufw.ts reads them as rules). */
import type { Call, CommandResult, Interp } from '../interp/walk';

/** Records the command's words (and which are only known at run time); prints nothing the model uses. */
export function ufw(it: Interp, c: Call): CommandResult {
  return record(it, c, 'ufw');
}

/** `iptables -P INPUT DROP`, `iptables -A INPUT ...`: the same record, read by the same model. */
export function iptables(it: Interp, c: Call): CommandResult {
  return record(it, c, 'iptables');
}

function record(it: Interp, c: Call, tool: 'ufw' | 'iptables'): CommandResult {
  if (it.firewall.length < 10_000)
    it.firewall.push({
      tool,
      argv: [...c.argv],
      known: c.argv.map((_, k) => c.known(k)),
      stdin: c.stdin !== undefined,
      span: c.span,
    });
  return { out: [], name: c.name };
}
