/** `echo` and `printf`: text from the script itself. */
import { piecesText } from '../content';
import { bashPrintf, echoEscapes } from '../textcmds';
import { pushAll, type Base, type MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `echo [-neE] ARGS...` */
export function echo(it: Interp, c: Call): CommandResult {
  return { out: echoOut(c.argvP), name: c.name };
}

/** `printf [-v VAR] FORMAT ARGS...` */
export function printf(it: Interp, c: Call): CommandResult {
  return { out: printfOut(it, c.argvP, c.node), name: c.name };
}

function echoOut(argvP: MPiece[][]): MPiece[] {
  let k = 1;
  let nl = true;
  let esc = false;
  while (k < argvP.length) {
    const a = piecesText(argvP[k]);
    if (!/^-[neE]+$/.test(a)) break;
    for (const ch of a.slice(1)) {
      if (ch === 'n') nl = false;
      else if (ch === 'e') esc = true;
      else esc = false;
    }
    k++;
  }
  const out: MPiece[] = [];
  const lastLine = argvP[argvP.length - 1]?.[argvP[argvP.length - 1].length - 1]?.line ?? argvP[0][0]?.line ?? 0;
  for (let j = k; j < argvP.length; j++) {
    if (j > k) out.push({ text: ' ', line: argvP[j][0]?.line ?? lastLine });
    if (!esc) pushAll(out, argvP[j]);
    else {
      // escapes are read over the whole argument (a `\` and the letter after it may come from different quotes)
      const marks = argvP[j].filter((p) => p.mark);
      const text = piecesText(argvP[j]);
      const e = echoEscapes(text);
      const first = argvP[j][0];
      pushAll(
        out,
        marks.map((m) => ({ ...m, text: '' })),
      );
      if (e.text)
        out.push({
          text: e.text,
          line: first?.line ?? lastLine,
          adv: first?.adv && argvP[j].length === 1 && e.text === text,
        });
      if (e.stop) return out;
    }
  }
  if (nl) out.push({ text: '\n', line: lastLine });
  return out;
}

function printfOut(it: Interp, argvP: MPiece[][], node: Base): MPiece[] {
  let k = 1;
  let toVar: string | undefined;
  while (k < argvP.length) {
    const a = piecesText(argvP[k]);
    if (a === '-v') {
      toVar = piecesText(argvP[k + 1] ?? []);
      k += 2;
      continue;
    }
    if (a === '--') {
      k++;
      break;
    }
    break;
  }
  const fmtP = argvP[k];
  if (!fmtP) return [];
  const marks = argvP
    .slice(k)
    .flat()
    .filter((x) => x.mark);
  const fmtLine = fmtP[0]?.line ?? it.line(node.off);
  const args = argvP.slice(k + 1);
  const r = bashPrintf(piecesText(fmtP), args.map(piecesText));
  for (const e of r.errors)
    it.diag(
      'shell/printf-error',
      'warning',
      `printf: ${e} (bash prints an error and uses 0)`,
      it.span(node.off, node.end),
    );
  if (r.unsupported) {
    it.diag(
      'shell/cannot-reconstruct',
      'warning',
      `${r.unsupported} is not modelled; the output stops there`,
      it.span(node.off, node.end),
    );
    marks.push({
      text: '',
      line: fmtLine,
      mark: {
        kind: 'unknown',
        name: 'printf',
        reason: `${r.unsupported} is not modelled`,
        line: fmtLine,
        span: it.span(node.off, node.end),
      },
    });
  }
  const out: MPiece[] = [];
  for (const c of r.chunks) {
    const line = c.arg >= 0 ? (args[c.arg][0]?.line ?? fmtLine) : fmtLine;
    out.push({ text: c.text, line });
  }
  pushAll(
    out,
    marks.map((m) => ({ ...m, text: '' })),
  );
  if (toVar) {
    it.vars.set(toVar, { pieces: out.filter((x) => !x.mark) });
    return [];
  }
  return out;
}
