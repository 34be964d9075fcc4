/** Commands that run another command unchanged: `command`, `exec`, `nohup`, `nice`, `timeout`... */
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `command`, `builtin`, `exec`, `nohup`, `time`, `stdbuf`: options, then the command. */
export function runs(it: Interp, c: Call): CommandResult {
  const { argv, stdin, node, depth, env } = c;
  let k = 1;
  while (k < argv.length && argv[k].startsWith('-')) k++;
  return it.command(c.rest(k), stdin, node, depth + 1, env);
}

/** `nice [-n N]`, `ionice`, `timeout [OPTIONS] DURATION`: options (and a duration), then the command. */
export function niceLike(it: Interp, c: Call): CommandResult {
  const { name, argv, stdin, node, depth, env } = c;
  let k = 1;
  while (k < argv.length && argv[k].startsWith('-')) k += argv[k] === '-n' ? 2 : 1;
  if (name === 'timeout') k++;
  return it.command(c.rest(k), stdin, node, depth + 1, env);
}
