/** `cat`: a here-document, a pipe, or files the script wrote. */
import { contentPieces, piecesText } from '../content';
import { pushAll, type Base, type MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `cat [FILE|-]...` (with options: unknown). */
export function cat(it: Interp, c: Call): CommandResult {
  return { out: catOut(it, c.argvP, c.stdin, c.node), name: c.name };
}

function catOut(it: Interp, argvP: MPiece[][], stdin: MPiece[] | undefined, node: Base): MPiece[] {
  const files: number[] = [];
  let opts = false;
  for (let k = 1; k < argvP.length; k++) {
    const a = piecesText(argvP[k]);
    if (a !== '-' && a.startsWith('-') && a !== '--') opts = true;
    else if (a !== '--') files.push(k);
  }
  if (opts) return it.unknownOut('cat', node, '`cat` with options is not modelled');
  if (!files.length) {
    if (stdin) return stdin;
    return it.unknownOut('cat', node, '`cat` reads the terminal here');
  }
  const out: MPiece[] = [];
  for (const k of files) {
    const a = piecesText(argvP[k]);
    if (a === '-') {
      pushAll(out, stdin ?? []);
      continue;
    }
    const p = it.resolvePath(a, node.off, node.end, 'reads', argvP[k]);
    const c = p ? it.read(p) : undefined;
    if (c && c.known) pushAll(out, contentPieces(c.content));
    else {
      const line = it.line(node.off);
      out.push({
        text: '',
        line,
        mark: {
          kind: 'unknown',
          name: a,
          reason: `\`cat ${a}\` reads a file the script did not write and whose content is not known`,
          line,
          span: it.span(node.off, node.end),
        },
      });
    }
  }
  return out;
}
