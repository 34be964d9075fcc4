/**
 * Nginx parser: crossplane's `parser.py` algorithm over the pull lexer, with an explicit stack
 * (no recursion, so deep nesting cannot overflow), include resolution confined to the submission
 * tree, and diagnostics with spans.
 *
 * Two layers of findings:
 * - `NginxConfigFile.crossplaneErrors`: exactly the errors crossplane would put in its payload
 *   (same reasons, same lines), so `toCrossplane()` reproduces crossplane's output;
 * - `NginxParse.diagnostics`: every finding as a `Diagnostic` with a code and a span (the
 *   crossplane errors plus syntax problems crossplane passes over silently, unknown directives
 *   with a did-you-mean hint, include findings).
 *
 * Codes: syntax (what `nginx -t` rejects): nginx/unexpected-close, nginx/unexpected-eof,
 * nginx/unterminated-quote, nginx/unexpected-token, nginx/unexpected-after-quote,
 * nginx/missing-semicolon, nginx/no-opening-brace, nginx/lua-block; analyzer (table from
 * @nginx/reference-lib): nginx/unknown-directive (warning; error with `strict`; info for Lua
 * directives), nginx/not-allowed-here, nginx/invalid-args; files and includes:
 * nginx/file-not-found, nginx/include-outside-submission (error, never read), nginx/include-stock
 * (info: an absolute path under /etc/nginx/ and the like, assumed to be the distribution's file,
 * never read even if the submission has a file of that name), nginx/include-not-found,
 * nginx/include-loop (a file including one of its includers, or a chain deeper than
 * MAX_INCLUDE_DEPTH), nginx/include-limit; limits: nginx/too-deep, nginx/too-many-findings;
 * nginx/context-inferred (info), nginx/comment-at-eof (info); plus decodeText's file/* codes.
 *
 * Include paths resolve against the entry file's folder (crossplane's prefix semantics), only
 * inside the tree. Where the crossplane payload cannot be crossplane's (an include that leaves the
 * submission is not read), it carries our own error text in crossplane's shape.
 */
import { decodeText, type Diagnostic, diagnostic, type Severity, type Span, spanAt } from '../../source';
import { type NginxDiagnosticCode, diag, fragment, hint as hintOf, message, rendered } from './codes';
import { dirname, type FileTree, globToRegExp, MemoryTree, normalizePath, scriptPrefix } from '../../vfs';
import type { NginxArg, NginxConfigFile, NginxDirective, NginxParse } from './ast';
import {
  ARG_FLAG,
  analyzeWith,
  type AnalyzeProblem,
  contextBit,
  CTX,
  DIRECTIVE_RULES,
  enterBlockContext,
  rulesOf,
  suggestDirective,
} from './directives';
import { isSpaceCode, LUA_BLOCK_DIRECTIVES, NginxLexer, Tok, TOKEN_STOP } from './lexer';
import { writeStatement } from './crossplane';
import { JsonBytes, putUint, stmtPrefix, utf8 } from './jsonout';
import { PosBuffer, Stmt } from './nodes';

export interface NginxParseOptions {
  /** Keep `#` comments as `directive: "#"` statements (crossplane `--include-comments`). */
  comments?: boolean;
  /** Do not follow `include` (crossplane `--single-file`). */
  single?: boolean;
  /** Unknown directives are errors (crossplane `--strict`). */
  strict?: boolean;
  /** Most files an include chain may pull in (default 1000). */
  maxIncludes?: number;
  /**
   * The block the entry file is read in, as a context path (`''` = main, `'http'`,
   * `'http>server'`...). Default: inferred from the file's first directive, so a server-level file
   * (`sites-available/default`, `conf.d/app.conf`: `server { ... }` at the top) is read as nginx
   * reads it, included inside `http { }` (finding `nginx/context-inferred`, info). Pass `''` for
   * crossplane's behaviour exactly (it always starts in main, so it reports such files'
   * `server` as "not allowed here").
   */
  context?: string;
}

/** crossplane's error entry of one file. `line` is null where crossplane has none. */
export interface CrossplaneError {
  error: string;
  line: number | null;
}

/** Deepest block nesting accepted; deeper input is reported (`nginx/too-deep`) and parsing of the file stops. */
export const MAX_NESTING = 200;
/**
 * Statements read in one parse (all files of the include tree together): a real configuration has a few
 * hundred. Past it the parse stops with `nginx/too-many-statements` at the first statement not read, so a
 * 10 MB file of `;` costs a bounded time and memory (it took 88 s and 4.3 GB).
 */
export const MAX_STATEMENTS = 50_000;
/** Findings of one code listed per file (the rest are counted in one `nginx/too-many-findings`). */
export const MAX_SAME_CODE = 200;
/** Longest include chain followed (`nginx/include-loop` beyond). */
export const MAX_INCLUDE_DEPTH = 32;

/** Absolute include paths that name the distribution's own files: not in the submission, assumed stock. */
/**
 * What Debian 12's nginx-common ships in /etc/nginx/ that a site file includes by a relative path
 * (`include proxy_params;`, `include snippets/fastcgi-php.conf;`): Nginx resolves a relative include
 * against its prefix, /etc/nginx/, so these are the distribution's files, not missing ones.
 */
export const STOCK_RELATIVE_INCLUDES = new Set([
  'proxy_params',
  'mime.types',
  'fastcgi_params',
  'fastcgi.conf',
  'scgi_params',
  'uwsgi_params',
  'koi-utf',
  'koi-win',
  'win-utf',
  'snippets/fastcgi-php.conf',
  'snippets/snakeoil.conf',
]);
/** A file named in a folder of the stock tree (`sites-enabled/default`, `conf.d/x.conf`): the distribution's (globs stay globs). */
export const STOCK_RELATIVE_GLOBS = /^(modules-enabled|conf\.d|sites-enabled)\/[^/]*$/;

export const STOCK_INCLUDE_PREFIXES = [
  '/etc/nginx/',
  '/usr/share/nginx/',
  '/usr/local/nginx/conf/',
  '/usr/local/etc/nginx/',
];

const EMPTY: string[] = [];

const PROBLEM_CODES: Record<AnalyzeProblem, NginxDiagnosticCode> = {
  unknown: 'nginx/unknown-directive',
  'not-allowed-here': 'nginx/not-allowed-here',
  'no-opening-brace': 'nginx/no-opening-brace',
  'not-terminated': 'nginx/missing-semicolon',
  'invalid-args': 'nginx/invalid-args',
  'invalid-flag': 'nginx/invalid-args',
};

interface QueueItem {
  file: string;
  ctx: string;
  parent: number;
  depth: number;
}

interface Frame {
  list: NginxDirective[] | null; // null: consuming (crossplane's consume=True), nothing is kept
  ctx: string;
  /** the context's bit (undefined: a block the analyzer does not describe) and "inside http types" */
  bit: number | undefined;
  types: boolean;
  owner: Stmt | null;
  /** streaming mode: statements written in this block so far (for commas) */
  emitted: number;
  /** streaming mode: the owner was written, its block must be closed with "]}" */
  open: boolean;
  /** streaming mode: comments read between the owner's arguments, written after its block */
  after: NginxDirective[] | null;
}

/** Python's glob.has_magic. */
function hasMagic(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === 42 || c === 63 || c === 91) return true;
  }
  return false;
}

/** Python's os.path.join(dir, rel) for the message crossplane prints. */
function pyJoin(dir: string, rel: string): string {
  if (rel.startsWith('/') || dir === '') return rel;
  return dir.endsWith('/') ? dir + rel : `${dir}/${rel}`;
}

/** Python's glob: `*` and `?` do not match a leading dot; results sorted. */
function globTree(files: string[], pattern: string): string[] {
  const re = globToRegExp(pattern);
  const segs = pattern.split('/');
  return files
    .filter((f) => {
      if (!re.test(f)) return false;
      const parts = f.split('/');
      for (let i = 0; i < parts.length; i++)
        if (parts[i].startsWith('.') && !(segs[i] ?? '').startsWith('.')) return false;
      return true;
    })
    .sort();
}

/** crossplane's _prepare_if_args: strips the parentheses of an `if` condition. */
function prepareIfArgs(stmt: Stmt): void {
  const args = stmt.args;
  if (args.length && args[0].startsWith('(') && args[args.length - 1].endsWith(')')) {
    args[0] = args[0].slice(1).replace(/^\s+/, '');
    args[args.length - 1] = args[args.length - 1].slice(0, -1).replace(/\s+$/, '');
    const start = args[0] ? 0 : 1;
    const end = args.length - (args[args.length - 1] ? 0 : 1);
    stmt.args = args.slice(start, Math.max(start, end));
    stmt.argBase += 7 * start;
  }
}

export interface TextSource {
  /** Decoded text of a file, or undefined when the tree has no such file. */
  read(path: string): { text: string; diagnostics: Diagnostic[]; unreadable: boolean } | undefined;
  list(): string[];
}

/**
 * A TextSource over a tree, decoding each file once. `primed`: files already decoded by the caller
 * (path -> decodeText's result), so the entry file is not decoded twice.
 */
export function treeSource(
  tree: FileTree,
  primed?: Record<string, { text: string; diagnostics: Diagnostic[]; binary: boolean }>,
): TextSource {
  let files: string[] | undefined;
  const decoded = new Map<string, ReturnType<TextSource['read']>>();
  if (primed) {
    for (const [p, d] of Object.entries(primed)) {
      decoded.set(p, {
        text: d.text,
        diagnostics: d.diagnostics,
        unreadable: d.binary || d.diagnostics.some((x) => x.severity === 'error'),
      });
    }
  }
  return {
    read(path) {
      if (decoded.has(path)) return decoded.get(path);
      const bytes = tree.read(path);
      const d = bytes ? decodeText(path, bytes) : undefined;
      const r = d && {
        text: d.text,
        diagnostics: d.diagnostics,
        unreadable: d.binary || d.diagnostics.some((x) => x.severity === 'error'),
      };
      decoded.set(path, r);
      return r;
    },
    list: () => (files ??= tree.list()),
  };
}

/**
 * Parses `entry` (a path in `tree`) and the files its `include`s pull in from the same tree.
 * Never throws.
 */
export function parseNginx(tree: FileTree, entry: string, opts: NginxParseOptions = {}): NginxParse {
  return parseNginxSource(treeSource(tree), entry, opts);
}

/** Parses one text as a file named `file` (includes resolve against nothing but that file). */
export function parseNginxText(file: string, text: string, opts: NginxParseOptions = {}): NginxParse {
  const name = normalizePath(file) || 'nginx.conf';
  const source: TextSource = {
    read: (p) => (p === name ? { text, diagnostics: [], unreadable: false } : undefined),
    list: () => [name],
  };
  return parseNginxSource(source, name, opts);
}

/** A one-file tree (kept for callers that want a FileTree). */
export function oneFileTree(file: string, text: string): MemoryTree {
  return new MemoryTree({ [file]: text });
}

/**
 * Parses like `parseNginxSource` and writes crossplane's payload (compact JSON, exactly
 * `JSON.stringify(toCrossplane(parse, { comments }))`) as UTF-8 bytes while it reads, without
 * building the AST: the returned `parse` has every config's `parsed` empty (its diagnostics,
 * errors, crossplaneErrors and statuses are complete). The payload is returned as chunks to write
 * in order (no copy of the big body; `joinChunks` joins them). The fast path of
 * `web-infra-lab parse --format crossplane`.
 *
 * `opts.scratch`: memory the payload may be written into (its contents are overwritten; the
 * chunks may be views of it). A caller that has decoded the file and has no more use for its bytes
 * can pass their buffer, already paged in, when it is at least three times the text's length.
 */
export function parseNginxCrossplane(
  source: TextSource,
  entry: string,
  opts: NginxParseOptions & { scratch?: Uint8Array } = {},
): { parse: NginxParse; chunks: Uint8Array[] } {
  // The payload is two to three times the size of the text (2.14 for the 6.5 MB benchmark file):
  // allocate once, generously. Pages never written cost nothing (a large ArrayBuffer is mapped lazily),
  // while growing copies the whole payload and touches twice its size again: ~20 ms on 6.5 MB.
  const first = source.read(normalizePath(entry) ?? entry);
  const out = new JsonBytes(Math.max(1 << 16, first ? 3 * first.text.length + 4096 : 0), opts.scratch);
  let ranges: Array<[number, number]> = [];
  let parse: NginxParse | undefined;
  // the common case (one file that needs no finding) in one tight loop; anything else: the parser
  if (first && !first.unreadable && !opts.strict && !opts.comments) {
    const file = normalizePath(entry) ?? entry;
    const ctx = opts.context ?? (inferContext(first.text) ? undefined : '');
    if (ctx !== undefined) {
      const diagnostics = first.diagnostics.slice();
      if (fastStream(first.text, file, ctx, !!opts.single, out, diagnostics)) {
        parse = { configs: [{ file, status: 'ok', errors: [], parsed: [], crossplaneErrors: [] }], diagnostics };
        ranges = [[0, out.n]];
      } else out.n = 0;
    }
  }
  parse ??= parseNginxSource(source, entry, opts, out, ranges);
  const errors: Array<{ file: string; error: string; line: number | null }> = [];
  const tail: string[] = [];
  const parts: Array<string | [number, number]> = [];
  for (let i = 0; i < parse.configs.length; i++) {
    const c = parse.configs[i];
    const errs = (c.crossplaneErrors ?? []).map((e) => ({ error: e.error, line: e.line }));
    for (const e of errs) errors.push({ file: c.file, error: e.error, line: e.line });
    tail.push(
      `${i ? ']},' : ''}{"file":${JSON.stringify(c.file)},"status":"${errs.length ? 'failed' : 'ok'}","errors":${JSON.stringify(errs)},"parsed":[`,
    );
    if (!c.aborted && ranges[i] && ranges[i][1] > ranges[i][0]) {
      parts.push(tail.join(''), ranges[i]);
      tail.length = 0;
    }
  }
  tail.push(parse.configs.length ? ']}]}' : ']}');
  parts.push(tail.join(''));
  const top = `{"status":"${errors.length ? 'failed' : 'ok'}","errors":${JSON.stringify(errors)},"config":[`;
  const chunks: Uint8Array[] = [];
  parts[0] = top + (parts[0] as string);
  for (const p of parts) chunks.push(typeof p === 'string' ? utf8(p) : out.buf.subarray(p[0], p[1]));
  return { parse, chunks };
}

/** The chunks of `parseNginxCrossplane` as one byte array. */
export function joinChunks(chunks: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const c of chunks) len += c.length;
  const all = new Uint8Array(len);
  let n = 0;
  for (const c of chunks) {
    all.set(c, n);
    n += c.length;
  }
  return all;
}

const INCLUDES_EMPTY = /* @__PURE__ */ utf8(',"includes":[]');
const BLOCK_OPEN = /* @__PURE__ */ utf8(',"block":[');

/** Shared argument arrays for the analyzer when only the count matters. */
const BLANK_ARGS: string[][] = Array.from({ length: 65 }, (_, k) => new Array<string>(k).fill(''));
/** What the fast path needs to know about a directive name, looked up once per distinct name. */
class NameInfo {
  readonly rules: ReadonlyArray<readonly [number, number]> | undefined;
  /** `if`, a Lua block directive: left to the full parser */
  readonly special: boolean;
  /** one of its rules takes an on/off flag (the analyzer reads the argument) */
  readonly flag: boolean;
  readonly prefix: Uint8Array;
  /** the last shape (context bit, argument count, terminator) the analyzer accepted for this name */
  okBit = -1;
  okArgc = -1;
  okTerm = -1;
  /** the context a block of this name was last opened in, and what it led to */
  blockFrom: string | null = null;
  blockCtx = '';
  blockBit: number | undefined = undefined;
  blockTypes = false;
  constructor(readonly name: string) {
    this.rules = rulesOf(name);
    this.special = name === 'if' || LUA_BLOCK_DIRECTIVES.has(name);
    this.flag = this.rules !== undefined && hasFlagRule(this.rules);
    this.prefix = stmtPrefix(name);
  }
}

const NAMES: Array<NameInfo | undefined> = new Array<NameInfo | undefined>(4096).fill(undefined);

/**
 * A new NameInfo for text[start, end) in the direct-mapped cache's slot (FastStream.statement
 * looks names up: the slot is a hash of the length and five characters).
 */
function addName(text: string, start: number, end: number, slot: number): NameInfo {
  const v = new NameInfo(text.slice(start, end));
  NAMES[slot] = v;
  return v;
}

/**
 * The streaming writer's fast path: lexes, checks and writes one file in a single loop, for the
 * common case only. It returns false as soon as the file holds anything that needs a finding or a
 * rarer lexing rule (an unknown directive, an analyzer problem, an include other than a stock
 * absolute path, `if`, Lua, `${`, CR, a backslash in a quoted string or comment, a comment between
 * arguments, a stray brace, the end of the file inside a statement...): the caller then throws the
 * output away and runs the full parser, which gives the same payload for what the fast path
 * accepts (stream.test.ts checks both against the AST path). `diagnostics` gets the
 * `nginx/include-stock` findings (the only findings the fast path produces).
 */
function fastStream(
  text: string,
  fname: string,
  ctx0: string,
  single: boolean,
  out: JsonBytes,
  diagnostics: Diagnostic[],
): boolean {
  return new FastStream(text, fname, ctx0, single, out, diagnostics).run();
}

/**
 * The fast path's state. A word, a quoted string, a statement's start (head) and its end
 * (statement) are methods of their own rather than parts of one big loop: each is optimised by V8
 * after a few hundred calls, so a single run spends little time in unoptimised code (a
 * one-function version waited for an on-stack replacement of the whole loop; head() written out
 * in the loop measured 3 ms slower). Smaller helpers (whitespace, the name lookup, the JSON
 * pieces) are written out inside their caller: each would be one more function for V8's single
 * spare core to compile first, which delayed the ones that matter.
 */
class FastStream {
  line = 1;
  ls = 0;
  top = 0;
  readonly ctxs: string[];
  readonly bits: Array<number | undefined>;
  readonly typesOf: boolean[];
  readonly emitted: number[];
  info: NameInfo | null = null;
  /** the statement's name: text[nameStart, nameEnd) */
  nameStart = 0;
  nameEnd = 0;
  nameLine = 0;
  argc = 0;
  readonly argStart = new Int32Array(64);
  readonly argEnd = new Int32Array(64);
  /** set by word() and quoted(): the token has a character JSON escapes or that is not ASCII (it is written again, with strRange) */
  esc = false;
  a0Start = 0;
  a0End = 0;
  a0Line = 0;
  a0Ls = 0;
  a0EndLine = 0;
  a0EndLs = 0;
  stock = 0;
  readonly n: number;

  constructor(
    readonly text: string,
    readonly fname: string,
    ctx0: string,
    readonly single: boolean,
    readonly out: JsonBytes,
    readonly diagnostics: Diagnostic[],
  ) {
    this.n = text.length;
    this.ctxs = [ctx0];
    this.bits = [contextBit(ctx0)];
    this.typesOf = [ctx0.endsWith('>types') && ctx0.startsWith('http>')];
    this.emitted = [0];
  }

  /** A comment at i (no escapes, ended by a newline): the index after it, -1 otherwise. */
  comment(i: number): number {
    const text = this.text;
    const n = this.n;
    for (let j = i + 1; j < n; j++) {
      const d = text.charCodeAt(j);
      if (d === 10) {
        this.line++;
        this.ls = j + 1;
        return j + 1;
      }
      if (d === 92 || d === 13) return -1;
    }
    return -1;
  }

  /**
   * An unquoted word from i: its end, -1 where the full parser is needed. Its characters are
   * copied to b[p...] as they are read (b has room for the rest of the text); when `esc` is set,
   * what was copied is not the JSON and the caller writes the token again.
   */
  word(i: number, b: Uint8Array, p: number): number {
    const text = this.text;
    const n = this.n;
    let j = i;
    const d0 = p - i;
    for (;;) {
      if (j >= n) return -1; // the end of the file inside a token
      const d = text.charCodeAt(j);
      if (d < 128) {
        const k = WORD_CLASS[d];
        if (k === 0) {
          b[d0 + j] = d;
          j++;
          continue;
        }
        if (k === 2) {
          this.esc = true;
          j++;
          continue;
        }
      } else if (d < 0x85 || !isSpaceCode(d)) {
        this.esc = true;
        j++;
        continue;
      }
      if (d === 92) {
        // an escape unit, copied as it is
        this.esc = true;
        if (j + 1 >= n) return -1;
        const e = text.charCodeAt(j + 1);
        if (e === 13) return -1;
        if (e === 10) {
          this.line++;
          this.ls = j + 2;
        }
        j += 2;
        continue;
      }
      if (d === 36) {
        if (j + 1 < n && text.charCodeAt(j + 1) === 123) return -1; // ${...}
        b[d0 + j] = d;
        j++;
        continue;
      }
      return j; // whitespace, "{", "}" or ";"
    }
  }

  /**
   * A quoted string opened at i: the closing quote's index, -1 where the full parser is needed.
   * Its characters are copied to b[p...] as word() copies them.
   */
  quoted(i: number, q: number, b: Uint8Array, p: number): number {
    const text = this.text;
    const n = this.n;
    let j = i + 1;
    const d0 = p - j;
    for (;;) {
      if (j >= n) return -1;
      const d = text.charCodeAt(j);
      if (d === q) break;
      if (d === 92 || d === 13) return -1;
      if (d < 32 || d > 126 || d === 34) {
        this.esc = true;
        if (d === 10) {
          this.line++;
          this.ls = j + 1;
        }
      } else b[d0 + j] = d;
      j++;
    }
    if (j + 1 < n) {
      // nginx wants a space, ";", "{" or ")" after a closing quote
      const a = text.charCodeAt(j + 1);
      if (a !== 32 && a !== 9 && a !== 10 && a !== 59 && a !== 123 && a !== 41) return -1;
    }
    return j;
  }

  /**
   * A statement's name was read (text[nameStart, nameEnd)): its NameInfo, and the statement's
   * start written: `{"directive":NAME,"line":N,"args":[` (after a "," but for the block's first).
   * The arguments are then written as they are read; statement() checks the whole and ends it
   * (when the check fails, the fast path gives up and what was written is thrown away).
   */
  head(): void {
    const text = this.text;
    const out = this.out;
    // The name's NameInfo, from a direct-mapped cache keyed by a hash of the length and five
    // characters (names differ early, late or in length); a collision only costs a miss.
    const start = this.nameStart;
    const end = this.nameEnd;
    const len = end - start;
    let h = len;
    if (len > 0) {
      h = Math.imul(h, 31) + text.charCodeAt(start);
      h = Math.imul(h, 31) + text.charCodeAt(end - 1);
      h = Math.imul(h, 31) + text.charCodeAt(start + (len >> 1));
      if (len > 2) {
        h = Math.imul(h, 31) + text.charCodeAt(start + 1);
        h = Math.imul(h, 31) + text.charCodeAt(end - 2);
      }
    }
    const slot = (h ^ (h >>> 12)) & 4095;
    let info = NAMES[slot];
    if (info !== undefined && info.name.length === len) {
      const nm = info.name;
      let k = 0;
      while (k < len && nm.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k !== len) info = undefined;
    } else info = undefined;
    if (info === undefined) info = addName(text, start, end, slot);
    this.info = info;
    // written in place: one room check and no call per piece (each helper would be one more
    // function for V8 to optimise on its own before this one)
    const pre = info.prefix;
    out.ensure(pre.length + 24); // ",", the line, ',"args":['
    const b = out.buf;
    let p = out.n;
    if (this.emitted[this.top]++ !== 0) b[p++] = 44; // ,
    b.set(pre, p);
    p += pre.length;
    p = putUint(b, p, this.nameLine);
    // ,"args":[
    b[p] = 44;
    b[p + 1] = 34;
    b[p + 2] = 97;
    b[p + 3] = 114;
    b[p + 4] = 103;
    b[p + 5] = 115;
    b[p + 6] = 34;
    b[p + 7] = 58;
    b[p + 8] = 91;
    out.n = p + 9;
  }

  /** The statement read so far, ended by `term` ("{" or ";"): checked and ended; false to give up. */
  statement(term: number): boolean {
    const { text, out, argc, top } = this;
    const info = this.info!;
    const name = info.name;
    const rules = info.rules;
    const bit = this.bits[top];
    // the analyzer's answer depends on the name, the context, the argument count and the
    // terminator only (except for on/off flags): the last accepted shape is remembered per name
    if (info.okBit !== bit || info.okArgc !== argc || info.okTerm !== term || this.typesOf[top]) {
      if (rules === undefined && !this.typesOf[top] && bit !== undefined) return false; // unknown directive
      if (info.special) return false;
      const flag = argc === 1 && info.flag;
      const args = flag ? [text.slice(this.argStart[0], this.argEnd[0])] : BLANK_ARGS[argc];
      if (analyzeWith(name, rules, args, term === 123 ? '{' : ';', bit, this.typesOf[top], false)) return false;
      if (!flag && !this.typesOf[top] && bit !== undefined) {
        info.okBit = bit;
        info.okArgc = argc;
        info.okTerm = term;
      }
    }
    let include = false;
    if (!this.single && name === 'include' && argc > 0) {
      if (!this.stockInclude()) return false;
      include = true;
    }
    out.ensure(32); // "]", ',"includes":[]', ',"block":[' or "}"
    const b = out.buf;
    let p = out.n;
    b[p++] = 93; // ]
    if (include) {
      for (let k = 0; k < INCLUDES_EMPTY.length; k++) b[p++] = INCLUDES_EMPTY[k];
    }
    if (term === 123) {
      if (top + 2 > MAX_NESTING) return false;
      for (let k = 0; k < BLOCK_OPEN.length; k++) b[p++] = BLOCK_OPEN[k];
      out.n = p;
      const t = top + 1;
      this.top = t;
      const from = this.ctxs[top];
      // the block's context, remembered per name for the context it was last opened in
      if (info.blockFrom !== from) {
        const ctx = enterBlockContext(from, name);
        info.blockFrom = from;
        info.blockCtx = ctx;
        info.blockBit = contextBit(ctx);
        info.blockTypes = ctx.endsWith('>types') && ctx.startsWith('http>');
      }
      this.ctxs[t] = info.blockCtx;
      this.bits[t] = info.blockBit;
      this.typesOf[t] = info.blockTypes;
      this.emitted[t] = 0;
    } else {
      b[p++] = 125; // }
      out.n = p;
    }
    this.argc = 0;
    return true;
  }

  /** `include` of a stock absolute path: its info finding; false for any other include. */
  stockInclude(): boolean {
    const arg = this.text.slice(this.argStart[0], this.argEnd[0]);
    if (!arg.startsWith('/') || !STOCK_INCLUDE_PREFIXES.some((p) => arg.startsWith(p)) || ++this.stock > MAX_SAME_CODE)
      return false;
    this.diagnostics.push(
      diagnostic(
        'nginx/include-stock',
        'info',
        `"${arg}" is not in the submission; it is assumed to be the distribution's own file`,
        spanAt(this.fname, this.a0Start, this.a0End, this.a0Line, this.a0Ls, this.a0EndLine, this.a0EndLs),
        { hint: 'Absolute include paths are never read from the submission.' },
      ),
    );
    return true;
  }

  run(): boolean {
    const text = this.text;
    const n = this.n;
    const out = this.out;
    let i = 0;
    let inStmt = false;
    for (;;) {
      // whitespace; a CR is left to the full parser
      while (i < n) {
        const w = text.charCodeAt(i);
        if (w === 32 || w === 9) i++;
        else if (w === 10) {
          i++;
          this.line++;
          this.ls = i;
        } else if (w === 13) return false;
        else if ((w < 32 || w >= 0x85) && isSpaceCode(w)) i++;
        else break;
      }
      if (i >= n) return !inStmt && this.top === 0;
      const c = text.charCodeAt(i);
      if (c === 35) {
        // a comment: only between statements
        if (inStmt) return false;
        i = this.comment(i);
        if (i < 0) return false;
        continue;
      }
      if (c === 123 || c === 125 || c === 59) {
        i++;
        if (!inStmt) {
          // "}" closes a block; "{" or ";" where a name is expected is a finding
          if (c !== 125 || this.top === 0) return false;
          out.ensure(2);
          out.buf[out.n] = 93; // ]
          out.buf[out.n + 1] = 125; // }
          out.n += 2;
          this.top--;
          continue;
        }
        if (c === 125) return false; // a directive ended by "}" (nginx wants ";")
        if (!this.statement(c)) return false;
        inStmt = false;
        continue;
      }
      // a word: an argument's characters are copied to the payload while they are read, after
      // `"` (and "," but for the first); one with a character JSON escapes is written again
      const tStart = i;
      const tLine = this.line;
      const tLs = this.ls;
      out.ensure(n - i + 16); // room for the rest of the text: a token is never longer
      const b = out.buf;
      let p = out.n;
      const k = this.argc;
      if (inStmt) {
        if (k === 64) return false;
        if (k !== 0) b[p++] = 44; // ,
        b[p++] = 34; // "
      }
      let vs: number;
      let ve: number;
      this.esc = false;
      if (c === 34 || c === 39) {
        if (!inStmt) return false; // a quoted directive name
        const j = this.quoted(i, c, b, p);
        if (j < 0) return false;
        vs = i + 1;
        ve = j;
        i = j + 1;
      } else {
        const j = this.word(i, b, p);
        if (j < 0) return false;
        vs = i;
        ve = j;
        i = j;
      }
      if (!inStmt) {
        this.nameStart = vs;
        this.nameEnd = ve;
        this.nameLine = tLine;
        this.head();
        inStmt = true;
        continue;
      }
      if (this.esc) {
        out.n = p - 1;
        out.strRange(text, vs, ve);
      } else {
        p += ve - vs;
        b[p++] = 34; // "
        out.n = p;
      }
      if (k === 0) {
        this.a0Start = tStart;
        this.a0End = i;
        this.a0Line = tLine;
        this.a0Ls = tLs;
        this.a0EndLine = this.line;
        this.a0EndLs = this.ls;
      }
      this.argStart[k] = vs;
      this.argEnd[k] = ve;
      this.argc = k + 1;
    }
  }
}

/**
 * The fast path's view of ASCII inside an unquoted word: 0 = part of the word and written to JSON
 * as it is; 1 = ends the word or needs a look (TOKEN_STOP: whitespace, `\\`, `$`, `{`, `}`, `;`);
 * 2 = part of the word but escaped by JSON (`"`, control characters, DEL).
 */
const WORD_CLASS: Uint8Array = /* @__PURE__ */ (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    if (TOKEN_STOP[c]) t[c] = 1;
    else if (c < 32 || c > 126 || c === 34) t[c] = 2;
  }
  return t;
})();

/** Does one of the directive's rules take an on/off flag (the analyzer then reads the argument)? */
function hasFlagRule(rules: ReadonlyArray<readonly [number, number]>): boolean {
  for (let i = 0; i < rules.length; i++) if (rules[i][1] & ARG_FLAG) return true;
  return false;
}

/** Slices the values of a statement's plain (lazy) arguments. */
function materialize(stmt: Stmt, pos: PosBuffer, text: string): void {
  const d = pos.data;
  const args = stmt.args;
  for (let k = 0; k < args.length; k++) {
    const i = stmt.argBase + 7 * k;
    if (d[i + 6] === 2) {
      args[k] = text.slice(d[i], d[i + 1]);
      d[i + 6] = 0;
    }
  }
}

/** One statement of the payload after a "," (but for its list's first), without its closing "}". */
function writeStmt(out: JsonBytes, f: Frame, d: NginxDirective, line: number, text?: string): void {
  if (f.emitted++ !== 0) out.byte(44); // ,
  writeStatement(out, d, line, text);
}

function writeComments(out: JsonBytes, f: Frame, list: NginxDirective[]): void {
  for (const c of list) {
    writeStmt(out, f, c, c.line ?? (c as Stmt).startLine);
    out.raw('}');
  }
}

export function parseNginxSource(
  source: TextSource,
  entry: string,
  opts: NginxParseOptions = {},
  out?: JsonBytes,
  ranges?: Array<[number, number]>,
): NginxParse {
  const comments = !!opts.comments;
  const strict = !!opts.strict;
  const maxIncludes = opts.maxIncludes ?? 1000;
  const diagnostics: Diagnostic[] = [];
  const configs: NginxConfigFile[] = [];
  const entryPath = normalizePath(entry) ?? entry;
  const configDir = dirname(entryPath);
  const queue: QueueItem[] = [{ file: entryPath, ctx: '', parent: -1, depth: 0 }];
  const included = new Map<string, number>([[entryPath, 0]]);
  /** did-you-mean answers, memoised (and bounded: a flood of distinct unknown names gets no hints) */
  const hints = new Map<string, string>();
  let statements = 0;

  for (let qi = 0; qi < queue.length; qi++) {
    const item = queue[qi];
    const cfg: NginxConfigFile = { file: item.file, status: 'ok', errors: [], parsed: [], crossplaneErrors: [] };
    configs.push(cfg);
    const fname = item.file;

    // a flood of one finding (a million stray ";") is cut at MAX_SAME_CODE per code and file
    const perCode = new Map<string, number>();
    let suppressed = 0;
    /** false once a code has been reported MAX_SAME_CODE times (counts it, so the summary is right) */
    const wants = (code: string): boolean => {
      const c = perCode.get(code) ?? 0;
      if (c < MAX_SAME_CODE) return true;
      perCode.set(code, c + 1);
      suppressed++;
      return false;
    };
    const report = (d: Diagnostic) => {
      const c = (perCode.get(d.code) ?? 0) + 1;
      perCode.set(d.code, c);
      if (c > MAX_SAME_CODE) {
        suppressed++;
        return;
      }
      diagnostics.push(d);
      if (d.severity === 'error') cfg.errors.push(d);
    };
    const cpError = (reason: string, line: number | null) => {
      cfg.crossplaneErrors!.push({
        error: line === null ? `${reason} in ${fname}` : `${reason} in ${fname}:${line}`,
        line,
      });
      cfg.status = 'failed';
    };

    const src = source.read(fname);
    if (!src) {
      report(diag('nginx/file-not-found', 'error', { file: fname, line: 1, column: 1 }, { file: fname }));
      // crossplane prints Python's OSError text alone (no " in file:line")
      cfg.crossplaneErrors!.push({ error: `[Errno 2] No such file or directory: '${fname}'`, line: null });
      cfg.status = 'failed';
      cfg.aborted = true;
      continue;
    }
    for (const d of src.diagnostics) report(d);
    if (src.unreadable) {
      cfg.crossplaneErrors!.push({
        error: src.diagnostics.find((d) => d.severity === 'error')?.message ?? 'unreadable file',
        line: null,
      });
      cfg.status = 'failed';
      cfg.aborted = true;
      continue;
    }
    const text = src.text;
    if (qi === 0) {
      if (opts.context !== undefined) item.ctx = opts.context;
      else {
        const inferred = inferContext(text);
        if (inferred) {
          item.ctx = inferred.ctx;
          report(
            diag(
              'nginx/context-inferred',
              'info',
              { file: fname, line: inferred.line, column: 1 },
              {
                file: fname,
                directive: inferred.directive,
                contexts: inferred.ctx
                  .split('>')
                  .map((c) => fragment('block', { name: c }))
                  .join(' > '),
              },
            ),
          );
        }
      }
    }
    const lx = new NginxLexer(text, fname, !out, !!out);
    /** streaming: one statement object reused for every statement (none is kept) */
    const shared = out ? new Stmt('', EMPTY, null, fname, 0, 0, 0, 0, 0, 0) : null;
    const bodyStart = out ? out.n : 0;

    const sp = (
      start: number,
      end: number,
      line: number,
      lineStart: number,
      endLine: number,
      endLineStart: number,
    ): Span => spanAt(fname, start, end, line, lineStart, endLine, endLineStart);
    const tokSpan = () => sp(lx.start, lx.end, lx.line, lx.lineStart, lx.endLine, lx.endLineStart);

    // brace balance exactly as crossplane's _balance_braces sees it
    let depth = 0;
    let fatal = false;
    /** A fatal finding; its message is crossplane's reason too. */
    const fail = (code: NginxDiagnosticCode, text: string, span: Span, line: number | null) => {
      report(rendered(code, 'error', text, span));
      cpError(text, line);
      fatal = true;
      cfg.aborted = true;
    };
    /** Pulls a token, applying crossplane's balance checks; returns Eof on a fatal error. */
    const pull = (): Tok => {
      const k = lx.next();
      if (k === Tok.Close) {
        if (--depth < 0) {
          fail('nginx/unexpected-close', message('nginx/unexpected-close'), tokSpan(), lx.line);
          return Tok.Eof;
        }
      } else if (k === Tok.Open) depth++;
      else if (k === Tok.Eof && depth > 0) {
        const at = text.length;
        const pos = lx.lastLine;
        const nl = text.lastIndexOf('\n', at - 1);
        fail(
          'nginx/unexpected-eof',
          message('nginx/unexpected-eof#block'),
          { file: fname, line: lineOf(text, at), column: at - (nl + 1) + 1, offset: at, endOffset: at },
          pos,
        );
        return Tok.Eof;
      }
      return k;
    };

    const scratchArgs: string[] = [];
    const argPos = new PosBuffer();
    const stack: Frame[] = [frameOf(cfg.parsed, item.ctx, null)];
    let frame = stack[0];
    const push = (f: Frame): boolean => {
      if (stack.length > MAX_NESTING) {
        fail('nginx/too-deep', message('nginx/too-deep', { max: MAX_NESTING }), tokSpan(), lx.line);
        return false;
      }
      stack.push(f);
      frame = f;
      return true;
    };
    const pop = (endTok: boolean) => {
      const f = stack.pop()!;
      if (out && f.open) {
        out.raw(']}');
        if (f.after) writeComments(out, stack[stack.length - 1], f.after);
      }
      if (!out && f.owner && f.list && f.list.length < 64) f.owner.block = f.list.slice(); // trim the array's spare capacity
      if (f.owner && endTok) {
        f.owner.fullEnd = lx.end;
        f.owner.fullEndLine = lx.endLine;
        f.owner.fullEndLineOffset = lx.endLineStart;
      }
      frame = stack[stack.length - 1];
    };

    main: for (;;) {
      const k = pull();
      if (k === Tok.Eof) break;
      if (k === Tok.Close) {
        if (stack.length === 1) {
          // crossplane's top-level _parse returns here: the rest of the file is not read
          report(diag('nginx/unexpected-close', 'error', tokSpan(), null));
          break;
        }
        pop(true);
        continue;
      }
      if (frame.list === null) {
        if (k === Tok.Open && !push(consumeFrame())) break;
        continue;
      }
      if (k === Tok.Comment) {
        if (comments) {
          const c = commentStmt(lx.value.slice(1), lx.line, tokSpan());
          if (out) {
            writeStmt(out, frame, c, c.line ?? c.startLine);
            out.raw('}');
          } else frame.list.push(c);
        }
        continue;
      }
      if (++statements > MAX_STATEMENTS) {
        fail(
          'nginx/too-many-statements',
          message('nginx/too-many-statements', { max: MAX_STATEMENTS.toLocaleString('en-US') }),
          tokSpan(),
          lx.line,
        );
        break;
      }
      // a directive: its name is whatever token comes first (crossplane takes even "{" or ";")
      const name = lx.plain ? text.slice(lx.start, lx.end) : lx.value;
      const stmt = shared
        ? shared.reuse(name, lx.start, lx.end, lx.line, lx.lineStart, lx.endLine, lx.endLineStart)
        : new Stmt(name, EMPTY, null, fname, lx.start, lx.end, lx.line, lx.lineStart, lx.endLine, lx.endLineStart);
      stmt.argPos = argPos;
      if (out) {
        // streaming: positions and values are needed only while the statement is read
        argPos.n = 0;
        while (scratchArgs.length) scratchArgs.pop(); // (cheaper than setting length, a runtime call)
      }
      if (!lx.quoted && (k === Tok.Open || k === Tok.Semi)) {
        if (wants('nginx/unexpected-token'))
          report(diag('nginx/unexpected-token', 'error', stmt.span, { token: name }));
      }
      let inArgComments: NginxDirective[] | null = null;
      let term: Tok;
      let lazyArgs = false;
      for (;;) {
        term = pull();
        if (term === Tok.Eof) {
          if (!fatal) {
            // crossplane: StopIteration escapes _parse, the file gets an empty error with no line
            const sp0 = stmt.span;
            const nl = text.lastIndexOf('\n', text.length - 1);
            report(
              diag(
                'nginx/unexpected-eof#statement',
                'error',
                {
                  ...sp0,
                  endLine: lineOf(text, text.length),
                  endColumn: text.length - (nl + 1) + 1,
                  endOffset: text.length,
                },
                { directive: name },
              ),
            );
            cfg.crossplaneErrors!.push({ error: '', line: null });
            cfg.status = 'failed';
            fatal = true;
            cfg.aborted = true;
          }
          break main;
        }
        if (term === Tok.Comment) {
          const c = commentStmt(lx.value.slice(1), stmt.startLine, tokSpan());
          c.betweenArgs = true;
          (inArgComments ??= []).push(c);
          continue;
        }
        if (term === Tok.Word) {
          if (scratchArgs.length === 0) stmt.argBase = argPos.n;
          scratchArgs.push(lx.value);
          argPos.push(lx.start, lx.end, lx.line, lx.lineStart, lx.endLine, lx.endLineStart, lx.quoted, lx.plain);
          if (lx.plain) lazyArgs = true;
          continue;
        }
        break;
      }
      // exact-size arrays (pushing into fresh arrays over-allocates for every statement)
      if (out) {
        // streaming: nothing is kept, the scratch array serves every statement (emptied below)
        stmt.args = scratchArgs;
      } else {
        stmt.args = scratchArgs.slice();
        scratchArgs.length = 0;
      }
      const termStr = term === Tok.Open ? '{' : term === Tok.Close ? '}' : ';';
      stmt.fullEnd = lx.end;
      stmt.fullEndLine = lx.endLine;
      stmt.fullEndLineOffset = lx.endLineStart;

      const rules = rulesOf(name);
      // streaming: plain arguments are sliced only where their value matters (if, include, on/off)
      if (
        lazyArgs &&
        (name === 'if' || name === 'include' || (stmt.args.length === 1 && rules !== undefined && hasFlagRule(rules)))
      )
        materialize(stmt, argPos, text);

      if (name === 'if') prepareIfArgs(stmt);

      // unknown directives: a warning (an error in strict mode), with a did-you-mean hint
      if (
        rules === undefined &&
        !opts.strict &&
        !frame.types &&
        frame.bit !== undefined &&
        !(k === Tok.Open || k === Tok.Semi) &&
        wants('nginx/unknown-directive')
      ) {
        const lua = LUA_BLOCK_DIRECTIVES.has(name) || /_by_lua/.test(name);
        let hint = hints.get(name);
        if (hint === undefined && hints.size < 2000) hints.set(name, (hint = suggestDirective(name) ?? ''));
        report(
          diag(
            lua ? 'nginx/unknown-directive#lua' : 'nginx/unknown-directive#unknown',
            lua ? 'info' : 'warning',
            stmt.span,
            { directive: name },
            hint && !lua ? { hint: hintOf('nginx/unknown-directive', { directive: hint }) } : {},
          ),
        );
      }

      const problem = analyzeWith(name, rules, stmt.args, termStr, frame.bit, frame.types, strict);
      if (problem) {
        const hint = problem.problem === 'unknown' ? suggestDirective(name) : undefined;
        // terminator problems point at the whole statement (nginx names the line of the terminator)
        const where =
          problem.problem === 'not-terminated' || problem.problem === 'no-opening-brace' ? stmt.fullSpan : stmt.span;
        report(
          rendered(
            PROBLEM_CODES[problem.problem],
            'error',
            problem.reason,
            where,
            hint ? { hint: hintOf('nginx/unknown-directive', { directive: hint }) } : {},
          ),
        );
        cpError(problem.reason, stmt.startLine);
        stmt.invalid = true;
        if (!out) frame.list.push(stmt);
        if (problem.problem === 'not-terminated') {
          if (term !== Tok.Close) {
            if (!push(consumeFrame())) break;
          } else {
            // the "}" that ended the statement closes the enclosing block
            if (stack.length === 1) break;
            pop(true);
          }
        }
        continue;
      }

      if (!opts.single && name === 'include' && stmt.args.length > 0) {
        stmt.includes = [];
        const arg = stmt.args[0];
        const argSpan = stmt.argv[0].span;
        const targets = resolveInclude(arg, argSpan, stmt.startLine);
        for (const t of targets) {
          let index = included.get(t);
          if (index === undefined) {
            // loops: a file that includes one of its own includers
            if (queue.length >= maxIncludes) {
              report(diag('nginx/include-limit', 'error', argSpan, { max: maxIncludes, file: t }));
              break;
            }
            if (item.depth + 1 > MAX_INCLUDE_DEPTH) {
              report(diag('nginx/include-loop#depth', 'error', argSpan, { max: MAX_INCLUDE_DEPTH, file: t }));
              continue;
            }
            index = queue.length;
            included.set(t, index);
            queue.push({ file: t, ctx: frame.ctx, parent: qi, depth: item.depth + 1 });
          } else {
            for (let a = qi; a !== -1; a = queue[a].parent) {
              if (a === index) {
                report(
                  diag(
                    a === qi ? 'nginx/include-loop#self' : 'nginx/include-loop#through',
                    'error',
                    argSpan,
                    { file: t },
                    {
                      hint: hintOf('nginx/include-loop'),
                    },
                  ),
                );
                break;
              }
            }
          }
          stmt.includes.push(index);
        }
      }

      if (out) {
        writeStmt(out, frame, stmt, stmt.startLine, text);
        if (term === Tok.Open) {
          out.raw(',"block":[');
          const f = frameOf(EMPTY_LIST, enterBlockContext(frame.ctx, name), null);
          f.open = true;
          f.after = inArgComments;
          if (!push(f)) break;
        } else {
          out.raw('}');
          if (inArgComments) writeComments(out, frame, inArgComments);
        }
        if (term === Tok.Close) report(diag('nginx/missing-semicolon', 'error', stmt.fullSpan, { directive: name }));
        continue;
      }
      frame.list.push(stmt);
      // crossplane adds comments found between arguments even without --include-comments
      if (inArgComments) for (const c of inArgComments) frame.list.push(c);
      if (term === Tok.Open) {
        stmt.block = [];
        if (!push(frameOf(stmt.block, enterBlockContext(frame.ctx, name), stmt))) break;
      } else if (term === Tok.Close) {
        // crossplane takes the "}" as this statement's terminator and does NOT close the block
        // with it (so the block goes on); nginx requires ";" here.
        report(diag('nginx/missing-semicolon', 'error', stmt.fullSpan, { directive: name }));
      }
    }

    if (out && ranges) {
      // blocks still open when reading stopped (the payload of an aborted file is dropped anyway)
      while (stack.length > 1) {
        const f = stack.pop()!;
        if (f.open) {
          out.raw(']}');
          if (f.after) writeComments(out, stack[stack.length - 1], f.after);
        }
      }
      ranges.push([bodyStart, out.n]);
    }
    for (const d of lx.diagnostics) report(d);
    if (suppressed) {
      diagnostics.push(
        diag(
          'nginx/too-many-findings',
          'info',
          { file: fname, line: 1, column: 1 },
          { count: suppressed, file: fname, max: MAX_SAME_CODE },
        ),
      );
    }

    function resolveInclude(arg: string, span: Span, line: number): string[] {
      if (arg.startsWith('/')) {
        // A file a provisioning script wrote is named `SCRIPT#/abs/path`: its absolute includes first look
        // among that script's own files (the stock nginx.conf's `include /etc/nginx/sites-enabled/*;` reads the
        // sites the script wrote or left enabled), as on the server.
        const prefix = scriptPrefix(entryPath);
        if (prefix) {
          const scoped = normalizePath(prefix + arg.replace(/^\/+/, '/'));
          if (scoped && scoped.startsWith(prefix)) {
            const found = hasMagic(scoped)
              ? globTree(source.list(), scoped)
              : source.read(scoped) !== undefined
                ? [scoped]
                : [];
            if (found.length) return found;
          }
        }
        if (STOCK_INCLUDE_PREFIXES.some((p) => arg.startsWith(p))) {
          report(
            diag(
              'nginx/include-stock#absolute',
              'info',
              span,
              { path: arg },
              {
                hint: hintOf('nginx/include-stock#absolute'),
              },
            ),
          );
        } else {
          report(diag('nginx/include-outside-submission#absolute', 'error', span, { path: arg }));
          cpError(`include "${arg}" is outside the submission folder`, line);
        }
        return [];
      }
      const joined = configDir === '' ? arg : `${configDir}/${arg}`;
      const norm = normalizePath(joined);
      if (norm === null || norm === '') {
        report(diag('nginx/include-outside-submission#climbs', 'error', span, { path: arg }));
        cpError(`include "${arg}" is outside the submission folder`, line);
        return [];
      }
      if (hasMagic(norm)) return globTree(source.list(), norm);
      if (source.read(norm) === undefined) {
        if (STOCK_RELATIVE_INCLUDES.has(arg.replace(/^\.\//, '')) || STOCK_RELATIVE_GLOBS.test(arg)) {
          // relative to Nginx's prefix, /etc/nginx/: the distribution's own file (nginx -t gets the stock copy)
          report(
            diag(
              'nginx/include-stock#relative',
              'info',
              span,
              { path: arg },
              {
                hint: hintOf('nginx/include-stock#relative'),
              },
            ),
          );
          cfg.crossplaneErrors!.push({
            error: `[Errno 2] No such file or directory: '${pyJoin(configDir, arg)}'`,
            line: line,
          });
          cfg.status = 'failed';
          return [];
        }
        report(diag('nginx/include-not-found', 'error', span, { path: arg }));
        // crossplane's message is Python's OSError text, without " in file:line"
        cfg.crossplaneErrors!.push({
          error: `[Errno 2] No such file or directory: '${pyJoin(configDir, arg)}'`,
          line: line,
        });
        cfg.status = 'failed';
        return [];
      }
      return [norm];
    }
  }

  return { configs, diagnostics };
}

/**
 * The context a file is meant for, from its first directive: a file that starts with `server {`,
 * `upstream`, `map`... is an http-level snippet; one that starts with `listen`/`location` is a
 * server-level one. undefined when the first directive belongs in main (or is unknown).
 */
export function inferContext(text: string): { ctx: string; directive: string; line: number } | undefined {
  const lx = new NginxLexer(text, '');
  let k = lx.next();
  while (k === Tok.Comment) k = lx.next();
  if (k !== Tok.Word) return undefined;
  const rules = DIRECTIVE_RULES[lx.value];
  if (!rules || !Object.prototype.hasOwnProperty.call(DIRECTIVE_RULES, lx.value)) return undefined;
  let mask = 0;
  for (const r of rules) mask |= r[0];
  if (mask & CTX.MAIN) return undefined;
  const ctx =
    mask & CTX.HTTP
      ? 'http'
      : mask & CTX.HTTP_SERVER
        ? 'http>server'
        : mask & CTX.HTTP_LOCATION
          ? 'http>location'
          : mask & CTX.STREAM
            ? 'stream'
            : mask & CTX.EVENTS
              ? 'events'
              : undefined;
  return ctx === undefined ? undefined : { ctx, directive: lx.value, line: lx.line };
}

/** The list of a block in streaming mode: never pushed to. */
const EMPTY_LIST: NginxDirective[] = [];

function frameOf(list: NginxDirective[], ctx: string, owner: Stmt | null): Frame {
  return {
    list,
    ctx,
    owner,
    bit: contextBit(ctx),
    types: ctx.endsWith('>types') && ctx.startsWith('http>'),
    emitted: 0,
    open: false,
    after: null,
  };
}

function consumeFrame(): Frame {
  return { list: null, ctx: '', owner: null, bit: undefined, types: false, emitted: 0, open: false, after: null };
}

function commentStmt(comment: string, line: number, span: Span): Stmt {
  const c = new Stmt(
    '#',
    [],
    [],
    span.file,
    span.offset!,
    span.endOffset!,
    span.line,
    span.offset! - span.column + 1,
    span.endLine!,
    span.endOffset! - span.endColumn! + 1,
  );
  c.comment = comment;
  if (line !== span.line) c.line = line;
  return c;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function severityCount(p: NginxParse, s: Severity): number {
  return p.diagnostics.filter((d) => d.severity === s).length;
}
