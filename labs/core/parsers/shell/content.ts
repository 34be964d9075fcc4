/**
 * File contents as lines with their origins. A file is `lines` plus whether the last line ends
 * with a newline (`final`); an empty file has no lines. Text assembled from the script is a list
 * of `Piece`s: text plus the script line of its first character; when `adv` is set the text was
 * copied from the script as is, so each newline inside it advances the line by one.
 */
import type { LineOrigin } from '../../source';

export interface Piece {
  text: string;
  line: number;
  /** The text is a verbatim copy of script text: newlines inside it are script newlines. */
  adv?: boolean;
  /** Origin file when it is not the script itself (stock files, sub-scripts keep the script). */
  file?: string;
}

export interface TextLine {
  text: string;
  origin?: LineOrigin;
}

export interface Content {
  lines: TextLine[];
  /** True when the last line ends with a newline. */
  final: boolean;
}

export function emptyContent(): Content {
  return { lines: [], final: false };
}

export function contentText(c: Content): string {
  if (!c.lines.length) return '';
  let s = '';
  for (let i = 0; i < c.lines.length; i++) {
    s += c.lines[i].text;
    if (i < c.lines.length - 1 || c.final) s += '\n';
  }
  return s;
}

export function piecesText(p: Piece[]): string {
  let s = '';
  for (const x of p) s += x.text;
  return s;
}

/** A plain text with every line from one origin file (used for stock files). */
export function contentFromText(text: string, file: string): Content {
  const c = emptyContent();
  if (!text) return c;
  const parts = text.split('\n');
  const final = parts[parts.length - 1] === '';
  if (final) parts.pop();
  c.lines = parts.map((t, i) => ({ text: t, origin: { file, line: i + 1 } }));
  c.final = final;
  return c;
}

/** Appends pieces to a content (in place): text continues an unterminated last line. */
export function appendPieces(c: Content, pieces: Piece[], scriptFile: string): void {
  let open = c.lines.length > 0 && !c.final; // last line still open?
  for (const p of pieces) {
    if (!p.text) continue;
    const file = p.file ?? scriptFile;
    let line = p.line;
    let start = 0;
    const t = p.text;
    for (;;) {
      const nl = t.indexOf('\n', start);
      const seg = nl === -1 ? t.slice(start) : t.slice(start, nl);
      if (nl === -1 && seg === '') break;
      if (open) c.lines[c.lines.length - 1].text += seg;
      else c.lines.push({ text: seg, origin: { file, line } });
      if (nl === -1) {
        open = true;
        break;
      }
      open = false;
      start = nl + 1;
      if (p.adv) line++;
    }
  }
  c.final = c.lines.length > 0 && !open;
}

export function cloneContent(c: Content): Content {
  return { lines: c.lines.map((l) => ({ ...l })), final: c.final };
}

export function contentPieces(c: Content): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < c.lines.length; i++) {
    const l = c.lines[i];
    const nl = i < c.lines.length - 1 || c.final ? '\n' : '';
    out.push({ text: l.text + nl, line: l.origin?.line ?? 0, file: l.origin?.file });
  }
  return out;
}
