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

/** What a grep command line asks for; undefined for an option not modelled. */
export interface GrepArgs {
  pattern: string;
  ere: boolean;
  fixed: boolean;
  icase: boolean;
  whole: boolean;
  word: boolean;
  invert: boolean;
  count: boolean;
  only: boolean;
  quiet: boolean;
  numbers: boolean;
  /** Indexes (in argv) of the file operands. */
  files: number[];
}

export function grepArgs(argv: readonly string[], name = 'grep'): GrepArgs | undefined {
  const g: Omit<GrepArgs, 'pattern'> & { pattern?: string } = {
    ere: name === 'egrep',
    fixed: name === 'fgrep',
    icase: false,
    whole: false,
    word: false,
    invert: false,
    count: false,
    only: false,
    quiet: false,
    numbers: false,
    files: [],
  };
  let opts = true;
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k]!;
    if (opts && a === '--') opts = false;
    else if (opts && a === '-e' && g.pattern === undefined) {
      if (++k >= argv.length) return undefined;
      g.pattern = argv[k];
    } else if (opts && /^-[EFGiyxwvcoqsnH]+$/.test(a)) {
      for (const ch of a.slice(1)) {
        if (ch === 'E') g.ere = true;
        else if (ch === 'F') g.fixed = true;
        else if (ch === 'G') g.ere = false;
        else if (ch === 'i' || ch === 'y') g.icase = true;
        else if (ch === 'x') g.whole = true;
        else if (ch === 'w') g.word = true;
        else if (ch === 'v') g.invert = true;
        else if (ch === 'c') g.count = true;
        else if (ch === 'o') g.only = true;
        else if (ch === 'q') g.quiet = true;
        else if (ch === 'n') g.numbers = true;
        // -s (no messages), -H (file names: one input, not printed by -c here) change nothing modelled
      }
    } else if (opts && /^--(quiet|silent|no-messages|count|extended-regexp|fixed-strings|ignore-case)$/.test(a)) {
      if (a === '--count') g.count = true;
      else if (a === '--quiet' || a === '--silent') g.quiet = true;
      else if (a === '--extended-regexp') g.ere = true;
      else if (a === '--fixed-strings') g.fixed = true;
      else if (a === '--ignore-case') g.icase = true;
    } else if (opts && a.startsWith('-') && a !== '-') return undefined;
    else if (g.pattern === undefined) g.pattern = a;
    else g.files.push(k);
  }
  if (g.pattern === undefined || g.pattern.includes('\n')) return undefined;
  return g as GrepArgs;
}

/** grep's pattern as a JavaScript RegExp (global: reset lastIndex); undefined when it cannot be read. */
export function grepMatcher(g: GrepArgs): RegExp | undefined {
  let source: string;
  if (g.fixed) source = escapeJs(g.pattern);
  else {
    const t = translateRegex(g.pattern, g.ere);
    if ('error' in t) return undefined;
    source = t.source;
  }
  if (g.whole) source = `^(?:${source})$`;
  else if (g.word) source = `(?<![\\w])(?:${source})(?![\\w])`;
  try {
    return new RegExp(source, g.icase ? 'gi' : 'g');
  } catch {
    return undefined;
  }
}

/** The lines of a text as grep reads them (a final newline ends the last line; an empty text has none). */
export function grepLines(text: string): string[] {
  const lines = text === '' ? [] : text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Whether a line is selected (`-v` inverts). */
export function selects(re: RegExp, g: GrepArgs, line: string): boolean {
  re.lastIndex = 0;
  return re.test(line) !== g.invert;
}

function grepOut(it: Interp, c: Call): MPiece[] | undefined {
  for (let k = 1; k < c.argv.length; k++) if (!c.known(k)) return undefined;
  const g = grepArgs(c.argv, c.name);
  if (!g || g.files.length > 1) return undefined;
  // the text grep reads, known exactly
  let text: string;
  if (g.files.length === 1 && c.argv[g.files[0]!] !== '-') {
    const k = g.files[0]!;
    const p = it.resolvePath(c.argv[k]!, c.node.off, c.node.end, 'reads', c.argvP[k]!);
    const cur = p ? it.read(p) : undefined;
    if (!cur || !cur.known || !cur.exact) return undefined;
    text = contentText(cur.content);
  } else {
    if (!c.stdin || !it.exactInputs.has(c.stdin) || c.stdin.some((x) => x.mark)) return undefined;
    text = piecesText(c.stdin);
  }
  const re = grepMatcher(g);
  const lines = grepLines(text);
  if (!re || lines.length > 100_000) return undefined;
  const line = it.line(c.node.off);
  const out: string[] = [];
  let n = 0;
  lines.forEach((l, i) => {
    if (!selects(re, g, l)) return;
    n++;
    if (g.quiet || g.count) return;
    const prefix = g.numbers ? `${i + 1}:` : '';
    if (g.only && !g.invert) {
      re.lastIndex = 0;
      for (const m of l.matchAll(re)) if (m[0] !== '') out.push(prefix + m[0]);
    } else if (!g.only) out.push(prefix + l);
  });
  if (g.quiet) return [];
  if (g.count) return [{ text: `${n}\n`, line }];
  return out.length ? [{ text: out.join('\n') + '\n', line }] : [];
}
