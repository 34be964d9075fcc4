/**
 * Outputs escape what they did not write (issue 12, item 9): a learner's file names, lines and the
 * tools' messages about them reach terminals, CI logs, Markdown and HTML. Pure (runs in the browser).
 *
 * - `visible`: control characters (C0 but tab and, when allowed, line feed; DEL; C1), the Unicode line
 *   and paragraph separators and the bidirectional overrides become `\x1b`, `\u202e`...: an ESC cannot
 *   recolour or clear a terminal, a CR cannot hide a line, a Trojan-Source override cannot reorder one.
 * - `fileName`: a name with anything but ordinary characters is quoted (JSON style), so a newline or a
 *   space in a name is seen, not obeyed.
 * - `noWorkflowCommands`: a line that would start a GitHub workflow command (`::error::`, `::add-mask::`)
 *   once printed in an Actions log gets its first colon escaped.
 * - `mdText` / `codeSpan`: Markdown where raw HTML is shown as text and a code span cannot be closed early.
 */

// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LF = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

function esc(ch: string): string {
  const c = ch.charCodeAt(0);
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/** Control characters shown as escapes; `keepNewlines` keeps LF (a message's own line breaks). */
export function visible(s: string, keepNewlines = false): string {
  return s.replace(keepNewlines ? CONTROL_BUT_LF : CONTROL_ALL, esc);
}

/** A file name as shown to people: as is when ordinary, else quoted with escapes. */
export function fileName(name: string): string {
  if (/^[\w./@+-][\w./@+=,~ -]*$/.test(name) && !/ $/.test(name)) return name;
  return `"${visible(name).replace(/"/g, '\\"')}"`;
}

/** Escapes the colon of a line that would start a GitHub workflow command (after optional blanks). */
export function noWorkflowCommands(text: string): string {
  return text.replace(/^([ \t]*):(?=:)/gm, '$1\\x3a');
}

/** Markdown text: raw HTML neutralised (`<` `>` shown as text), control characters visible. */
export function mdText(s: string): string {
  return noWorkflowCommands(visible(s, true).replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** A Markdown code span holding `s` whatever backticks it contains. */
export function codeSpan(s: string): string {
  const v = visible(s);
  let longest = 0;
  for (const m of v.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${v}${pad}${fence}`;
}

/** HTML text and attribute values. */
export function htmlText(s: string | number): string {
  return visible(String(s), true)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
