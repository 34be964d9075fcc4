/** `tee [-a] FILE...`: writes its input to each file, and passes it on. */
import { piecesText } from '../content';
import type { Base, MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `tee [-a] FILE...` */
export function tee(it: Interp, c: Call): CommandResult {
  return { out: teeOut(it, c.argvP, c.stdin, c.node), name: c.name };
}

function teeOut(it: Interp, argvP: MPiece[][], stdin: MPiece[] | undefined, node: Base): MPiece[] {
  let append = false;
  const targets: number[] = [];
  let opts = true;
  for (let k = 1; k < argvP.length; k++) {
    const a = piecesText(argvP[k]);
    if (opts && a === '--') {
      opts = false;
      continue;
    }
    if (opts && a.startsWith('--')) {
      if (a === '--append') append = true;
      continue;
    }
    if (opts && a.startsWith('-') && a.length > 1) {
      if (a.includes('a')) append = true;
      continue;
    }
    targets.push(k);
  }
  const data = stdin ?? it.unknownOut('tee', node, '`tee` reads the terminal here');
  for (const k of targets) {
    const a = piecesText(argvP[k]);
    const p = it.resolvePath(a, node.off, node.end, 'tee writes', argvP[k]);
    if (p) it.write(p, data, append ? 'append' : 'trunc', 'tee', node.off, node.end);
  }
  return data;
}
