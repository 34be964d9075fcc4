/**
 * Re-emits a parsed HAProxy configuration from the words' raw text (quotes and escapes as
 * written). Lines keep their line numbers: each line of the output is the line of the same
 * number in the input, with its indentation, its words separated by one space, and its trailing
 * comment; whole-line comments and lines HAProxy rejected are re-emitted as written, blank lines
 * stay blank. So `parseHaproxy(f, printHaproxy(parseHaproxy(f, x).ast))` has the same structure
 * (sections, keywords, arguments, line numbers) as `parseHaproxy(f, x)`.
 */
import type { HaproxyConfig, HaproxyLine } from './ast';

export function printHaproxy(cfg: HaproxyConfig): string {
  const byLine = new Map<number, string>();
  const emit = (l: HaproxyLine): void => {
    let s = (l.indent ?? '') + l.words.map((w) => w.raw).join(' ');
    if (l.comment !== undefined) s += ' ' + l.comment;
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
  return out.join('\n') + (cfg.finalNewline === false ? '' : '\n');
}
