/**
 * Word and parameter expansion as bash does it: variables (`$X`, `${X:-word}`, `${X%pattern}`...),
 * arithmetic, command substitution (run by the walk, see walk.ts), tilde, brace expansion and field
 * splitting. Text only known at run time is kept as written, with a mark that says why.
 */
import type { LineCounter, Span } from '../../../source';
import { globToRegExp } from '../../../vfs';
import { piecesText } from '../content';
import { escapeJs } from '../sed';
import { Lexer, type Word, type WordPart } from '../lexer';
import { HOST_NAME_SYMBOL } from '../symbols';
import { FileTable } from './files';
import {
  NON_BASH_SHEBANG,
  RUNTIME_VARS,
  UnsetMark,
  pushAll,
  type MPiece,
  type ReconstructOptions,
  type VarVal,
} from './state';

export abstract class Expander extends FileTable {
  readonly unexpanded: Array<{ name: string; span: Span }> = [];
  private readonly unexpandedSeen = new Set<string>();
  readonly vars = new Map<string, VarVal>();
  /** Variables exported to child processes (`export X`, `declare -x X`, the environment). */
  exported = new Set<string>();
  positional: string[][] = [];
  nounset = false;
  private unsetMarks = 0;
  /** Set after `source`/`eval`: a variable the script never set may have been set there. */
  opaque: { what: string; line: number } | undefined;
  /** Nesting of `${X:-word}` words being expanded. */
  private paramDepth = 0;
  /** The shell running the current code is bash (it sets `$HOSTNAME`); false for sh/dash. */
  bash = true;
  /** How many child shells (`bash -c`, `sudo su <<EOF`...) deep the current code runs. */
  childDepth = 0;
  /** In a child shell: the variables of the shells that started it, and how it was started. */
  outer: Array<{ vars: Map<string, VarVal>; how: string }> = [];

  constructor(file: string, text: string, opts: ReconstructOptions, lc: LineCounter) {
    super(file, text, opts, lc);
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      this.vars.set(k, { pieces: [{ text: v, line: 1 }] });
      this.exported.add(k);
    }
    this.bash = !NON_BASH_SHEBANG.test(text.slice(0, 200).split('\n', 1)[0]);
  }

  /** `$(...)`: the output of the commands inside when the script itself knows it (see Interp). */
  abstract commandSubstitution(p: Extract<WordPart, { k: 'cmd' }>, line: number): MPiece[] | undefined;

  /** For a variable a child shell does not have: why, when a shell that started it has it. */
  hiddenWhy(name: string): string | undefined {
    for (let k = this.outer.length - 1; k >= 0; k--) {
      if (this.outer[k].vars.has(name)) return `${name} is set in the script, but ${this.outer[k].how}`;
    }
    return undefined;
  }

  getVar(name: string): VarVal | undefined {
    if (/^[0-9]$/.test(name) || name === '@' || name === '*' || name === '#') {
      const pos = this.positional[this.positional.length - 1];
      if (!pos) return undefined;
      if (name === '#') return { pieces: [{ text: String(pos.length - 1), line: 0 }] };
      if (name === '@' || name === '*') return { pieces: [{ text: pos.slice(1).join(' '), line: 0 }] };
      const v = pos[Number(name)];
      return v === undefined ? { pieces: [] } : { pieces: [{ text: v, line: 0 }] };
    }
    return this.vars.get(name);
  }

  /** Expands one `$...` part. `ctx` tells where it stands (for messages). */
  expandVar(p: Extract<WordPart, { k: 'var' }>, ctx: 'heredoc' | 'dq' | 'unquoted'): MPiece[] {
    if (p.op === undefined) {
      // fast path: a variable the script set
      const v0 = this.vars.get(p.name);
      if (v0 && !v0.unknown && !(p.name.length === 1 && '0123456789@*#'.includes(p.name))) {
        let line0 = 0;
        return v0.pieces.map((x) => (x.line ? x : { ...x, line: line0 || (line0 = this.line(p.off)) }));
      }
    }
    if (p.op === undefined && !this.opaque && !this.nounset) {
      // fast path: a plain `$name` the script never set (nginx variables in an unquoted heredoc...)
      const name = p.name;
      if (
        !this.vars.has(name) &&
        !(name.length === 1 && '0123456789@*#?$!-'.includes(name)) &&
        !RUNTIME_VARS.has(name)
      ) {
        // past a few thousand, more marks could not be reported (diagnostics and the list are capped): skip them
        if (++this.unsetMarks > 5000) return [];
        const line = this.line(p.off);
        const mark = new UnsetMark(
          name,
          p.raw,
          line,
          { src: this, frame: this.frame, off: p.off, end: p.end },
          ctx,
          this.hiddenWhy(name),
        );
        if (this.unexpanded.length < 1000) {
          const key = `${p.off}:${this.frame.lineBase}:${name}`;
          if (!this.unexpandedSeen.has(key)) {
            this.unexpandedSeen.add(key);
            this.unexpanded.push({ name, span: mark.span });
          }
        }
        return [{ text: '', line, mark }];
      }
    }
    const line = this.line(p.off);
    const frame = this.frame;
    const spanFn = (): Span => this.spanIn(frame, p.off, p.end);
    const unknown = (reason: string): MPiece[] => [
      { text: p.raw, line, mark: { kind: 'unknown', name: p.name, reason, line, span: spanFn() } },
    ];
    if (p.op === 'bad') return unknown(`\`${p.raw}\` is not a parameter expansion this reconstruction understands`);
    const special = /^[0-9]$/.test(p.name) || '@*#?$!-'.includes(p.name);
    let v = this.getVar(p.name);
    // bash sets HOSTNAME itself (not exported): this host's name, at the time the shell started
    if (!v && p.name === 'HOSTNAME' && this.bash) {
      v = {
        pieces: [
          {
            text: HOST_NAME_SYMBOL,
            line,
            mark: {
              kind: 'host',
              name: p.raw,
              reason: `\`${p.raw}\` is this host's name (bash sets HOSTNAME), only known on the machine; shown as ${HOST_NAME_SYMBOL}`,
              line,
              span: spanFn(),
            },
          },
        ],
      };
    }
    if (!v && special) {
      if (p.name === '0') return unknown('`$0` is the name the script is run as');
      if ('?$!-'.includes(p.name)) return unknown(`\`$${p.name}\` is only known when the script runs`);
      return unknown(`\`${p.raw}\` is an argument given to the script when it runs`);
    }
    // in a child shell the environment is known (what the script exported, or sudo's reset one):
    // a shell that is not bash has no HOSTNAME
    if (
      !v &&
      RUNTIME_VARS.has(p.name) &&
      !(p.op && /^:?[-=]$/.test(p.op)) &&
      !(p.name === 'HOSTNAME' && this.childDepth > 0)
    ) {
      return unknown(`\`$${p.name}\` comes from the environment the script runs in`);
    }
    if (v?.unknown) {
      const r = unknown(`\`${p.raw}\` holds a value only known at run time (${v.unknown})`);
      r[0].mark!.root = v.unknown;
      return r;
    }
    const isSet = v !== undefined;
    const empty = !v || piecesText(v.pieces) === '';
    const expandArg = (): MPiece[] => {
      // bounded: `${a:-${b:-${c:-...}}}` nested deeper than this is not expanded (each level re-reads its word)
      if (this.paramDepth >= 32)
        return unknown(
          `\`${p.raw.length > 40 ? p.raw.slice(0, 37) + '...' : p.raw}\` nests expansions too deeply to follow`,
        );
      this.paramDepth++;
      try {
        const sub = new Lexer(p.arg ?? '');
        const parts = sub.readParts('heredoc', (p.arg ?? '').length, () => p.off);
        return this.expandParts(parts, ctx === 'unquoted' ? 'dq' : ctx);
      } finally {
        this.paramDepth--;
      }
    };
    switch (p.op) {
      case undefined:
        break;
      case '#len':
        return [{ text: String(v ? [...piecesText(v.pieces)].length : 0), line }];
      case ':-':
      case '-':
        if (p.op === ':-' ? empty : !isSet) return expandArg();
        break;
      case ':=':
      case '=':
        if (p.op === ':=' ? empty : !isSet) {
          const val = expandArg();
          this.vars.set(p.name, { pieces: val.map((x) => ({ ...x, mark: undefined })) });
          return val;
        }
        break;
      case ':+':
      case '+':
        if (p.op === ':+' ? !empty : isSet) return expandArg();
        return [];
      case ':?':
      case '?':
        if (p.op === ':?' ? empty : !isSet)
          return unknown(`\`${p.raw}\` stops the script with an error because ${p.name} is not set`);
        break;
      default: {
        if (!v) break;
        const val = piecesText(v.pieces);
        const m = /^(%%|%|##|#|\/\/|\/|\^\^|,,)(.*)$/s.exec(p.op);
        if (!m) return unknown(`the expansion \`${p.raw}\` is not modelled`);
        const [, op, rest] = m;
        if (op === '^^') return [{ text: val.toUpperCase(), line }];
        if (op === ',,') return [{ text: val.toLowerCase(), line }];
        const tooHard = (pat: string): boolean => /[$`\\'"]/.test(pat) || val.length > 10_000;
        if (op === '/' || op === '//') {
          const k = rest.indexOf('/');
          const pat = k === -1 ? rest : rest.slice(0, k);
          const rep = k === -1 ? '' : rest.slice(k + 1);
          if (tooHard(pat + rep) || /^[#%]/.test(pat))
            return unknown(`the expansion \`${p.raw}\` uses a pattern this reconstruction does not evaluate`);
          if (!pat) return [{ text: val, line }];
          const re = patternRegExp(pat);
          let out = '';
          let i = 0;
          let did = false;
          while (i <= val.length) {
            let hit = -1;
            if (!(did && op === '/'))
              for (let e = val.length; e > i; e--)
                if (re.test(val.slice(i, e))) {
                  hit = e;
                  break;
                }
            if (hit !== -1) {
              out += rep;
              i = hit;
              did = true;
            } else {
              if (i < val.length) out += val[i];
              i++;
            }
          }
          return [{ text: out, line }];
        }
        if (tooHard(rest))
          return unknown(`the expansion \`${p.raw}\` uses a pattern this reconstruction does not evaluate`);
        const re = patternRegExp(rest);
        const n = val.length;
        if (op === '#' || op === '##') {
          for (let k = 0; k <= n; k++) {
            const i = op === '#' ? k : n - k;
            if (re.test(val.slice(0, i))) return [{ text: val.slice(i), line }];
          }
          return [{ text: val, line }];
        }
        for (let k = 0; k <= n; k++) {
          const i = op === '%' ? n - k : k;
          if (re.test(val.slice(i))) return [{ text: val.slice(0, i), line }];
        }
        return [{ text: val, line }];
      }
    }
    if (!v && this.opaque && !/^[0-9@*#?$!-]$/.test(p.name)) {
      return unknown(
        `${p.name} is not set in this script, but may be set by ${this.opaque.what} at line ${this.opaque.line}`,
      );
    }
    if (!v && this.nounset && !this.stopped) {
      this.diag(
        'shell/unbound-variable',
        'error',
        `bash stops the script here: ${p.name}: unbound variable (the script uses set -u and ${p.name} is never set); nothing after this runs`,
        spanFn(),
        `Set ${p.name} before this line, or give a default: \${${p.name}:-value}.`,
      );
      this.stopped = true;
    }
    if (!v) {
      const mark = new UnsetMark(
        p.name,
        p.raw,
        line,
        { src: this, frame, off: p.off, end: p.end },
        ctx,
        this.hiddenWhy(p.name),
      );
      if (this.unexpanded.length < 1000) {
        const key = `${p.off}:${frame.lineBase}:${p.name}`;
        if (!this.unexpandedSeen.has(key)) {
          this.unexpandedSeen.add(key);
          this.unexpanded.push({ name: p.name, span: mark.span });
        }
      }
      return [{ text: '', line, mark }];
    }
    // a variable's value keeps the lines it was assigned on when it came from literal script text
    return v.pieces.map((x) => (x.line ? { ...x } : { ...x, line }));
  }

  evalArith(expr: string, off: number): MPiece[] {
    const line = this.line(off);
    const src = expr.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, '$1');
    let i = 0;
    let bad = false;
    // bounded: parentheses and signs nested deeper than this are not evaluated (no deep recursion)
    let depth = 0;
    const TOKEN = /0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*/y;
    const ws = (): void => {
      while (src[i] === ' ' || src[i] === '\t' || src[i] === '\n') i++;
    };
    const atom = (): number => {
      ws();
      if (bad) return 0;
      if (src[i] === '(' || src[i] === '-' || src[i] === '+') {
        if (++depth > 100) {
          bad = true;
          return 0;
        }
        let v: number;
        if (src[i] === '(') {
          i++;
          v = sum();
          ws();
          if (src[i] === ')') i++;
          else bad = true;
        } else {
          const s = src[i++];
          v = atom();
          if (s === '-') v = -v;
        }
        depth--;
        return v;
      }
      TOKEN.lastIndex = i;
      const m = TOKEN.exec(src);
      if (!m) {
        bad = true;
        return 0;
      }
      i += m[0].length;
      if (/^\d/.test(m[0])) return Number(m[0]);
      const v = this.vars.get(m[0]);
      if (!v || v.unknown) {
        if (!v) return 0;
        bad = true;
        return 0;
      }
      const n = Number(piecesText(v.pieces).trim() || '0');
      if (!Number.isInteger(n)) bad = true;
      return n;
    };
    const prod = (): number => {
      let v = atom();
      for (;;) {
        if (bad) return 0;
        ws();
        const c = src[i];
        if (c !== '*' && c !== '/' && c !== '%') return v;
        i++;
        const r = atom();
        if (c === '*') v *= r;
        else if (r === 0) {
          bad = true;
          return 0;
        } else v = c === '/' ? Math.trunc(v / r) : v % r;
      }
    };
    const sum = (): number => {
      let v = prod();
      for (;;) {
        if (bad) return 0;
        ws();
        const c = src[i];
        if (c !== '+' && c !== '-') return v;
        i++;
        const r = prod();
        v = c === '+' ? v + r : v - r;
      }
    };
    const v = sum();
    ws();
    if (bad || i < src.length) {
      const span = this.span(off);
      return [
        {
          text: `$((${expr}))`,
          line,
          mark: {
            kind: 'unknown',
            name: 'arith',
            reason: `the arithmetic \`$((${expr}))\` is not evaluated`,
            line,
            span,
          },
        },
      ];
    }
    return [{ text: String(v), line }];
  }

  /** Expands parts into pieces (no field splitting). */
  expandParts(parts: WordPart[], ctx: 'heredoc' | 'dq' | 'unquoted'): MPiece[] {
    const out: MPiece[] = [];
    for (const p of parts) {
      switch (p.k) {
        case 'lit':
        case 'sq':
          out.push({ text: p.text, line: this.line(p.off), adv: true });
          break;
        case 'ansi':
          out.push({ text: p.text, line: this.line(p.off) });
          break;
        case 'dq':
          pushAll(out, this.expandParts(p.parts, 'dq'));
          break;
        case 'var':
          pushAll(out, this.expandVar(p, ctx));
          break;
        case 'tilde': {
          const home = p.user === '' ? this.vars.get('HOME') : undefined;
          const line = this.line(p.off);
          if (home && !home.unknown)
            pushAll(
              out,
              home.pieces.map((x) => ({ ...x, line })),
            );
          else {
            const span = this.span(p.off, p.off + 1 + p.user.length);
            out.push({
              text: '~' + p.user,
              line,
              mark: {
                kind: 'unknown',
                name: '~',
                reason: `\`~${p.user}\` is a home directory only known when the script runs`,
                line,
                span,
              },
            });
          }
          break;
        }
        case 'cmd': {
          const line = this.line(p.off);
          const evaluated = this.commandSubstitution(p, line);
          if (evaluated) {
            pushAll(out, evaluated);
            break;
          }
          const span = this.span(p.off, p.end);
          const t = p.text.trim();
          out.push({
            text: p.raw,
            line,
            mark: {
              kind: 'unknown',
              name: t,
              reason: `the output of the command substitution \`${p.raw.length > 60 ? p.raw.slice(0, 57) + '...' : p.raw}\` is only known when the script runs`,
              line,
              span,
            },
          });
          break;
        }
        case 'arith':
          pushAll(out, this.evalArith(p.text, p.off));
          break;
      }
    }
    return out;
  }

  /** Expands a word into fields, with bash's field splitting of unquoted expansions. */
  expandWord(w: Word): MPiece[][] {
    if (hasBrace(w.parts)) {
      const variants = braceExpand(w.parts, 0);
      if (variants.length > 1 || variants[0] !== w.parts)
        return variants.flatMap((parts) => this.expandFields({ ...w, parts }));
    }
    return this.expandFields(w);
  }

  expandFields(w: Word): MPiece[][] {
    if (w.parts.length === 1 && w.parts[0].k === 'lit') {
      // the common word, one unquoted literal (`true`, `/etc/nginx`, `-y`): the loop below gives this
      const p = w.parts[0];
      return p.text ? [[{ text: p.text, line: this.line(p.off), adv: true }]] : [];
    }
    const fields: MPiece[][] = [];
    let cur: MPiece[] = [];
    let has = false; // current field exists (quoted empty or any text)
    const push = (): void => {
      if (has) fields.push(cur);
      cur = [];
      has = false;
    };
    for (const p of w.parts) {
      if (p.k === 'var' || p.k === 'cmd' || p.k === 'arith') {
        const pieces =
          p.k === 'var'
            ? this.expandVar(p, 'unquoted')
            : p.k === 'arith'
              ? this.evalArith(p.text, p.off)
              : this.expandParts([p], 'unquoted');
        for (const x of pieces) {
          if (x.mark) {
            cur.push(x);
            if (x.text) has = true;
            continue;
          }
          // split on IFS whitespace
          const segs = x.text.split(/[ \t\n]+/);
          for (let k = 0; k < segs.length; k++) {
            if (k > 0) push();
            if (segs[k]) {
              cur.push({ ...x, text: segs[k], adv: false });
              has = true;
            }
          }
        }
        continue;
      }
      if (p.k === 'dq') {
        has = true;
        pushAll(cur, this.expandParts(p.parts, 'dq'));
        continue;
      }
      if (p.k === 'sq' || p.k === 'ansi') has = true;
      const pieces = this.expandParts([p], 'unquoted');
      for (const x of pieces) {
        if (x.text) has = true;
        cur.push(x);
      }
    }
    push();
    return fields;
  }

  /** Expands a word as one string (assignments, redirection targets): no splitting. */
  expandSingle(w: Word): MPiece[] {
    return this.expandParts(w.parts, 'unquoted');
  }

  /** The value of `NAME=word` without setting it (a prefix assignment of one command). */
  varOf(value: Word | undefined): VarVal {
    if (!value) return { pieces: [] };
    const pieces = this.expandSingle(value);
    const um = pieces.find((x) => x.mark?.kind === 'unknown')?.mark;
    return {
      pieces: pieces.filter((x) => x.mark?.kind !== 'unknown'),
      unknown: um ? (um.root ?? um.reason) : undefined,
    };
  }

  assign(name: string, value: Word | undefined, append: boolean): void {
    if (!value) {
      this.vars.set(name, { pieces: [], unknown: `${name} is an array, which this reconstruction does not model` });
      return;
    }
    const pieces = this.expandSingle(value);
    const um = pieces.find((x) => x.mark?.kind === 'unknown')?.mark;
    const unknown = um ? (um.root ?? um.reason) : undefined;
    // unset-variable marks stay with the value, so a later write still reports where the empty text came from
    const clean = pieces.filter((x) => x.mark?.kind !== 'unknown');
    if (append) {
      const old = this.vars.get(name);
      this.vars.set(name, { pieces: [...(old?.pieces ?? []), ...clean], unknown: old?.unknown ?? unknown });
    } else this.vars.set(name, { pieces: clean, unknown });
  }
}

/** A bash pattern (as in `${X%pattern}`) as an anchored RegExp: `*` and `?` match any character, `/` included. */
function patternRegExp(g: string): RegExp {
  try {
    return new RegExp(globToRegExp(g).source.replace(/\[\^\/\]/g, '[\\s\\S]'), 's');
  } catch {
    // a pattern JavaScript cannot read (e.g. a reversed range): match it literally
    return new RegExp('^' + escapeJs(g) + '$', 's');
  }
}

/** Some unquoted literal part holds a `{` (a loop, not `some()`: no closure per word). */
function hasBrace(parts: WordPart[]): boolean {
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.k === 'lit' && p.text.includes('{')) return true;
  }
  return false;
}

/**
 * bash brace expansion of a word's unquoted text: `a{b,c}d` -> `abd acd`, `{1..3}` -> `1 2 3`,
 * `file{,.bak}` -> `file file.bak`. Only brace groups inside one unquoted literal part are expanded
 * (what scripts write); a group with no comma or range stays literal, as in bash.
 */
function braceExpand(parts: WordPart[], depth: number): WordPart[][] {
  if (depth > 8) return [parts];
  // bounded work: a word of more than 20,000 characters is not brace-expanded (each variant copies it)
  if (depth === 0 && parts.reduce((n, p) => n + (p.k === 'lit' ? p.text.length : 0), 0) > 20_000) return [parts];
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    if (p.k !== 'lit') continue;
    const t = p.text;
    for (let i = t.indexOf('{'); i !== -1; i = t.indexOf('{', i + 1)) {
      // find the matching close brace, and top-level commas
      let d = 0;
      const commas: number[] = [];
      let close = -1;
      for (let j = i; j < t.length; j++) {
        if (t[j] === '{') d++;
        else if (t[j] === '}') {
          d--;
          if (d === 0) {
            close = j;
            break;
          }
        } else if (t[j] === ',' && d === 1) commas.push(j);
      }
      if (close === -1) break;
      const inner = t.slice(i + 1, close);
      let alts: string[] | undefined;
      if (commas.length) {
        alts = [];
        let a = i + 1;
        for (const c of [...commas, close]) {
          alts.push(t.slice(a, c));
          a = c + 1;
        }
      } else {
        const m = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(inner) ?? /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(inner);
        if (m) {
          const num = /\d/.test(m[1]);
          const a = num ? Number(m[1]) : m[1].charCodeAt(0);
          const b = num ? Number(m[2]) : m[2].charCodeAt(0);
          const step = Math.abs(Number(m[3] ?? 1)) || 1;
          if (Math.abs(b - a) / step <= 10000) {
            alts = [];
            const width =
              num && (/^-?0\d/.test(m[1]) || /^-?0\d/.test(m[2]))
                ? Math.max(m[1].replace('-', '').length, m[2].replace('-', '').length)
                : 0;
            for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
              alts.push(
                num
                  ? v < 0
                    ? '-' + String(-v).padStart(width, '0')
                    : String(v).padStart(width, '0')
                  : String.fromCharCode(v),
              );
            }
          }
        }
      }
      if (!alts) continue;
      const pre = t.slice(0, i);
      const post = t.slice(close + 1);
      const out: WordPart[][] = [];
      for (const alt of alts) {
        const text = pre + alt + post;
        const np: WordPart[] = [...parts.slice(0, k), ...(text ? [{ ...p, text }] : []), ...parts.slice(k + 1)];
        for (const e of braceExpand(np, depth + 1)) {
          out.push(e);
          if (out.length > 10000) return out;
        }
      }
      return out;
    }
  }
  return [parts];
}
