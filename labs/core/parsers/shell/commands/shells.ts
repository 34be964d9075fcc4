/** Child shells: `bash -c STRING`, `bash <<EOF`, `su [-] [USER] [-c STRING]`, `sudo su <<EOF`, `curl ... | sh`. */
import { lastSegment } from '../../../vfs';
import { piecesText } from '../content';
import type { ChildShell, MPiece, VarVal } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `bash`, `sh`, `dash`, `zsh`, `ksh`, `su`: the commands the child shell runs, with the variables it is given. */
export function shell(it: Interp, c: Call): CommandResult {
  const { name, argv, argvP, stdin, node, env } = c;
  // a child shell: `bash -c STRING [ARG0 ARGS]`, `bash <<EOF`, `su [-] [USER] [-c STRING]`,
  // `sudo su <<EOF`. STRING was expanded by this shell already (its quoting decides what is
  // left for the child); the child starts with the exported variables only.
  let k = 1;
  let script: MPiece[] | undefined;
  let login = !!env.login;
  let preserve = false;
  let childShell: string = name === 'su' ? 'bash' : name;
  let suUser: string | undefined;
  let args: string[] = [name];
  while (k < argv.length) {
    const a = argv[k];
    if (a === '-c' || a === '--command' || (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(a) && name !== 'su')) {
      script = argvP[k + 1];
      if (name !== 'su') args = argv.slice(k + 2).length ? argv.slice(k + 2) : [name];
      break;
    }
    if (a.startsWith('--command=')) {
      script = [{ ...argvP[k][0], text: a.slice(10) }];
      break;
    }
    if (name === 'su' && (a === '-' || a === '-l' || a === '--login')) login = true;
    if (
      name === 'su' &&
      !a.startsWith('-') &&
      argv[k - 1] !== '-s' &&
      argv[k - 1] !== '--shell' &&
      argv[k - 1] !== '-g' &&
      argv[k - 1] !== '-G' &&
      a !== 'root'
    )
      suUser = a;
    if (name === 'su' && (a === '-m' || a === '-p' || a === '--preserve-environment')) preserve = true;
    if (name === 'su' && (a === '-s' || a === '--shell')) childShell = lastSegment(argv[k + 1] ?? 'bash');
    if (a === '-o' || a === '-O' || (name === 'su' && (a === '-s' || a === '--shell' || a === '-g' || a === '-G'))) {
      k += 2;
      continue;
    }
    if (name === 'su' || a.startsWith('-') || a.startsWith('+')) {
      // options, and su's user name
      k++;
      continue;
    }
    // bash FILE: another script
    it.diag(
      'shell/cannot-reconstruct',
      'info',
      `\`${name} ${a}\` runs another script, whose writes are not reconstructed here`,
      c.span,
    );
    return { out: it.unknownOut(name, node), name };
  }
  const child = (): ChildShell => {
    const vars = new Map<string, VarVal>();
    // `su -` starts a clean login environment; sudo already reset it (unless -E)
    if (!env.reset && !(login && name === 'su' && !preserve))
      for (const n of it.exported) {
        const v = it.vars.get(n);
        if (v) vars.set(n, v);
      }
    for (const [n, v] of env.extra ?? []) vars.set(n, v);
    const started = `\`${name}${script ? ' -c' : ''}\``;
    const how = env.reset
      ? `\`sudo\` starts ${started} with a reset environment (\`sudo -E\` would keep exported variables)`
      : login && name === 'su'
        ? `\`su -\` starts a login shell with a clean environment`
        : `it is not exported, so the shell ${started} starts does not get it (\`export\` it first)`;
    return { vars, how, bash: childShell === 'bash', login, home: suUser === undefined ? '/root' : undefined, args };
  };
  if (script !== undefined) {
    if (script.some((x) => x.mark?.kind === 'unknown')) {
      it.diag(
        'shell/cannot-reconstruct',
        'warning',
        `cannot reconstruct the commands \`${name} -c\` runs: ${script.find((x) => x.mark)!.mark!.reason}`,
        c.span,
      );
      return { out: it.unknownOut(name, node), name };
    }
    it.checkMarks(
      script.filter((x) => x.mark?.kind === 'host'),
      `the commands \`${name} -c\` runs`,
    );
    return {
      out: it.subScript(piecesText(script), script[0]?.line ?? it.line(node.off), stdin, node, false, child()),
      name,
    };
  }
  // the script comes from stdin: `bash <<EOF`, `sudo su <<'EOF'`, `curl ... | bash`
  if (!stdin) return { out: [], name };
  const mark = stdin.find((x) => x.mark?.kind === 'unknown');
  if (mark) {
    it.diag(
      'shell/cannot-reconstruct',
      'warning',
      `cannot reconstruct what \`${name}\` runs: it reads its commands from standard input, and ${mark.mark!.reason}`,
      c.span,
      'Piping a downloaded script into a shell (curl ... | bash) hides what it changes; put the commands in your own script.',
    );
    return { out: it.unknownOut(name, node), name };
  }
  // an unquoted here-document was expanded by this shell before the child reads it: a
  // variable this shell never set is already gone
  it.checkMarks(
    stdin.filter((x) => x.mark?.kind === 'unset' || x.mark?.kind === 'host'),
    `the commands \`${name}\` reads`,
  );
  return {
    out: it.subScript(piecesText(stdin), stdin[0]?.line ?? it.line(node.off), undefined, node, false, child()),
    name,
  };
}
