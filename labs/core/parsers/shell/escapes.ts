/**
 * The numeric backslash escapes bash shares between `$'...'`, `echo -e`, `printf %b` and printf formats:
 * what follows the escape letter, read from index `j`.
 */

const isHex = (c: string): boolean => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

/**
 * `\xHH` (1-2 digits), `\uHHHH` (1-4) or `\UHHHHHHHH` (1-8) with the digits from `j`: the character and the
 * index after the digits; undefined when no hex digit follows (bash then keeps the backslash and letter).
 * A code point above U+10FFFF gives nothing, as in bash.
 */
export function hexEscape(s: string, j: number, letter: 'x' | 'u' | 'U'): { text: string; next: number } | undefined {
  const max = letter === 'x' ? 2 : letter === 'u' ? 4 : 8;
  let k = j;
  while (k < s.length && k - j < max && isHex(s[k])) k++;
  if (k === j) return undefined;
  const v = parseInt(s.slice(j, k), 16);
  return { text: letter === 'x' ? String.fromCharCode(v) : v <= 0x10ffff ? String.fromCodePoint(v) : '', next: k };
}

/** Up to three octal digits from `j` (none reads as 0): the byte's character and the index after the digits. */
export function octalEscape(s: string, j: number): { text: string; next: number } {
  let k = j;
  while (k < s.length && k - j < 3 && s[k] >= '0' && s[k] <= '7') k++;
  return { text: String.fromCharCode(parseInt(s.slice(j, k) || '0', 8) & 0xff), next: k };
}
