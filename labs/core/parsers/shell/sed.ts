/**
 * The part of GNU sed that provisioning scripts use: `s` (flags g, N, I, M, p), `a`, `i`, `c`
 * (GNU one-line and classic forms), `d`, `p`, `q`, `Q`, `=`, `y`, `{ }` blocks, and `!`;
 * addresses: line numbers, `$`, `/re/` (and `\cREc`, flags I, M), `first~step`, ranges `a,b`,
 * `a,+N`, `a,~N`, `0,/re/`. POSIX basic (BRE) and extended (ERE) regular expressions, with GNU's
 * extensions (`\+ \? \| \< \> \w \s \b \n \t`), are translated into JavaScript regular expressions.
 *
 * Known difference: POSIX picks the longest of several alternatives starting at the same place
 * (`(a|ab)` on `ab` matches `ab`); JavaScript picks the first that works (`a`).
 */
import type { LineOrigin } from '../../source';
import type { Content, TextLine } from './content';

export type SedAddr =
  | { t: 'line'; n: number }
  | { t: 'last' }
  | { t: 're'; re: RegExp | null; src: string }
  | { t: 'step'; first: number; step: number }
  | { t: 'zero' };
export type SedAddr2 = SedAddr | { t: 'plus'; n: number } | { t: 'mult'; n: number };

type ReplTok = { t: 'lit'; s: string } | { t: 'grp'; n: number } | { t: 'case'; c: 'U' | 'L' | 'E' | 'u' | 'l' };

export interface SedCmd {
  a1?: SedAddr;
  a2?: SedAddr2;
  neg: boolean;
  name: string;
  /** The command as written (for messages). */
  raw: string;
  re?: RegExp | null;
  reSrc?: string;
  repl?: ReplTok[];
  global?: boolean;
  nth?: number;
  print?: boolean;
  text?: string;
  /** `r FILE`: the file whose content is queued after the current line. */
  file?: string;
  ySrc?: string;
  yDst?: string;
  blockEnd?: number;
}

export interface SedProgram {
  cmds: SedCmd[];
  quietFlag: boolean;
}

/** Translates a POSIX BRE/ERE (GNU flavour, as sed reads it) into a JavaScript RegExp source. */
export function translateRegex(src: string, ere: boolean): { source: string } | { error: string } {
  let out = '';
  let i = 0;
  const n = src.length;
  let atStart = true;
  while (i < n) {
    const c = src[i];
    if (c === '\\') {
      const d = src[i + 1];
      i += 2;
      if (d === undefined) return { error: 'trailing backslash (\\)' };
      if (!ere && d === '(') {
        out += '(';
        atStart = true;
        continue;
      }
      if (!ere && d === ')') {
        out += ')';
        atStart = false;
        continue;
      }
      if (!ere && d === '|') {
        out += '|';
        atStart = true;
        continue;
      }
      if (!ere && d === '{') {
        const e = src.indexOf('\\}', i);
        if (e === -1) return { error: 'unmatched \\{' };
        const body = src.slice(i, e);
        if (!/^\d*(,\d*)?$/.test(body)) return { error: 'invalid content of \\{\\}' };
        out += '{' + (body.startsWith(',') ? '0' + body : body) + '}';
        i = e + 2;
        atStart = false;
        continue;
      }
      if (!ere && (d === '+' || d === '?')) {
        out += atStart ? '\\' + d : d;
        atStart = false;
        continue;
      }
      atStart = false;
      if (d >= '1' && d <= '9') out += '\\' + d;
      else if (d === 'n') out += '\\n';
      else if (d === 't') out += '\\t';
      else if (d === 'f') out += '\\f';
      else if (d === 'v') out += '\\v';
      else if (d === 'r') out += '\\r';
      else if (d === 'a') out += '\\x07';
      else if ('wWsSbB'.includes(d)) out += '\\' + d;
      else if (d === '<') out += '\\b(?=\\w)';
      else if (d === '>') out += '\\b(?<=\\w)';
      else if (d === '`') out += '(?<![\\s\\S])';
      else if (d === "'") out += '(?![\\s\\S])';
      else if (d === 'x' && /^[0-9a-fA-F]{1,2}/.test(src.slice(i))) {
        const m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(i))![0];
        out += escapeJs(String.fromCharCode(parseInt(m, 16)));
        i += m.length;
      } else out += escapeJs(d);
      continue;
    }
    if (c === '[') {
      const r = bracket(src, i);
      if ('error' in r) return r;
      out += r.source;
      i = r.next;
      atStart = false;
      continue;
    }
    if (c === '*') {
      out += atStart ? '\\*' : '*';
      i++;
      atStart = false;
      continue;
    }
    if (c === '^') {
      if (ere || atStart) {
        out += '^';
        atStart = !ere || true;
      } else out += '\\^';
      i++;
      continue;
    }
    if (c === '$') {
      const rest = src.slice(i + 1);
      if (ere || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) out += '$';
      else out += '\\$';
      i++;
      atStart = false;
      continue;
    }
    if (ere) {
      if (c === '(' || c === '|') {
        out += c;
        i++;
        atStart = true;
        continue;
      }
      if (c === ')') {
        out += c;
        i++;
        atStart = false;
        continue;
      }
      if (c === '+' || c === '?') {
        out += atStart ? '\\' + c : c;
        i++;
        atStart = false;
        continue;
      }
      if (c === '{') {
        const m = /^\{(\d*)(,\d*)?\}/.exec(src.slice(i));
        if (m && !atStart && (m[1] !== '' || m[2])) {
          out += '{' + (m[1] === '' ? '0' : m[1]) + (m[2] ?? '') + '}';
          i += m[0].length;
        } else {
          out += '\\{';
          i++;
        }
        atStart = false;
        continue;
      }
    }
    if (c === '.') out += '[^]';
    else out += escapeJs(c);
    i++;
    atStart = false;
  }
  try {
    new RegExp(out);
  } catch (e) {
    return { error: `invalid regular expression (${e instanceof Error ? e.message : String(e)})` };
  }
  return { source: out };
}

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

function bracket(src: string, start: number): { source: string; next: number } | { error: string } {
  let i = start + 1;
  let neg = false;
  if (src[i] === '^') {
    neg = true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < src.length) {
    const c = src[i];
    if (c === ']' && !first) return { source: '[' + (neg ? '^' : '') + body + ']', next: i + 1 };
    first = false;
    if (c === '[' && (src[i + 1] === ':' || src[i + 1] === '=' || src[i + 1] === '.')) {
      const kind = src[i + 1];
      const e = src.indexOf(kind + ']', i + 2);
      if (e === -1) return { error: 'unterminated [ in a bracket expression' };
      const name = src.slice(i + 2, e);
      if (kind === ':') {
        const cls = CLASSES[name];
        if (cls === undefined) return { error: `invalid character class [:${name}:]` };
        body += cls;
      } else body += escapeClass(name);
      i = e + 2;
      continue;
    }
    if (c === '\\') {
      const d = src[i + 1];
      if (d === 'n') {
        body += '\\n';
        i += 2;
        continue;
      }
      if (d === 't') {
        body += '\\t';
        i += 2;
        continue;
      }
      if (d === '\\') {
        body += '\\\\';
        i += 2;
        continue;
      }
      if (d === ']') {
        // `[\]]`: a bracket holding a backslash, then a literal `]` (POSIX); GNU reads it the same
        body += '\\\\';
        i += 1;
        continue;
      }
      body += '\\\\';
      i++;
      continue;
    }
    if (c === '-') body += '-';
    else body += escapeClass(c);
    i++;
  }
  return { error: 'unterminated address regex (unmatched [)' };
}

function escapeClass(s: string): string {
  return s.replace(/[\\\]\[^]/g, '\\$&');
}

export function escapeJs(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function isWs(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/** Parses a sed script (the `-e` pieces joined with newlines). */
export function parseSed(script: string, ere: boolean): { prog?: SedProgram; error?: string; unsupported?: string } {
  const cmds: SedCmd[] = [];
  const stack: number[] = [];
  let i = 0;
  const s = script;
  const n = s.length;
  let lastRe: RegExp | null = null;
  const quietFlag = s.startsWith('#n\n') || s === '#n';

  const readDelimited = (delim: string): string | undefined => {
    // returns the raw text up to the next unescaped delim (\delim -> delim, \n kept escaped), i after the delim
    let out = '';
    while (i < n) {
      const c = s[i];
      if (c === '\\') {
        const d = s[i + 1];
        if (d === delim && delim !== '\n') {
          out += delim === '&' ? '\\&' : d;
          i += 2;
          continue;
        }
        if (d === '\n') {
          out += '\\n';
          i += 2;
          continue;
        }
        out += c + (d ?? '');
        i += 2;
        continue;
      }
      if (c === delim) {
        i++;
        return out;
      }
      if (c === '\n' && delim !== '\n') return undefined;
      out += c;
      i++;
    }
    return undefined;
  };

  const compile = (src: string, flags: string): RegExp | null | string => {
    if (src === '') return lastRe; // empty regex: the last one used
    const t = translateRegex(src, ere);
    if ('error' in t) return t.error;
    const re = new RegExp(t.source, 'g' + flags);
    lastRe = re;
    return re;
  };

  const readAddr = (): SedAddr | string | undefined => {
    const c = s[i];
    if (c >= '0' && c <= '9') {
      let j = i;
      while (j < n && s[j] >= '0' && s[j] <= '9') j++;
      const num = Number(s.slice(i, j));
      i = j;
      if (s[i] === '~') {
        let k = i + 1;
        while (k < n && s[k] >= '0' && s[k] <= '9') k++;
        const step = Number(s.slice(i + 1, k) || '0');
        i = k;
        return { t: 'step', first: num, step };
      }
      return num === 0 ? { t: 'zero' } : { t: 'line', n: num };
    }
    if (c === '$') {
      i++;
      return { t: 'last' };
    }
    if (c === '/' || c === '\\') {
      let delim = '/';
      if (c === '\\') {
        delim = s[i + 1];
        i += 2;
      } else i++;
      const src = readDelimited(delim);
      if (src === undefined) return 'unterminated address regex';
      let flags = '';
      while (s[i] === 'I' || s[i] === 'M') {
        flags += s[i] === 'I' ? 'i' : 'm';
        i++;
      }
      const re = compile(src, flags);
      if (typeof re === 'string') return re;
      return { t: 're', re, src };
    }
    return undefined;
  };

  const readText = (): string => {
    // GNU a/i/c text: after optional whitespace; `\` then newline = classic form; `\` then text = one-liner keeping blanks
    while (isWs(s[i])) i++;
    if (s[i] === '\\') {
      // `a\` + newline (classic form) or `a\text` (GNU one-liner keeping leading blanks)
      i++;
      if (s[i] === '\n') i++;
    }
    let out = '';
    while (i < n) {
      const c = s[i];
      if (c === '\\') {
        const d = s[i + 1];
        i += 2;
        if (d === undefined) break;
        if (d === '\n') out += '\n';
        else if (d === 't') out += '\t';
        else if (d === 'n') out += '\n';
        else out += d;
        continue;
      }
      if (c === '\n') {
        i++;
        break;
      }
      out += c;
      i++;
    }
    return out;
  };

  while (i < n) {
    while (i < n && (isWs(s[i]) || s[i] === '\n' || s[i] === ';')) i++;
    if (i >= n) break;
    if (s[i] === '#') {
      while (i < n && s[i] !== '\n') i++;
      continue;
    }
    const cmdStart = i;
    const cmd: SedCmd = { neg: false, name: '', raw: '' };
    const a1 = readAddr();
    if (typeof a1 === 'string') return { error: a1 };
    if (a1) {
      cmd.a1 = a1;
      while (isWs(s[i])) i++;
      if (s[i] === ',') {
        i++;
        while (isWs(s[i])) i++;
        if (s[i] === '+' || s[i] === '~') {
          const kind = s[i];
          let j = i + 1;
          while (j < n && s[j] >= '0' && s[j] <= '9') j++;
          const num = Number(s.slice(i + 1, j) || '0');
          i = j;
          cmd.a2 = kind === '+' ? { t: 'plus', n: num } : { t: 'mult', n: num };
        } else {
          const a2 = readAddr();
          if (typeof a2 === 'string') return { error: a2 };
          if (!a2) return { error: 'unexpected `,`' };
          cmd.a2 = a2;
        }
      }
      if (a1.t === 'zero' && !(cmd.a2 && cmd.a2.t === 're')) return { error: 'invalid usage of line address 0' };
    }
    while (isWs(s[i])) i++;
    while (s[i] === '!') {
      cmd.neg = true;
      i++;
      while (isWs(s[i])) i++;
    }
    const name = s[i++];
    if (name === undefined) return { error: 'missing command' };
    cmd.name = name;
    switch (name) {
      case '{':
        stack.push(cmds.length);
        break;
      case '}':
        if (!stack.length) return { error: 'unexpected `}`' };
        cmds[stack.pop()!].blockEnd = cmds.length;
        break;
      case 's': {
        const delim = s[i++];
        if (delim === undefined || delim === '\n' || delim === '\\') return { error: "unterminated `s' command" };
        const reSrc = readDelimited(delim);
        if (reSrc === undefined) return { error: "unterminated `s' command" };
        const rawRepl = readDelimited(delim);
        if (rawRepl === undefined) return { error: "unterminated `s' command" };
        let flags = '';
        cmd.global = false;
        cmd.nth = 1;
        for (;;) {
          const f = s[i];
          if (f === 'g') cmd.global = true;
          else if (f === 'p') cmd.print = true;
          else if (f === 'i' || f === 'I') flags += 'i';
          else if (f === 'm' || f === 'M') flags += 'm';
          else if (f >= '0' && f <= '9') {
            let j = i;
            while (j < n && s[j] >= '0' && s[j] <= '9') j++;
            cmd.nth = Number(s.slice(i, j));
            if (cmd.nth === 0) return { error: "number option to `s' command may not be zero" };
            i = j;
            continue;
          } else if (f === 'e') return { unsupported: 'the `e` flag of `s` (runs a command)' };
          else if (f === 'w') return { unsupported: 'the `w` flag of `s` (writes another file)' };
          else break;
          i++;
        }
        const re = compile(reSrc, [...new Set(flags)].join(''));
        if (typeof re === 'string') return { error: re };
        cmd.re = re;
        cmd.reSrc = reSrc;
        cmd.repl = parseRepl(rawRepl);
        break;
      }
      case 'y': {
        const delim = s[i++];
        const a = delim ? readDelimited(delim) : undefined;
        const b = a !== undefined && delim ? readDelimited(delim) : undefined;
        if (a === undefined || b === undefined) return { error: "unterminated `y' command" };
        const ua = a.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
        const ub = b.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
        if ([...ua].length !== [...ub].length) return { error: "strings for `y' command are different lengths" };
        cmd.ySrc = ua;
        cmd.yDst = ub;
        break;
      }
      case 'a':
      case 'i':
      case 'c': {
        let j = i;
        while (isWs(s[j])) j++;
        if (j >= n || s[j] === '\n') return { error: "expected \\ after `a', `c' or `i'" };
        cmd.text = readText();
        break;
      }
      case 'd':
      case 'p':
      case '=':
      case 'q':
      case 'Q':
        if (name === 'q' || name === 'Q') while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        break;
      case 'r': {
        // `r FILE`: the rest of the line is the file name (GNU: leading blanks skipped, no escapes)
        while (isWs(s[i])) i++;
        let j = i;
        while (j < n && s[j] !== '\n') j++;
        cmd.file = s.slice(i, j);
        i = j;
        break;
      }
      case 'R':
      case 'w':
      case 'W':
        return { unsupported: `the \`${name}\` command (reads or writes another file)` };
      case 'e':
        return { unsupported: 'the `e` command (runs a shell command)' };
      default:
        if ('DnNPhHgGxbtT:lzF'.includes(name))
          return { unsupported: `the \`${name}\` command (multi-line or branching sed)` };
        return { error: `unknown command: \`${name}\`` };
    }
    cmd.raw = s.slice(cmdStart, i).replace(/\n$/, '');
    cmds.push(cmd);
    // after a command: blanks, then ; newline } or #
    while (isWs(s[i])) i++;
    if (i < n && s[i] !== ';' && s[i] !== '\n' && s[i] !== '}' && s[i] !== '#' && !'aic{'.includes(name)) {
      return { error: `extra characters after command (\`${s.slice(i, i + 10)}\`)` };
    }
  }
  if (stack.length) return { error: 'unmatched `{`' };
  return { prog: { cmds, quietFlag } };
}

function parseRepl(raw: string): ReplTok[] {
  const out: ReplTok[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit) out.push({ t: 'lit', s: lit });
    lit = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '&') {
      flush();
      out.push({ t: 'grp', n: 0 });
      continue;
    }
    if (c !== '\\') {
      lit += c;
      continue;
    }
    const d = raw[++i];
    if (d === undefined) {
      lit += '\\';
      break;
    }
    if (d >= '0' && d <= '9') {
      flush();
      out.push({ t: 'grp', n: Number(d) });
    } else if (d === 'n') lit += '\n';
    else if (d === 't') lit += '\t';
    else if (d === 'r') lit += '\r';
    else if (d === 'f') lit += '\f';
    else if (d === 'v') lit += '\v';
    else if (d === 'a') lit += '\x07';
    else if ('ULEul'.includes(d)) {
      flush();
      out.push({ t: 'case', c: d as 'U' });
    } else lit += d;
  }
  flush();
  return out;
}

function buildRepl(toks: ReplTok[], m: RegExpExecArray): string {
  let out = '';
  let mode: 'U' | 'L' | '' = '';
  let one: 'u' | 'l' | '' = '';
  const add = (s: string): void => {
    if (!s) return;
    let t = mode === 'U' ? s.toUpperCase() : mode === 'L' ? s.toLowerCase() : s;
    if (one) {
      t = (one === 'u' ? t[0].toUpperCase() : t[0].toLowerCase()) + t.slice(1);
      one = '';
    }
    out += t;
  };
  for (const t of toks) {
    if (t.t === 'lit') add(t.s);
    else if (t.t === 'grp') add(m[t.n] ?? '');
    else if (t.c === 'E') {
      mode = '';
      one = '';
    } else if (t.c === 'U' || t.c === 'L') mode = t.c;
    else one = t.c;
  }
  return out;
}

/** Runs `s` on a pattern space GNU-style; returns the new text or undefined when nothing was replaced. */
export function substitute(cmd: SedCmd, ps: string, re: RegExp): string | undefined {
  re.lastIndex = 0;
  let out = '';
  let pos = 0;
  let count = 0;
  let did = false;
  let prevEnd = -1;
  for (;;) {
    if (re.lastIndex > ps.length) break;
    const m = re.exec(ps);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].length === 0) {
      re.lastIndex = end + 1;
      if (start === prevEnd) continue; // GNU: no empty match right after the previous match
    } else re.lastIndex = end;
    prevEnd = end;
    count++;
    if (count >= (cmd.nth ?? 1)) {
      out += ps.slice(pos, start) + buildRepl(cmd.repl ?? [], m);
      pos = end;
      did = true;
      if (!cmd.global) break;
    }
  }
  if (!did) return undefined;
  return out + ps.slice(pos);
}

interface RangeState {
  active: boolean;
  endLine: number;
  /** A range with a line-number start that already ended (GNU never restarts it). */
  closed?: boolean;
}

export interface SedRunResult {
  content: Content;
  /** `r FILE` names whose content was not known (the output lacks them). */
  unknownReads?: string[];
  /** For each command, whether it ever selected a line (and, for `s`, replaced something). */
  hit: boolean[];
  /** For each command, whether its address ever selected a line. */
  selected: boolean[];
}

/**
 * Runs a parsed program over a content, as GNU sed does (one file; `-i` edits each file separately).
 * Lines produced or changed by the program get `origin`.
 */
export function runSed(
  prog: SedProgram,
  input: Content,
  opts: {
    quiet: boolean;
    origin: LineOrigin;
    /** For `r FILE`: its content, undefined when it does not exist (GNU sed then reads nothing), 'unknown' when not known. */ readFile?: (
      name: string,
    ) => Content | undefined | 'unknown';
  },
): SedRunResult {
  const unknownReads: string[] = [];
  const cmds = prog.cmds;
  const quiet = opts.quiet || prog.quietFlag;
  const hit = cmds.map(() => false);
  const selected = cmds.map(() => false);
  const ranges: RangeState[] = cmds.map((c) => ({ active: c.a1?.t === 'zero', endLine: 0 }));
  const out: TextLine[] = [];
  let missingNl = false;
  const lines = input.lines;
  const total = lines.length;
  // `r FILE` copies the file's bytes as they are: after a last line without newline, the next
  // output continues that line (GNU sed adds no newline there, unlike after its own lines)
  let joinNext = false;
  const emit = (text: string, origin: LineOrigin | undefined, nl: boolean, raw = false): void => {
    const parts = text.indexOf('\n') === -1 ? [text] : text.split('\n');
    let k = 0;
    if (joinNext && out.length) {
      out[out.length - 1] = { text: out[out.length - 1].text + parts[0], origin: out[out.length - 1].origin };
      k = 1;
    }
    for (; k < parts.length; k++) out.push({ text: parts[k], origin });
    missingNl = !nl;
    joinNext = raw && !nl;
  };
  let lastRe: RegExp | null = null;

  const matchAddr = (a: SedAddr | SedAddr2, ln: number, ps: string): boolean => {
    switch (a.t) {
      case 'line':
        return ln === a.n;
      case 'last':
        return ln === total;
      case 'zero':
        return false;
      case 'step':
        return a.step <= 0 ? ln === a.first : ln >= a.first && (ln - a.first) % a.step === 0;
      case 're': {
        const re = a.re ?? lastRe;
        if (!re) return false;
        lastRe = re;
        re.lastIndex = 0;
        return re.test(ps);
      }
      default:
        return false;
    }
  };

  const isSelected = (k: number, ln: number, ps: string): boolean => {
    const c = cmds[k];
    let r: boolean;
    if (!c.a1) r = true;
    else if (!c.a2) r = matchAddr(c.a1, ln, ps);
    else {
      const st = ranges[k];
      const a1 = c.a1;
      const a2 = c.a2;
      // GNU: a range whose first address is a line number never starts again once it ended, and
      // starts on the first line at or after that number the command sees
      const end = (): void => {
        st.active = false;
        if (a1.t === 'line') st.closed = true;
      };
      if (st.active) {
        r = true;
        if (a2.t === 'line') {
          r = ln <= a2.n;
          if (ln >= a2.n) end();
        } else if (a2.t === 'plus') {
          // (GNU still selects a line past the end when the command skipped lines, then ends)
          if (ln >= st.endLine) end();
        } else if (a2.t === 'mult') {
          if (a2.n <= 0 || ln % a2.n === 0) end();
        } else if (matchAddr(a2, ln, ps)) end();
      } else if (a1.t === 'line' && !st.closed && ln > a1.n && a2.t === 'line' && ln > a2.n) {
        // started late (the command did not see line a1) and already past a2: never selected
        st.closed = true;
        r = false;
      } else if (a1.t === 'line' ? !st.closed && ln >= a1.n : matchAddr(a1, ln, ps)) {
        r = true;
        if (a2.t === 'line') st.active = a2.n > ln;
        else if (a2.t === 'plus') {
          st.endLine = ln + a2.n;
          st.active = a2.n > 0;
        } else if (a2.t === 'mult') st.active = !(a2.n <= 0 || ln % a2.n === 0);
        else if (a2.t === 'last') st.active = ln !== total;
        else st.active = true;
        if (!st.active) end();
      } else r = false;
    }
    if (c.neg) r = !r;
    if (r) selected[k] = true;
    return r;
  };

  const rangeEnded = (k: number): boolean => !cmds[k].a2 || !ranges[k].active;

  let quit = false;
  for (let li = 0; li < total && !quit; li++) {
    const ln = li + 1;
    const src = lines[li];
    let ps = src.text;
    let origin = src.origin;
    const lastLineNoNl = ln === total && !input.final;
    let appendQueue: Array<string | { file: string }> | undefined;
    let autoprint = !quiet;
    let pc = 0;
    while (pc < cmds.length) {
      const c = cmds[pc];
      if (c.name === '}') {
        pc++;
        continue;
      }
      if (!isSelected(pc, ln, ps)) {
        pc = c.name === '{' ? (c.blockEnd ?? cmds.length) + 1 : pc + 1;
        continue;
      }
      switch (c.name) {
        case '{':
          hit[pc] = true;
          pc++;
          continue;
        case 's': {
          const re: RegExp | null = c.re ?? lastRe;
          if (re) {
            lastRe = re;
            const r = substitute(c, ps, re);
            if (r !== undefined) {
              ps = r;
              origin = opts.origin;
              hit[pc] = true;
              if (c.print) emit(ps, origin, true);
            }
          }
          break;
        }
        case 'y': {
          hit[pc] = true;
          const a = [...(c.ySrc ?? '')];
          const b = [...(c.yDst ?? '')];
          const ny = [...ps]
            .map((ch) => {
              const k = a.indexOf(ch);
              return k === -1 ? ch : b[k];
            })
            .join('');
          if (ny !== ps) origin = opts.origin;
          ps = ny;
          break;
        }
        case 'a':
          hit[pc] = true;
          if (c.text !== undefined && c.text !== '') (appendQueue ??= []).push(c.text);
          break;
        case 'i':
          hit[pc] = true;
          if (c.text !== undefined) emit(c.text, opts.origin, true);
          break;
        case 'r':
          hit[pc] = true;
          if (c.file) (appendQueue ??= []).push({ file: c.file });
          break;
        case 'c':
          hit[pc] = true;
          if (rangeEnded(pc) || c.neg) {
            if (c.text !== undefined) emit(c.text, opts.origin, true);
          }
          autoprint = false;
          pc = cmds.length;
          continue;
        case 'd':
          hit[pc] = true;
          autoprint = false;
          pc = cmds.length;
          continue;
        case 'p':
          hit[pc] = true;
          emit(ps, origin, true);
          break;
        case '=':
          hit[pc] = true;
          emit(String(ln), opts.origin, true);
          break;
        case 'q':
          hit[pc] = true;
          quit = true;
          pc = cmds.length;
          continue;
        case 'Q':
          hit[pc] = true;
          quit = true;
          autoprint = false;
          appendQueue = undefined; // Q prints nothing, not even queued `a` text
          pc = cmds.length;
          continue;
      }
      pc++;
    }
    if (autoprint) emit(ps, origin, !lastLineNoNl);
    if (appendQueue) {
      for (const t of appendQueue) {
        if (typeof t === 'string') {
          emit(t, opts.origin, true);
          continue;
        }
        const f = opts.readFile ? opts.readFile(t.file) : 'unknown';
        if (f === 'unknown') {
          if (!unknownReads.includes(t.file)) unknownReads.push(t.file);
          continue;
        }
        if (f === undefined) continue;
        // the file's bytes as they are (a last line without newline gets one when more output follows)
        for (let k = 0; k < f.lines.length; k++)
          emit(f.lines[k].text, f.lines[k].origin, k < f.lines.length - 1 || f.final, true);
      }
    }
  }
  return {
    content: { lines: out, final: out.length > 0 && !missingNl },
    hit,
    selected,
    ...(unknownReads.length ? { unknownReads } : {}),
  };
}
