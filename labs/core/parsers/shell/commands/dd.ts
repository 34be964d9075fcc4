/** `dd if=... of=...`: a copy with `dd`'s truncation and append rules. */
import { contentPieces, contentText, piecesText } from '../content';
import type { Base, MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `dd [OPERAND=VALUE]...` */
export function dd(it: Interp, c: Call): CommandResult {
  return { out: ddOut(it, c.argvP, c.stdin, c.node), name: c.name };
}

/**
 * `dd [if=F] [of=F] [conv=notrunc] [oflag=append] [status=none]`: copies its input to `of=` (or
 * stdout). Without conv=notrunc the file is truncated first (so oflag=append alone overwrites);
 * conv=notrunc overwrites in place, keeping what lies past the new bytes; both append.
 */
function ddOut(it: Interp, argvP: MPiece[][], stdin: MPiece[] | undefined, node: Base): MPiece[] {
  const ops = new Map<string, number>();
  for (let k = 1; k < argvP.length; k++) {
    const a = piecesText(argvP[k]);
    const eq = a.indexOf('=');
    if (eq > 0) ops.set(a.slice(0, eq), k);
    else if (a !== '--') return it.unknownOut('dd', node, `\`dd ${a}\` is not modelled`);
  }
  const val = (key: string): string | undefined =>
    ops.has(key) ? piecesText(argvP[ops.get(key)!]).slice(key.length + 1) : undefined;
  const list = (key: string): string[] => (val(key) ?? '').split(',').filter(Boolean);
  const conv = list('conv');
  const oflag = list('oflag');
  const odd = [...ops.keys()].filter(
    (key) => !['if', 'of', 'conv', 'oflag', 'iflag', 'status', 'bs', 'ibs', 'obs'].includes(key),
  );
  const oddConv = conv.filter((c) => !['notrunc', 'fsync', 'fdatasync', 'noerror', 'excl', 'nocreat'].includes(c));
  const oddFlag = [...oflag, ...list('iflag')].filter(
    (f) =>
      ![
        'append',
        'sync',
        'dsync',
        'direct',
        'nocache',
        'fullblock',
        'nonblock',
        'noatime',
        'noctty',
        'nofollow',
      ].includes(f),
  );
  let data: MPiece[];
  const input = val('if');
  if (input !== undefined) {
    const k = ops.get('if')!;
    const p = it.resolvePath(input, node.off, node.end, 'dd reads', dropChars(argvP[k], 3));
    const c = p ? it.read(p) : undefined;
    const line = it.line(node.off);
    data =
      c && c.known
        ? contentPieces(c.content)
        : [
            {
              text: '',
              line,
              mark: {
                kind: 'unknown',
                name: input,
                reason: `\`dd if=${input}\` reads a file the script did not write and whose content is not known`,
                line,
                span: it.span(node.off, node.end),
              },
            },
          ];
  } else data = stdin ?? it.unknownOut('dd', node, '`dd` reads the terminal here');
  const out = val('of');
  if (odd.length || oddConv.length || oddFlag.length) {
    const what = [
      ...odd.map((x) => `${x}=`),
      ...oddConv.map((x) => `conv=${x}`),
      ...oddFlag.map((x) => `flag ${x}`),
    ].join(', ');
    if (out === undefined) return it.unknownOut('dd', node, `\`dd\` with ${what} is not modelled`);
    const p = it.resolvePath(out, node.off, node.end, 'dd writes', dropChars(argvP[ops.get('of')!], 3));
    if (p) it.writeUnknown(p, `\`dd\` with ${what} is not modelled`, 'dd', node.off, node.end);
    return [];
  }
  if (out === undefined) return data;
  const p = it.resolvePath(out, node.off, node.end, 'dd writes', dropChars(argvP[ops.get('of')!], 3));
  if (!p) return [];
  const notrunc = conv.includes('notrunc');
  if (notrunc && oflag.includes('append')) {
    it.write(p, data, 'append', 'dd', node.off, node.end);
    return [];
  }
  if (notrunc) {
    // overwrite in place: the old bytes past the new ones stay
    const old = it.read(p);
    const n = piecesText(data).length;
    if (old && old.known && contentText(old.content).length > n) {
      const keep: MPiece[] = [];
      let skip = n;
      for (const x of contentPieces(old.content)) {
        if (skip >= x.text.length) {
          skip -= x.text.length;
          continue;
        }
        keep.push(skip ? { ...x, text: x.text.slice(skip) } : x);
        skip = 0;
      }
      it.write(p, [...data, ...keep], 'trunc', 'dd', node.off, node.end);
      return [];
    }
  }
  it.write(p, data, 'trunc', 'dd', node.off, node.end);
  return [];
}

/** The pieces without their first `n` characters (`of=` of a dd operand). */
function dropChars(pieces: MPiece[], n: number): MPiece[] {
  const out: MPiece[] = [];
  for (const x of pieces) {
    if (n >= x.text.length && !x.mark) {
      n -= x.text.length;
      continue;
    }
    out.push(n ? { ...x, text: x.text.slice(n) } : x);
    n = 0;
  }
  return out;
}
