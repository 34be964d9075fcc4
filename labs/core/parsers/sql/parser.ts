/**
 * Replication SQL: recognises the statements a learner writes to set up MySQL/MariaDB
 * replication (in MySQL 8 and MariaDB spelling) and keeps everything else as `unparsed` with its
 * span. Never an error for an unknown statement; errors only where a recognised statement is
 * malformed in a way the server itself rejects (a missing comma between CHANGE MASTER options,
 * a quoted port number, an unquoted host) or the text cannot be tokenised (an unclosed quote).
 */
import { type Diagnostic, type ParseResult, type Span, diagnostic } from '../../source';
import { type SqlMessageData, type SqlMessageId, codeOf, diag, fragment, hint } from './codes';
import type {
  ChangeSourceStatement,
  CreateUserStatement,
  GrantStatement,
  SetGlobalStatement,
  SimpleStatement,
  SqlAccount,
  SqlScript,
  SqlStatement,
  SqlValue,
  StartReplicaStatement,
} from './ast';
import { type LexedStatement, type Token, type TokenSeq, lexStatements } from './lexer';
import { ScriptSpans, newAccount, newValue } from './nodes';

/** CHANGE MASTER / REPLICATION SOURCE options that take a number (the server rejects a quoted one). */
const NUMERIC_OPTIONS = new Set([
  'port',
  'log_pos',
  'connect_retry',
  'retry_count',
  'delay',
  'heartbeat_period',
  'ssl',
  'ssl_verify_server_cert',
  'auto_position',
  'relay_log_pos',
  'zstd_compression_level',
  'connection_auto_failover',
  'gtid_only',
]);

/** Options that take a quoted string (the server rejects a bare word or number). */
const STRING_OPTIONS = new Set([
  'host',
  'user',
  'password',
  'log_file',
  'relay_log_file',
  'ssl_ca',
  'ssl_capath',
  'ssl_cert',
  'ssl_key',
  'ssl_cipher',
  'ssl_crl',
  'ssl_crlpath',
  'tls_version',
  'tls_ciphersuites',
  'bind',
  'compression_algorithms',
  'public_key_path',
  'network_namespace',
]);

/** `MASTER_HOST` / `SOURCE_HOST` -> `host`; `GET_SOURCE_PUBLIC_KEY` -> `get_public_key`. */
const optionNames = new Map<string, string>();

export function normalizeChangeOption(raw: string): string {
  let n = optionNames.get(raw);
  if (n === undefined) {
    if (optionNames.size > 1000) optionNames.clear();
    optionNames.set(raw, (n = normalizeUncached(raw)));
  }
  return n;
}

function normalizeUncached(raw: string): string {
  const u = raw.toLowerCase();
  if (u === 'get_master_public_key' || u === 'get_source_public_key') return 'get_public_key';
  if (u === 'master_auto_position' || u === 'source_auto_position') return 'auto_position';
  return u.replace(/^(master|source)_/, '');
}

/** First words of the statements this parser looks into (DELIMITER: to warn about it). */
const RECOGNISED = new Set([
  'CREATE',
  'GRANT',
  'CHANGE',
  'START',
  'STOP',
  'RESET',
  'SET',
  'FLUSH',
  'UNLOCK',
  'SHOW',
  'USE',
  'DELIMITER',
]);

const upper = (t: Token | undefined) => (t && t.type === 'word' ? t.value.toUpperCase() : undefined);

/**
 * The diagnostics of one script, at most MAX_SAME_DIAGNOSTICS per code (the rest are only counted,
 * and cost neither a message nor a span). Per code, diagnostics arrive in text order, so the ones
 * kept are the first ones by position, as capPerCode keeps them.
 */
class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  private readonly counts = new Map<string, number>();
  /** How many of each code were dropped at the cap. */
  readonly dropped = new Map<string, number>();
  /** False (and the diagnostic counted) when `code` is already at the cap. */
  want(code: string): boolean {
    const n = this.counts.get(code) ?? 0;
    if (n >= MAX_SAME_DIAGNOSTICS) {
      this.dropped.set(code, (this.dropped.get(code) ?? 0) + 1);
      return false;
    }
    this.counts.set(code, n + 1);
    return true;
  }
  push(d: Diagnostic): void {
    if (this.want(d.code)) this.list.push(d);
  }
}

class StatementParser {
  private i = 0;
  constructor(
    private readonly toks: TokenSeq,
    private readonly span: (a: number, b: number) => Span,
    private readonly diagnostics: DiagnosticSink,
    private readonly src: ScriptSpans,
  ) {}

  peek(k = 0): Token | undefined {
    return this.toks.at(this.i + k);
  }
  word(k = 0): string | undefined {
    return upper(this.toks.at(this.i + k));
  }
  /** Consumes the given words in order when they all match. */
  accept(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) if (this.word(k) !== words[k]) return false;
    this.i += words.length;
    return true;
  }
  acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t?.type === 'punct' && t.value === p) {
      this.i++;
      return true;
    }
    return false;
  }
  get pos(): number {
    return this.i;
  }
  seek(i: number): void {
    this.i = i;
  }
  get done(): boolean {
    return this.i >= this.toks.length;
  }
  next(): Token | undefined {
    return this.toks.at(this.i++);
  }
  /** An error at token `t` (the last token when undefined); the message's data and the hint are built only under the cap. */
  error<I extends SqlMessageId>(
    id: I,
    t: Token | undefined,
    data: SqlMessageData<I> | (() => SqlMessageData<I>),
    hint?: string | (() => string),
  ): void {
    if (!this.diagnostics.want(codeOf(id))) return;
    const at = t ?? this.toks.at(this.toks.length - 1)!;
    const h = typeof hint === 'function' ? hint() : hint;
    this.diagnostics.list.push(
      diag(id, 'error', this.span(at.start, at.end), typeof data === 'function' ? data() : data, h ? { hint: h } : {}),
    );
  }

  /** `'user'@'host'`, `user@host`, `'user'` (host `%`). */
  account(): SqlAccount | undefined {
    const u = this.peek();
    if (!u || (u.type !== 'string' && u.type !== 'ident' && u.type !== 'word')) return undefined;
    this.i++;
    let user = u.value;
    let host = '%';
    let end = u.end;
    if (u.type === 'word' && upper(u) === 'CURRENT_USER') {
      if (this.acceptPunct('(')) this.acceptPunct(')');
      return newAccount('CURRENT_USER', '', this.src, u.start, this.toks.at(this.i - 1)!.end);
    }
    const at = this.peek();
    if (at?.type === 'punct' && at.value === '@') {
      this.i++;
      const h = this.peek();
      if (h && (h.type === 'string' || h.type === 'ident' || h.type === 'word' || h.type === 'number')) {
        this.i++;
        host = h.value;
        end = h.end;
        // Unquoted hosts may be dotted or contain %: 10.0.0.%  -> words/numbers/punct glued together.
        while (
          (h.type === 'word' || h.type === 'number') &&
          this.peek() &&
          this.peek()!.start === end &&
          !(this.peek()!.type === 'punct' && [',', ')'].includes(this.peek()!.value))
        ) {
          const t = this.next()!;
          host += t.value;
          end = t.end;
        }
      } else {
        this.error('sql/syntax#host', h ?? at, null, hint('sql/syntax#host'));
      }
    } else if (u.type === 'word') {
      user = u.value;
    }
    return newAccount(user, host, this.src, u.start, end);
  }

  /** Skips to the next top-level comma (or the end); returns whether a comma was consumed. */
  skipToComma(stopWords: Set<string> = new Set()): boolean {
    let depth = 0;
    while (!this.done) {
      const t = this.peek()!;
      if (t.type === 'punct') {
        if (t.value === '(') depth++;
        else if (t.value === ')') depth--;
        else if (t.value === ',' && depth <= 0) {
          this.i++;
          return true;
        }
      } else if (depth <= 0 && t.type === 'word' && stopWords.has(t.value.toUpperCase())) return false;
      this.i++;
    }
    return false;
  }
}

function base(raw: LexedStatement, text: string, span: (a: number, b: number) => Span) {
  return { span: span(raw.start, raw.end), text: text.slice(raw.start, raw.end) };
}

function parseCreateUser(p: StatementParser, b: { span: Span; text: string }): CreateUserStatement | undefined {
  // CREATE [OR REPLACE] USER [IF NOT EXISTS] account [auth] [, account [auth]] ... [REQUIRE ...] [WITH ...] ...
  const ifNotExists = p.accept('IF', 'NOT', 'EXISTS');
  const accounts: SqlAccount[] = [];
  let hasPassword = false;
  const stop = new Set([
    'REQUIRE',
    'WITH',
    'PASSWORD',
    'ACCOUNT',
    'DEFAULT',
    'COMMENT',
    'ATTRIBUTE',
    'FAILED_LOGIN_ATTEMPTS',
    'PASSWORD_LOCK_TIME',
  ]);
  for (;;) {
    const a = p.account();
    if (!a) {
      p.error('sql/syntax#create-user', p.peek(), null, hint('sql/syntax#create-user'));
      break;
    }
    accounts.push(a);
    // Authentication clause for this account.
    if (p.accept('IDENTIFIED')) {
      let k = 0;
      while (!p.done && !(p.peek()!.type === 'punct' && p.peek()!.value === ',')) {
        const w = p.word();
        if (w === 'BY' || w === 'AS' || w === 'USING') hasPassword = true;
        if (w && stop.has(w) && w !== 'PASSWORD' && k > 0) break;
        p.next();
        k++;
      }
    }
    if (!p.skipToComma(stop)) break;
  }
  return { kind: 'create-user', ...b, ifNotExists, accounts, hasPassword };
}

/** Index of the first word `w` (upper-cased) after index `after`, or -1. */
function findWord(toks: TokenSeq, w: string, after: number): number {
  for (let k = after + 1; k < toks.length; k++) if (upper(toks.at(k)) === w) return k;
  return -1;
}

function parseGrant(p: StatementParser, b: { span: Span; text: string }, toks: TokenSeq): GrantStatement | undefined {
  const onIdx = findWord(toks, 'ON', 0);
  const toIdx = findWord(toks, 'TO', onIdx);
  if (onIdx === -1 || toIdx === -1) return undefined; // GRANT role TO user, or something else: unparsed
  const privileges: string[] = [];
  let cur: string[] = [];
  let depth = 0;
  for (let k = 1; k < onIdx; k++) {
    const t = toks.at(k)!;
    if (t.type === 'punct' && t.value === '(') depth++;
    else if (t.type === 'punct' && t.value === ')') depth--;
    else if (depth > 0) continue;
    else if (t.type === 'punct' && t.value === ',') {
      if (cur.length) privileges.push(cur.join(' '));
      cur = [];
    } else cur.push(t.type === 'word' ? t.value.toUpperCase() : t.value);
  }
  if (cur.length) privileges.push(cur.join(' '));
  let onStart = onIdx + 1;
  if (['TABLE', 'FUNCTION', 'PROCEDURE', 'PACKAGE'].includes(upper(toks.at(onStart)) ?? '')) onStart++;
  let on = '';
  for (let k = onStart; k < toIdx; k++) on += toks.at(k)!.value;
  if (on === '') p.error('sql/syntax#grant-on', toks.at(onIdx), null);
  // Accounts after TO.
  p.seek(toIdx + 1);
  const to: SqlAccount[] = [];
  const stop = new Set(['WITH', 'IDENTIFIED', 'REQUIRE', 'AS']);
  for (;;) {
    const a = p.account();
    if (!a) {
      p.error('sql/syntax#grant-to', p.peek(), null, hint('sql/syntax#grant-to'));
      break;
    }
    to.push(a);
    if (!p.skipToComma(stop)) break;
  }
  const rest: string[] = [];
  for (let k = p.pos; k < toks.length; k++) {
    const t = toks.at(k)!;
    rest.push(upper(t) ?? t.value);
  }
  const withGrantOption = rest.join(' ').includes('WITH GRANT OPTION') || rest.join(' ').includes('GRANT OPTION');
  const g: GrantStatement & { hasPassword?: boolean } = { kind: 'grant', ...b, privileges, on, to, withGrantOption };
  if (rest.includes('IDENTIFIED')) g.hasPassword = true;
  return g;
}

function parseChangeSource(
  p: StatementParser,
  b: { span: Span; text: string },
  syntax: ChangeSourceStatement['syntax'],
  src: ScriptSpans,
): ChangeSourceStatement {
  const st: ChangeSourceStatement & { channel?: string } = { kind: 'change-source', ...b, syntax, options: [] };
  if (syntax === 'CHANGE MASTER TO') {
    // MariaDB multi-source: CHANGE MASTER 'name' TO
    const t = p.peek();
    if (t && (t.type === 'string' || t.type === 'ident' || (t.type === 'word' && upper(t) !== 'TO'))) {
      st.connection = t.value;
      p.next();
    }
  }
  if (!p.accept('TO')) {
    p.error('sql/syntax#expected-to', p.peek(), { statement: syntax.replace(/ TO$/, '') });
    return st;
  }
  let expectComma = false;
  while (!p.done) {
    const t = p.peek()!;
    if (t.type === 'word' && t.value.length === 3 && upper(t) === 'FOR' && p.word(1) === 'CHANNEL') {
      p.next();
      p.next();
      const c = p.next();
      if (c) st.channel = c.value;
      break;
    }
    if (expectComma) {
      if (t.type === 'punct' && t.value === ',') {
        p.next();
        expectComma = false;
        continue;
      }
      p.error('sql/missing-comma', t, () => ({ option: t.value }), hint('sql/missing-comma'));
    }
    if (t.type !== 'word') {
      p.error('sql/syntax#option-name', t, () => ({ found: JSON.stringify(t.value) }));
      p.next();
      expectComma = false;
      continue;
    }
    p.next();
    const rawName = t.value;
    const name = normalizeChangeOption(rawName);
    if (!p.acceptPunct('=')) {
      p.error('sql/syntax#expected-equals', p.peek() ?? t, { option: rawName });
      expectComma = true;
      continue;
    }
    const v = p.peek();
    if (!v || (v.type === 'punct' && v.value !== '(' && v.value !== '-')) {
      p.error('sql/syntax#no-value', v ?? t, { option: rawName });
      expectComma = true;
      continue;
    }
    let value: string;
    let end: number;
    if (v.type === 'punct' && v.value === '(') {
      // IGNORE_SERVER_IDS = (1, 2), DO_DOMAIN_IDS = (...)
      const parts: string[] = [];
      p.next();
      let close = v.end;
      while (!p.done) {
        const x = p.next()!;
        close = x.end;
        if (x.type === 'punct' && x.value === ')') break;
        if (!(x.type === 'punct' && x.value === ',')) parts.push(x.value);
      }
      value = parts.join(',');
      end = close;
    } else if (v.type === 'punct' && v.value === '-') {
      p.next();
      const num = p.next();
      value = '-' + (num?.value ?? '');
      end = num?.end ?? v.end;
    } else {
      p.next();
      value = v.value;
      end = v.end;
      // An unquoted value runs on while tokens touch (10.0.0.21 lexes as 10.0 . 0.21).
      while (
        v.type !== 'string' &&
        p.peek() &&
        p.peek()!.start === end &&
        !(p.peek()!.type === 'punct' && (p.peek()!.value === ',' || p.peek()!.value === ')'))
      ) {
        const x = p.next()!;
        value += x.value;
        end = x.end;
      }
    }
    const sv: SqlValue = newValue(name, rawName, value, src, t.start, end, v.type === 'string');
    st.options.push(sv);
    if (NUMERIC_OPTIONS.has(name) && v.type === 'string') {
      p.error(
        'sql/option-type#number',
        v,
        () => ({ option: rawName, quote: String(v.quote), value }),
        () => hint('sql/option-type#number', { option: rawName, value }),
      );
    } else if (STRING_OPTIONS.has(name) && v.type !== 'string') {
      p.error(
        'sql/option-type#string',
        v,
        () => ({ option: rawName, value: JSON.stringify(value) }),
        () => hint('sql/option-type#string', { option: rawName, value }),
      );
    }
    expectComma = true;
  }
  if (st.options.length === 0) p.error('sql/syntax#no-options', p.peek(), { statement: syntax });
  return st;
}

function parseSet(p: StatementParser, b: { span: Span; text: string }): SetGlobalStatement[] {
  // SET [GLOBAL|PERSIST|PERSIST_ONLY|SESSION|LOCAL] var = value [, ...]; SET @@GLOBAL.var = value; SET @@var = value
  const out: SetGlobalStatement[] = [];
  let scope = 'SESSION';
  while (!p.done) {
    const w = p.word();
    if (w === 'GLOBAL' || w === 'PERSIST' || w === 'PERSIST_ONLY' || w === 'SESSION' || w === 'LOCAL') {
      scope = w === 'LOCAL' ? 'SESSION' : w;
      p.next();
    }
    let thisScope = scope;
    let nameTok = p.peek();
    if (nameTok?.type === 'punct' && nameTok.value === '@@') {
      p.next();
      const s = p.word();
      if (
        (s === 'GLOBAL' || s === 'PERSIST' || s === 'PERSIST_ONLY' || s === 'SESSION' || s === 'LOCAL') &&
        p.peek(1)?.value === '.'
      ) {
        thisScope = s === 'LOCAL' ? 'SESSION' : s;
        p.next();
        p.next();
      } else thisScope = 'SESSION';
      nameTok = p.peek();
    } else if (nameTok?.type === 'punct' && nameTok.value === '@') {
      thisScope = 'USER';
      p.next();
      nameTok = p.peek();
    }
    if (!nameTok || nameTok.type === 'punct') break;
    p.next();
    let variable = nameTok.value;
    // Component variables: x.y
    while (p.peek()?.value === '.' && p.peek(1)) {
      p.next();
      variable += '.' + p.next()!.value;
    }
    if (!p.acceptPunct('=') && !(p.peek()?.value === ':' && p.peek(1)?.value === '=' && (p.next(), p.next()))) break;
    const vals: string[] = [];
    let depth = 0;
    while (!p.done) {
      const t = p.peek()!;
      if (t.type === 'punct' && t.value === '(') depth++;
      if (t.type === 'punct' && t.value === ')') depth--;
      if (t.type === 'punct' && t.value === ',' && depth <= 0) break;
      vals.push(t.value);
      p.next();
    }
    if (thisScope === 'GLOBAL' || thisScope === 'PERSIST' || thisScope === 'PERSIST_ONLY') {
      const s: SetGlobalStatement & { scope?: string } = {
        kind: 'set-global',
        ...b,
        variable: variable.toLowerCase(),
        value: vals.join(' '),
        scope: thisScope,
      };
      out.push(s);
    }
    if (!p.acceptPunct(',')) break;
  }
  return out;
}

function nameAfter(p: StatementParser): string | undefined {
  const t = p.next();
  return t ? t.value : undefined;
}

function parseOne(
  raw: LexedStatement,
  text: string,
  span: (a: number, b: number) => Span,
  diagnostics: DiagnosticSink,
  src: ScriptSpans,
): SqlStatement[] {
  const toks = raw.tokens;
  const b = base(raw, text, span);
  const p = new StatementParser(toks, span, diagnostics, src);
  const w0 = p.word();
  const unparsed = (): SqlStatement[] => [{ kind: 'unparsed', ...b }];
  const simple = (kind: SimpleStatement['kind'], name?: string): SqlStatement[] => {
    const s: SimpleStatement = { kind, ...b };
    if (name !== undefined) s.name = name;
    return [s];
  };
  switch (w0) {
    case 'CREATE': {
      p.next();
      p.accept('OR', 'REPLACE');
      if (p.accept('USER')) return [parseCreateUser(p, b) ?? unparsed()[0]];
      if (p.accept('DATABASE') || p.accept('SCHEMA')) {
        p.accept('IF', 'NOT', 'EXISTS');
        return simple('create-database', nameAfter(p));
      }
      return unparsed();
    }
    case 'GRANT':
      return [parseGrant(p, b, toks) ?? unparsed()[0]];
    case 'CHANGE': {
      p.next();
      if (p.word() === 'MASTER') {
        p.next();
        return [parseChangeSource(p, b, 'CHANGE MASTER TO', src)];
      }
      if (p.accept('REPLICATION', 'SOURCE')) return [parseChangeSource(p, b, 'CHANGE REPLICATION SOURCE TO', src)];
      return unparsed();
    }
    case 'START': {
      p.next();
      p.accept('ALL');
      const w = p.word();
      if (w === 'SLAVE' || w === 'REPLICA' || w === 'SLAVES' || w === 'REPLICAS') {
        p.next();
        const s: StartReplicaStatement & { connection?: string } = {
          kind: 'start-replica',
          ...b,
          syntax: w.startsWith('SLAVE') ? 'START SLAVE' : 'START REPLICA',
        };
        const c = p.peek();
        if (c && (c.type === 'string' || c.type === 'ident')) s.connection = c.value;
        return [s];
      }
      return unparsed();
    }
    case 'STOP':
    case 'RESET': {
      p.next();
      p.accept('ALL');
      const w = p.word();
      if (w === 'SLAVE' || w === 'REPLICA' || w === 'SLAVES' || w === 'REPLICAS')
        return simple(w0 === 'STOP' ? 'stop-replica' : 'reset-replica');
      return unparsed();
    }
    case 'SET': {
      p.next();
      const sets = parseSet(p, b);
      return sets.length ? sets : unparsed();
    }
    case 'FLUSH': {
      p.next();
      p.accept('NO_WRITE_TO_BINLOG') || p.accept('LOCAL');
      if (p.accept('TABLES', 'WITH', 'READ', 'LOCK') && p.done) return simple('flush-tables-with-read-lock');
      return unparsed();
    }
    case 'UNLOCK': {
      p.next();
      if ((p.accept('TABLES') || p.accept('TABLE')) && p.done) return simple('unlock-tables');
      return unparsed();
    }
    case 'SHOW': {
      p.next();
      if (
        (p.accept('MASTER', 'STATUS') || p.accept('BINARY', 'LOG', 'STATUS') || p.accept('BINLOG', 'STATUS')) &&
        p.done
      )
        return simple('show-master-status');
      return unparsed();
    }
    case 'USE': {
      p.next();
      return simple('use', nameAfter(p));
    }
    default:
      return unparsed();
  }
}

/** Past this many diagnostics of one code, the rest are counted in one summary. */
export const MAX_SAME_DIAGNOSTICS = 100;

/** `ds` sorted by position, at most MAX_SAME_DIAGNOSTICS per code, then one summary per code over it. */
function capPerCode(ds: Diagnostic[], dropped: Map<string, number>): Diagnostic[] {
  const counts = new Map<string, number>();
  const out: Diagnostic[] = [];
  const firsts = new Map<string, Diagnostic>();
  for (const d of ds) {
    const n = (counts.get(d.code) ?? 0) + 1;
    counts.set(d.code, n);
    if (n === 1) firsts.set(d.code, d);
    if (n <= MAX_SAME_DIAGNOSTICS) out.push(d);
  }
  for (const [code, kept] of counts) {
    const n = kept + (dropped.get(code) ?? 0);
    if (n > MAX_SAME_DIAGNOSTICS) {
      const f = firsts.get(code)!;
      out.push(
        diagnostic(
          code,
          f.severity,
          fragment('moreLikeThis', { count: n - MAX_SAME_DIAGNOSTICS, file: f.span.file, max: MAX_SAME_DIAGNOSTICS }),
          f.span,
        ),
      );
    }
  }
  return out;
}

/**
 * Statements read from one script: replication SQL has a few dozen, a dump a few thousand. Past it the
 * parse stops with `sql/too-many-statements` at the first statement not read (3,000,000 `a;` lines took
 * 3.9 s and 1.6 GB, and their JSON 447 MB).
 */
export const MAX_SQL_STATEMENTS = 50_000;

/** Thrown by the statement callback to stop the lexer at the budget. */
class StopParsing {}

/** Parses a SQL script. Never throws; unknown statements are kept as `unparsed` with their span. */
export function parseSql(file: string, text: string): ParseResult<SqlScript> {
  const diagnostics = new DiagnosticSink();
  /** Unclosed strings/comments (at most a few: each runs to the end of the text). */
  const lexDiagnostics: Diagnostic[] = [];
  const statements: SqlStatement[] = [];
  if (text.charCodeAt(0) === 0xfeff) text = ' ' + text.slice(1); // a BOM left by the caller: same offsets, no token
  const src = new ScriptSpans(file, text);
  const span = (a: number, b: number) => src.span(a, b);
  try {
    // Only statements this parser recognises keep their tokens: a huge INSERT or SELECT costs a scan.
    // Each statement is parsed as soon as it is read, so its tokens die young (cheap for the GC).
    let count = 0;
    const onStatement = (raw: LexedStatement) => {
      if (++count > MAX_SQL_STATEMENTS) {
        diagnostics.push(
          diag('sql/too-many-statements', 'error', span(raw.start, raw.end), {
            max: MAX_SQL_STATEMENTS.toLocaleString('en-US'),
          }),
        );
        throw new StopParsing();
      }
      if (upper(raw.tokens.at(0)) === 'DELIMITER') {
        diagnostics.push(diag('sql/delimiter', 'warning', span(raw.start, raw.end), null));
      }
      try {
        const one = parseOne(raw, text, span, diagnostics, src);
        if (one.length === 1) statements.push(one[0]);
        else for (const s of one) statements.push(s);
      } catch (err) {
        if (err instanceof StopParsing) throw err;
        statements.push({ kind: 'unparsed', span: span(raw.start, raw.end), text: text.slice(raw.start, raw.end) });
        diagnostics.push(
          diag('sql/internal', 'error', span(raw.start, raw.end), { error: String((err as Error)?.message ?? err) }),
        );
      }
    };
    const { problems } = lexStatements(text, { keep: (w) => RECOGNISED.has(w), onStatement, comments: false });
    // Lexer problems go first (as when the whole script was lexed before parsing): the stable sort
    // below then orders diagnostics at the same place exactly as before.
    for (const pr of problems) {
      lexDiagnostics.push(
        diag(pr.code, 'error', span(pr.start, Math.min(pr.end, pr.start + 1)), null, {
          hint: hint(pr.code),
        }),
      );
    }
  } catch (err) {
    if (!(err instanceof StopParsing))
      diagnostics.push(
        diag('sql/internal', 'error', { file, line: 1, column: 1 }, { error: String((err as Error)?.message ?? err) }),
      );
  }
  const list = lexDiagnostics.concat(diagnostics.list);
  list.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return { ast: { file, statements }, diagnostics: capPerCode(list, diagnostics.dropped) };
}
