/**
 * Nginx lexer, compatible with crossplane's `lexer.py` (and its Lua extension `ext/lua.py`).
 *
 * A hand-written char-code loop over the decoded text. Tokens are pulled one at a time
 * (`NginxLexer.next()`), so the parser never materialises a token array; `lexNginx()` collects
 * them for tests and tools.
 *
 * Crossplane's rules, reproduced exactly:
 * - a backslash and the character after it form one unit, copied verbatim (`\;` does not end a
 *   directive, `\#` does not start a comment);
 * - whitespace is Python's `str.isspace()`;
 * - `#` starts a comment only at the start of a token (anywhere else it is an ordinary character),
 *   so comments can sit between arguments;
 * - `"` or `'` at the start of a token reads a quoted string up to the same, unescaped quote;
 *   inside it `\<quote>` becomes the quote and every other escape is kept verbatim; a quote
 *   inside a token is an ordinary character;
 * - after `$`, a `{` starts a parameter expansion read up to `}` or whitespace (the character that
 *   stops it is kept in the token, so `/a/${uri} /b` is one token, as in crossplane);
 * - `{`, `}` and `;` are tokens of their own unless quoted;
 * - a `*_by_lua_block` directive (quoted or not) has its whole `{ ... }` body read as one quoted
 *   token (braces inside Lua strings and `--` comments do not count) followed by a synthetic `;`;
 *   `set_by_lua_block` first reads one argument;
 * - a token still open at the end of the file is dropped (crossplane drops it; we also report it).
 *
 * Differences (documented, deliberate): lines end at `\n` only (Python's universal newlines would
 * also end a line at a lone `\r`); a `\r\n` inside a quoted value or Lua body is returned as `\n`,
 * as Python's text mode gives it.
 */
import { type Diagnostic, spanAt } from '../../source';
import { diag } from './codes';

export const enum Tok {
  /** An ordinary or quoted word (`quoted` tells which). */
  Word = 0,
  /** Unquoted `{`. */
  Open = 1,
  /** Unquoted `}`. */
  Close = 2,
  /** Unquoted `;` (or the synthetic `;` after a Lua block). */
  Semi = 3,
  /** A `#` comment; `value` includes the `#`. */
  Comment = 4,
  Eof = 5,
}

/** Directives whose body is raw Lua (crossplane's LuaBlockPlugin list). */
export const LUA_BLOCK_DIRECTIVES: ReadonlySet<string> = new Set([
  'access_by_lua_block',
  'balancer_by_lua_block',
  'body_filter_by_lua_block',
  'content_by_lua_block',
  'header_filter_by_lua_block',
  'init_by_lua_block',
  'init_worker_by_lua_block',
  'log_by_lua_block',
  'rewrite_by_lua_block',
  'set_by_lua_block',
  'ssl_certificate_by_lua_block',
  'ssl_session_fetch_by_lua_block',
  'ssl_session_store_by_lua_block',
]);

/** Python's `str.isspace()` for one UTF-16 code unit. */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

const BACKSLASH = 92;
const NL = 10;
const DQ = 34;
const SQ = 39;
const HASH = 35;
const LBRACE = 123;
const RBRACE = 125;
const SEMI = 59;
const DOLLAR = 36;

/**
 * ASCII characters that need a look inside an unquoted token: 0 = ordinary (part of the token,
 * nothing to do), 1 = whitespace, `\\`, `$`, `{`, `}` or `;`. Lets the token loop test one table
 * entry per character instead of a chain of comparisons.
 */
export const TOKEN_STOP: Uint8Array = /* @__PURE__ */ (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (isSpaceCode(c)) t[c] = 1;
  for (const c of [BACKSLASH, DOLLAR, LBRACE, RBRACE, SEMI]) t[c] = 1;
  return t;
})();

/** A Lua block directive? (every name in the list ends with "_block": test that first, without hashing) */
function isLuaBlock(v: string): boolean {
  return (
    v.length >= 14 &&
    v.charCodeAt(v.length - 1) === 107 /* k */ &&
    v.charCodeAt(v.length - 6) === 95 /* _ */ &&
    LUA_BLOCK_DIRECTIVES.has(v)
  );
}

interface Pending {
  kind: Tok;
  value: string;
  quoted: boolean;
  start: number;
  end: number;
  line: number;
  lineStart: number;
  endLine: number;
  endLineStart: number;
}

export interface NginxToken {
  kind: Tok;
  value: string;
  quoted: boolean;
  /** Offsets of the token in the text (quotes and braces of a Lua body included), end exclusive. */
  start: number;
  end: number;
  /** 1-based line and column of `start`. */
  line: number;
  column: number;
}

function crlf(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n/g, '\n');
}

/**
 * Pull lexer. After `next()` returns a kind other than `Eof`, the fields `value`, `quoted`,
 * `start`, `end`, `line` and `lineStart` describe the token (column = start - lineStart + 1).
 */
export class NginxLexer {
  readonly text: string;
  readonly file: string;
  readonly diagnostics: Diagnostic[] = [];
  value = '';
  quoted = false;
  start = 0;
  end = 0;
  line = 1;
  lineStart = 0;
  /** Line and line-start offset of `end` (tokens can span lines). */
  endLine = 1;
  endLineStart = 0;
  /** Line of the last token returned (crossplane reports "unexpected end of file" there). */
  lastLine = 1;
  /**
   * Lazy mode only: the token is an unquoted word whose value is exactly `text.slice(start, end)`
   * and `value` was left empty (the caller slices it if it needs it).
   */
  plain = false;

  private pos = 0;
  private curLine = 1;
  private curLineStart = 0;
  private nextIsDirective = true;
  private queue: Pending[] = [];
  private qi = 0;

  /**
   * `intern`: return one string object for repeated short words (saves memory when the tokens are
   * kept, as in the AST); the streaming crossplane writer keeps nothing and passes false (hashing
   * every word costs more than the short-lived copies).
   */
  constructor(text: string, file = '', intern = true, lazy = false) {
    this.text = text;
    this.file = file;
    this.interning = intern;
    this.lazy = lazy;
  }

  private readonly interning: boolean;
  /**
   * `lazy`: an unquoted word that is not in directive position gets no string (`plain` is set,
   * `value` is ''): the streaming writer copies arguments straight from the text.
   */
  private readonly lazy: boolean;

  /** The position of an offset as line/column, valid for offsets the lexer has already passed. */
  private span(start: number, end: number, line: number, lineStart: number, endLine = line, endLineStart = lineStart) {
    return spanAt(this.file, start, end, line, lineStart, endLine, endLineStart);
  }

  private emit(
    kind: Tok,
    value: string,
    quoted: boolean,
    start: number,
    end: number,
    line: number,
    lineStart: number,
    endLine = line,
    endLineStart = lineStart,
  ): Tok {
    this.endLine = endLine;
    this.endLineStart = endLineStart;
    this.value = value;
    this.quoted = quoted;
    this.start = start;
    this.end = end;
    this.line = line;
    this.lineStart = lineStart;
    this.lastLine = line;
    this.plain = false;
    return kind;
  }

  next(): Tok {
    if (this.qi < this.queue.length) {
      const p = this.queue[this.qi++];
      if (this.qi === this.queue.length) {
        this.queue.length = 0;
        this.qi = 0;
      }
      return this.emit(p.kind, p.value, p.quoted, p.start, p.end, p.line, p.lineStart, p.endLine, p.endLineStart);
    }
    const text = this.text;
    const n = text.length;
    let i = this.pos;
    let line = this.curLine;
    let ls = this.curLineStart;

    // skip whitespace
    for (;;) {
      if (i >= n) {
        this.pos = i;
        this.curLine = line;
        this.curLineStart = ls;
        return Tok.Eof;
      }
      const c = text.charCodeAt(i);
      if (c === NL) {
        i++;
        line++;
        ls = i;
      } else if (c === 32 || c === 9 || c === 13 || (c < 32 || c >= 0x85 ? isSpaceCode(c) : false)) i++;
      else break;
    }

    const start = i;
    const tLine = line;
    const tLs = ls;
    let c = text.charCodeAt(i);

    // comment
    if (c === HASH) {
      let j = i + 1;
      let endValue = -1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === NL) break;
        if (d === BACKSLASH) {
          if (j + 1 >= n) {
            j = n;
            break;
          }
          if (text.charCodeAt(j + 1) === NL) {
            endValue = j; // the escape unit "\\\n" ends the comment and is not part of it
            j++;
            break;
          }
          if (text.charCodeAt(j + 1) === 13 && j + 2 < n && text.charCodeAt(j + 2) === NL) {
            endValue = j; // same with CRLF (Python reads it as "\n")
            j += 2;
            break;
          }
          j += 2;
          continue;
        }
        j++;
      }
      if (j >= n) {
        // crossplane drops a comment that the end of the file interrupts (no final newline)
        this.pos = n;
        this.curLine = line;
        this.curLineStart = ls;
        this.diagnostics.push(diag('nginx/comment-at-eof', 'info', this.span(start, n, tLine, tLs), null));
        return Tok.Eof;
      }
      let vEnd = endValue === -1 ? j : endValue;
      if (endValue === -1 && vEnd > start && text.charCodeAt(vEnd - 1) === 13) vEnd--;
      const value = text.slice(start, vEnd);
      // consume the newline
      this.pos = j + 1;
      this.curLine = line + 1;
      this.curLineStart = j + 1;
      return this.emit(Tok.Comment, value, false, start, vEnd, tLine, tLs);
    }

    if (c === LBRACE || c === RBRACE || c === SEMI) {
      this.pos = i + 1;
      this.curLine = line;
      this.curLineStart = ls;
      this.nextIsDirective = true;
      return this.emit(
        c === LBRACE ? Tok.Open : c === RBRACE ? Tok.Close : Tok.Semi,
        c === LBRACE ? '{' : c === RBRACE ? '}' : ';',
        false,
        i,
        i + 1,
        line,
        ls,
      );
    }

    if (c === DQ || c === SQ) {
      const q = c;
      let j = i + 1;
      let esc = false;
      for (;;) {
        if (j >= n) {
          this.pos = n;
          this.curLine = line;
          this.curLineStart = ls;
          this.diagnostics.push(
            diag(
              q === DQ ? 'nginx/unterminated-quote#double' : 'nginx/unterminated-quote#single',
              'error',
              this.span(start, n, tLine, tLs, line, ls),
              null,
            ),
          );
          return Tok.Eof;
        }
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) {
          if (j + 1 < n) {
            const e = text.charCodeAt(j + 1);
            if (e === NL) {
              line++;
              ls = j + 2;
            } else if (e === q) esc = true;
            else if (e === 13 && j + 2 < n && text.charCodeAt(j + 2) === NL) {
              // backslash + CRLF is one unit, as Python's universal newlines make it "\\\n"
              line++;
              ls = j + 3;
              j += 3;
              continue;
            }
          }
          j += 2;
          continue;
        }
        if (d === q) break;
        if (d === NL) {
          line++;
          ls = j + 1;
        }
        j++;
      }
      let value = text.slice(i + 1, j);
      if (esc) value = value.split(q === DQ ? '\\"' : "\\'").join(q === DQ ? '"' : "'");
      value = crlf(value);
      this.pos = j + 1;
      this.curLine = line;
      this.curLineStart = ls;
      const kind = this.emit(Tok.Word, value, true, start, j + 1, tLine, tLs, line, ls);
      // nginx (not crossplane) wants a space, ";", "{" or ")" after a closing quote
      if (j + 1 < n) {
        const a = text.charCodeAt(j + 1);
        if (a !== 32 && a !== 9 && a !== 13 && a !== NL && a !== SEMI && a !== LBRACE && a !== 41) {
          this.diagnostics.push(
            diag('nginx/unexpected-after-quote', 'error', this.span(j + 1, j + 2, line, ls), {
              char: String(text[j + 1]),
            }),
          );
          // restore the token fields the diagnostic did not touch
        }
      }
      if (this.nextIsDirective && isLuaBlock(value)) {
        this.lexLua(value);
        this.nextIsDirective = true;
      }
      this.nextIsDirective = false;
      return kind;
    }

    // ordinary token: a contiguous slice of the text
    let j = i;
    let sawCR = false;
    let stop = -1; // why it ended: 0 = whitespace/eof, 1 = special char
    for (;;) {
      if (j >= n) {
        stop = 2; // end of file inside a token: crossplane drops the token
        break;
      }
      c = text.charCodeAt(j);
      if (c < 128 ? TOKEN_STOP[c] === 0 : c < 0x85) {
        j++;
        continue;
      }
      if (c === BACKSLASH) {
        if (j + 1 >= n) {
          j = n;
          stop = 2;
          break;
        }
        const e = text.charCodeAt(j + 1);
        if (e === NL) {
          line++;
          ls = j + 2;
        } else if (e === 13 && j + 2 < n && text.charCodeAt(j + 2) === NL) {
          line++;
          ls = j + 3;
          sawCR = true;
          j += 3;
          continue;
        }
        j += 2;
        continue;
      }
      if (c === DOLLAR && j + 1 < n && text.charCodeAt(j + 1) === LBRACE) {
        // parameter expansion: read up to "}" or whitespace; that character is kept in the token
        j += 1;
        let last = DOLLAR;
        let cut = false;
        while (last !== RBRACE) {
          if (j >= n) {
            cut = true;
            break;
          }
          const d = text.charCodeAt(j);
          if (d === NL || isSpaceCode(d)) break;
          if (d === BACKSLASH) {
            if (j + 1 >= n) {
              j = n;
              cut = true;
              break;
            }
            last = text.charCodeAt(j + 1);
            if (last === NL) {
              line++;
              ls = j + 2;
            } else if (last === 13 && j + 2 < n && text.charCodeAt(j + 2) === NL) {
              // backslash + CRLF: one unit, "\\\n" for Python
              last = NL;
              line++;
              ls = j + 3;
              sawCR = true;
              j += 3;
              continue;
            }
            j += 2;
            continue;
          }
          last = d;
          j++;
        }
        this.nextIsDirective = false;
        if (cut) {
          stop = 2;
          break;
        }
        // the character that ended the expansion is appended whatever it is, unless it is
        // special ({, }, ;) which ends the token
        const d = text.charCodeAt(j);
        if (d === LBRACE || d === RBRACE || d === SEMI) {
          stop = 1;
          break;
        }
        if (d === NL) {
          line++;
          ls = j + 1;
          j++;
          continue;
        }
        if (d === BACKSLASH || d === DOLLAR) continue; // re-examined by the loop (escape unit, or another "${")
        j++;
        continue;
      }
      if (c === NL || c === 32 || c === 9 || c === 13 || ((c < 32 || c >= 0x85) && isSpaceCode(c))) {
        stop = 0;
        break;
      }
      if (c === LBRACE || c === RBRACE || c === SEMI) {
        stop = 1;
        break;
      }
      j++;
    }
    if (stop === 2) {
      this.pos = n;
      this.curLine = line;
      this.curLineStart = ls;
      this.diagnostics.push(
        diag('nginx/unexpected-eof#token', 'error', this.span(start, n, tLine, tLs, line, ls), null),
      );
      return Tok.Eof;
    }
    // a directive name is interned even when interning is off: names repeat, and the interned
    // string's hash is computed once for the parser's table lookups
    const lazy = this.lazy && !sawCR && !this.nextIsDirective;
    const value = lazy
      ? ''
      : sawCR
        ? crlf(text.slice(start, j))
        : j - start <= 24 && (this.interning || this.nextIsDirective)
          ? this.intern(start, j)
          : text.slice(start, j);
    this.pos = j;
    this.curLine = line;
    this.curLineStart = ls;
    this.emit(Tok.Word, value, false, start, j, tLine, tLs, line, ls);
    this.plain = lazy;
    if (stop === 0) {
      // the whitespace that ended the token is consumed before a Lua lexer takes over
      if (this.nextIsDirective && isLuaBlock(value)) {
        this.lexLua(value);
        this.nextIsDirective = true;
        return Tok.Word;
      }
      this.nextIsDirective = false;
    }
    return Tok.Word;
  }

  /**
   * Short words repeat (directive names, "on", "80", "$host"): a small direct-mapped cache returns
   * the same string object for the same text, so a large config does not keep one copy per use.
   */
  private readonly cache: string[] = new Array(4096).fill('');

  private intern(start: number, end: number): string {
    const text = this.text;
    let h = end - start;
    for (let k = start; k < end; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
    const slot = (h ^ (h >>> 12)) & 4095;
    const c = this.cache[slot];
    if (c.length === end - start) {
      let k = 0;
      while (k < c.length && c.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === c.length) return c;
    }
    const v = text.slice(start, end);
    this.cache[slot] = v;
    return v;
  }

  /** crossplane ext/lua.py: reads `[arg] { body }` and queues (arg), body, ";". */
  private lexLua(directive: string): void {
    const text = this.text;
    const n = text.length;
    let i = this.pos;
    let line = this.curLine;
    let ls = this.curLineStart;
    const queue = this.queue;
    const adv = () => {
      if (text.charCodeAt(i) === NL) {
        line++;
        ls = i + 1;
      }
      i++;
    };
    if (directive === 'set_by_lua_block') {
      // skip whitespace, then read one argument up to whitespace (no quoting rules, as crossplane)
      while (i < n && isSpaceCode(text.charCodeAt(i))) adv();
      const aStart = i;
      const aLine = line;
      const aLs = ls;
      while (i < n && !isSpaceCode(text.charCodeAt(i))) {
        if (text.charCodeAt(i) === BACKSLASH && i + 1 < n) {
          i++;
          adv();
        } else i++;
      }
      if (i >= n) {
        this.pos = n;
        this.curLine = line;
        this.curLineStart = ls;
        this.diagnostics.push(
          diag('nginx/unexpected-eof#lua-directive', 'error', this.span(aStart, n, aLine, aLs, line, ls), {
            directive,
          }),
        );
        return;
      }
      queue.push({
        kind: Tok.Word,
        value: text.slice(aStart, i),
        quoted: false,
        start: aStart,
        end: i,
        line: aLine,
        lineStart: aLs,
        endLine: line,
        endLineStart: ls,
      });
      adv(); // the whitespace after the argument
    }
    while (i < n && isSpaceCode(text.charCodeAt(i))) adv();
    if (i >= n) {
      this.pos = n;
      this.curLine = line;
      this.curLineStart = ls;
      this.diagnostics.push(diag('nginx/unexpected-eof#lua-open', 'error', this.span(n, n, line, ls), { directive }));
      return;
    }
    if (text.charCodeAt(i) !== LBRACE) {
      this.pos = i;
      this.curLine = line;
      this.curLineStart = ls;
      this.diagnostics.push(diag('nginx/lua-block', 'error', this.span(i, i + 1, line, ls), null));
      return;
    }
    const open = i;
    const openLine = line;
    const openLs = ls;
    i++;
    let depth = 1;
    for (;;) {
      if (i >= n) {
        this.pos = n;
        this.curLine = line;
        this.curLineStart = ls;
        this.diagnostics.push(
          diag('nginx/unexpected-eof#lua-block', 'error', this.span(open, n, openLine, openLs, line, ls), {
            directive,
          }),
        );
        return;
      }
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        if (i + 1 < n && text.charCodeAt(i + 1) === NL) {
          line++;
          ls = i + 2;
        }
        i += 2;
        continue;
      }
      if (c === 45 /* - */ && i + 1 < n && text.charCodeAt(i + 1) === 45) {
        // a Lua comment runs to the end of the line: braces and quotes in it do not count
        i += 2;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === NL) break;
          if (d === BACKSLASH) {
            if (i + 1 < n && text.charCodeAt(i + 1) === NL) {
              line++;
              ls = i + 2;
            }
            i += 2;
            continue;
          }
          i++;
        }
        if (i >= n) continue;
        line++;
        ls = i + 1;
        i++;
        continue;
      }
      if (c === LBRACE) depth++;
      else if (c === RBRACE) {
        depth--;
        if (depth === 0) break;
      } else if (c === DQ || c === SQ) {
        i++;
        for (;;) {
          if (i >= n) break;
          const d = text.charCodeAt(i);
          if (d === BACKSLASH) {
            if (i + 1 < n && text.charCodeAt(i + 1) === NL) {
              line++;
              ls = i + 2;
            }
            i += 2;
            continue;
          }
          if (d === c) break;
          adv();
        }
        if (i >= n) continue;
      } else if (c === NL) {
        line++;
        ls = i + 1;
      }
      i++;
    }
    if (i > n) i = n;
    queue.push({
      kind: Tok.Word,
      value: crlf(text.slice(open + 1, i)),
      quoted: true,
      start: open,
      end: i + 1,
      line: openLine,
      lineStart: openLs,
      endLine: line,
      endLineStart: ls,
    });
    queue.push({
      kind: Tok.Semi,
      value: ';',
      quoted: false,
      start: i,
      end: i + 1,
      line,
      lineStart: ls,
      endLine: line,
      endLineStart: ls,
    });
    this.pos = i + 1;
    this.curLine = line;
    this.curLineStart = ls;
  }
}

/** All tokens of a text (for tests and tools); the parser pulls from `NginxLexer` directly. */
export function lexNginx(text: string, file = ''): { tokens: NginxToken[]; diagnostics: Diagnostic[] } {
  const lx = new NginxLexer(text, file);
  const tokens: NginxToken[] = [];
  for (let k = lx.next(); k !== Tok.Eof; k = lx.next()) {
    tokens.push({
      kind: k,
      value: lx.value,
      quoted: lx.quoted,
      start: lx.start,
      end: lx.end,
      line: lx.line,
      column: lx.start - lx.lineStart + 1,
    });
  }
  return { tokens, diagnostics: lx.diagnostics };
}
