/**
 * HAProxy configuration lexer: a line-by-line transcription of HAProxy's own tokenizer,
 * `parse_line()` in src/tools.c, as called by the configuration reader (`readcfgfile()` /
 * `parse_cfg()` in src/cfgparse.c) with PARSE_OPT_ENV | PARSE_OPT_DQUOTE | PARSE_OPT_SQUOTE |
 * PARSE_OPT_BKSLASH | PARSE_OPT_SHARP | PARSE_OPT_WORD_EXPAND, and the configuration manual
 * (HAProxy 2.6) section 2.2 "Quoting and escaping".
 *
 * Rules (checked against `haproxy -c` 2.6.12):
 * - A line ends at LF. Leading white space is skipped (C `isspace`: space, \t, \n, \v, \f, \r).
 * - Words are separated by runs of unquoted, unescaped white space.
 * - `#` outside quotes starts a comment anywhere, even in the middle of a word (`foo#bar` is `foo`).
 * - `'...'`: everything literal, no escapes. `"..."`: backslash escapes and `$VAR` / `${VAR}`
 *   environment variables. Quotes may appear mid-word and concatenate (`a"b c"d` is `ab cd`).
 * - Backslash (outside single quotes): `\ ` `\\` `\#` `\'` `\"` give the character, `\t` `\n` `\r`
 *   the control character, `\xHH` the byte, `\$` a dollar (inside double quotes only); any other
 *   `\c` stays `\c`.
 * - An unescaped CR that does not follow white space ends the line (the rest is ignored).
 * - A trailing empty word (`x ""`) is not a word; an empty word in the middle is kept.
 * - At most 64 words (MAX_LINE_ARGS); white space after the 64th word is already an error.
 * Environment variables are never expanded here (the core has no environment): the word keeps
 * `${VAR}` as written and lists the names in `env`.
 */
import type { Diagnostic, LineCounter, Span } from '../../source';
import { diag, hint as hintOf, message } from './codes';
import type { HaproxyWord } from './ast';

type LexFailCode =
  | 'haproxy/invalid-hex-escape'
  | 'haproxy/invalid-env-name'
  | 'haproxy/invalid-word-expansion'
  | 'haproxy/unmatched-brace'
  | 'haproxy/unmatched-quote';

/** HAProxy's MAX_LINE_ARGS (include/haproxy/defaults.h). */
export const MAX_LINE_ARGS = 64;

/** A word as the lexer produces it (an `HaproxyWord` with lexical details). */
export interface HaproxyToken extends HaproxyWord {
  /** True when any part of the word was quoted. */
  quoted: boolean;
  /** Environment variables the word references inside double quotes (not expanded). */
  env?: string[];
}

/** One physical line after tokenizing. */
export interface LexedLine {
  /** 1-based line number. */
  line: number;
  /** Offsets of the line in the text: [start, end) without the line break. */
  start: number;
  end: number;
  /** The line's text without its line break (a CR before the LF is kept out). */
  raw: string;
  /** Words in order; empty when the line is blank or a comment. */
  words: HaproxyToken[];
  /** `# comment` text (from `#`, without the line break) when the line has one. */
  comment?: string;
  commentSpan?: Span;
  /** True when a lexical error made HAProxy drop this whole line. */
  rejected: boolean;
  /** Offset of the first non-blank character (the line's indentation ends here). */
  indentEnd: number;
  /** A `[scope]` line (HAProxy reads it before tokenizing): its one word is the trimmed text. */
  scope?: boolean;
}

/** Characters that end a run of ordinary characters in the lexer loop. */
const SPECIAL = new Uint8Array(128);
for (const ch of [0, 9, 10, 11, 12, 13, 32, 34, 35, 36, 39, 92]) SPECIAL[ch] = 1;

const isCSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c: number): boolean => isAlpha(c) || (c >= 48 && c <= 57);

/**
 * Tokenizes one line [start, end) of `text` (end excludes the LF). Diagnostics go to `out`.
 * Never throws.
 */
export function lexLine(
  text: string,
  start: number,
  end: number,
  lineNo: number,
  file: string,
  lc: LineCounter,
  out: Diagnostic[],
): LexedLine {
  let rawEnd = end;
  if (rawEnd > start && text.charCodeAt(rawEnd - 1) === 13) rawEnd--;
  const result: LexedLine = {
    line: lineNo,
    start,
    end: rawEnd,
    raw: text.slice(start, rawEnd),
    words: [],
    rejected: false,
    indentEnd: start,
  };
  let i = start;
  while (i < end && isCSpace(text.charCodeAt(i))) i++;
  result.indentEnd = i;
  if (i < end && text.charCodeAt(i) === 91 /* [ */) {
    // cfg_parse_scope(): the line is a scope marker, not tokenized.
    let e = rawEnd;
    while (e > i && isCSpace(text.charCodeAt(e - 1))) e--;
    const v = text.slice(i, e);
    result.words = [{ value: v, raw: v, span: lc.span(file, i, e), quoted: false }];
    result.scope = true;
    return result;
  }

  // Words never cross lines: spans are computed from the line start directly.
  const sp = (a: number, b: number): Span => ({
    file,
    line: lineNo,
    column: a - start + 1,
    endLine: lineNo,
    endColumn: b - start + 1,
    offset: a,
    endOffset: b,
  });
  const words: HaproxyToken[] = [];
  let squote = false;
  let dquote = false;
  let quotePos = -1;
  // current word
  let wStart = -1;
  let value = '';
  let quoted = false;
  let env: string[] | undefined;
  let separators = 0;
  let tooMany = -1;
  const pushWord = (wEnd: number): void => {
    if (words.length > MAX_LINE_ARGS) {
      // haproxy refuses the line anyway: do not build more words
      wStart = -1;
      value = '';
      quoted = false;
      env = undefined;
      return;
    }
    // most words are written as they read: share the string instead of slicing it again
    const raw = value.length === wEnd - wStart && text.startsWith(value, wStart) ? value : text.slice(wStart, wEnd);
    const w: HaproxyToken = { value, raw, span: sp(wStart, wEnd), quoted };
    if (env) w.env = env;
    words.push(w);
    wStart = -1;
    value = '';
    quoted = false;
    env = undefined;
  };
  const fail = (code: LexFailCode, pos: number, hint?: string): LexedLine => {
    out.push(
      diag(
        code,
        'error',
        lc.span(file, pos, Math.min(pos + 1, end)),
        { position: pos - start + 1 },
        hint ? { hint } : {},
      ),
    );
    result.rejected = true;
    result.words = [];
    return result;
  };

  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0 || c === 10 || c === 13) break; // end of line (an unescaped CR too)
    if (c === 35 /* # */ && !squote && !dquote) {
      result.comment = text.slice(i, rawEnd);
      result.commentSpan = sp(i, rawEnd);
      break;
    }
    if (wStart < 0) wStart = i;
    if (c === 34 /* " */ && !squote) {
      dquote = !dquote;
      quotePos = dquote ? i : -1;
      quoted = true;
      i++;
      continue;
    }
    if (c === 39 /* ' */ && !dquote) {
      squote = !squote;
      quotePos = squote ? i : -1;
      quoted = true;
      i++;
      continue;
    }
    if (c === 92 /* \ */ && !squote) {
      const n = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      switch (n) {
        case 32:
        case 92:
          value += String.fromCharCode(n);
          i += 2;
          continue;
        case 116: // t
          value += '\t';
          i += 2;
          continue;
        case 110: // n
          value += '\n';
          i += 2;
          continue;
        case 114: // r
          value += '\r';
          i += 2;
          continue;
        case 35: // #
        case 39: // '
        case 34: // "
          value += String.fromCharCode(n);
          i += 2;
          continue;
        case 36: // $
          if (dquote) {
            value += '$';
            i += 2;
          } else {
            value += '\\';
            i += 1;
          }
          continue;
        case 120: {
          // x
          const h1 = i + 2 < end ? text.charCodeAt(i + 2) : 0;
          const h2 = i + 3 < end ? text.charCodeAt(i + 3) : 0;
          if (!isHex(h1) || !isHex(h2)) {
            return fail('haproxy/invalid-hex-escape', i, hintOf('haproxy/invalid-hex-escape'));
          }
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
          i += 4;
          continue;
        }
        default:
          value += '\\';
          i += 1;
          continue;
      }
    }
    if (isCSpace(c) && !squote && !dquote) {
      const wEnd = i;
      while (i < end && isCSpace(text.charCodeAt(i))) i++;
      pushWord(wEnd);
      separators++;
      if (separators >= MAX_LINE_ARGS && tooMany < 0) tooMany = wEnd;
      continue;
    }
    if (c === 36 /* $ */ && dquote) {
      let j = i + 1;
      let brace = -1;
      if (j < end && text.charCodeAt(j) === 123 /* { */) brace = j++;
      const nc = j < end ? text.charCodeAt(j) : 0;
      if (!isAlpha(nc) && nc !== 95) {
        return fail('haproxy/invalid-env-name', j, hintOf('haproxy/invalid-env-name'));
      }
      const nameStart = j;
      while (j < end && (isAlnum(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
      const name = text.slice(nameStart, j);
      if (j < end && text.charCodeAt(j) === 91 /* [ */ && brace >= 0) {
        if (text.charCodeAt(j + 1) !== 42 || text.charCodeAt(j + 2) !== 93) {
          return fail('haproxy/invalid-word-expansion', j, hintOf('haproxy/invalid-word-expansion'));
        }
        j += 3;
      }
      if (brace >= 0) {
        if (j < end && text.charCodeAt(j) === 45 /* - */) {
          // `${VAR-default}`: HAProxy 2.6 refuses it (unmatched brace), whatever the variable.
          return fail('haproxy/unmatched-brace', brace, hintOf('haproxy/unmatched-brace#default-value'));
        }
        if (j >= end || text.charCodeAt(j) !== 125 /* } */) {
          return fail('haproxy/unmatched-brace', brace);
        }
        j++;
      }
      value += text.slice(i, j);
      (env ??= []).push(name);
      i = j;
      continue;
    }
    // a run of ordinary characters
    let j = i + 1;
    while (j < end) {
      const cj = text.charCodeAt(j);
      if (cj < 128 && SPECIAL[cj]) break;
      j++;
    }
    value += text.slice(i, j);
    i = j;
  }
  if (quotePos >= 0 && (squote || dquote)) {
    return fail('haproxy/unmatched-quote', quotePos, hintOf('haproxy/unmatched-quote'));
  }
  if (wStart >= 0) {
    let wEnd = i;
    if (result.comment !== undefined) wEnd = result.commentSpan!.offset!;
    // HAProxy does not count an empty last word (`x ""` has one word).
    if (value !== '') pushWord(wEnd);
    else wStart = -1;
  }
  if (tooMany >= 0) {
    const sp = words[MAX_LINE_ARGS - 1]?.span ?? lc.span(file, tooMany, tooMany);
    out.push(
      diag(
        'haproxy/too-many-words',
        'error',
        sp,
        { max: MAX_LINE_ARGS },
        {
          hint: hintOf('haproxy/too-many-words', { max: MAX_LINE_ARGS }),
        },
      ),
    );
    result.rejected = true;
    result.words = [];
    return result;
  }
  // Bytes after an unescaped CR are ignored by HAProxy: say so when they are not blank.
  if (i < end && text.charCodeAt(i) === 13) {
    let k = i + 1;
    while (k < end && isCSpace(text.charCodeAt(k))) k++;
    if (k < end && text.charCodeAt(k) !== 35) {
      out.push(diag('haproxy/stray-cr', 'warning', lc.span(file, i, end), null));
    }
  }
  result.words = words;
  return result;
}

export interface LexResult {
  /** Lines with words (or a lexical error): blank and comment-only lines are not listed. */
  lines: LexedLine[];
  /** Whole-line comments, in order. */
  comments: Array<{ text: string; span: Span; indent: string }>;
  diagnostics: Diagnostic[];
  /** Number of lines (a final LF does not start a new line; an empty text has 0). */
  lineCount: number;
  /** Offsets of the last line (without its line break), when there is one. */
  lastLine?: { start: number; end: number };
  /** True when the text is not empty and does not end with LF. */
  missingFinalNewline: boolean;
}

/** Tokenizes a whole file. Never throws. */
/**
 * The most configuration and comment lines (not blank ones) read from one file: a real configuration has
 * a few hundred, a generated one a few thousand. Past it the lexer stops with `haproxy/too-many-lines`
 * at the first line not read, so a 10 MB file of garbage costs a bounded time and memory.
 */
export const MAX_CONFIG_LINES = 20_000;

export function lexHaproxy(file: string, text: string, lc: LineCounter): LexResult {
  const diagnostics: Diagnostic[] = [];
  const lines: LexedLine[] = [];
  const comments: LexResult['comments'] = [];
  let start = 0;
  let lineNo = 1;
  let lastStart = -1;
  let lastEnd = -1;
  const n = text.length;
  while (start < n) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? n : nl;
    lastStart = start;
    lastEnd = end;
    // Fast paths: blank lines and whole-line comments need no tokenizing.
    let i = start;
    while (i < end && isCSpace(text.charCodeAt(i))) i++;
    const c = i < end ? text.charCodeAt(i) : 0;
    if (c === 0) {
      // blank (or a NUL, where haproxy stops reading the line)
    } else if (c === 35 && lines.length + comments.length < MAX_CONFIG_LINES) {
      let rawEnd = end;
      if (rawEnd > i && text.charCodeAt(rawEnd - 1) === 13) rawEnd--;
      comments.push({
        text: text.slice(i, rawEnd),
        span: {
          file,
          line: lineNo,
          column: i - start + 1,
          endLine: lineNo,
          endColumn: rawEnd - start + 1,
          offset: i,
          endOffset: rawEnd,
        },
        indent: text.slice(start, i),
      });
    } else if (lines.length + comments.length >= MAX_CONFIG_LINES) {
      diagnostics.push({
        severity: 'error',
        code: 'haproxy/too-many-lines',
        message: message('haproxy/too-many-lines#lexed', { max: MAX_CONFIG_LINES.toLocaleString('en-US') }),
        span: { file, line: lineNo, column: 1, offset: start },
      });
      // The line count still covers the whole file (the line counter has every line start).
      const ls = lc.lineStarts;
      lineNo = ls.length;
      const lastS = ls[ls.length - 1];
      if (lastS < n) {
        lastStart = lastS;
        lastEnd = n;
      } else if (ls.length >= 2) {
        lastStart = ls[ls.length - 2];
        lastEnd = lastS - 1;
      }
      break;
    } else {
      lines.push(lexLine(text, start, end, lineNo, file, lc, diagnostics));
    }
    if (nl < 0) break;
    lineNo++;
    start = nl + 1;
  }
  const missingFinalNewline = n > 0 && text.charCodeAt(n - 1) !== 10;
  const lineCount = n === 0 ? 0 : missingFinalNewline ? lineNo : lineNo - 1;
  const lastLine = lastStart >= 0 ? { start: lastStart, end: lastEnd } : undefined;
  return { lines, comments, diagnostics, lineCount, lastLine, missingFinalNewline };
}
