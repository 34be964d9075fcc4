/**
 * Re-emits a parsed HAProxy configuration from the words' raw text (quotes and escapes as
 * written). Lines keep their line numbers: each line of the output is the line of the same
 * number in the input, with its indentation, its words separated as written (one space when the
 * AST was edited), and its trailing comment; whole-line comments and lines HAProxy rejected are re-emitted as written, blank lines
 * stay blank. So `parseHaproxy(f, printHaproxy(parseHaproxy(f, x).ast))` has the same structure
 * (sections, keywords, arguments, line numbers) as `parseHaproxy(f, x)`.
 */
import type { HaproxyConfig, HaproxyLine } from './ast';

export function printHaproxy(cfg: HaproxyConfig): string {
  const byLine = new Map<number, string>();
  const emit = (l: HaproxyLine): void => {
    // Separators come from the line as written when the spans still fit it (a blank run such as
    // a vertical tab matters after a word ending in `\`); otherwise one space.
    const first = l.words[0]?.span;
    const lineStart = first?.offset !== undefined ? first.offset - (first.column - 1) : undefined;
    const sep = (from: number | undefined, to: number | undefined): string => {
      if (lineStart === undefined || from === undefined || to === undefined) return ' ';
      const t = l.raw.slice(from - lineStart, to - lineStart);
      return t !== '' && /^[ \t\v\f\r]+$/.test(t) ? t : ' ';
    };
    let s = l.indent ?? '';
    l.words.forEach((w, i) => {
      if (i > 0) s += sep(l.words[i - 1].span.endOffset, w.span.offset);
      s += w.raw;
    });
    if (l.comment !== undefined) {
      const last = l.words[l.words.length - 1];
      const cStart = l.span.endOffset !== undefined ? l.span.endOffset - l.comment.length : undefined;
      s += sep(last?.span.endOffset, cStart) + l.comment;
    }
    byLine.set(l.line, s);
  };
  cfg.preamble.forEach(emit);
  for (const sec of cfg.sections) {
    emit(sec.header);
    sec.lines.forEach(emit);
  }
  for (const c of cfg.comments ?? []) byLine.set(c.span.line, c.indent + c.text);
  for (const r of cfg.rejectedLines ?? []) byLine.set(r.line, r.raw);
  let max = cfg.lineCount ?? 0;
  for (const k of byLine.keys()) max = Math.max(max, k);
  const out: string[] = [];
  for (let i = 1; i <= max; i++) out.push(byLine.get(i) ?? '');
  if (max === 0) return '';
  // A blank last line without LF still has to be "a last line without LF" when printed.
  if (cfg.finalNewline === false && out[max - 1] === '') out[max - 1] = ' ';
  return out.join('\n') + (cfg.finalNewline === false ? '' : '\n');
}
