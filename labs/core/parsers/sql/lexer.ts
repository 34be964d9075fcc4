/**
 * MySQL/MariaDB SQL tokenizer for the replication set-up scripts learners write.
 *
 * Follows MySQL's lexical rules: '...' and "..." strings with backslash escapes and doubled
 * quotes, `...` identifiers with doubled backticks, comments `-- ` (two dashes then whitespace or
 * the end of the line), `#` to the end of the line and `/* *\/`; executable comments
 * `/*!40101 ... *\/` and `/*M!100100 ... *\/` are read as code, as the server does. Statements end
 * at `;` outside quotes and comments.
 */

export type TokenType = 'word' | 'string' | 'ident' | 'number' | 'punct' | 'comment';

export interface Token {
  type: TokenType;
  /** Words: as written. Strings and quoted identifiers: unquoted and unescaped. Punctuation: the character(s). */
  value: string;
  start: number;
  end: number;
  /** Set on string tokens: which quote opened them. */
  quote?: '"' | "'" | '`';
}

export interface LexProblem {
  code: 'sql/unterminated-string' | 'sql/unterminated-comment' | 'sql/unterminated-identifier';
  start: number;
  end: number;
}

/** One statement's tokens (comments dropped) and where it sits in the text. */
export interface RawStatement {
  tokens: Token[];
  start: number;
  /** End of the last token (the `;` excluded). */
  end: number;
}

/** Read access to a statement's tokens: a `Token[]` or a `TokenBuf`. */
export interface TokenSeq {
  readonly length: number;
  /** The token at `index` (negative: from the end), undefined past either end. */
  at(index: number): Token | undefined;
}

/** A statement handed to `onStatement`: its tokens are valid only during the call. */
export interface LexedStatement {
  tokens: TokenSeq;
  start: number;
  end: number;
}

const TYPE_NAMES: TokenType[] = ['word', 'string', 'ident', 'number', 'punct', 'comment'];
const T_WORD = 0;
const T_STRING = 1;
const T_IDENT = 2;
const T_NUMBER = 3;
const T_PUNCT = 4;
const QUOTES: Array<Token['quote']> = [undefined, "'", '"', '`'];

/**
 * One statement's tokens as parallel arrays (types, offsets, values): a statement of millions of
 * tokens (a GRANT to a million accounts) is a few flat arrays for the garbage collector, not
 * millions of objects. `at(k)` makes a Token object on demand (short-lived). Reused from one
 * statement to the next when statements are handed to `onStatement`.
 */
export class TokenBuf implements TokenSeq {
  private types = new Uint8Array(256);
  private quotes = new Uint8Array(256);
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private values: string[] = [];
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(type: number, value: string, start: number, end: number, quote: number): void {
    const k = this.n;
    if (k === this.types.length) this.grow();
    this.types[k] = type;
    this.quotes[k] = quote;
    this.starts[k] = start;
    this.ends[k] = end;
    this.values[k] = value;
    this.n = k + 1;
  }

  private grow(): void {
    const m = this.types.length * 2;
    const t = new Uint8Array(m);
    t.set(this.types);
    this.types = t;
    const q = new Uint8Array(m);
    q.set(this.quotes);
    this.quotes = q;
    const a = new Int32Array(m);
    a.set(this.starts);
    this.starts = a;
    const b = new Int32Array(m);
    b.set(this.ends);
    this.ends = b;
  }

  at(index: number): Token | undefined {
    const k = index < 0 ? index + this.n : index;
    if (k < 0 || k >= this.n) return undefined;
    return {
      type: TYPE_NAMES[this.types[k]],
      value: this.values[k],
      start: this.starts[k],
      end: this.ends[k],
      quote: QUOTES[this.quotes[k]],
    };
  }

  toArray(): Token[] {
    const out: Token[] = new Array(this.n);
    for (let k = 0; k < this.n; k++) out[k] = this.at(k)!;
    return out;
  }

  /** Empties the buffer (keeps its capacity; a huge statement's value slots are released). */
  clear(): void {
    if (this.values.length > 65536) this.values = [];
    this.n = 0;
  }
}

const STRING_ESCAPES: Record<string, string> = {
  '0': '\0',
  "'": "'",
  '"': '"',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
  '\\': '\\',
  '%': '\\%',
  _: '\\_',
};

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 128;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export interface LexOptions {
  /**
   * Which statements keep all their tokens: given the first word (upper-cased), true to keep them.
   * Statements not kept hold only their first token (their span is still exact). Default: all.
   */
  keep?: (firstWord: string) => boolean;
  /**
   * Called with each statement as soon as its `;` (or the end of the text) is read; the statements
   * are then not collected (the returned list is empty), so a script's tokens never all live at once.
   */
  onStatement?: (s: LexedStatement) => void;
  /** False: comments are skipped without making tokens (the returned list is empty). Default true. */
  comments?: boolean;
}

/**
 * Splits a script into statements. Never throws; unterminated strings and comments run to the end
 * of the text and are reported in `problems`.
 */
export function lexStatements(
  text: string,
  opts: LexOptions = {},
): { statements: RawStatement[]; problems: LexProblem[]; comments: Token[] } {
  const statements: RawStatement[] = [];
  const problems: LexProblem[] = [];
  const comments: Token[] = [];
  const keepFn = opts.keep;
  const onStatement = opts.onStatement;
  const keepComments = opts.comments !== false;
  const cur = new TokenBuf();
  let keep = true; // whether the current statement keeps its tokens
  let stStart = -1;
  let stEnd = -1;
  const n = text.length;
  let i = 0;
  let inExec = false; // inside /*! ... */
  const flush = () => {
    if (stStart === -1) return; // an empty statement (`;;`): nothing to keep
    if (onStatement) onStatement({ tokens: cur, start: stStart, end: stEnd });
    else statements.push({ tokens: cur.toArray(), start: stStart, end: stEnd });
    cur.clear();
    stStart = -1;
    keep = true;
  };
  const push = (type: number, value: string, start: number, end: number, quote: number) => {
    if (stStart === -1) {
      stStart = start;
      if (keepFn) keep = type === T_WORD && keepFn(value.toUpperCase());
      cur.push(type, value, start, end, quote);
    } else if (keep) cur.push(type, value, start, end, quote);
    stEnd = end;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    // Comments.
    if (
      c === 35 /* # */ ||
      (c === 45 && text.charCodeAt(i + 1) === 45 && (i + 2 >= n || isSpace(text.charCodeAt(i + 2))))
    ) {
      let e = text.indexOf('\n', i);
      if (e === -1) e = n;
      if (keepComments) comments.push({ type: 'comment', value: text.slice(i, e), start: i, end: e });
      i = e;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      // Executable comment: /*! or /*M! followed by an optional version number.
      let j = i + 2;
      if (text.charCodeAt(j) === 77 /* M */ && text.charCodeAt(j + 1) === 33) j++;
      if (text.charCodeAt(j) === 33 /* ! */ && !inExec) {
        j++;
        while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        inExec = true;
        i = j;
        continue;
      }
      const e = text.indexOf('*/', i + 2);
      if (e === -1) {
        problems.push({ code: 'sql/unterminated-comment', start: i, end: n });
        if (keepComments) comments.push({ type: 'comment', value: text.slice(i), start: i, end: n });
        i = n;
        continue;
      }
      if (keepComments) comments.push({ type: 'comment', value: text.slice(i, e + 2), start: i, end: e + 2 });
      i = e + 2;
      continue;
    }
    if (inExec && c === 42 && text.charCodeAt(i + 1) === 47) {
      inExec = false;
      i += 2;
      continue;
    }
    if (c === 59 /* ; */) {
      flush();
      i++;
      continue;
    }
    // Strings and quoted identifiers.
    if (c === 39 || c === 34 || c === 96) {
      const q = c === 39 ? 1 : c === 34 ? 2 : 3;
      const build = keep || stStart === -1; // a statement that drops its tokens needs no values
      let j = i + 1;
      let value = '';
      let segStart = j;
      let closed = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === c) {
          if (text.charCodeAt(j + 1) === c) {
            if (build) value += text.slice(segStart, j + 1);
            j += 2;
            segStart = j;
            continue;
          }
          if (build) value += text.slice(segStart, j);
          closed = true;
          j++;
          break;
        }
        if (d === 92 /* \ */ && c !== 96 && j + 1 < n) {
          if (build) {
            const esc = text[j + 1];
            value += text.slice(segStart, j) + (STRING_ESCAPES[esc] ?? esc);
          }
          j += 2;
          segStart = j;
          continue;
        }
        j++;
      }
      if (!closed) {
        if (build) value += text.slice(segStart, n);
        problems.push({ code: c === 96 ? 'sql/unterminated-identifier' : 'sql/unterminated-string', start: i, end: n });
        j = n;
      }
      push(c === 96 ? T_IDENT : T_STRING, value, i, j, q);
      i = j;
      continue;
    }
    if (isWordChar(c)) {
      let j = i;
      let digits = true; // all of [i, j) are 0-9
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (!isWordChar(d)) break;
        if (d < 48 || d > 57) digits = false;
      }
      // Decimal numbers: 1.5
      if (digits && text.charCodeAt(j) === 46) {
        let k = j + 1;
        while (k < n && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
        if (k > j + 1) j = k;
      }
      push(digits ? T_NUMBER : T_WORD, text.slice(i, j), i, j, 0);
      i = j;
      continue;
    }
    if (c === 64 /* @ */ && text.charCodeAt(i + 1) === 64) {
      push(T_PUNCT, '@@', i, i + 2, 0);
      i += 2;
      continue;
    }
    if (keep || stStart === -1) push(T_PUNCT, text[i], i, i + 1, 0);
    else stEnd = i + 1;
    i++;
  }
  flush();
  return { statements, problems, comments };
}
