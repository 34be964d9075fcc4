/** Builtins that set variables: `export`/`declare`/`local`/`readonly`, `unset`, `read`. */
import { piecesText } from '../content';
import type { MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** `export`, `declare`, `typeset`, `local`, `readonly`: `NAME=value` sets (without field splitting), `-x`/`export` exports. */
export function declare(it: Interp, c: Call): CommandResult {
  const { name, argv, argvP, node } = c;
  const exports =
    name === 'export'
      ? !argv.slice(1).some((x) => /^-[a-z]*n/.test(x))
      : argv.slice(1).some((x) => /^-[a-zA-Z]*x/.test(x));
  for (let k = 1; k < argv.length; k++) {
    if (argv[k].startsWith('-')) continue;
    if (exports) it.exported.add(argv[k].replace(/\+?=.*$/s, ''));
    const w = it.rawWords(node)[k];
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(argv[k]);
    if (m && w) {
      // re-expand the value part without field splitting (export X="$Y z" keeps blanks)
      const eq = m[0].length;
      const first = w.parts[0];
      if (first && first.k === 'lit' && first.text.length >= eq) {
        const parts =
          first.text.length > eq
            ? [{ ...first, text: first.text.slice(eq), off: first.off + eq }, ...w.parts.slice(1)]
            : w.parts.slice(1);
        it.assign(m[1], { parts, off: w.off + eq, end: w.end, raw: w.raw.slice(eq) }, m[2] === '+');
        continue;
      }
      it.vars.set(m[1], {
        pieces: argvP[k]
          .map((x) => ({ ...x, text: x.text }))
          .filter((x) => x.text)
          .map((x, i) => (i === 0 ? { ...x, text: x.text.slice(eq) } : x)),
      });
    }
  }
  return { out: [], name };
}

/** `unset NAME...` */
export function unset(it: Interp, c: Call): CommandResult {
  const { name, argv } = c;
  for (let k = 1; k < argv.length; k++) {
    if (argv[k].startsWith('-')) continue;
    it.vars.delete(argv[k]);
    it.exported.delete(argv[k]);
  }
  return { out: [], name };
}

/** `read [-r] [-d DELIM] NAME...` from a here-string, a here-document or a pipe the script wrote; else unknown. */
export function read(it: Interp, c: Call): CommandResult {
  const { name, argv, stdin, node } = c;
  let raw = false;
  let delim: string | undefined = '\n';
  const names: string[] = [];
  let odd = false;
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k];
    if (a === '-r') raw = true;
    else if (a === '-d') delim = argv[++k] === '' ? '' : argv[k]?.[0];
    else if (/^-[pntuNa]$/.test(a)) {
      odd ||= a !== '-p';
      k++;
    } else if (/^-[rs]+$/.test(a)) raw ||= a.includes('r');
    else if (a.startsWith('-')) odd = true;
    else names.push(a);
  }
  if (!names.length) names.push('REPLY');
  const data =
    stdin && !stdin.some((x) => x.mark?.kind === 'unknown') && !odd && delim !== undefined ? stdin : undefined;
  if (!data) {
    for (const v of names)
      it.vars.set(v, {
        pieces: [],
        unknown: `${v} is read from input when the script runs (\`read\` at line ${it.line(node.off)})`,
      });
    return { out: [], name };
  }
  const value = readValue(data, delim!, raw, it.prefixIfs);
  if (names.length === 1) {
    it.vars.set(names[0], { pieces: value });
    return { out: [], name };
  }
  // several names: split on IFS whitespace, the last name takes the rest of the line
  const ifs = it.prefixIfs ?? ' \t\n';
  const line = value[0]?.line ?? it.line(node.off);
  let rest = piecesText(value);
  names.forEach((v, k) => {
    if (k === names.length - 1 || !ifs) {
      it.vars.set(v, { pieces: k === names.length - 1 && rest ? [{ text: rest, line }] : [] });
      if (!ifs) rest = '';
      return;
    }
    let i = 0;
    while (i < rest.length && !ifs.includes(rest[i])) i++;
    it.vars.set(v, { pieces: i ? [{ text: rest.slice(0, i), line }] : [] });
    rest = rest.slice(i);
    let j = 0;
    while (j < rest.length && ifs.includes(rest[j]) && ' \t\n'.includes(rest[j])) j++;
    rest = rest.slice(j);
  });
  return { out: [], name };
}

/**
 * The value `read [-r] [-d DELIM] VAR` stores from its input: up to the delimiter (`-d ''`: all of
 * it), backslashes processed unless -r, and IFS whitespace trimmed at both ends (none when IFS is empty).
 */
function readValue(data: MPiece[], delim: string, raw: boolean, ifs: string | undefined): MPiece[] {
  if (!raw) {
    // backslash quotes the next character; backslash-newline continues the line
    const all = piecesText(data);
    let v = '';
    for (let i = 0; i < all.length; i++) {
      const c = all[i];
      if (c === '\\' && i + 1 < all.length) {
        if (all[i + 1] !== '\n') v += all[i + 1];
        i++;
        continue;
      }
      if (delim !== '' && c === delim) break;
      v += c;
    }
    return readValue([{ text: v, line: data[0]?.line ?? 0 }], '', true, ifs);
  }
  const out: MPiece[] = [];
  let done = false;
  for (const p of data) {
    if (done) break;
    let t = p.text;
    if (delim !== '') {
      const k = t.indexOf(delim);
      if (k !== -1) {
        t = t.slice(0, k);
        done = true;
      }
    }
    if (t || p.mark) out.push({ ...p, text: t });
  }
  const res = out;
  const ws = ifs === undefined ? ' \t\n' : [...ifs].filter((c) => c === ' ' || c === '\t' || c === '\n').join('');
  if (ws) {
    const cls = new RegExp(`^[${ws.replace(/\n/g, '\\n').replace(/\t/g, '\\t')}]+`);
    const clsEnd = new RegExp(`[${ws.replace(/\n/g, '\\n').replace(/\t/g, '\\t')}]+$`);
    for (let k = 0; k < res.length; k++) {
      const t = res[k].text.replace(cls, '');
      res[k] = { ...res[k], text: t };
      if (t !== '') break;
    }
    for (let k = res.length - 1; k >= 0; k--) {
      const t = res[k].text.replace(clsEnd, '');
      res[k] = { ...res[k], text: t };
      if (t !== '') break;
    }
  }
  return res.filter((x) => x.text !== '' || x.mark);
}
