/** This host's name: `hostname`, `hostnamectl`, `uname -n` print it (HOST_NAME_SYMBOL until the script sets it). */
import type { Span } from '../../../source';
import { HOST_NAME_SYMBOL } from '../symbols';
import type { MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** What `hostname` prints: the name the script gave the host, else HOST_NAME_SYMBOL (marked, for an info message). */
export function hostPieces(it: Interp, written: string, line: number, span: Span): MPiece[] {
  if (it.hostName !== undefined) return [{ text: it.hostName, line }];
  return [
    {
      text: HOST_NAME_SYMBOL,
      line,
      mark: {
        kind: 'host',
        name: written,
        reason: `\`${written}\` is this host's name, only known on the machine; shown as ${HOST_NAME_SYMBOL}`,
        line,
        span,
      },
    },
  ];
}

/** `hostname` prints the name (`-s`: its first label); `hostname NAME` renames the host. */
export function hostname(it: Interp, c: Call): CommandResult {
  const { name, argv, node } = c;
  // `hostname`, `hostname -s`: this host's name; `hostname NAME` renames it; -I/-i/-f/-A...: run-time values
  const args = argv.slice(1);
  if (args.length === 0 || (args.length === 1 && (args[0] === '-s' || args[0] === '--short'))) {
    const named = hostPieces(it, `$(${argv.join(' ')})`, it.line(node.off), c.span);
    // the short name stops at the first dot (of a name the script gave; the symbol has none)
    if (args.length && it.hostName !== undefined) named[0] = { ...named[0], text: it.hostName.split('.')[0] };
    return { out: [...named, { text: '\n', line: it.line(node.off) }], name };
  }
  if (args.length === 1 && !args[0].startsWith('-')) {
    it.hostName = c.known(1) ? args[0] : undefined;
    return { out: [], name };
  }
  return {
    out: it.unknownOut(
      argv.join(' '),
      node,
      `the output of \`${argv.join(' ')}\` (an address or another form of the name) is only known when the script runs`,
    ),
    name,
  };
}

/** `hostnamectl set-hostname NAME`, `hostnamectl hostname`. */
export function hostnamectl(it: Interp, c: Call): CommandResult {
  const { name, argv, node } = c;
  const args = argv.slice(1).filter((a) => !/^--(static|transient|pretty)$/.test(a));
  if (args[0] === 'set-hostname' && args.length === 2) {
    it.hostName = c.known(argv.indexOf(args[1])) ? args[1] : undefined;
    return { out: [], name };
  }
  if (args.length === 1 && args[0] === 'hostname')
    return {
      out: [
        ...hostPieces(it, `$(${argv.join(' ')})`, it.line(node.off), c.span),
        { text: '\n', line: it.line(node.off) },
      ],
      name,
    };
  return { out: it.unknownOut(name, node), name };
}

/** `uname -n` prints the host name; other forms are only known at run time. */
export function uname(it: Interp, c: Call): CommandResult {
  const { name, argv, node } = c;
  if (argv.length === 2 && (argv[1] === '-n' || argv[1] === '--nodename')) {
    return {
      out: [
        ...hostPieces(it, `$(${argv.join(' ')})`, it.line(node.off), c.span),
        { text: '\n', line: it.line(node.off) },
      ],
      name,
    };
  }
  return { out: it.unknownOut(name, node), name };
}
