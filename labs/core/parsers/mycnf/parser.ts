/**
 * MySQL / MariaDB option-file parser (my.cnf, mysqld.cnf, 50-server.cnf).
 *
 * It follows the servers' own reader (mysys `my_default`, `search_default_file_with_buffers`,
 * `remove_end_comment`), checked against MariaDB 10.11's `my_print_defaults`:
 * - a line is read after leading whitespace; empty lines and lines starting with `#` or `;` are
 *   comments; `;` is a comment only at the start of a line;
 * - `#` starts a comment anywhere on an option line, even without a space before it, except
 *   inside a single- or double-quoted part (a backslash inside quotes protects the next quote);
 * - `[group]`: the name runs to the first `]` (trailing whitespace removed, leading kept); text
 *   after `]` is ignored; a `[` line without `]` is a fatal error for the server;
 * - `name = value`: whitespace around both is removed; when the value starts and ends with the same
 *   quote (and is longer than one character) the quotes are removed; the escapes `\n \t \r \b \s
 *   \" \' \\` are then applied whether or not the value was quoted; any other `\x` is kept as is;
 * - group names match case-insensitively (`[MYSQLD]` is read by mysqld); option names are compared
 *   with `-` and `_` equal; MariaDB ignores their case, MySQL 8 does not (info diagnostic);
 * - `!include FILE` / `!includedir DIR` (the keyword must be followed by whitespace; the rest of the
 *   line, comments included, is the path); `!includedir` reads only `*.cnf` files, sorted; a
 *   missing `!include` file is skipped silently, a missing `!includedir` folder stops the server;
 *   unknown `!` directives are ignored; nesting stops at 10 levels;
 * - an option before any group in a file is an error (the server refuses the file).
 *
 * Pure TypeScript: the submission is a FileTree; nothing outside it is ever read.
 */
import { type Diagnostic, type ParseResult, type Span, decodeText, diagnostic } from '../../source';
import { diag, fragment, hint } from './codes';
import { type FileTree, dirname, joinPath } from '../../vfs';
import type { MyCnfFile, MyCnfGroup, MyCnfInclude, MyCnfOption } from './ast';
import { FileSpans, IncludeNode, newGroup, newOption } from './nodes';

/** MySQL's include nesting limit (`max_recursion_level`). */
export const MAX_INCLUDE_DEPTH = 10;

/**
 * Lines that make a node (options, group headers, !include directives) read per parse, all files of
 * one include tree together. A real option file has dozens; a 10 MB file of `a=1` lines has 2.6
 * million, each a node kept for the checks (~0.35 µs and ~120 bytes apiece). Past this many the parser
 * stops with an error that says where, so an adversarial file costs a bounded time (the file-size
 * limit alone would allow 5 million bare options).
 */
export const MAX_ENTRIES = 1_000_000;

const SERVER_VERSIONS = ['5.7', '8.0', '8.4', '9.0', '10.5', '10.6', '10.11', '11.4', '11.8'];

/**
 * Groups the server reads: mysqld reads [mysqld], [server] and [mysqld-VERSION]; mariadbd also
 * reads [mariadb], [mariadb-VERSION], [mariadbd], [mariadbd-VERSION], [client-server] and [galera]
 * (`mariadbd --help --verbose` on 10.11). Versioned groups are listed for the versions a lab
 * machine runs (MySQL 5.7-9.0, MariaDB 10.5-11.8); use `serverGroups(version)` for one version.
 */
export const SERVER_GROUPS: string[] = [
  'mysqld',
  'server',
  'mariadb',
  'mariadbd',
  'client-server',
  'galera',
  ...SERVER_VERSIONS.flatMap((v) => [`mysqld-${v}`, `mariadb-${v}`, `mariadbd-${v}`]),
];

/** The groups one server version reads (e.g. `serverGroups('10.11')`). */
export function serverGroups(version?: string): string[] {
  const base = ['mysqld', 'server', 'mariadb', 'mariadbd', 'client-server', 'galera'];
  return version ? [...base, `mysqld-${version}`, `mariadb-${version}`, `mariadbd-${version}`] : base;
}

/** Absolute include paths of the stock Debian/Ubuntu/RHEL MySQL and MariaDB packages. */
const STOCK_INCLUDES = [
  '/etc/mysql/conf.d',
  '/etc/mysql/mysql.conf.d',
  '/etc/mysql/mariadb.conf.d',
  '/etc/mysql/my.cnf',
  '/etc/mysql/mariadb.cnf',
  '/etc/mysql/debian.cnf',
  '/etc/my.cnf.d',
  '/etc/my.cnf',
];

export function isStockInclude(path: string): boolean {
  const p = path.replace(/\/+$/, '');
  return STOCK_INCLUDES.some((s) => p === s || p.startsWith(s + '/'));
}

const normCache = new Map<string, { name: string; loose: boolean }>();

/** `Loose-Server-ID` -> `server_id`: `loose-` removed, `-` -> `_`, lower-cased. */
export function normalizeOptionName(raw: string): { name: string; loose: boolean } {
  const hit = normCache.get(raw);
  if (hit) return hit;
  const r = normalizeUncached(raw);
  if (normCache.size > 10_000) normCache.clear();
  normCache.set(raw, r);
  return r;
}

function normalizeUncached(raw: string): { name: string; loose: boolean } {
  let n = raw.toLowerCase();
  const loose = /^loose[-_]/.test(n);
  if (loose) n = n.slice(6);
  return { name: n.replace(/-/g, '_'), loose };
}

/** Whitespace as MySQL's latin1 `my_isspace`: space, \t, \n, \v, \f, \r. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Applies MySQL's option-value escapes; unknown `\x` keeps its backslash; a final lone `\` stays. */
export function unescapeValue(s: string): string {
  if (s.indexOf('\\') === -1) return s;
  const n = s.length;
  const buf = new Uint16Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    let ch = s.charCodeAt(i);
    if (ch === 92 && i < n - 1) {
      const nx = s.charCodeAt(++i);
      switch (nx) {
        case 110:
          ch = 10;
          break; // \n
        case 116:
          ch = 9;
          break; // \t
        case 114:
          ch = 13;
          break; // \r
        case 98:
          ch = 8;
          break; // \b
        case 115:
          ch = 32;
          break; // \s
        case 34:
        case 39:
        case 92:
          ch = nx;
          break; // \" \' \\
        default:
          buf[k++] = 92;
          ch = nx;
      }
    }
    buf[k++] = ch;
  }
  let out = '';
  for (let j = 0; j < k; j += 8192)
    out += String.fromCharCode.apply(null, buf.subarray(j, Math.min(k, j + 8192)) as unknown as number[]);
  return out;
}

/** Past this many diagnostics of one code in one file, the rest are counted in one summary. */
export const MAX_SAME_DIAGNOSTICS = 100;

/** A diagnostics list that keeps at most MAX_SAME_DIAGNOSTICS per (file, code) and counts the rest. */
class DiagnosticList {
  private readonly items: Diagnostic[] = [];
  /** file -> code -> count; past the cap a diagnostic costs two map look-ups and no allocation. */
  private readonly counts = new Map<string, Map<string, { n: number; first: Diagnostic }>>();
  /** Every (file, code) count, in first-seen order (for the summaries). */
  private readonly order: Array<{ n: number; first: Diagnostic }> = [];
  private count(file: string, code: string): { n: number; first: Diagnostic } | undefined {
    return this.counts.get(file)?.get(code);
  }
  /** Builds and adds a diagnostic only while its (file, code) is under the cap. */
  lazy(file: string, code: string, make: () => Diagnostic): void {
    const c = this.count(file, code);
    if (c !== undefined && c.n >= MAX_SAME_DIAGNOSTICS) {
      c.n++;
      return;
    }
    this.add(make());
  }
  add(...ds: Diagnostic[]): void {
    for (const d of ds) {
      const c = this.count(d.span.file, d.code);
      if (!c) {
        let byCode = this.counts.get(d.span.file);
        if (!byCode) this.counts.set(d.span.file, (byCode = new Map()));
        const e = { n: 1, first: d };
        byCode.set(d.code, e);
        this.order.push(e);
      } else if (++c.n > MAX_SAME_DIAGNOSTICS) continue;
      this.items.push(d);
    }
  }
  /** The diagnostics, plus one summary per (file, code) that went over the cap. */
  summarise(): Diagnostic[] {
    const out: Diagnostic[] = [...this.items];
    for (const { n, first } of this.order) {
      if (n > MAX_SAME_DIAGNOSTICS) {
        out.push(
          diagnostic(
            first.code,
            first.severity,
            fragment('moreLikeThis', {
              count: n - MAX_SAME_DIAGNOSTICS,
              file: first.span.file,
              max: MAX_SAME_DIAGNOSTICS,
            }),
            first.span,
          ),
        );
      }
    }
    return out;
  }
}

interface Ctx {
  tree?: FileTree;
  diagnostics: DiagnosticList;
  options: MyCnfOption[];
  groups: MyCnfGroup[];
  includes: MyCnfInclude[];
  /** Files being read, outermost first (for loop detection). */
  stack: Array<{ file: string; span?: Span }>;
  /** Options per group + name, for duplicate notes. */
  seen: Map<string, Map<string, { n: number; first: MyCnfOption; prev: MyCnfOption; last: MyCnfOption }>>;
  outside: MyCnfOption[];
  /** The last group name read and its lower-case form (see groupHeader). */
  lastGroupRaw: string;
  lastGroupName: string;
  /** Set when MAX_ENTRIES was reached: nothing more is read. */
  full: boolean;
}

/** Shortens a long excerpt for a message. */
function excerpt(s: string, max = 80): string {
  return JSON.stringify(s.length > max ? s.slice(0, max) + '…' : s);
}

function parseText(file: string, text: string, ctx: Ctx): void {
  let group: MyCnfGroup | undefined;
  const len = text.length;
  let lineStart = 0;
  let lineNo = 0;
  const src = new FileSpans(file, text);
  // Every span lies on the line being read: columns come straight from its start offset.
  const span = (a: number, b: number): Span => ({
    file,
    line: lineNo,
    column: a - lineStart + 1,
    endLine: lineNo,
    endColumn: Math.max(a, b) - lineStart + 1,
    offset: a,
    endOffset: Math.max(a, b),
  });
  while (lineStart <= len) {
    lineNo++;
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = len;
    const next = lineEnd + 1;
    let p = lineStart;
    while (p < lineEnd && isSpace(text.charCodeAt(p))) p++;
    // Content end without trailing whitespace (and the \r of CRLF).
    let e = lineEnd;
    while (e > p && isSpace(text.charCodeAt(e - 1))) e--;
    const c = text.charCodeAt(p);
    if (p >= e || c === 35 /* # */ || c === 59 /* ; */) {
      lineStart = next;
      continue;
    }
    if (ctx.groups.length + ctx.options.length + ctx.outside.length + ctx.includes.length >= MAX_ENTRIES) {
      ctx.full = true;
      ctx.diagnostics.add(
        diag(
          'mycnf/too-many-entries',
          'error',
          span(p, e),
          { max: String(MAX_ENTRIES).replace(/\B(?=(\d{3})+(?!\d))/g, ','), file },
          {
            hint: hint('mycnf/too-many-entries'),
          },
        ),
      );
      return;
    }
    if (c === 33 /* ! */) {
      directive(file, text, p, e, ctx, span, src, lineNo);
      if (ctx.full) return;
    } else if (c === 91 /* [ */) {
      group = groupHeader(file, text, p, e, ctx, span, src, lineNo);
    } else {
      option(file, text, p, e, group, ctx, span, src, lineNo);
    }
    lineStart = next;
  }
}

function groupHeader(
  file: string,
  text: string,
  p: number,
  e: number,
  ctx: Ctx,
  span: (a: number, b: number) => Span,
  src: FileSpans,
  line: number,
): MyCnfGroup {
  let close = p + 1;
  while (close < e && text.charCodeAt(close) !== 93 /* ] */) close++;
  let nameEnd: number;
  let headerEnd: number;
  if (close >= e) {
    ctx.diagnostics.lazy(file, 'mycnf/bad-group-header', () =>
      diag(
        'mycnf/bad-group-header',
        'error',
        span(p, e),
        { header: excerpt(text.slice(p, e)) },
        {
          hint: hint('mycnf/bad-group-header'),
        },
      ),
    );
    nameEnd = e;
    headerEnd = e;
  } else {
    nameEnd = close;
    headerEnd = close + 1;
    let after = headerEnd;
    while (after < e && isSpace(text.charCodeAt(after))) after++;
    if (after < e && text[after] !== '#' && text[after] !== ';') {
      ctx.diagnostics.lazy(file, 'mycnf/text-after-group', () =>
        diag(
          'mycnf/text-after-group',
          'warning',
          span(after, e),
          { text: excerpt(text.slice(after, e)) },
          {
            hint: hint('mycnf/text-after-group'),
          },
        ),
      );
    }
  }
  while (nameEnd > p + 1 && isSpace(text.charCodeAt(nameEnd - 1))) nameEnd--;
  let rawName: string;
  // The last group name read is reused when the next header spells it the same (no new strings).
  if (nameEnd - (p + 1) === ctx.lastGroupRaw.length && text.startsWith(ctx.lastGroupRaw, p + 1))
    rawName = ctx.lastGroupRaw;
  else {
    ctx.lastGroupRaw = rawName = text.slice(p + 1, nameEnd);
    ctx.lastGroupName = rawName.toLowerCase();
  }
  const g = newGroup(ctx.lastGroupName, rawName, src, line, p, headerEnd);
  if (rawName === '') {
    ctx.diagnostics.lazy(file, 'mycnf/empty-group', () =>
      diag('mycnf/empty-group', 'warning', span(p, headerEnd), null),
    );
  } else if (isSpace(rawName.charCodeAt(0))) {
    ctx.diagnostics.lazy(file, 'mycnf/group-space', () =>
      diag(
        'mycnf/group-space',
        'warning',
        span(p, headerEnd),
        { name: JSON.stringify(rawName), trimmed: rawName.trim() },
        {
          hint: hint('mycnf/group-space', { trimmed: rawName.trim() }),
        },
      ),
    );
  }
  ctx.groups.push(g);
  return g;
}

/**
 * Finds where a `#` comment starts (MySQL `remove_end_comment`): outside quotes only; a backslash
 * inside quotes protects the next character. Returns the comment offset (or `e`) and the offset
 * of a quote left open at the end of the line (-1 when none).
 */
function commentStart(text: string, p: number, e: number): { end: number; openQuote: number } {
  let quote = 0;
  let quoteAt = -1;
  let escape = false;
  for (let i = p; i < e; i++) {
    const c = text.charCodeAt(i);
    if ((c === 39 || c === 34) && !escape) {
      if (!quote) {
        quote = c;
        quoteAt = i;
      } else if (quote === c) quote = 0;
    }
    if (!quote && c === 35) return { end: i, openQuote: -1 };
    escape = quote !== 0 && c === 92 && !escape;
  }
  return { end: e, openQuote: quote ? quoteAt : -1 };
}

/** Whether text[a, e) contains a '#'. */
function hasHash(text: string, a: number, e: number): boolean {
  for (let i = a; i < e; i++) if (text.charCodeAt(i) === 35) return true;
  return false;
}

function option(
  file: string,
  text: string,
  p: number,
  e: number,
  group: MyCnfGroup | undefined,
  ctx: Ctx,
  span: (a: number, b: number) => Span,
  src: FileSpans,
  line: number,
): void {
  const { end: cend, openQuote } = commentStart(text, p, e);
  let eq = p;
  while (eq < cend && text.charCodeAt(eq) !== 61 /* = */) eq++;
  if (eq >= cend) eq = -1;
  let nameEnd = eq === -1 ? cend : eq;
  while (nameEnd > p && isSpace(text.charCodeAt(nameEnd - 1))) nameEnd--;
  const rawName = text.slice(p, nameEnd);
  let contentEnd = cend;
  while (contentEnd > p && isSpace(text.charCodeAt(contentEnd - 1))) contentEnd--;
  if (rawName === '' && eq === -1) return; // a line that is only a `#` comment after spaces (unreachable) or nothing
  const { name, loose } = normalizeOptionName(rawName);
  // (the cached object is shared: copy its fields, never the object)
  // All fields up front: one object shape for every option (bare options keep value undefined).
  // The value is read first, so the node is made once with its final fields (no stores after).
  let value: string | undefined;
  let rawValue: string | undefined;
  let valueStart = -1;
  let valueEnd = -1;
  if (eq !== -1) {
    let vs = eq + 1;
    while (vs < cend && isSpace(text.charCodeAt(vs))) vs++;
    let ve = cend;
    while (ve > vs && isSpace(text.charCodeAt(ve - 1))) ve--;
    const rawValue0 = text.slice(vs, ve);
    let inner = rawValue0;
    const q = rawValue0.charCodeAt(0);
    const quotedWhole =
      (q === 34 || q === 39) && rawValue0.length > 1 && rawValue0.charCodeAt(rawValue0.length - 1) === q;
    if (quotedWhole) inner = rawValue0.slice(1, -1);
    const v = unescapeValue(inner);
    value = v;
    rawValue = rawValue0;
    valueStart = vs;
    valueEnd = ve;
    if (openQuote === vs) {
      ctx.diagnostics.lazy(file, 'mycnf/unterminated-quote', () =>
        diag(
          'mycnf/unterminated-quote',
          'warning',
          span(openQuote, Math.max(ve, openQuote + 1)),
          { value: excerpt(rawValue0) },
          {
            hint: hint('mycnf/unterminated-quote'),
          },
        ),
      );
    } else if ((q === 34 || q === 39) && !quotedWhole) {
      ctx.diagnostics.lazy(file, 'mycnf/partial-quote', () =>
        diag(
          'mycnf/partial-quote',
          'warning',
          span(vs, ve),
          { value: excerpt(v) },
          {
            hint: hint('mycnf/partial-quote'),
          },
        ),
      );
    }
  }
  const opt = newOption(
    rawName,
    name,
    loose,
    group?.name ?? '',
    src,
    line,
    p,
    Math.max(contentEnd, nameEnd),
    value,
    rawValue,
    valueStart,
    valueEnd,
  );
  if (openQuote !== -1 && openQuote !== (valueStart < 0 ? -2 : valueStart) && hasHash(text, openQuote, e)) {
    ctx.diagnostics.lazy(file, 'mycnf/quote-hides-comment', () =>
      diag(
        text[openQuote] === "'" ? 'mycnf/quote-hides-comment#apostrophe' : 'mycnf/quote-hides-comment#quote',
        'warning',
        span(openQuote, e),
        { line: excerpt(text.slice(p, e)) },
        {
          hint: hint('mycnf/quote-hides-comment'),
        },
      ),
    );
  }
  if (rawName === '') {
    ctx.diagnostics.lazy(file, 'mycnf/empty-name', () =>
      diag('mycnf/empty-name', 'error', span(p, contentEnd), null, { hint: hint('mycnf/empty-name') }),
    );
    return;
  }
  // One pass over the name for both checks (ASCII; a non-ASCII name falls back to the regex's \s).
  let badChar = false;
  let upperCase = false;
  let nonAscii = false;
  for (let i = p; i < nameEnd; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 128) nonAscii = true;
    else if (ch === 34 || ch === 39 || ch === 96 || isSpace(ch)) badChar = true;
    else if (ch >= 65 && ch <= 90) upperCase = true;
  }
  if (nonAscii && !badChar) badChar = /[\s"'`]/.test(rawName);
  if (badChar) {
    ctx.diagnostics.lazy(file, 'mycnf/invalid-name', () =>
      diag(
        'mycnf/invalid-name',
        'warning',
        span(p, nameEnd),
        { name: excerpt(rawName) },
        {
          hint: hint('mycnf/invalid-name'),
        },
      ),
    );
  }
  if (!group) {
    ctx.diagnostics.lazy(file, 'mycnf/option-outside-group', () =>
      diag(
        'mycnf/option-outside-group',
        'error',
        span(p, Math.max(contentEnd, nameEnd)),
        { name: rawName },
        {
          hint: hint('mycnf/option-outside-group'),
        },
      ),
    );
    ctx.outside.push(opt);
    return;
  }
  if (upperCase) {
    ctx.diagnostics.lazy(file, 'mycnf/option-case', () =>
      diag('mycnf/option-case', 'info', span(p, nameEnd), { name: rawName, lower: rawName.toLowerCase() }),
    );
  }
  let byName = ctx.seen.get(group.name);
  if (!byName) ctx.seen.set(group.name, (byName = new Map()));
  const seen = byName.get(name);
  if (seen) {
    seen.n++;
    seen.prev = seen.last;
    seen.last = opt;
  } else byName.set(name, { n: 1, first: opt, prev: opt, last: opt });
  group.options.push(opt);
  ctx.options.push(opt);
}

function directive(
  file: string,
  text: string,
  p: number,
  e: number,
  ctx: Ctx,
  span: (a: number, b: number) => Span,
  src: FileSpans,
  line: number,
): void {
  let k = p + 1;
  while (k < e && isSpace(text.charCodeAt(k))) k++;
  let kind: '!include' | '!includedir' | undefined;
  let kwEnd = k;
  if (text.startsWith('includedir', k) && (k + 10 >= e ? false : isSpace(text.charCodeAt(k + 10)))) {
    kind = '!includedir';
    kwEnd = k + 10;
  } else if (text.startsWith('include', k) && (k + 7 >= e ? false : isSpace(text.charCodeAt(k + 7)))) {
    kind = '!include';
    kwEnd = k + 7;
  }
  if (!kind) {
    const lineSpan = span(p, e);
    if (/^(include|includedir)$/.test(text.slice(k, e))) {
      ctx.diagnostics.lazy(file, 'mycnf/include-missing-path', () =>
        diag('mycnf/include-missing-path#keyword', 'error', lineSpan, {
          line: text.slice(p, e),
          keyword: text.slice(k, e),
        }),
      );
    } else {
      ctx.diagnostics.lazy(file, 'mycnf/unknown-directive', () =>
        diag(
          'mycnf/unknown-directive',
          'warning',
          lineSpan,
          { line: excerpt(text.slice(p, e)) },
          {
            hint: hint('mycnf/unknown-directive'),
          },
        ),
      );
    }
    return;
  }
  let ps = kwEnd;
  while (ps < e && isSpace(text.charCodeAt(ps))) ps++;
  const path = text.slice(ps, e);
  const inc = new IncludeNode(kind, path, src, line, p, e);
  ctx.includes.push(inc);
  if (path === '') {
    ctx.diagnostics.lazy(file, 'mycnf/include-missing-path', () =>
      diag('mycnf/include-missing-path#directive', 'error', span(p, e), { directive: kind }),
    );
    return;
  }
  const pathSpan = span(ps, e);
  if (/\s#/.test(path)) {
    ctx.diagnostics.lazy(file, 'mycnf/include-comment', () =>
      diag(
        'mycnf/include-comment',
        'warning',
        pathSpan,
        { path: excerpt(path) },
        {
          hint: hint('mycnf/include-comment'),
        },
      ),
    );
  }
  if (path.startsWith('/')) {
    if (isStockInclude(path)) {
      ctx.diagnostics.lazy(file, 'mycnf/include-stock', () =>
        diag('mycnf/include-stock', 'info', pathSpan, { directive: kind, path }),
      );
    } else {
      ctx.diagnostics.lazy(file, 'mycnf/include-outside-submission', () =>
        diag(
          'mycnf/include-outside-submission#absolute',
          'error',
          pathSpan,
          { directive: kind, path },
          {
            hint: hint('mycnf/include-outside-submission'),
          },
        ),
      );
    }
    return;
  }
  const rel = joinPath(dirname(file), path);
  if (rel === null) {
    ctx.diagnostics.lazy(file, 'mycnf/include-outside-submission', () =>
      diag(
        'mycnf/include-outside-submission#climbs',
        'error',
        pathSpan,
        { directive: kind, path },
        {
          hint: hint('mycnf/include-outside-submission'),
        },
      ),
    );
    return;
  }
  const tree = ctx.tree;
  if (!tree) return; // text-only parse: includes are recorded, not followed
  if (ctx.stack.length > MAX_INCLUDE_DEPTH) {
    ctx.diagnostics.lazy(file, 'mycnf/include-depth', () =>
      diag('mycnf/include-depth', 'warning', pathSpan, { directive: kind, path, max: MAX_INCLUDE_DEPTH }),
    );
    return;
  }
  if (kind === '!include') {
    includeFile(rel, inc, pathSpan, ctx, tree);
    return;
  }
  const prefix = rel === '' ? '' : rel + '/';
  const all = tree.list().filter((f) => f.startsWith(prefix));
  if (all.length === 0) {
    ctx.diagnostics.lazy(file, 'mycnf/includedir-not-found', () =>
      diag('mycnf/includedir-not-found', 'error', pathSpan, { path, folder: rel || '.' }),
    );
    return;
  }
  const direct = all.filter((f) => !f.slice(prefix.length).includes('/')).sort();
  for (const f of direct) {
    if (!f.endsWith('.cnf')) {
      ctx.diagnostics.lazy(file, 'mycnf/includedir-skipped', () =>
        diag('mycnf/includedir-skipped', 'info', pathSpan, { path, file: f }),
      );
      continue;
    }
    includeFile(f, inc, pathSpan, ctx, tree);
  }
}

function includeFile(rel: string, inc: MyCnfInclude, pathSpan: Span, ctx: Ctx, tree: FileTree): void {
  const loopAt = ctx.stack.findIndex((s) => s.file === rel);
  if (loopAt !== -1) {
    const chain = [...ctx.stack.slice(loopAt).map((s) => s.file), rel].join(' -> ');
    ctx.diagnostics.lazy(pathSpan.file, 'mycnf/include-loop', () =>
      diag(
        'mycnf/include-loop',
        'error',
        pathSpan,
        { directive: inc.directive, path: inc.path, file: rel, chain, max: MAX_INCLUDE_DEPTH },
        {
          related: ctx.stack
            .slice(loopAt + 1)
            .flatMap((s) => (s.span ? [{ span: s.span, message: fragment('includedHere') }] : [])),
        },
      ),
    );
    return;
  }
  const bytes = tree.read(rel);
  if (bytes === undefined) {
    ctx.diagnostics.lazy(pathSpan.file, 'mycnf/include-not-found', () =>
      diag('mycnf/include-not-found', 'warning', pathSpan, { directive: inc.directive, path: inc.path, file: rel }),
    );
    return;
  }
  inc.resolved.push(rel);
  const dec = decodeText(rel, bytes);
  ctx.diagnostics.add(...dec.diagnostics);
  if (dec.binary || dec.text === '') return;
  ctx.stack.push({ file: rel, span: pathSpan });
  parseText(rel, dec.text, ctx);
  ctx.stack.pop();
}

function newCtx(entry: string, tree?: FileTree): Ctx {
  return {
    tree,
    diagnostics: new DiagnosticList(),
    options: [],
    groups: [],
    includes: [],
    stack: [{ file: entry }],
    seen: new Map(),
    outside: [],
    lastGroupRaw: '',
    lastGroupName: '',
    full: false,
  };
}

/** One note per option set more than once in a group: where the winning (last) value is. */
function duplicateNotes(ctx: Ctx): void {
  for (const byName of ctx.seen.values()) {
    for (const { n, first, prev, last } of byName.values()) {
      if (n < 2) continue;
      ctx.diagnostics.add(
        diag(
          last.value !== undefined ? 'mycnf/duplicate-option#value' : 'mycnf/duplicate-option#no-value',
          'info',
          last.span,
          {
            name: last.rawName,
            count: n,
            group: last.group,
            value: last.value !== undefined ? excerpt(last.value) : '',
          },
          {
            related: [
              { span: prev.span, message: fragment('earlier', { name: prev.rawName }) },
              ...(n > 2 ? [{ span: first.span, message: fragment('first', { name: first.rawName }) }] : []),
            ],
          },
        ),
      );
    }
  }
}

function result(file: string, ctx: Ctx): ParseResult<MyCnfFile> {
  duplicateNotes(ctx);
  const ast: MyCnfFile & { outside: MyCnfOption[] } = {
    file,
    groups: ctx.groups,
    includes: ctx.includes,
    options: ctx.options,
    outside: ctx.outside,
  };
  return { ast, diagnostics: ctx.diagnostics.summarise() };
}

/**
 * Parses one option file's text. `!include` / `!includedir` are recorded (with `resolved: []`)
 * but not followed: use `parseMyCnf` with a tree for that.
 */
export function parseMyCnfText(file: string, text: string): ParseResult<MyCnfFile> {
  const ctx = newCtx(file);
  try {
    parseText(file, text, ctx);
  } catch (err) {
    ctx.diagnostics.add(internalError(file, err));
  }
  return result(file, ctx);
}

/**
 * Parses an option file from a submission tree and follows its includes inside the tree.
 * `groups` and `options` hold those of the included files too (each carries its `file`), in the
 * order the server reads them.
 */
export function parseMyCnf(tree: FileTree, entry: string): ParseResult<MyCnfFile> {
  const ctx = newCtx(entry, tree);
  try {
    const bytes = tree.read(entry);
    if (bytes === undefined) {
      ctx.diagnostics.lazy(entry, 'file/not-found', () =>
        diag('file/not-found', 'error', { file: entry, line: 1, column: 1 }, { file: entry }),
      );
      return result(entry, ctx);
    }
    const dec = decodeText(entry, bytes);
    ctx.diagnostics.add(...dec.diagnostics);
    if (!dec.binary) parseText(entry, dec.text, ctx);
  } catch (err) {
    ctx.diagnostics.add(internalError(entry, err));
  }
  return result(entry, ctx);
}

function internalError(file: string, err: unknown): Diagnostic {
  return diag(
    'mycnf/internal',
    'error',
    { file, line: 1, column: 1 },
    { error: String((err as Error)?.message ?? err) },
  );
}

/**
 * The option the server uses: the last occurrence of `name` (compared normalised: `-`/`_`, case,
 * `loose-`) in any of `groups` (compared case-insensitively), across the files in order.
 */
export function getOption(cnf: MyCnfFile | MyCnfFile[], groups: string[], name: string): MyCnfOption | undefined {
  const want = normalizeOptionName(name).name;
  const gs = new Set(groups.map((g) => g.toLowerCase()));
  const files = Array.isArray(cnf) ? cnf : [cnf];
  let found: MyCnfOption | undefined;
  for (const f of files) for (const o of f.options) if (o.name === want && gs.has(o.group)) found = o;
  return found;
}

/** Every occurrence of `name` in `groups`, in reading order (the last one wins). */
export function getOptions(cnf: MyCnfFile | MyCnfFile[], groups: string[], name: string): MyCnfOption[] {
  const want = normalizeOptionName(name).name;
  const gs = new Set(groups.map((g) => g.toLowerCase()));
  const files = Array.isArray(cnf) ? cnf : [cnf];
  return files.flatMap((f) => f.options.filter((o) => o.name === want && gs.has(o.group)));
}

/**
 * Whether a boolean-ish option ends up on, as the server reads it: the last of `name`,
 * `skip-name`/`disable-name` (off) and `enable-name` (on) in `groups` wins; a bare `name` is on;
 * `name = 0|off|false` is off, `1|on|true` on, and any other value (a file name for `log-bin`) on.
 * Undefined when none of these forms is present.
 */
export function getBoolean(
  cnf: MyCnfFile | MyCnfFile[],
  groups: string[],
  name: string,
): { value: boolean; option: MyCnfOption } | undefined {
  const want = normalizeOptionName(name).name;
  const gs = new Set(groups.map((g) => g.toLowerCase()));
  const files = Array.isArray(cnf) ? cnf : [cnf];
  let found: { value: boolean; option: MyCnfOption } | undefined;
  for (const f of files) {
    for (const o of f.options) {
      if (!gs.has(o.group)) continue;
      if (o.name === want) {
        const v = o.value?.trim().toLowerCase();
        found = { value: !(v === '0' || v === 'off' || v === 'false'), option: o };
      } else if (o.name === `skip_${want}` || o.name === `disable_${want}`) found = { value: false, option: o };
      else if (o.name === `enable_${want}`) found = { value: true, option: o };
    }
  }
  return found;
}

/** Quotes a value so that the server reads it back exactly (used by `printMyCnf`). */
export function quoteValue(v: string): string {
  if (v !== '' && /^[^\s"'#\\;]+$/.test(v) && !/^[\s]|[\s]$/.test(v)) return v;
  return (
    '"' +
    v.replace(
      /[\\"\n\t\r\b]/g,
      (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b' })[c] as string,
    ) +
    '"'
  );
}

/**
 * Prints one file's groups back as option-file text (values re-quoted where needed). Parsing the
 * output gives the same groups, names and values (the round trip the tests check).
 */
export function printMyCnf(cnf: MyCnfFile, file: string = cnf.file): string {
  const out: string[] = [];
  for (const g of cnf.groups) {
    if (g.file !== file) continue;
    out.push(`[${g.rawName}]`);
    for (const o of g.options) out.push(o.value === undefined ? o.rawName : `${o.rawName} = ${quoteValue(o.value)}`);
  }
  return out.join('\n') + (out.length ? '\n' : '');
}
