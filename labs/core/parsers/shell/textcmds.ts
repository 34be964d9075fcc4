/** bash's `echo` and `printf` builtins, on strings. */
import { hexEscape, octalEscape } from './escapes';

/**
 * Backslash escapes of `echo -e` and `printf %b`. Returns the text and whether `\c` stopped all
 * further output.
 */
export function echoEscapes(s: string, printfB = false): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const d = s[i + 1];
    switch (d) {
      case 'a':
        out += '\x07';
        i++;
        break;
      case 'b':
        out += '\b';
        i++;
        break;
      case 'c':
        return { text: out, stop: true };
      case 'e':
      case 'E':
        out += '\x1b';
        i++;
        break;
      case 'f':
        out += '\f';
        i++;
        break;
      case 'n':
        out += '\n';
        i++;
        break;
      case 'r':
        out += '\r';
        i++;
        break;
      case 't':
        out += '\t';
        i++;
        break;
      case 'v':
        out += '\v';
        i++;
        break;
      case '\\':
        out += '\\';
        i++;
        break;
      case '0': {
        const o = octalEscape(s, i + 2);
        out += o.text;
        i = o.next - 1;
        break;
      }
      case 'x':
      case 'u':
      case 'U': {
        const h = hexEscape(s, i + 2, d);
        if (!h) {
          out += '\\' + d;
          i++;
        } else {
          out += h.text;
          i = h.next - 1;
        }
        break;
      }
      default:
        if (printfB && d >= '1' && d <= '7') {
          // printf %b also takes \NNN without the leading 0
          const o = octalEscape(s, i + 1);
          out += o.text;
          i = o.next - 1;
          break;
        }
        out += '\\' + d;
        i++;
    }
  }
  return { text: out, stop: false };
}

/** Escapes in a printf format string (bash: `\NNN` octal without a leading 0, no `\c`). */
function formatEscape(s: string, i: number): { text: string; next: number } {
  const d = s[i + 1];
  if (d === undefined) return { text: '\\', next: i + 1 };
  const simple: Record<string, string> = {
    a: '\x07',
    b: '\b',
    e: '\x1b',
    E: '\x1b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
    '\\': '\\',
    '"': '"',
    "'": "'",
    '?': '?',
  };
  if (d in simple) return { text: simple[d], next: i + 2 };
  if (d >= '0' && d <= '7') return octalEscape(s, i + 1);
  if (d === 'x' || d === 'u' || d === 'U') {
    const h = hexEscape(s, i + 2, d);
    if (h) return h;
  }
  return { text: '\\' + d, next: i + 2 };
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
    const body = sign ? s.slice(1) : s;
    return sign + '0'.repeat(width - s.length) + body;
  }
  return ' '.repeat(width - s.length) + s;
}

function toInt(a: string | undefined, errors: string[]): number {
  if (a === undefined || a === '') return 0;
  if (/^['"]/.test(a)) return a.length > 1 ? a.codePointAt(1)! : 0;
  const t = a.trim();
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(t);
  if (!m) {
    errors.push(`${a}: invalid number`);
    // bash uses what strtoimax (base 0) read before the bad character: `08` is 0, `12abc` is 12, `0x1g` is 1
    const lead = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(t);
    if (!lead) return 0;
    const b = lead[2];
    const v =
      b.length > 1 && (b[1] === 'x' || b[1] === 'X')
        ? parseInt(b, 16)
        : b[0] === '0'
          ? parseInt(b, 8)
          : parseInt(b, 10);
    return lead[1] === '-' ? -v : v;
  }
  const body = m[2];
  const v =
    body.startsWith('0x') || body.startsWith('0X')
      ? parseInt(body, 16)
      : body.length > 1 && body[0] === '0'
        ? parseInt(body, 8)
        : parseInt(body, 10);
  return m[1] === '-' ? -v : v;
}

/**
 * bash's printf: the format is reused while arguments remain. Returns the output, whether a
 * `%b` argument stopped output with `\c`, and messages for bad numbers (bash prints them and
 * uses 0). Each chunk says which argument (index) it came from, or -1 for the format.
 */
export function bashPrintf(
  format: string,
  args: string[],
): { chunks: Array<{ text: string; arg: number }>; errors: string[]; unsupported?: string } {
  const chunks: Array<{ text: string; arg: number }> = [];
  const errors: string[] = [];
  let ai = 0;
  const push = (text: string, arg: number): void => {
    if (!text) return;
    const last = chunks[chunks.length - 1];
    if (last && last.arg === arg && arg === -1) last.text += text;
    else chunks.push({ text, arg });
  };
  for (let round = 0; round < 100000; round++) {
    const startAi = ai;
    let i = 0;
    while (i < format.length) {
      const c = format[i];
      if (c === '\\') {
        const e = formatEscape(format, i);
        push(e.text, -1);
        i = e.next;
        continue;
      }
      if (c !== '%') {
        let j = i;
        while (j < format.length && format[j] !== '%' && format[j] !== '\\') j++;
        push(format.slice(i, j), -1);
        i = j;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])/.exec(format.slice(i));
      if (!m) {
        push('%', -1);
        i++;
        continue;
      }
      i += m[0].length;
      const flags = m[1];
      let width = 0;
      if (m[2] === '*') width = toInt(args[ai++], errors);
      else if (m[2]) width = Number(m[2]);
      let prec: number | undefined;
      if (m[3] === '*') prec = toInt(args[ai++], errors);
      else if (m[3] !== undefined) prec = m[3] === '' ? 0 : Number(m[3]);
      const left = flags.includes('-') || width < 0;
      width = Math.abs(width);
      const zero = flags.includes('0') && !left;
      const conv = m[4];
      if (conv === '%') {
        push('%', -1);
        continue;
      }
      const argIdx = ai < args.length ? ai : -1;
      const arg = args[ai];
      ai++;
      switch (conv) {
        case 's': {
          let s = arg ?? '';
          if (prec !== undefined) s = s.slice(0, prec);
          push(pad(s, width, left, false), argIdx);
          break;
        }
        case 'b': {
          const e = echoEscapes(arg ?? '', true);
          let s = e.text;
          if (prec !== undefined) s = s.slice(0, prec);
          push(pad(s, width, left, false), argIdx);
          if (e.stop) return { chunks, errors };
          break;
        }
        case 'c':
          push(pad((arg ?? '').slice(0, 1), width, left, false), argIdx);
          break;
        case 'd':
        case 'i':
        case 'u': {
          const v = toInt(arg, errors);
          let s = String(conv === 'u' && v < 0 ? BigInt.asUintN(64, BigInt(v)).toString() : v);
          if (prec !== undefined) {
            const neg = s.startsWith('-');
            const body = neg ? s.slice(1) : s;
            s = (neg ? '-' : '') + body.padStart(prec, '0');
          }
          if (flags.includes('+') && v >= 0) s = '+' + s;
          else if (flags.includes(' ') && v >= 0) s = ' ' + s;
          push(pad(s, width, left, zero && prec === undefined), argIdx);
          break;
        }
        case 'o':
        case 'x':
        case 'X': {
          const v = toInt(arg, errors);
          const big = v < 0 ? BigInt.asUintN(64, BigInt(v)) : BigInt(v);
          let s = big.toString(conv === 'o' ? 8 : 16);
          if (conv === 'X') s = s.toUpperCase();
          if (prec !== undefined) s = s.padStart(prec, '0');
          if (flags.includes('#') && v !== 0) s = (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') + s;
          push(pad(s, width, left, zero && prec === undefined), argIdx);
          break;
        }
        case 'f':
        case 'F': {
          const v = arg === undefined || arg === '' ? 0 : Number(arg);
          if (Number.isNaN(v)) errors.push(`${arg}: invalid number`);
          let s = (Number.isNaN(v) ? 0 : v).toFixed(prec ?? 6);
          if (flags.includes('+') && v >= 0) s = '+' + s;
          push(pad(s, width, left, zero), argIdx);
          break;
        }
        default:
          return { chunks, errors, unsupported: `printf %${conv}` };
      }
    }
    if (ai >= args.length || ai === startAi) break;
  }
  return { chunks, errors };
}
