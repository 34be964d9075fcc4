/**
 * `grep`, for its output, on text known exactly (a file the script or the distribution holds exactly, a
 * here-document, `< FILE` of such a file): what `COUNT=$(grep -c PATTERN < FILE)` holds, so that an
 * idempotency guard such as `if [ "$COUNT" -eq 0 ]; then append; else rewrite; fi` takes its branch alone on a
 * fresh machine (walk.ts `decide`). Anything else (a pipe, an option not modelled, a file known only in part) is
 * unknown output, as before. Its exit status is not modelled (`if grep -q` is decided in walk.ts).
 */
import { contentText, piecesText } from '../content';
import { escapeJs, translateRegex } from '../sed';
import type { MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

export function grep(it: Interp, c: Call): CommandResult {
  return { out: grepOut(it, c) ?? it.unknownOut('grep', c.node), name: c.name };
}

function grepOut(it: Interp, c: Call): MPiece[] | undefined {
  let ere = c.name === 'egrep';
  let fixed = c.name === 'fgrep';
  let icase = false;
  let whole = false;
  let word = false;
  let invert = false;
  let count = false;
  let only = false;
  let quiet = false;
  let numbers = false;
  let pattern: string | undefined;
  const files: number[] = [];
  let opts = true;
  for (let k = 1; k < c.argv.length; k++) {
    if (!c.known(k)) return undefined;
    const a = c.argv[k]!;
    if (opts && a === '--') opts = false;
    else if (opts && a === '-e' && pattern === undefined) {
      if (++k >= c.argv.length || !c.known(k)) return undefined;
      pattern = c.argv[k];
    } else if (opts && /^-[EFGiyxwvcoqsnH]+$/.test(a)) {
      for (const ch of a.slice(1)) {
        if (ch === 'E') ere = true;
        else if (ch === 'F') fixed = true;
        else if (ch === 'G') ere = false;
        else if (ch === 'i' || ch === 'y') icase = true;
        else if (ch === 'x') whole = true;
        else if (ch === 'w') word = true;
        else if (ch === 'v') invert = true;
        else if (ch === 'c') count = true;
        else if (ch === 'o') only = true;
        else if (ch === 'q') quiet = true;
        else if (ch === 'n') numbers = true;
        // -s (no messages), -H (file names: one input, not printed by -c here) change nothing modelled
      }
    } else if (opts && /^--(quiet|silent|no-messages|count|extended-regexp|fixed-strings|ignore-case)$/.test(a)) {
      if (a === '--count') count = true;
      else if (a === '--quiet' || a === '--silent') quiet = true;
      else if (a === '--extended-regexp') ere = true;
      else if (a === '--fixed-strings') fixed = true;
      else if (a === '--ignore-case') icase = true;
    } else if (opts && a.startsWith('-') && a !== '-') return undefined;
    else if (pattern === undefined) pattern = a;
    else files.push(k);
  }
  if (pattern === undefined || files.length > 1 || pattern.includes('\n')) return undefined;
  // the text grep reads, known exactly
  let text: string;
  if (files.length === 1 && c.argv[files[0]!] !== '-') {
    const p = it.resolvePath(c.argv[files[0]!]!, c.node.off, c.node.end, 'reads', c.argvP[files[0]!]!);
    const cur = p ? it.read(p) : undefined;
    if (!cur || !cur.known || !cur.exact) return undefined;
    text = contentText(cur.content);
  } else {
    if (!c.stdin || !it.exactInputs.has(c.stdin) || c.stdin.some((x) => x.mark)) return undefined;
    text = piecesText(c.stdin);
  }
  let source: string;
  if (fixed) source = escapeJs(pattern);
  else {
    const t = translateRegex(pattern, ere);
    if ('error' in t) return undefined;
    source = t.source;
  }
  if (whole) source = `^(?:${source})$`;
  else if (word) source = `(?<![\\w])(?:${source})(?![\\w])`;
  let re: RegExp;
  try {
    re = new RegExp(source, icase ? 'gi' : 'g');
  } catch {
    return undefined;
  }
  const lines = text === '' ? [] : text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length > 100_000) return undefined;
  const line = it.line(c.node.off);
  const out: string[] = [];
  let n = 0;
  lines.forEach((l, i) => {
    re.lastIndex = 0;
    const hit = re.test(l) !== invert;
    if (!hit) return;
    n++;
    if (quiet || count) return;
    const prefix = numbers ? `${i + 1}:` : '';
    if (only && !invert) {
      re.lastIndex = 0;
      for (const m of l.matchAll(re)) if (m[0] !== '') out.push(prefix + m[0]);
    } else if (!only) out.push(prefix + l);
  });
  if (quiet) return [];
  if (count) return [{ text: `${n}\n`, line }];
  return out.length ? [{ text: out.join('\n') + '\n', line }] : [];
}
