/** `env [-i] [VAR=value...] COMMAND`: a command with a changed environment. */
import type { EnvCtx } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `env`: the variables it sets (or its reset environment, -i) go to the command it runs. */
export function env(it: Interp, c: Call): CommandResult {
  const { argv, argvP, stdin, node, depth, env } = c;
  let k = 1;
  const ctx: EnvCtx = { ...env, extra: new Map(env.extra) };
  while (k < argv.length && (argv[k].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[k]))) {
    if (argv[k] === '-i' || argv[k] === '-' || argv[k] === '--ignore-environment') ctx.reset = true;
    else if (!argv[k].startsWith('-')) {
      const eq = argv[k].indexOf('=');
      ctx.extra!.set(argv[k].slice(0, eq), {
        pieces: [{ ...(argvP[k][0] ?? { line: it.line(node.off) }), text: argv[k].slice(eq + 1), mark: undefined }],
      });
    }
    if (argv[k] === '-u' || argv[k] === '-C' || argv[k] === '-S') k++;
    k++;
  }
  return it.command(c.rest(k), stdin, node, depth + 1, ctx);
}
