/** `sudo` and `doas`: run a command as root, with sudo's reset environment (env_reset) unless -E. */
import type { EnvCtx, MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `sudo [OPTIONS] [VAR=value...] COMMAND`, `sudo -s`/`-i` (a root shell, reading stdin or running COMMAND with -c). */
export function sudo(it: Interp, c: Call): CommandResult {
  const { argv, argvP, stdin, node, depth, env } = c;
  // sudo resets the environment (env_reset): a child shell sees none of the script's variables
  let k = 1;
  let preserve = false;
  let shell: 'login' | 'shell' | undefined;
  while (k < argv.length && argv[k].startsWith('-')) {
    const a = argv[k];
    if (a === '--') {
      k++;
      break;
    }
    if (a === '-E' || a === '--preserve-env' || a.startsWith('--preserve-env=')) preserve = true;
    if (/^-[A-Za-z]+$/.test(a) && a.length > 2 && !/[ugpCDhrtUT]/.test(a.slice(1, -1))) {
      // bundled flags: -Hi, -iu (the last may take an argument)
      if (a.includes('E')) preserve = true;
      if (a.includes('i')) shell = 'login';
      else if (a.includes('s')) shell ??= 'shell';
      k += /[ugpCDhrtUT]$/.test(a) ? 2 : 1;
      continue;
    }
    if (a === '-i' || a === '--login') shell = 'login';
    else if (a === '-s' || a === '--shell') shell ??= 'shell';
    if (/^-[ugpCDhrtUT]$/.test(a) || /^--(user|group|prompt|chdir|host|role|type|other-user|close-from)$/.test(a))
      k += 2;
    else k++;
  }
  const extra = new Map(env.extra);
  while (k < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[k])) {
    const eq = argv[k].indexOf('=');
    extra.set(argv[k].slice(0, eq), {
      pieces: [{ ...(argvP[k][0] ?? { line: it.line(node.off) }), text: argv[k].slice(eq + 1), mark: undefined }],
    });
    k++;
  }
  const ctx: EnvCtx = { reset: env.reset || !preserve, extra, login: shell === 'login' };
  if (shell) {
    // sudo -s / sudo -i: with no command, a root shell reads the commands from stdin; with
    // one, the shell runs it with -c, each character but letters, digits, `_`, `-` and `$`
    // escaped by sudo (so `sudo -s echo a '>' f` prints `a > f`, and `$X` is the shell's)
    const sh: MPiece[][] = [[{ text: 'bash', line: it.line(node.off) }]];
    if (k >= argv.length) return it.command(sh, stdin, node, depth + 1, ctx);
    const cmd = argv
      .slice(k)
      .map((a) => a.replace(/[^A-Za-z0-9_$-]/g, '\\$&'))
      .join(' ');
    return it.command(
      [...sh, [{ text: '-c', line: 0 }], [{ text: cmd, line: argvP[k][0]?.line ?? it.line(node.off) }]],
      stdin,
      node,
      depth + 1,
      ctx,
    );
  }
  return it.command(c.rest(k), stdin, node, depth + 1, ctx);
}
