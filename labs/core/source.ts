/**
 * Shared source-position primitives for every parser and check.
 *
 * Pure TypeScript: no `node:` imports, no `process`, no I/O. Lines and columns are 1-based;
 * columns count UTF-16 code units (what a JavaScript string index counts), as editors and SARIF do.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A place in a file. `file` is the submission-relative POSIX path (e.g. `lb-01/haproxy.cfg`). */
export interface Span {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** 0-based offsets into the file's text, when known (end is exclusive). */
  offset?: number;
  endOffset?: number;
}

/**
 * The Span of text[start, end) in `file`, from the lines and line-start offsets of both ends
 * (parsers that track them as they read need no line table).
 */
export function spanAt(
  file: string,
  start: number,
  end: number,
  line: number,
  lineStart: number,
  endLine: number,
  endLineStart: number,
): Span {
  return {
    file,
    line,
    column: start - lineStart + 1,
    endLine,
    endColumn: end - endLineStart + 1,
    offset: start,
    endOffset: end,
  };
}

/** A parse or load problem: a value, never a thrown error. */
export interface Diagnostic {
  /** Stable machine code, e.g. `nginx/unexpected-eof`, `haproxy/no-final-newline`. Tests assert codes, not English. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  hint?: string;
  related?: Array<{ span: Span; message: string }>;
}

export interface ParseResult<A> {
  ast: A;
  diagnostics: Diagnostic[];
}

/** Where one line of a (possibly reconstructed) file came from. */
export interface LineOrigin {
  file: string;
  line: number;
}

/**
 * A text file as the parsers see it. Files reconstructed from a provisioning script carry `origin`:
 * `origin[i]` is where line `i + 1` of `text` came from in the learner's script, so findings can
 * point into the script the learner wrote.
 */
export interface SourceFile {
  path: string;
  text: string;
  origin?: Array<LineOrigin | undefined>;
  /** For reconstructed files: the target path the script writes (e.g. `/etc/haproxy/haproxy.cfg`). */
  target?: string;
}

/**
 * Maps 0-based offsets to 1-based line/column. Build once per text; lookups are O(log lines).
 * A line ends at `\n`; a `\r` before it belongs to the line break (CRLF files give the same lines).
 */
export class LineCounter {
  /**
   * Offsets where each line starts. A typed array sized by a first count: pushing line starts one by
   * one into a growing array cost about 0.6 s for 5,000,000 lines; counting then filling, 0.15 s.
   */
  readonly lineStarts: Uint32Array;

  constructor(readonly text: string) {
    let count = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Uint32Array(count);
    let k = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 1-based line and column of an offset (clamped into the text). */
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo] + 1 };
  }

  /** Offset of a 1-based line's first character. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))];
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    let end = line < this.lineStarts.length ? this.lineStarts[line] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, Math.max(start, end));
  }

  /** A span for the half-open offset range [start, end). */
  span(file: string, start: number, end: number = start): Span {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return {
      file,
      line: a.line,
      column: a.column,
      endLine: b.line,
      endColumn: b.column,
      offset: start,
      endOffset: Math.max(start, end),
    };
  }
}

/**
 * Maps a span in a reconstructed file back to the learner's own file (the script line the
 * config line came from). Spans of ordinary files are returned unchanged.
 */
export function mapToOrigin(span: Span, source: SourceFile | undefined): Span {
  if (!source?.origin) return span;
  const o = source.origin[span.line - 1];
  if (!o) return span;
  return { file: o.file, line: o.line, column: 1 };
}

export function diagnostic(
  code: string,
  severity: Severity,
  message: string,
  span: Span,
  extra: { hint?: string; related?: Diagnostic['related'] } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity, message, span };
  if (extra.hint) d.hint = extra.hint;
  if (extra.related) d.related = extra.related;
  return d;
}

/** Size limit the core enforces on any one file (the node adapter enforces it before reading, too). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface DecodedText {
  text: string;
  diagnostics: Diagnostic[];
  /** True when the bytes look like a binary file (NUL bytes); `text` is then empty. */
  binary: boolean;
}

/**
 * Turns raw bytes into text the parsers can read, with a diagnostic for each oddity:
 * a UTF-8 BOM is removed (info), invalid UTF-8 is replaced by U+FFFD (warning, with the first
 * place), NUL bytes mean a binary file (error), and an over-size file is refused (error).
 *
 * `ascii`: an optional fast decoder the caller may pass (the Node side checks for ASCII with SIMD and
 * copies the bytes into a one-byte string): it returns the text when every byte is ASCII, else undefined.
 * ASCII has no BOM and no invalid UTF-8, so its result is the text as it is.
 */
export function decodeText(
  path: string,
  bytes: Uint8Array,
  maxBytes: number = MAX_FILE_BYTES,
  ascii?: (bytes: Uint8Array) => string | undefined,
): DecodedText {
  const at = (line = 1, column = 1): Span => ({ file: path, line, column });
  if (bytes.length > maxBytes) {
    return {
      text: '',
      binary: false,
      diagnostics: [
        diagnostic(
          'file/too-large',
          'error',
          `${path} is ${bytes.length} bytes, over the ${maxBytes}-byte limit for one file`,
          at(),
          {
            hint: 'Configuration files are small; check that you put the right file here.',
          },
        ),
      ],
    };
  }
  const sniff = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (sniff.indexOf(0) !== -1) {
    return {
      text: '',
      binary: true,
      diagnostics: [
        diagnostic(
          'file/binary',
          'error',
          `${path} looks like a binary file (it contains NUL bytes), not a text configuration`,
          at(),
        ),
      ],
    };
  }
  const plain = ascii?.(bytes);
  if (plain !== undefined) return { text: plain, diagnostics: [], binary: false };
  const diagnostics: Diagnostic[] = [];
  let text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (hadBom)
    diagnostics.push(
      diagnostic('file/bom', 'info', `${path} starts with a UTF-8 byte-order mark; it was ignored`, at()),
    );
  if (hadBom && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const bad = text.indexOf('\uFFFD');
  if (bad !== -1) {
    const pos = new LineCounter(text).position(bad);
    diagnostics.push(
      diagnostic(
        'file/invalid-utf8',
        'warning',
        `${path} has bytes that are not valid UTF-8 (first at line ${pos.line}); they are read as \uFFFD`,
        at(pos.line, pos.column),
      ),
    );
  }
  return { text, diagnostics, binary: false };
}
