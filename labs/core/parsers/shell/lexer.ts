/**
 * A lexer for the subset of bash that provisioning scripts use. Pure TypeScript; never throws.
 *
 * Words keep their quoting structure (`parts`) so expansion can follow bash's rules exactly:
 * unquoted text (backslash quotes any character), single quotes (all literal), double quotes
 * (backslash only before `$ \` " \ newline`), `$'...'` (ANSI-C escapes), `$VAR`, `${...}`,
 * `$(...)`, backticks and `$((...))`. Here-document bodies are read at the newline that follows
 * the `<<` operator and attached to the redirection token.
 */
import { hexEscape, octalEscape } from './escapes';

/** One piece of a word. `off` is the 0-based offset in the script of the piece's first character. */
export type WordPart =
  /** Unquoted text (backslashes already removed). `glob` when it has an unescaped `*`, `?` or `[`. */
  | { k: 'lit'; text: string; off: number; glob?: boolean }
  /** Quoted literal text: single quotes, a backslash-escaped character, or literal text inside double quotes. */
  | { k: 'sq'; text: string; off: number }
  /** `$'...'` with its escapes already decoded. */
  | { k: 'ansi'; text: string; off: number }
  /** A double-quoted string: its inner parts are `sq` (literal) and expansions. */
  | { k: 'dq'; parts: WordPart[]; off: number }
  /** `$NAME`, `${NAME}`, `${NAME:-word}`... `op` is the operator (`:-`, `-`, `:=`, `=`, `:+`, `+`, `#len`, or other raw text). */
  | { k: 'var'; name: string; off: number; end: number; raw: string; braced: boolean; op?: string; arg?: string }
  /** `$(...)` or backticks; `text` is the command text. */
  | { k: 'cmd'; text: string; off: number; end: number; raw: string }
  /** `$((...))`. */
  | { k: 'arith'; text: string; off: number; end: number; raw: string }
  /** An unquoted `~` at the start of a word. */
  | { k: 'tilde'; user: string; off: number };

export interface Word {
  parts: WordPart[];
  off: number;
  end: number;
  /** The word exactly as written in the script. */
  raw: string;
}

export interface HereDoc {
  /** The delimiter with quotes removed. */
  delim: string;
  /** True when any part of the delimiter was quoted: the body is then literal. */
  quoted: boolean;
  /** `<<-`: leading tabs are stripped from the body lines and the delimiter line. */
  strip: boolean;
  /** The body as bash reads it (tabs stripped for `<<-`), parsed into word parts. */
  parts: WordPart[];
  /** The body text after tab stripping (before expansion). */
  body: string;
  /** Offset of the first body line in the script, and of the end of the delimiter line. */
  bodyOff: number;
  end: number;
  /** False when the script ended before the delimiter line (bash warns and uses what it read). */
  terminated: boolean;
}

export type Token =
  | { t: 'word'; word: Word; off: number; end: number }
  | { t: 'op'; v: string; off: number; end: number }
  | { t: 'redir'; op: string; fd?: number; off: number; end: number; heredoc?: HereDoc }
  | { t: 'nl'; off: number; end: number }
  | { t: 'eof'; off: number; end: number };

export interface LexProblem {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  off: number;
  end: number;
  hint?: string;
}

const OPS3_SET = new Set(['<<-', '<<<', '&>>', ';;&']);
const OPS2_SET = new Set(['&&', '||', ';;', ';&', '|&', '>>', '<<', '<&', '>&', '<>', '>|', '&>']);
const REDIR_OPS = new Set(['<', '>', '>>', '<<', '<<-', '<<<', '<&', '>&', '<>', '>|', '&>', '&>>']);

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t';
}
function isMeta(c: string): boolean {
  return (
    c === ' ' ||
    c === '\t' ||
    c === '\n' ||
    c === ';' ||
    c === '&' ||
    c === '|' ||
    c === '<' ||
    c === '>' ||
    c === '(' ||
    c === ')'
  );
}
function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

/** Decodes the body of a `$'...'` string the way bash does. */
export function decodeAnsiC(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const d = s[++i];
    switch (d) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'e':
      case 'E':
        out += '\x1b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case "'":
        out += "'";
        break;
      case '"':
        out += '"';
        break;
      case '?':
        out += '?';
        break;
      case 'c': {
        if (i + 1 < s.length) {
          out += String.fromCharCode(s.charCodeAt(++i) & 0x1f);
        } else out += '\\c';
        break;
      }
      case 'x':
      case 'u':
      case 'U': {
        const h = hexEscape(s, i + 1, d);
        if (h) {
          out += h.text;
          i = h.next - 1;
        } else out += '\\' + d;
        break;
      }
      default: {
        if (d >= '0' && d <= '7') {
          const o = octalEscape(s, i);
          out += o.text;
          i = o.next - 1;
        } else out += '\\' + d;
      }
    }
  }
  return out;
}

type Mode = 'word' | 'dq' | 'heredoc';

/**
 * Scans `text` into tokens. The returned `problems` are syntax problems bash would also see
 * (unterminated quotes, a here-document without its delimiter line).
 */
export class Lexer {
  pos = 0;
  readonly problems: LexProblem[] = [];
  private pending: Array<{ hd: HereDoc; opOff: number }> = [];
  private readonly n: number;

  constructor(readonly text: string) {
    this.n = text.length;
  }

  problem(
    code: string,
    severity: LexProblem['severity'],
    message: string,
    off: number,
    end: number,
    hint?: string,
  ): void {
    if (this.problems.length < 200) this.problems.push({ code, severity, message, off, end, hint });
  }

  /** All tokens up to and including `eof`. */
  tokenize(): Token[] {
    const out: Token[] = [];
    for (;;) {
      const t = this.next();
      out.push(t);
      if (t.t === 'eof') return out;
    }
  }

  next(): Token {
    const s = this.text;
    for (;;) {
      while (this.pos < this.n && isBlank(s[this.pos])) this.pos++;
      if (this.pos >= this.n) {
        this.flushHeredocsAtEof();
        return { t: 'eof', off: this.n, end: this.n };
      }
      const c = s[this.pos];
      // line continuation between words
      if (c === '\\' && s[this.pos + 1] === '\n') {
        this.pos += 2;
        continue;
      }
      if (c === '#') {
        const e = s.indexOf('\n', this.pos);
        this.pos = e === -1 ? this.n : e;
        continue;
      }
      if (c === '\n') {
        const off = this.pos++;
        if (this.pending.length) this.readHeredocs();
        return { t: 'nl', off, end: off + 1 };
      }
      const off = this.pos;
      // process substitution <(...) / >(...): a word whose value is a file name only known at run time
      if ((c === '<' || c === '>') && s[off + 1] === '(') {
        const close = this.matchParen(off + 1, this.n);
        const end = close < 0 ? this.n : close + 1;
        if (close < 0)
          this.problem(
            'shell/unterminated-quote',
            'error',
            `unexpected end of file while looking for the matching \`)\` of ${c}(`,
            off,
            off + 2,
          );
        this.pos = end;
        const raw = s.slice(off, end);
        const word: Word = {
          parts: [{ k: 'cmd', text: s.slice(off + 2, close < 0 ? end : close), off, end, raw }],
          off,
          end,
          raw,
        };
        return { t: 'word', word, off, end };
      }
      // operators
      let op: string | undefined;
      if (c === ';' || c === '&' || c === '|' || c === '<' || c === '>' || c === '(' || c === ')') {
        const c2 = s[off + 1];
        if (c2 !== undefined && OPS2_SET.has(c + c2)) {
          const c3 = s[off + 2];
          op = c3 !== undefined && OPS3_SET.has(c + c2 + c3) ? c + c2 + c3 : c + c2;
        } else op = c;
      }
      if (op !== undefined) {
        this.pos += op.length;
        if (REDIR_OPS.has(op)) return this.redirect(op, off, undefined);
        return { t: 'op', v: op, off, end: this.pos };
      }
      // IO number: digits immediately followed by < or >
      if (c >= '0' && c <= '9') {
        let j = off;
        while (j < this.n && s[j] >= '0' && s[j] <= '9') j++;
        if (j < this.n && (s[j] === '<' || s[j] === '>') && j - off < 6) {
          const fd = Number(s.slice(off, j));
          this.pos = j;
          const t3 = s.slice(j, j + 3);
          const t2 = s.slice(j, j + 2);
          let rop = s[j];
          if (t3 === '<<-' || t3 === '<<<') rop = t3;
          else if (['>>', '<<', '<&', '>&', '<>', '>|'].includes(t2)) rop = t2;
          this.pos += rop.length;
          return this.redirect(rop, off, fd);
        }
      }
      const word = this.readWord('word');
      return { t: 'word', word, off: word.off, end: word.end };
    }
  }

  private redirect(op: string, off: number, fd: number | undefined): Token {
    const tok: Token = { t: 'redir', op, fd, off, end: this.pos };
    if (op === '<<' || op === '<<-') {
      // the delimiter word follows (blanks allowed)
      while (this.pos < this.n && isBlank(this.text[this.pos])) this.pos++;
      const dStart = this.pos;
      if (this.pos >= this.n || isMeta(this.text[this.pos])) {
        this.problem('shell/syntax', 'error', `here-document operator ${op} has no delimiter word`, off, this.pos);
        return tok;
      }
      const w = this.readWord('word');
      let delim = '';
      let quoted = false;
      for (const p of w.parts) {
        if (p.k === 'lit') delim += p.text;
        else if (p.k === 'sq' || p.k === 'ansi') {
          delim += p.text;
          quoted = true;
        } else if (p.k === 'dq') {
          quoted = true;
          for (const q of p.parts) delim += q.k === 'sq' ? q.text : rawOf(q, this.text);
        } else if (p.k === 'tilde') delim += '~' + p.user;
        else delim += rawOf(p, this.text);
      }
      if (/[\\'"]/.test(w.raw)) quoted = true;
      const hd: HereDoc = {
        delim,
        quoted,
        strip: op === '<<-',
        parts: [],
        body: '',
        bodyOff: -1,
        end: -1,
        terminated: false,
      };
      tok.heredoc = hd;
      tok.end = w.end;
      this.pending.push({ hd, opOff: dStart });
    }
    return tok;
  }

  private flushHeredocsAtEof(): void {
    for (const { hd, opOff } of this.pending) {
      hd.bodyOff = this.n;
      hd.end = this.n;
      this.problem(
        'shell/heredoc-unterminated',
        'warning',
        `here-document delimited by end of file (wanted \`${hd.delim}\`)`,
        opOff,
        opOff + hd.delim.length,
        `Put \`${hd.delim}\` alone on its own line (no spaces${hd.strip ? '; only leading tabs are allowed with <<-' : ''}) to end the here-document.`,
      );
    }
    this.pending = [];
  }

  /** Reads the bodies of all here-documents started on the line that just ended. */
  private readHeredocs(): void {
    const s = this.text;
    const list = this.pending;
    this.pending = [];
    for (const { hd, opOff } of list) {
      hd.bodyOff = this.pos;
      const lineStarts: number[] = []; // body-string index -> script offset, per line
      const bodyIdx: number[] = [];
      const bodyParts: string[] = [];
      let bodyLen = 0;
      let found = false;
      let logicalStart = -1; // body index where the current logical (continued) line began
      let logicalText = '';
      while (this.pos < this.n) {
        let e = s.indexOf('\n', this.pos);
        const hasNl = e !== -1;
        if (!hasNl) e = this.n;
        let ls = this.pos;
        let line = s.slice(ls, e);
        if (hd.strip && (logicalStart < 0 || logicalText === '')) {
          // (a continuation line keeps its tabs: they are not at the start of a logical line)
          let k = 0;
          while (k < line.length && line[k] === '\t') k++;
          line = line.slice(k);
          ls += k;
        }
        // unquoted bodies: backslash-newline joins lines before the delimiter test (bash reads logical lines)
        const logical = logicalStart >= 0 ? logicalText + line : line;
        if (logical === hd.delim) {
          this.pos = hasNl ? e + 1 : e;
          hd.end = e;
          found = true;
          if (logicalStart >= 0) {
            // the partial lines that joined into the delimiter are not body
            while (bodyIdx.length && bodyIdx[bodyIdx.length - 1] >= logicalStart) {
              bodyIdx.pop();
              lineStarts.pop();
              const last = bodyParts.pop()!;
              bodyLen -= last.length;
            }
          }
          break;
        }
        let trailing = 0;
        while (trailing < line.length && line[line.length - 1 - trailing] === '\\') trailing++;
        if (!hd.quoted && hasNl && trailing % 2 === 1) {
          if (logicalStart < 0) {
            logicalStart = bodyLen;
            logicalText = '';
          }
          logicalText += line.slice(0, -1);
        } else {
          logicalStart = -1;
          logicalText = '';
        }
        bodyIdx.push(bodyLen);
        lineStarts.push(ls);
        bodyParts.push(hasNl ? line + '\n' : line);
        bodyLen += line.length + (hasNl ? 1 : 0);
        this.pos = hasNl ? e + 1 : e;
      }
      if (!found) {
        hd.end = this.n;
        this.problem(
          'shell/heredoc-unterminated',
          'warning',
          `here-document delimited by end of file (wanted \`${hd.delim}\`)`,
          opOff,
          opOff + hd.delim.length,
          `Put \`${hd.delim}\` alone on its own line (no spaces${hd.strip ? '; only leading tabs are allowed with <<-' : ''}) to end the here-document.`,
        );
      }
      hd.terminated = found;
      const body = bodyParts.join('');
      hd.body = body;
      const map = (i: number): number => {
        let lo = 0;
        let hi = bodyIdx.length - 1;
        if (hi < 0) return hd.bodyOff;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (bodyIdx[mid] <= i) lo = mid;
          else hi = mid - 1;
        }
        return lineStarts[lo] + (i - bodyIdx[lo]);
      };
      if (hd.quoted) {
        // literal: one part; its lines follow the script's lines one for one (tab stripping keeps them)
        if (body) hd.parts.push({ k: 'sq', text: body, off: lineStarts[0] });
      } else {
        const sub = new Lexer(body);
        sub.pos = 0;
        hd.parts = sub.readParts('heredoc', body.length, map);
        for (const p of sub.problems) this.problem(p.code, p.severity, p.message, map(p.off), map(p.end), p.hint);
      }
    }
  }

  /** Reads one word starting at `this.pos`. */
  readWord(mode: Mode): Word {
    const off = this.pos;
    if (mode === 'word') {
      // the common word, plain characters up to a blank, an operator or the end: one literal part,
      // as readParts gives it (anything else, a quote, `$`, a glob character, goes the long way)
      const s = this.text;
      let j = off;
      for (; j < this.n; j++) {
        const code = s.charCodeAt(j);
        if (code < 128 && SPECIAL_WORD[code] === 1) break;
      }
      if (j > off && (j === this.n || isMeta(s[j]))) {
        const text = s.slice(off, j);
        this.pos = j;
        return { parts: [{ k: 'lit', text, off }], off, end: j, raw: text };
      }
    }
    const parts = this.readParts(mode, this.n, null);
    return { parts, off, end: this.pos, raw: this.text.slice(off, this.pos) };
  }

  /**
   * Reads parts until the end of the word (mode `word`), the closing `"` (mode `dq`, the quote is
   * consumed), or `limit` (mode `heredoc`). `map` turns a position in this text into a script offset.
   */
  readParts(mode: Mode, limit: number, mapFn: ((i: number) => number) | null): WordPart[] {
    const map = mapFn ?? identity;
    const s = this.text;
    const parts: WordPart[] = [];
    // text of the current literal run, as chunks joined once (appending one character at a time builds ropes)
    let chunks: string[] = [];
    let bufOff = -1;
    let glob = false;
    const lit = mode === 'word' ? 'lit' : 'sq';
    const flush = (): void => {
      if (chunks.length) {
        const buf = chunks.length === 1 ? chunks[0] : chunks.join('');
        if (lit === 'lit')
          parts.push(
            glob ? { k: 'lit', text: buf, off: map(bufOff), glob: true } : { k: 'lit', text: buf, off: map(bufOff) },
          );
        else parts.push({ k: 'sq', text: buf, off: map(bufOff) });
      }
      chunks = [];
      bufOff = -1;
      glob = false;
    };
    const add = (ch: string, at: number): void => {
      if (bufOff < 0) bufOff = at;
      chunks.push(ch);
    };
    const start = this.pos;
    while (this.pos < limit) {
      const i = this.pos;
      const c = s[i];
      if (mode === 'word' && isMeta(c)) break;
      if (mode === 'dq' && c === '"') {
        this.pos++;
        flush();
        return parts;
      }
      if (c === '\\') {
        const d = s[i + 1];
        if (d === undefined) {
          add('\\', i);
          this.pos++;
          continue;
        }
        if (d === '\n') {
          // line continuation: removed; start a new piece so later text keeps its own line
          flush();
          this.pos += 2;
          continue;
        }
        if (mode === 'word') {
          flush();
          parts.push({ k: 'sq', text: d, off: map(i) });
          this.pos += 2;
          continue;
        }
        // dq / heredoc: backslash only quotes $ ` \ newline (and " in dq)
        if (d === '$' || d === '`' || d === '\\' || (mode === 'dq' && d === '"')) {
          add(d, i);
          this.pos += 2;
          continue;
        }
        add('\\', i);
        this.pos++;
        continue;
      }
      if (mode === 'word' && c === "'") {
        flush();
        const e = s.indexOf("'", i + 1);
        if (e === -1 || e >= limit) {
          this.problem(
            'shell/unterminated-quote',
            'error',
            'unexpected end of file while looking for the matching single quote',
            i,
            i + 1,
            "Every opening ' needs a closing '. Inside single quotes nothing is special, not even a backslash.",
          );
          parts.push({ k: 'sq', text: s.slice(i + 1, limit), off: map(i + 1) });
          this.pos = limit;
          return parts;
        }
        parts.push({ k: 'sq', text: s.slice(i + 1, e), off: map(i + 1) });
        this.pos = e + 1;
        continue;
      }
      if (mode === 'word' && c === '"') {
        flush();
        this.pos++;
        const dqStart = i;
        const inner = this.readParts('dq', limit, map);
        if (s[this.pos - 1] !== '"' || this.pos - 1 === dqStart || this.pos > limit) {
          // readParts('dq') returns at limit when unterminated
        }
        parts.push({ k: 'dq', parts: inner, off: map(dqStart) });
        continue;
      }
      if (mode === 'word' && c === '$' && s[i + 1] === "'") {
        flush();
        // find closing ' honouring backslash escapes
        let j = i + 2;
        while (j < limit && s[j] !== "'") j += s[j] === '\\' ? 2 : 1;
        if (j >= limit) {
          this.problem(
            'shell/unterminated-quote',
            'error',
            "unexpected end of file while looking for the matching ' of $'...'",
            i,
            i + 2,
          );
          parts.push({ k: 'ansi', text: decodeAnsiC(s.slice(i + 2, limit)), off: map(i) });
          this.pos = limit;
          return parts;
        }
        parts.push({ k: 'ansi', text: decodeAnsiC(s.slice(i + 2, j)), off: map(i) });
        this.pos = j + 1;
        continue;
      }
      if (mode === 'word' && c === '$' && s[i + 1] === '"') {
        // $"..." (locale translation): same as "..."
        flush();
        this.pos += 2;
        const inner = this.readParts('dq', limit, map);
        parts.push({ k: 'dq', parts: inner, off: map(i) });
        continue;
      }
      if (c === '$') {
        const p = this.readDollar(limit, map);
        if (p) {
          flush();
          parts.push(p);
          continue;
        }
        add('$', i);
        this.pos++;
        continue;
      }
      if (c === '`') {
        flush();
        let j = i + 1;
        while (j < limit && s[j] !== '`') j += s[j] === '\\' ? 2 : 1;
        if (j >= limit) {
          this.problem(
            'shell/unterminated-quote',
            'error',
            'unexpected end of file while looking for the matching backquote',
            i,
            i + 1,
          );
          j = limit;
        }
        const inner = s.slice(i + 1, Math.min(j, limit)).replace(/\\([$`\\])/g, '$1');
        parts.push({
          k: 'cmd',
          text: inner,
          off: map(i),
          end: map(Math.min(j + 1, limit)),
          raw: s.slice(i, Math.min(j + 1, limit)),
        });
        this.pos = Math.min(j + 1, limit);
        continue;
      }
      if (mode === 'word' && c === '~' && i === start) {
        let j = i + 1;
        while (j < limit && /[A-Za-z0-9_.-]/.test(s[j])) j++;
        if (j >= limit || s[j] === '/' || isMeta(s[j])) {
          flush();
          parts.push({ k: 'tilde', user: s.slice(i + 1, j), off: map(i) });
          this.pos = j;
          continue;
        }
      }
      if (mode === 'word' && (c === '*' || c === '?' || c === '[')) glob = true;
      // a run of plain characters in one slice
      const special = mode === 'word' ? SPECIAL_WORD : mode === 'dq' ? SPECIAL_DQ : SPECIAL_HEREDOC;
      let j = i + 1;
      for (; j < limit; j++) {
        const code = s.charCodeAt(j);
        if (code < 128 && special[code] === 1) break;
      }
      if (bufOff < 0) bufOff = i;
      chunks.push(j === i + 1 ? c : s.slice(i, j));
      this.pos = j;
    }
    if (mode === 'dq') {
      this.problem(
        'shell/unterminated-quote',
        'error',
        'unexpected end of file while looking for the matching double quote',
        start - 1,
        start,
        'Every opening " needs a closing ". A " inside the string must be written \\".',
      );
    }
    flush();
    return parts;
  }

  /** `$` at this.pos: a parameter, command substitution or arithmetic; undefined when the `$` is literal. */
  private readDollar(limit: number, map: (i: number) => number): WordPart | undefined {
    // (map is the identity for ordinary words)
    const s = this.text;
    const i = this.pos;
    const d = s[i + 1];
    if (d === undefined || i + 1 >= limit) return undefined;
    if (d === '(') {
      const isArith = s[i + 2] === '(';
      const close = this.matchParen(i + 1, limit);
      if (close < 0) {
        this.problem(
          'shell/unterminated-quote',
          'error',
          'unexpected end of file while looking for the matching `)` of $(',
          i,
          i + 2,
        );
        this.pos = limit;
        return { k: 'cmd', text: s.slice(i + 2, limit), off: map(i), end: map(limit), raw: s.slice(i, limit) };
      }
      this.pos = close + 1;
      const raw = s.slice(i, close + 1);
      if (isArith && s[close - 1] === ')')
        return { k: 'arith', text: s.slice(i + 3, close - 1), off: map(i), end: map(close + 1), raw };
      return { k: 'cmd', text: s.slice(i + 2, close), off: map(i), end: map(close + 1), raw };
    }
    if (d === '{') {
      // fast path: ${NAME}
      if (i + 2 < limit && isNameStart(s[i + 2])) {
        let j = i + 3;
        while (j < limit && isNameChar(s[j])) j++;
        if (s[j] === '}' && j < limit) {
          this.pos = j + 1;
          return {
            k: 'var',
            name: s.slice(i + 2, j),
            off: map(i),
            end: map(j + 1),
            raw: s.slice(i, j + 1),
            braced: true,
          };
        }
      }
      // find matching }, honouring quotes and nested ${
      let j = i + 2;
      let depth = 1;
      while (j < limit) {
        const c = s[j];
        if (c === '\\') j += 2;
        else if (c === "'") {
          const e = s.indexOf("'", j + 1);
          j = e === -1 ? limit : e + 1;
        } else if (c === '{') {
          depth++;
          j++;
        } else if (c === '}') {
          depth--;
          if (depth === 0) break;
          j++;
        } else j++;
      }
      if (j >= limit) {
        this.problem(
          'shell/unterminated-quote',
          'error',
          'unexpected end of file while looking for the matching `}` of ${',
          i,
          i + 2,
        );
        this.pos = limit;
        return { k: 'var', name: '', off: map(i), end: map(limit), raw: s.slice(i, limit), braced: true, op: 'bad' };
      }
      const inner = s.slice(i + 2, j);
      this.pos = j + 1;
      const raw = s.slice(i, j + 1);
      const base = { k: 'var' as const, off: map(i), end: map(j + 1), raw, braced: true };
      if (inner.startsWith('#') && inner.length > 1 && /^#([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])$/.test(inner)) {
        return { ...base, name: inner.slice(1), op: '#len' };
      }
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])(.*)$/s.exec(inner);
      if (!m) return { ...base, name: inner, op: 'bad' };
      const rest = m[2];
      if (rest === '') return { ...base, name: m[1] };
      const om = /^(:-|:=|:\+|:\?|-|=|\+|\?)(.*)$/s.exec(rest);
      if (om) return { ...base, name: m[1], op: om[1], arg: om[2] };
      return { ...base, name: m[1], op: rest };
    }
    if (isNameStart(d)) {
      let j = i + 1;
      let name = '';
      for (;;) {
        const a = j;
        while (j < limit && isNameChar(s[j])) j++;
        name += s.slice(a, j);
        // a backslash-newline inside a name is removed first, so the name goes on (bash joins the lines)
        if (s[j] === '\\' && s[j + 1] === '\n' && j + 2 < limit && isNameChar(s[j + 2])) j += 2;
        else break;
      }
      this.pos = j;
      return { k: 'var', name, off: map(i), end: map(j), raw: s.slice(i, j), braced: false };
    }
    if ((d >= '0' && d <= '9') || '@*#?$!-'.includes(d)) {
      this.pos = i + 2;
      return { k: 'var', name: d, off: map(i), end: map(i + 2), raw: s.slice(i, i + 2), braced: false };
    }
    return undefined;
  }

  /** Position of the `)` matching the `(` at `open`, skipping quotes and nested parens; -1 if none. Iterative. */
  private matchParen(open: number, limit: number): number {
    const s = this.text;
    let depth = 0;
    let j = open;
    while (j < limit) {
      const c = s[j];
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === "'") {
        const e = s.indexOf("'", j + 1);
        if (e === -1 || e >= limit) return -1;
        j = e + 1;
        continue;
      }
      if (c === '"') {
        // skip a double-quoted string; nested $( inside it is rare enough to scan linearly
        j++;
        while (j < limit && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
        j++;
        continue;
      }
      if (c === '#' && (j === 0 || isMeta(s[j - 1]))) {
        const e = s.indexOf('\n', j);
        j = e === -1 ? limit : e;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        if (depth === 0) return j;
      }
      j++;
    }
    return -1;
  }
}

function identity(i: number): number {
  return i;
}

/** Characters that end a run of plain literal text inside readParts. */
function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}
const SPECIAL_WORD = table(' \t\n;&|<>()\\\'"$`*?[~');
const SPECIAL_DQ = table('"\\$`');
const SPECIAL_HEREDOC = table('\\$`');

function rawOf(p: WordPart, text: string): string {
  if ('raw' in p) return p.raw;
  if ('text' in p) return p.text;
  return text.slice(p.off, p.off);
}

/** Tokens of a script (for token-level tests and tools). */
export function lexShell(text: string): { tokens: Token[]; problems: LexProblem[] } {
  const lx = new Lexer(text);
  const tokens = lx.tokenize();
  return { tokens, problems: lx.problems };
}
