/**
 * Reconstructs the files a provisioning script leaves behind, without running it.
 *
 * The script is parsed (lexer.ts, parser.ts), then walked once, in order: variables are tracked,
 * words are expanded as bash expands them, and every command that writes a file (redirections,
 * `tee`, `sed -i`, `cp`, `mv`, `ln -s`, `rm`, `touch`) updates an in-memory file table whose lines
 * remember the script line they came from. Control flow is not executed: a loop body runs once,
 * every `if` branch runs, and each write inside one says so in a diagnostic.
 */
import { LineCounter, type Diagnostic, type LineOrigin, type Severity, type Span } from '../../source';
import type { ReconstructedFile, ShellLink, ShellReconstruction } from './ast';
import {
  appendPieces,
  cloneContent,
  contentFromText,
  contentPieces,
  contentText,
  emptyContent,
  piecesText,
  type Content,
  type Piece,
} from './content';
import { Lexer, type Word, type WordPart } from './lexer';
import { parseShellRaw, parseShellStream, problemsToDiagnostics, type Redir, type ShellNode } from './parser';
import { parseSed, runSed, type SedCmd } from './sed';
import { DEBIAN12_STOCK, DEBIAN12_STOCK_LINKS } from './stock/debian12.generated';
import type { StockFile } from './stock/types';
import { HOST_NAME_SYMBOL } from './symbols';
import { bashPrintf, echoEscapes } from './textcmds';
import { absoluteDirname, globToRegExp, hasGlob, lastSegment, normalizeAbsolutePath } from '../../vfs';

export type { StockFile };

export interface ReconstructOptions {
  /** Stock distribution files by absolute path (default: Debian 12's, see stock/README.md). */
  stock?: Record<string, StockFile>;
  /** Symbolic links present on a stock system (link path -> target); default: Debian 12's. */
  stockLinks?: Record<string, string>;
  /** Environment variables the script may read (default: none, so `$HOME` is unknown). */
  env?: Record<string, string>;
  /** The directory the script runs in (default: unknown; relative targets are then reported). */
  cwd?: string;
}

/** A marker carried by an empty piece: something expanded that the reconstruction cannot know or that bash expands to nothing. */
interface Mark {
  /** `host`: this host's name, written as HOST_NAME_SYMBOL (known in meaning: the file stays exact). */
  kind: 'unset' | 'unknown' | 'host';
  name: string;
  reason: string;
  /** For a variable holding an unknown value: the original reason (so messages do not nest). */
  root?: string;
  line: number;
  span: Span;
  ctx?: 'heredoc' | 'dq' | 'unquoted';
}

/** An unset-variable mark whose span and message are only built when reported (heredocs can hold thousands). */
class UnsetMark implements Mark {
  readonly kind = 'unset' as const;
  private sp?: Span;
  constructor(
    readonly name: string,
    private readonly raw: string,
    readonly line: number,
    private readonly at: { src: { spanIn(frame: Frame, off: number, end: number): Span }; frame: Frame; off: number; end: number },
    readonly ctx: 'heredoc' | 'dq' | 'unquoted',
    /** Why a variable the script does set is unset here (a child shell that was not given it). */
    private readonly hidden?: string,
  ) {}
  get span(): Span {
    return (this.sp ??= this.at.src.spanIn(this.at.frame, this.at.off, this.at.end));
  }
  get reason(): string {
    const { raw, name } = this;
    if (this.hidden) return `bash expands \`${raw}\` to an empty string here: ${this.hidden}`;
    return this.ctx === 'heredoc'
      ? `bash expands \`${raw}\` inside an unquoted here-document to an empty string: ${name} is never set in the script`
      : this.ctx === 'dq'
        ? `bash expands \`${raw}\` inside double quotes to an empty string: ${name} is never set in the script`
        : `bash expands \`${raw}\` to nothing: ${name} is never set in the script`;
  }
}

type MPiece = Piece & { mark?: Mark };

interface Frame {
  text: string;
  lc: LineCounter;
  /** Added to line numbers (for `bash -c '...'` strings). */
  lineBase: number;
  /** True for the top-level script (offsets are real script offsets). */
  top: boolean;
}

interface FileRec {
  target: string;
  content: Content;
  exact: boolean;
  unknownContent: boolean;
  steps: Array<{ op: string; span: Span }>;
  order: number;
  exists: boolean;
}

/** The environment a command is started with, as far as it matters to a child shell. */
interface EnvCtx {
  /** `sudo` without -E, `env -i`, `su -`: the child gets none of the script's exported variables. */
  reset?: boolean;
  /** `VAR=x cmd`, `sudo VAR=x cmd`, `env VAR=x cmd`: variables given to this command only. */
  extra?: Map<string, VarVal>;
  /** `sudo -i`: a login shell (starts in root's home). */
  login?: boolean;
}

/** A child shell's starting state (see Interp.subScript). */
interface ChildShell {
  vars: Map<string, VarVal>;
  /** How the child was started, for messages ("`sudo` starts `bash -c` with a reset environment"). */
  how: string;
  bash: boolean;
  login: boolean;
  /** A login shell's directory: root's home, unknown for another user. */
  home: string | undefined;
  args: string[];
}

interface VarVal {
  pieces: MPiece[];
  /** Set when the value is only known at run time. */
  unknown?: string;
}

const RUNTIME_VARS = new Set([
  'HOME', 'USER', 'LOGNAME', 'PATH', 'PWD', 'OLDPWD', 'HOSTNAME', 'SHELL', 'LANG', 'LC_ALL', 'TERM', 'SUDO_USER', 'SUDO_UID',
  'UID', 'EUID', 'GROUPS', 'RANDOM', 'SECONDS', 'LINENO', 'BASH', 'BASH_VERSION', 'BASH_SOURCE', 'FUNCNAME', 'HOSTTYPE',
  'OSTYPE', 'MACHTYPE', 'PPID', 'SHLVL', 'IFS', 'PS1', 'PS4', 'EPOCHSECONDS', 'EPOCHREALTIME', 'DEBIAN_FRONTEND', 'TMPDIR', '_',
]);

/** `out.push(...xs)` without the call-argument limit (a million items would overflow the stack). */
function pushAll<T>(out: T[], xs: readonly T[]): void {
  for (let i = 0; i < xs.length; i++) out.push(xs[i]);
}

const MAX_CALL_DEPTH = 16;

/** A shebang naming a shell that is not bash (dash, sh, ash): it does not set `$HOSTNAME`. */
const NON_BASH_SHEBANG = /^#!\s*(\S*\/)?(env\s+(-\S+\s+)*)?(sh|dash|ash|busybox\s+sh|posh)(\s|$)/;

/** A bash pattern (as in `${X%pattern}`) as an anchored RegExp: `*` and `?` match any character, `/` included. */
function patternRegExp(g: string): RegExp {
  try {
    return new RegExp(globToRegExp(g).source.replace(/\[\^\/\]/g, '[\\s\\S]'), 's');
  } catch {
    // a pattern JavaScript cannot read (e.g. a reversed range): match it literally
    return new RegExp('^' + g.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&') + '$', 's');
  }
}

/**
 * The span of a command, built when a message needs it. A class, not an object literal with a
 * getter: a literal's getter is a new closure per command, which gives each object its own hidden
 * class (a million commands cost seconds of garbage collection).
 */
class LazySpan {
  private s?: Span;
  constructor(private readonly it: { span(off: number, end: number): Span }, private readonly node: { off: number; end: number }) {}
  get span(): Span {
    return (this.s ??= this.it.span(this.node.off, this.node.end));
  }
}

class Interp {
  readonly diags: Diagnostic[] = [];
  readonly unexpanded: Array<{ name: string; span: Span }> = [];
  private readonly unexpandedSeen = new Set<string>();
  private readonly diagSeen = new Set<string>();
  private readonly vars = new Map<string, VarVal>();
  private readonly files = new Map<string, FileRec>();
  private readonly links = new Map<string, { target: string; span?: Span; stock: boolean }>();
  /** Links the script made, by link path, in creation order. */
  readonly linkList = new Map<string, ShellLink>();
  readonly removed: Array<{ path: string; span: Span }> = [];
  /** Packages the script installs (`apt-get install`, `yum install`...), in order. */
  readonly packages: Array<{ name: string; span: Span }> = [];
  private readonly dirs = new Set<string>();
  private functions = new Map<string, ShellNode>();
  /** Variables exported to child processes (`export X`, `declare -x X`, the environment). */
  private exported = new Set<string>();
  private readonly stock: Record<string, StockFile>;
  private readonly stockRemoved = new Set<string>();
  private ctrl: Array<{ what: string; line: number; loop: boolean }> = [];
  private positional: string[][] = [];
  private cwd: string | undefined;
  private stopped = false;
  private nounset = false;
  private unsetMarks = 0;
  /** Targets whose real name is only known at run time (kept under the name as written). */
  private readonly inexactTargets = new Set<string>();
  /** Set after `source`/`eval`: a variable the script never set may have been set there. */
  private opaque: { what: string; line: number } | undefined;
  private order = 0;
  private callDepth = 0;
  private cmdsubDepth = 0;
  /** Nesting of `${X:-word}` words being expanded. */
  private paramDepth = 0;
  /** The value of an `IFS=...` prefix on the command being run (for `read`). */
  private prefixIfs: string | undefined;
  private frame: Frame;
  /** The shell running the current code is bash (it sets `$HOSTNAME`); false for sh/dash. */
  private bash = true;
  /** How many child shells (`bash -c`, `sudo su <<EOF`...) deep the current code runs. */
  private childDepth = 0;
  /** In a child shell: the variables of the shells that started it, and how it was started. */
  private outer: Array<{ vars: Map<string, VarVal>; how: string }> = [];
  /** The host's name once the script sets it (`hostname NAME`, `hostnamectl set-hostname NAME`). */
  private hostName: string | undefined;

  constructor(readonly file: string, text: string, opts: ReconstructOptions, lc: LineCounter = new LineCounter(text)) {
    this.frame = { text, lc, lineBase: 0, top: true };
    this.stock = opts.stock ?? DEBIAN12_STOCK;
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      this.vars.set(k, { pieces: [{ text: v, line: 1 }] });
      this.exported.add(k);
    }
    for (const [l, t] of Object.entries(opts.stockLinks ?? (opts.stock ? {} : DEBIAN12_STOCK_LINKS))) this.links.set(l, { target: t, stock: true });
    for (const p of Object.keys(this.stock)) {
      for (let d = absoluteDirname(p); d !== '/'; d = absoluteDirname(d)) this.dirs.add(d);
    }
    for (const l of this.links.keys()) this.dirs.add(absoluteDirname(l));
    this.cwd = opts.cwd;
    this.bash = !NON_BASH_SHEBANG.test(text.slice(0, 200).split('\n', 1)[0]);
  }

  /** For a variable a child shell does not have: why, when a shell that started it has it. */
  private hiddenWhy(name: string): string | undefined {
    for (let k = this.outer.length - 1; k >= 0; k--) {
      if (this.outer[k].vars.has(name)) return `${name} is set in the script, but ${this.outer[k].how}`;
    }
    return undefined;
  }

  /** What `hostname` prints: the name the script gave the host, else HOST_NAME_SYMBOL (marked, for an info message). */
  hostPieces(written: string, line: number, span: Span): MPiece[] {
    if (this.hostName !== undefined) return [{ text: this.hostName, line }];
    return [{ text: HOST_NAME_SYMBOL, line, mark: { kind: 'host', name: written, reason: `\`${written}\` is this host's name, only known on the machine; shown as ${HOST_NAME_SYMBOL}`, line, span } }];
  }

  // ---------- positions and diagnostics ----------

  line(off: number): number {
    return this.frame.lc.position(off).line + this.frame.lineBase;
  }

  span(off: number, end: number = off): Span {
    return this.spanIn(this.frame, off, end);
  }

  spanIn(frame: Frame, off: number, end: number = off): Span {
    const s = frame.lc.span(this.file, off, end);
    if (frame.lineBase || !frame.top) {
      s.line += frame.lineBase;
      if (s.endLine !== undefined) s.endLine += frame.lineBase;
      delete s.offset;
      delete s.endOffset;
    }
    return s;
  }

  diag(code: string, severity: Severity, message: string, span: Span, hint?: string): void {
    if (this.diags.length >= 500) return;
    const key = `${code}|${span.line}|${span.column}|${message}`;
    if (this.diagSeen.has(key)) return;
    this.diagSeen.add(key);
    if (this.diags.length >= 500) return;
    const d: Diagnostic = { code, severity, message, span };
    if (hint) d.hint = hint;
    this.diags.push(d);
  }

  // ---------- expansion ----------

  private getVar(name: string): VarVal | undefined {
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
  private expandVar(p: Extract<WordPart, { k: 'var' }>, ctx: 'heredoc' | 'dq' | 'unquoted'): MPiece[] {
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
      if (!this.vars.has(name) && !(name.length === 1 && '0123456789@*#?$!-'.includes(name)) && !RUNTIME_VARS.has(name)) {
        // past a few thousand, more marks could not be reported (diagnostics and the list are capped): skip them
        if (++this.unsetMarks > 5000) return [];
        const line = this.line(p.off);
        const mark = new UnsetMark(name, p.raw, line, { src: this, frame: this.frame, off: p.off, end: p.end }, ctx, this.hiddenWhy(name));
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
      v = { pieces: [{ text: HOST_NAME_SYMBOL, line, mark: { kind: 'host', name: p.raw, reason: `\`${p.raw}\` is this host's name (bash sets HOSTNAME), only known on the machine; shown as ${HOST_NAME_SYMBOL}`, line, span: spanFn() } }] };
    }
    if (!v && special) {
      if (p.name === '0') return unknown('`$0` is the name the script is run as');
      if ('?$!-'.includes(p.name)) return unknown(`\`$${p.name}\` is only known when the script runs`);
      return unknown(`\`${p.raw}\` is an argument given to the script when it runs`);
    }
    // in a child shell the environment is known (what the script exported, or sudo's reset one):
    // a shell that is not bash has no HOSTNAME
    if (!v && RUNTIME_VARS.has(p.name) && !(p.op && /^:?[-=]$/.test(p.op)) && !(p.name === 'HOSTNAME' && this.childDepth > 0)) {
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
      if (this.paramDepth >= 32) return unknown(`\`${p.raw.length > 40 ? p.raw.slice(0, 37) + '...' : p.raw}\` nests expansions too deeply to follow`);
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
        if (p.op === ':?' ? empty : !isSet) return unknown(`\`${p.raw}\` stops the script with an error because ${p.name} is not set`);
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
          if (tooHard(pat + rep) || /^[#%]/.test(pat)) return unknown(`the expansion \`${p.raw}\` uses a pattern this reconstruction does not evaluate`);
          if (!pat) return [{ text: val, line }];
          const re = patternRegExp(pat);
          let out = '';
          let i = 0;
          let did = false;
          while (i <= val.length) {
            let hit = -1;
            if (!(did && op === '/')) for (let e = val.length; e > i; e--) if (re.test(val.slice(i, e))) { hit = e; break; }
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
        if (tooHard(rest)) return unknown(`the expansion \`${p.raw}\` uses a pattern this reconstruction does not evaluate`);
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
      return unknown(`${p.name} is not set in this script, but may be set by ${this.opaque.what} at line ${this.opaque.line}`);
    }
    if (!v && this.nounset && !this.stopped) {
      this.diag('shell/unbound-variable', 'error', `bash stops the script here: ${p.name}: unbound variable (the script uses set -u and ${p.name} is never set); nothing after this runs`, spanFn(),
        `Set ${p.name} before this line, or give a default: \${${p.name}:-value}.`);
      this.stopped = true;
    }
    if (!v) {
      const mark = new UnsetMark(p.name, p.raw, line, { src: this, frame, off: p.off, end: p.end }, ctx, this.hiddenWhy(p.name));
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

  private evalArith(expr: string, off: number): MPiece[] {
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
      return [{ text: `$((${expr}))`, line, mark: { kind: 'unknown', name: 'arith', reason: `the arithmetic \`$((${expr}))\` is not evaluated`, line, span } }];
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
          if (home && !home.unknown) pushAll(out, home.pieces.map((x) => ({ ...x, line })));
          else {
            const span = this.span(p.off, p.off + 1 + p.user.length);
            out.push({ text: '~' + p.user, line, mark: { kind: 'unknown', name: '~', reason: `\`~${p.user}\` is a home directory only known when the script runs`, line, span } });
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
          out.push({ text: p.raw, line, mark: { kind: 'unknown', name: t, reason: `the output of the command substitution \`${p.raw.length > 60 ? p.raw.slice(0, 57) + '...' : p.raw}\` is only known when the script runs`, line, span } });
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
    if (w.parts.some((p) => p.k === 'lit' && p.text.includes('{'))) {
      const variants = braceExpand(w.parts, 0);
      if (variants.length > 1 || variants[0] !== w.parts) return variants.flatMap((parts) => this.expandFields({ ...w, parts }));
    }
    return this.expandFields(w);
  }

  private expandFields(w: Word): MPiece[][] {
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
        const pieces = p.k === 'var' ? this.expandVar(p, 'unquoted') : p.k === 'arith' ? this.evalArith(p.text, p.off) : this.expandParts([p], 'unquoted');
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

  // ---------- the file table ----------

  private resolvePath(raw: string, off: number, end: number, what: string, pieces?: MPiece[]): string | undefined {
    const marks = pieces?.filter((p) => p.mark) ?? [];
    const unknown = marks.find((m) => m.mark!.kind === 'unknown');
    if (unknown) {
      // kept under the name as written (the unknown parts stay as `$VAR` / `$(cmd)`), marked inexact
      const named = pieces ? piecesText(pieces) : raw;
      this.diag('shell/cannot-reconstruct', 'warning', `cannot tell which file ${what} \`${raw}\`: ${unknown.mark!.reason}; the reconstruction keeps it under the name as written, \`${named}\``, this.span(off, end));
      this.inexactTargets.add(named);
      return named;
    }
    let unsetInPath = false;
    for (const m of marks) {
      if (m.mark!.kind === 'unset') {
        unsetInPath = true;
        this.diag('shell/cannot-reconstruct', 'warning', `cannot tell which file ${what} \`${raw}\`: it uses \`$${m.mark!.name}\`, which the script never sets; with ${m.mark!.name} unset bash uses \`${pieces ? piecesText(pieces) : raw}\` (kept under that name), but it may come from the environment the script runs in`, m.mark!.span,
          `Set ${m.mark!.name} in the script before this line.`);
      }
    }
    let p = pieces ? piecesText(pieces) : raw;
    if (p === '') {
      this.diag('shell/cannot-reconstruct', 'warning', `${what} an empty file name`, this.span(off, end));
      return undefined;
    }
    if (unsetInPath) this.inexactTargets.add(p.startsWith('/') ? normalizeAbsolutePath(p) : this.cwd !== undefined ? normalizeAbsolutePath(this.cwd + '/' + p) : p.replace(/^\.\//, ''));
    if (!p.startsWith('/')) {
      if (this.cwd === undefined) {
        this.diag('shell/relative-target', 'warning', `\`${p}\` is a relative path: where it lands depends on the directory the script runs in; it is kept as \`${p}\``, this.span(off, end),
          'Use an absolute path such as /etc/haproxy/haproxy.cfg, or `cd` to an absolute directory first.');
        return p.replace(/^\.\//, '');
      }
      p = this.cwd + '/' + p;
    }
    return normalizeAbsolutePath(p);
  }

  /** Follows symbolic links (script-made and stock) to the real path. */
  private follow(p: string): string {
    for (let k = 0; k < 10; k++) {
      const l = this.links.get(p);
      if (!l) {
        // a link on a parent directory? (rare) -- not followed
        return p;
      }
      p = l.target.startsWith('/') ? normalizeAbsolutePath(l.target) : normalizeAbsolutePath(absoluteDirname(p) + '/' + l.target);
    }
    return p;
  }

  /** The current content of a path: a file the script wrote, else the stock file; undefined if unknown. */
  private read(path: string): { content: Content; known: boolean; exact: boolean } | undefined {
    if (path === '/dev/null') return { content: emptyContent(), known: true, exact: true };
    const p = this.follow(path);
    const f = this.files.get(p);
    if (f && f.exists) return { content: f.content, known: !f.unknownContent, exact: f.exact };
    if (f && !f.exists) return undefined;
    const s = this.stock[p];
    if (s && !this.stockRemoved.has(p)) return { content: contentFromText(s.text, s.origin), known: true, exact: true };
    return undefined;
  }

  private isDir(p: string): boolean {
    if (this.dirs.has(p)) return true;
    for (const k of this.files.keys()) if (k.startsWith(p + '/')) return true;
    return false;
  }

  private ctrlNote(target: string, off: number): void {
    if (!this.ctrl.length) return;
    const c = this.ctrl[this.ctrl.length - 1];
    this.diag(
      'shell/unsupported-construct',
      c.loop ? 'warning' : 'info',
      `this write to ${target} sits inside ${c.what} (line ${c.line}); the reconstruction does not run control flow and assumes it runs once`,
      this.span(off),
      c.loop ? 'If the loop runs several times, an appending write repeats its text each time.' : undefined,
    );
  }

  private record(path: string): FileRec {
    let f = this.files.get(path);
    if (!f) {
      f = { target: path, content: emptyContent(), exact: true, unknownContent: false, steps: [], order: this.order++, exists: true };
      this.files.set(path, f);
    }
    return f;
  }

  /** Reports the markers carried by pieces written into a file, and says whether all of it is known. */
  private checkMarks(pieces: MPiece[], target: string): boolean {
    let exact = true;
    for (const p of pieces) {
      const m = p.mark;
      if (!m) continue;
      if (m.kind === 'unset') {
        if (this.diags.length >= 500) continue; // no room for more messages: do not build them
        this.diag('shell/unexpanded-variable', 'warning', `${m.reason}; the line written to ${target} has nothing where \`$${m.name}\` stands`, m.span,
          m.ctx === 'heredoc'
            ? `If \`$${m.name}\` is meant literally (an Nginx or HAProxy variable), quote the delimiter (<<'EOF') or escape it (\\$${m.name}).`
            : m.ctx === 'dq'
              ? `If \`$${m.name}\` is meant literally, use single quotes or escape it (\\$${m.name}).`
              : `Set ${m.name} before this line, or quote it ('$${m.name}') if it is meant literally.`);
      } else if (m.kind === 'host') {
        if (this.diags.length >= 500) continue;
        this.diag('shell/host-name', 'info', `${m.reason} in ${target}`, m.span);
      } else {
        exact = false;
        this.diag('shell/cannot-reconstruct', 'warning', `cannot reconstruct what this writes to ${target}: ${m.reason}; the text is kept as written`, m.span);
      }
    }
    return exact;
  }

  /** Writes (truncates) or appends pieces to a target. */
  write(target: string, pieces: MPiece[], mode: 'trunc' | 'append', op: string, off: number, end: number): void {
    if (this.stopped) return;
    if (target === '/dev/null' || target === '/dev/stdout' || target === '/dev/stderr' || target === '/dev/tty') return;
    const real = this.follow(target);
    this.ctrlNote(real, off);
    const exact = this.checkMarks(pieces, real);
    let f = this.files.get(real);
    const span = this.span(off, end);
    if (mode === 'append' && (!f || !f.exists)) {
      const base = this.read(real);
      f = this.record(real);
      f.exists = true;
      if (base) {
        f.content = cloneContent(base.content);
        if (!this.files.has(real) || f.steps.length === 0) f.steps.push({ op: 'stock', span });
      } else if (op !== 'touch') {
        this.diag('shell/assumed-new-file', 'info', `this appends to ${real}, which the script did not create and which is not a known stock file; the reconstruction assumes it did not exist before`, span);
      }
    }
    f = this.record(real);
    if (!f.exists) {
      f.exists = true;
      f.content = emptyContent();
      f.unknownContent = false;
    }
    if (mode === 'trunc') {
      f.content = emptyContent();
      f.unknownContent = false;
      f.exact = true;
    }
    appendPieces(f.content, pieces, this.file);
    if (!exact) f.exact = false;
    f.steps.push({ op, span });
  }

  private writeUnknown(target: string, reason: string, op: string, off: number, end: number): void {
    const real = this.follow(target);
    this.ctrlNote(real, off);
    const f = this.record(real);
    f.exists = true;
    f.content = emptyContent();
    f.unknownContent = true;
    f.exact = false;
    f.steps.push({ op, span: this.span(off, end) });
    this.diag('shell/cannot-reconstruct', 'warning', `cannot reconstruct ${real}: ${reason}`, this.span(off, end));
  }

  private setContent(target: string, c: Content, exact: boolean, op: string, off: number, end: number): void {
    const f = this.record(target);
    f.exists = true;
    f.content = c;
    f.unknownContent = false;
    f.exact = exact;
    f.steps.push({ op, span: this.span(off, end) });
  }

  private remove(path: string, off: number, end: number): boolean {
    let did = false;
    if (this.links.has(path)) {
      const l = this.links.get(path)!;
      this.links.delete(path);
      did = true;
      if (!l.stock) {
        this.linkList.delete(path);
      }
    }
    const f = this.files.get(path);
    if (f && f.exists) {
      f.exists = false;
      did = true;
    }
    if (this.stock[path] && !this.stockRemoved.has(path)) {
      this.stockRemoved.add(path);
      did = true;
    }
    if (did) this.removed.push({ path, span: this.span(off, end) });
    return did;
  }

  // ---------- execution ----------

  run(body: ShellNode): void {
    this.exec(body, undefined);
  }

  /** Runs a node; returns its standard output. */
  exec(node: ShellNode, stdin: MPiece[] | undefined): MPiece[] {
    if (this.stopped) return [];
    switch (node.type) {
      case 'list': {
        const out: MPiece[] = [];
        for (const it of node.items) {
          if (this.stopped) break;
          pushAll(out, this.exec(it.node, stdin));
        }
        return out;
      }
      case 'andor': {
        const out = this.exec(node.first, stdin);
        for (const r of node.rest) {
          if (this.stopped) break;
          if (r.op === '||') {
            this.ctrl.push({ what: 'the right side of `||` (it runs only when the command before fails)', line: this.line(r.node.off), loop: false });
            pushAll(out, this.exec(r.node, stdin));
            this.ctrl.pop();
          } else pushAll(out, this.exec(r.node, stdin));
        }
        return out;
      }
      case 'pipeline': {
        let data = stdin;
        for (const c of node.cmds) data = this.exec(c, data);
        return data ?? [];
      }
      case 'simple':
        try {
          return this.simple(node, stdin);
        } catch (e) {
          // defensive: one command the reconstruction trips on is reported, the rest of the script still runs
          this.diag('shell/internal', 'error', `internal error while reconstructing this command: ${e instanceof Error ? e.message : String(e)}`, this.span(node.off, node.end));
          return [];
        }
      case 'group': {
        const saved = node.subshell ? { vars: new Map(this.vars), cwd: this.cwd } : undefined;
        const out = this.withRedirs(node.redirs, stdin, 'group', (input) => this.exec(node.body, input));
        if (saved) {
          this.vars.clear();
          for (const [k, v] of saved.vars) this.vars.set(k, v);
          this.cwd = saved.cwd;
          // `exit` inside a subshell only leaves the subshell
          this.stopped = false;
        }
        return out;
      }
      case 'if':
        return this.withRedirs(node.redirs, stdin, 'if', (input) => {
          const out: MPiece[] = [];
          const line = this.line(node.off);
          node.clauses.forEach((c, k) => {
            this.ctrl.push({ what: `the condition of an \`if\``, line, loop: false });
            pushAll(out, this.exec(c.cond, input));
            this.ctrl.pop();
            this.ctrl.push({ what: k === 0 ? 'an `if` branch' : 'an `elif` branch', line, loop: false });
            pushAll(out, this.exec(c.body, input));
            this.ctrl.pop();
          });
          if (node.elseBody) {
            this.ctrl.push({ what: 'an `else` branch', line, loop: false });
            pushAll(out, this.exec(node.elseBody, input));
            this.ctrl.pop();
          }
          return out;
        });
      case 'for':
        return this.withRedirs(node.redirs, stdin, 'for', (input) => {
          const line = this.line(node.off);
          if (node.name) {
            const fields = node.words ? node.words.flatMap((w) => this.expandWord(w)) : [];
            if (fields.length) {
              this.vars.set(node.name, { pieces: fields[0].map((x) => ({ ...x, mark: undefined })), unknown: fields[0].find((x) => x.mark?.kind === 'unknown')?.mark?.reason });
              if (fields.length > 1) {
                this.diag('shell/unsupported-construct', 'info', `the \`for\` loop over ${fields.length} values is not unrolled: its body is read once with ${node.name}=${piecesText(fields[0])}`, this.span(node.off, node.off + 3));
              }
            } else {
              this.vars.set(node.name, { pieces: [], unknown: `${node.name} is the variable of the \`for\` loop at line ${line}, whose values are not known` });
            }
          }
          this.ctrl.push({ what: `a \`for\` loop`, line, loop: true });
          const out = this.exec(node.body, input);
          this.ctrl.pop();
          return out;
        });
      case 'while':
        return this.withRedirs(node.redirs, stdin, 'while', (input) => {
          const line = this.line(node.off);
          this.ctrl.push({ what: `a \`${node.until ? 'until' : 'while'}\` loop`, line, loop: true });
          const out = [...this.exec(node.cond, input), ...this.exec(node.body, input)];
          this.ctrl.pop();
          return out;
        });
      case 'case':
        return this.withRedirs(node.redirs, stdin, 'case', (input) => {
          const line = this.line(node.off);
          const w = node.word ? this.expandSingle(node.word) : undefined;
          const known = w && !w.some((x) => x.mark?.kind === 'unknown');
          if (known) {
            const val = piecesText(w!);
            for (const it of node.items) {
              const hit = it.patterns.some((pw) => {
                const pat = piecesText(this.expandSingle(pw));
                try {
                  return globToRegExp(pat).test(val);
                } catch {
                  return false;
                }
              });
              if (hit) return this.exec(it.body, input);
            }
            return [];
          }
          const out: MPiece[] = [];
          this.ctrl.push({ what: 'a `case` branch (the case word is only known at run time)', line, loop: false });
          for (const it of node.items) pushAll(out, this.exec(it.body, input));
          this.ctrl.pop();
          return out;
        });
      case 'function':
        this.functions.set(node.name, node.body);
        return [];
      case 'test':
        return [];
    }
    return [];
  }

  /** Applies input/output redirections around a producer. */
  private withRedirs(redirs: Redir[], stdin: MPiece[] | undefined, op: string, produce: (stdin: MPiece[] | undefined) => MPiece[], opFor?: (stdinFromHeredoc: boolean) => string): MPiece[] {
    let input = stdin;
    let fromHeredoc = false;
    for (const r of redirs) {
      if (r.heredoc) {
        const hd = r.heredoc;
        input = hd.quoted ? this.expandParts(hd.parts, 'heredoc').map((x) => x) : this.expandParts(hd.parts, 'heredoc');
        fromHeredoc = true;
      } else if (r.op === '<<<' && r.target) {
        input = [...this.expandSingle(r.target), { text: '\n', line: this.line(r.target.end) }];
        fromHeredoc = false;
      } else if ((r.op === '<' || r.op === '<>') && r.target && (r.fd === undefined || r.fd === 0)) {
        const pieces = this.expandSingle(r.target);
        const p = this.resolvePath(r.target.raw, r.target.off, r.target.end, 'reads', pieces);
        const c = p ? this.read(p) : undefined;
        if (c && c.known) input = contentPieces(c.content);
        else {
          const line = this.line(r.off);
          const span = this.span(r.off, r.end);
          input = [{ text: '', line, mark: { kind: 'unknown', name: r.target.raw, reason: `the script reads ${p ?? r.target.raw}, whose content it did not write`, line, span } }];
        }
      }
    }
    const out = produce(input);
    const outs = redirs.filter((r) => r.target && !r.heredoc && (r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>' || r.op === '&>>' || (r.op === '>&' && !/^[0-9-]+$/.test(r.target.raw) && (r.fd === undefined || r.fd === 1))) && (r.fd === undefined || r.fd === 1));
    const dupOut = redirs.some((r) => r.op === '>&' && r.target && /^[0-9]+$/.test(r.target.raw) && (r.fd === undefined || r.fd === 1) && r.target.raw !== '1');
    const errOuts = redirs.filter((r) => r.target && (r.op === '>' || r.op === '>>' || r.op === '>|') && r.fd !== undefined && r.fd !== 1 && r.fd !== 0);
    for (const r of errOuts) {
      // `2> file`: creates or truncates the file; stderr is not modelled
      const pieces = this.expandSingle(r.target!);
      const p = this.resolvePath(r.target!.raw, r.target!.off, r.target!.end, 'redirects to', pieces);
      if (p && p !== '/dev/null' && r.op !== '>>') this.write(p, [], 'trunc', 'redirect', r.off, r.end);
    }
    if (!outs.length) return dupOut ? [] : out;
    const name = opFor ? opFor(fromHeredoc) : op;
    outs.forEach((r, k) => {
      const pieces = this.expandSingle(r.target!);
      const p = this.resolvePath(r.target!.raw, r.target!.off, r.target!.end, 'redirects to', pieces);
      if (!p) return;
      const append = r.op === '>>' || r.op === '&>>';
      if (k < outs.length - 1) {
        if (!append) this.write(p, [], 'trunc', name, r.off, r.end);
        return;
      }
      this.write(p, out, append ? 'append' : 'trunc', name, r.off, r.end);
    });
    return [];
  }

  private simple(node: Extract<ShellNode, { type: 'simple' }>, stdin: MPiece[] | undefined): MPiece[] {
    // assignments alone set shell variables
    if (!node.words.length) {
      for (const a of node.assigns) this.assign(a.name, a.value, a.append);
      if (this.stopped) return [];
      return this.withRedirs(node.redirs, stdin, 'redirect', () => []);
    }
    const argv: MPiece[][] = [];
    for (const w of node.words) pushAll(argv, this.expandWord(w));
    if (this.stopped) return [];
    if (!node.redirs.length && !node.assigns.length) {
      // the common case: no redirection, no prefix assignment
      this.prefixIfs = undefined;
      return this.command(argv, stdin, node, 0, {}).out;
    }
    const ifsAssign = node.assigns.find((a) => a.name === 'IFS');
    this.prefixIfs = ifsAssign ? piecesText(ifsAssign.value ? this.expandSingle(ifsAssign.value) : []) : undefined;
    let cmdName = '';
    return this.withRedirs(
      node.redirs,
      stdin,
      'redirect',
      (input) => {
        const extra = node.assigns.length ? new Map(node.assigns.map((a) => [a.name, this.varOf(a.value)] as const)) : undefined;
        const r = this.command(argv, input, node, 0, extra ? { extra } : {});
        cmdName = r.name;
        return r.out;
      },
      (fromHeredoc) => (cmdName === 'cat' && fromHeredoc ? 'heredoc' : cmdName || 'redirect'),
    );
  }

  /** The value of `NAME=word` without setting it (a prefix assignment of one command). */
  private varOf(value: Word | undefined): VarVal {
    if (!value) return { pieces: [] };
    const pieces = this.expandSingle(value);
    const um = pieces.find((x) => x.mark?.kind === 'unknown')?.mark;
    return { pieces: pieces.filter((x) => x.mark?.kind !== 'unknown'), unknown: um ? (um.root ?? um.reason) : undefined };
  }

  private assign(name: string, value: Word | undefined, append: boolean): void {
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

  private unknownOut(name: string, node: Base, reason?: string): MPiece[] {
    const line = this.line(node.off);
    const span = this.span(node.off, node.end);
    return [{ text: '', line, mark: { kind: 'unknown', name, reason: reason ?? `the output of \`${name}\` is only known when the script runs`, line, span } }];
  }

  /** Runs a command given its expanded arguments. Returns its output and the name used for write steps. */
  private command(argvP: MPiece[][], stdin: MPiece[] | undefined, node: Base, depth: number, env: EnvCtx = {}): { out: MPiece[]; name: string } {
    if (!argvP.length) return { out: [], name: '' };
    const argv = argvP.map(piecesText);
    const known = (k: number): boolean => !argvP[k].some((x) => x.mark?.kind === 'unknown');
    let name = argv[0];
    const base = name.includes('/') ? lastSegment(name) : name;
    if (!known(0)) {
      this.diag('shell/cannot-reconstruct', 'warning', `cannot tell which command runs here: ${argvP[0].find((x) => x.mark)!.mark!.reason}`, this.span(node.off, node.end));
      return { out: this.unknownOut(name, node), name: '' };
    }
    name = base;
    if (depth > 20) return { out: [], name };
    const rest = (k: number): MPiece[][] => argvP.slice(k);
    const lazy = new LazySpan(this, node);
    switch (name) {
      case 'sudo':
      case 'doas': {
        // sudo resets the environment (env_reset): a child shell sees none of the script's variables
        let k = 1;
        let preserve = false;
        let shell: 'login' | 'shell' | undefined;
        while (k < argv.length && argv[k].startsWith('-')) {
          const a = argv[k];
          if (a === '--') {
            k++;
            break;
          }
          if (a === '-E' || a === '--preserve-env' || a.startsWith('--preserve-env=')) preserve = true;
          if (/^-[A-Za-z]+$/.test(a) && a.length > 2 && !/[ugpCDhrtUT]/.test(a.slice(1, -1))) {
            // bundled flags: -Hi, -iu (the last may take an argument)
            if (a.includes('E')) preserve = true;
            if (a.includes('i')) shell = 'login';
            else if (a.includes('s')) shell ??= 'shell';
            k += /[ugpCDhrtUT]$/.test(a) ? 2 : 1;
            continue;
          }
          if (a === '-i' || a === '--login') shell = 'login';
          else if (a === '-s' || a === '--shell') shell ??= 'shell';
          if (/^-[ugpCDhrtUT]$/.test(a) || /^--(user|group|prompt|chdir|host|role|type|other-user|close-from)$/.test(a)) k += 2;
          else k++;
        }
        const extra = new Map(env.extra);
        while (k < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[k])) {
          const eq = argv[k].indexOf('=');
          extra.set(argv[k].slice(0, eq), { pieces: [{ ...(argvP[k][0] ?? { line: this.line(node.off) }), text: argv[k].slice(eq + 1), mark: undefined }] });
          k++;
        }
        const ctx: EnvCtx = { reset: env.reset || !preserve, extra, login: shell === 'login' };
        if (shell) {
          // sudo -s / sudo -i: with no command, a root shell reads the commands from stdin; with
          // one, the shell runs it with -c, each character but letters, digits, `_`, `-` and `$`
          // escaped by sudo (so `sudo -s echo a '>' f` prints `a > f`, and `$X` is the shell's)
          const sh: MPiece[][] = [[{ text: 'bash', line: this.line(node.off) }]];
          if (k >= argv.length) return this.command(sh, stdin, node, depth + 1, ctx);
          const cmd = argv.slice(k).map((a) => a.replace(/[^A-Za-z0-9_$-]/g, '\\$&')).join(' ');
          return this.command([...sh, [{ text: '-c', line: 0 }], [{ text: cmd, line: argvP[k][0]?.line ?? this.line(node.off) }]], stdin, node, depth + 1, ctx);
        }
        return this.command(rest(k), stdin, node, depth + 1, ctx);
      }
      case 'env': {
        let k = 1;
        const ctx: EnvCtx = { ...env, extra: new Map(env.extra) };
        while (k < argv.length && (argv[k].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[k]))) {
          if (argv[k] === '-i' || argv[k] === '-' || argv[k] === '--ignore-environment') ctx.reset = true;
          else if (!argv[k].startsWith('-')) {
            const eq = argv[k].indexOf('=');
            ctx.extra!.set(argv[k].slice(0, eq), { pieces: [{ ...(argvP[k][0] ?? { line: this.line(node.off) }), text: argv[k].slice(eq + 1), mark: undefined }] });
          }
          if (argv[k] === '-u' || argv[k] === '-C' || argv[k] === '-S') k++;
          k++;
        }
        return this.command(rest(k), stdin, node, depth + 1, ctx);
      }
      case 'command':
      case 'builtin':
      case 'exec':
      case 'nohup':
      case 'time':
      case 'stdbuf': {
        let k = 1;
        while (k < argv.length && argv[k].startsWith('-')) k++;
        return this.command(rest(k), stdin, node, depth + 1, env);
      }
      case 'nice':
      case 'ionice':
      case 'timeout': {
        let k = 1;
        while (k < argv.length && argv[k].startsWith('-')) k += argv[k] === '-n' ? 2 : 1;
        if (name === 'timeout') k++;
        return this.command(rest(k), stdin, node, depth + 1, env);
      }
      case 'bash':
      case 'sh':
      case 'dash':
      case 'zsh':
      case 'ksh':
      case 'su': {
        // a child shell: `bash -c STRING [ARG0 ARGS]`, `bash <<EOF`, `su [-] [USER] [-c STRING]`,
        // `sudo su <<EOF`. STRING was expanded by this shell already (its quoting decides what is
        // left for the child); the child starts with the exported variables only.
        let k = 1;
        let script: MPiece[] | undefined;
        let login = !!env.login;
        let preserve = false;
        let childShell: string = name === 'su' ? 'bash' : name;
        let suUser: string | undefined;
        let args: string[] = [name];
        while (k < argv.length) {
          const a = argv[k];
          if (a === '-c' || a === '--command' || (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(a) && name !== 'su')) {
            script = argvP[k + 1];
            if (name !== 'su') args = argv.slice(k + 2).length ? argv.slice(k + 2) : [name];
            break;
          }
          if (a.startsWith('--command=')) {
            script = [{ ...argvP[k][0], text: a.slice(10) }];
            break;
          }
          if (name === 'su' && (a === '-' || a === '-l' || a === '--login')) login = true;
          if (name === 'su' && !a.startsWith('-') && argv[k - 1] !== '-s' && argv[k - 1] !== '--shell' && argv[k - 1] !== '-g' && argv[k - 1] !== '-G' && a !== 'root') suUser = a;
          if (name === 'su' && (a === '-m' || a === '-p' || a === '--preserve-environment')) preserve = true;
          if (name === 'su' && (a === '-s' || a === '--shell')) childShell = lastSegment(argv[k + 1] ?? 'bash');
          if (a === '-o' || a === '-O' || (name === 'su' && (a === '-s' || a === '--shell' || a === '-g' || a === '-G'))) {
            k += 2;
            continue;
          }
          if (name === 'su' || a.startsWith('-') || a.startsWith('+')) {
            // options, and su's user name
            k++;
            continue;
          }
          // bash FILE: another script
          this.diag('shell/cannot-reconstruct', 'info', `\`${name} ${a}\` runs another script, whose writes are not reconstructed here`, lazy.span);
          return { out: this.unknownOut(name, node), name };
        }
        const child = (): ChildShell => {
          const vars = new Map<string, VarVal>();
          // `su -` starts a clean login environment; sudo already reset it (unless -E)
          if (!env.reset && !(login && name === 'su' && !preserve)) for (const n of this.exported) {
            const v = this.vars.get(n);
            if (v) vars.set(n, v);
          }
          for (const [n, v] of env.extra ?? []) vars.set(n, v);
          const started = `\`${name}${script ? ' -c' : ''}\``;
          const how = env.reset
            ? `\`sudo\` starts ${started} with a reset environment (\`sudo -E\` would keep exported variables)`
            : login && name === 'su'
              ? `\`su -\` starts a login shell with a clean environment`
              : `it is not exported, so the shell ${started} starts does not get it (\`export\` it first)`;
          return { vars, how, bash: childShell === 'bash', login, home: suUser === undefined ? '/root' : undefined, args };
        };
        if (script !== undefined) {
          if (script.some((x) => x.mark?.kind === 'unknown')) {
            this.diag('shell/cannot-reconstruct', 'warning', `cannot reconstruct the commands \`${name} -c\` runs: ${script.find((x) => x.mark)!.mark!.reason}`, lazy.span);
            return { out: this.unknownOut(name, node), name };
          }
          this.checkMarks(script.filter((x) => x.mark?.kind === 'host'), `the commands \`${name} -c\` runs`);
          return { out: this.subScript(piecesText(script), script[0]?.line ?? this.line(node.off), stdin, node, false, child()), name };
        }
        // the script comes from stdin: `bash <<EOF`, `sudo su <<'EOF'`, `curl ... | bash`
        if (!stdin) return { out: [], name };
        const mark = stdin.find((x) => x.mark?.kind === 'unknown');
        if (mark) {
          this.diag('shell/cannot-reconstruct', 'warning', `cannot reconstruct what \`${name}\` runs: it reads its commands from standard input, and ${mark.mark!.reason}`, lazy.span,
            'Piping a downloaded script into a shell (curl ... | bash) hides what it changes; put the commands in your own script.');
          return { out: this.unknownOut(name, node), name };
        }
        // an unquoted here-document was expanded by this shell before the child reads it: a
        // variable this shell never set is already gone
        this.checkMarks(stdin.filter((x) => x.mark?.kind === 'unset' || x.mark?.kind === 'host'), `the commands \`${name}\` reads`);
        return { out: this.subScript(piecesText(stdin), stdin[0]?.line ?? this.line(node.off), undefined, node, false, child()), name };
      }
      case 'apt':
      case 'apt-get':
      case 'aptitude':
      case 'yum':
      case 'dnf': {
        // `apt-get install -y nginx`: the package's stock files are there afterwards (model/build.ts
        // uses the list when the script installs a service but leaves its configuration as shipped)
        const at = argv.findIndex((a, i) => i > 0 && (a === 'install' || a === 'reinstall'));
        if (at !== -1) {
          for (let k = at + 1; k < argv.length; k++) {
            const a = argv[k];
            if (a.startsWith('-') || !known(k)) continue;
            const pkg = a.replace(/[=/].*$/, '');
            if (/^[a-z0-9][a-z0-9+.-]+$/.test(pkg)) this.packages.push({ name: pkg, span: lazy.span });
          }
        }
        return { out: [], name };
      }
      case 'hostname': {
        // `hostname`, `hostname -s`: this host's name; `hostname NAME` renames it; -I/-i/-f/-A...: run-time values
        const args = argv.slice(1);
        if (args.length === 0 || (args.length === 1 && (args[0] === '-s' || args[0] === '--short'))) {
          const named = this.hostPieces(`$(${argv.join(' ')})`, this.line(node.off), lazy.span);
          // the short name stops at the first dot (of a name the script gave; the symbol has none)
          if (args.length && this.hostName !== undefined) named[0] = { ...named[0], text: this.hostName.split('.')[0] };
          return { out: [...named, { text: '\n', line: this.line(node.off) }], name };
        }
        if (args.length === 1 && !args[0].startsWith('-')) {
          this.hostName = known(1) ? args[0] : undefined;
          return { out: [], name };
        }
        return { out: this.unknownOut(argv.join(' '), node, `the output of \`${argv.join(' ')}\` (an address or another form of the name) is only known when the script runs`), name };
      }
      case 'hostnamectl': {
        const args = argv.slice(1).filter((a) => !/^--(static|transient|pretty)$/.test(a));
        if (args[0] === 'set-hostname' && args.length === 2) {
          this.hostName = known(argv.indexOf(args[1])) ? args[1] : undefined;
          return { out: [], name };
        }
        if (args.length === 1 && args[0] === 'hostname') return { out: [...this.hostPieces(`$(${argv.join(' ')})`, this.line(node.off), lazy.span), { text: '\n', line: this.line(node.off) }], name };
        return { out: this.unknownOut(name, node), name };
      }
      case 'uname':
        if (argv.length === 2 && (argv[1] === '-n' || argv[1] === '--nodename')) {
          return { out: [...this.hostPieces(`$(${argv.join(' ')})`, this.line(node.off), lazy.span), { text: '\n', line: this.line(node.off) }], name };
        }
        return { out: this.unknownOut(name, node), name };
      case 'eval':
      case 'source':
      case '.':
        if (!this.opaque) this.opaque = { what: name === 'eval' ? '`eval`' : `the file sourced by \`${name}\``, line: this.line(node.off) };
        this.diag('shell/cannot-reconstruct', 'warning', `\`${name}\` runs commands that are only known at run time; anything they write is not reconstructed`, lazy.span,
          name === 'eval' ? 'Write the command out directly instead of building it in a string.' : undefined);
        return { out: this.unknownOut(name, node), name };
      case 'exit':
        if (!this.ctrl.length) {
          this.stopped = true;
          if (!this.frame.top) return { out: [], name };
          const after = this.frame.text.slice(node.end).trim();
          if (after) this.diag('shell/unreachable', 'info', 'the script exits here; the commands after this line never run and are not reconstructed', lazy.span);
        }
        return { out: [], name };
      case 'return':
        return { out: [], name };
      case 'set':
        for (let k = 1; k < argv.length; k++) {
          const a = argv[k];
          if (/^-[a-zA-Z]*u/.test(a) || (a === '-o' && argv[k + 1] === 'nounset')) this.nounset = true;
          if (/^\+[a-zA-Z]*u/.test(a) || (a === '+o' && argv[k + 1] === 'nounset')) this.nounset = false;
        }
        return { out: [], name };
      case ':':
      case 'true':
      case 'false':
      case 'shopt':
      case 'shift':
      case 'trap':
      case 'wait':
      case 'umask':
      case 'hash':
      case 'alias':
      case 'sleep':
      case 'test':
      case '[':
        return { out: [], name };
      case 'export':
      case 'declare':
      case 'typeset':
      case 'local':
      case 'readonly': {
        const exports = name === 'export' ? !argv.slice(1).some((x) => /^-[a-z]*n/.test(x)) : argv.slice(1).some((x) => /^-[a-zA-Z]*x/.test(x));
        for (let k = 1; k < argv.length; k++) {
          if (argv[k].startsWith('-')) continue;
          if (exports) this.exported.add(argv[k].replace(/\+?=.*$/s, ''));
          const w = this.rawWords(node)[k];
          const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(argv[k]);
          if (m && w) {
            // re-expand the value part without field splitting (export X="$Y z" keeps blanks)
            const eq = m[0].length;
            const first = w.parts[0];
            if (first && first.k === 'lit' && first.text.length >= eq) {
              const parts = first.text.length > eq ? [{ ...first, text: first.text.slice(eq), off: first.off + eq }, ...w.parts.slice(1)] : w.parts.slice(1);
              this.assign(m[1], { parts, off: w.off + eq, end: w.end, raw: w.raw.slice(eq) }, m[2] === '+');
              continue;
            }
            this.vars.set(m[1], { pieces: argvP[k].map((x) => ({ ...x, text: x.text })).filter((x) => x.text).map((x, i) => (i === 0 ? { ...x, text: x.text.slice(eq) } : x)) });
          }
        }
        return { out: [], name };
      }
      case 'unset':
        for (let k = 1; k < argv.length; k++) {
          if (argv[k].startsWith('-')) continue;
          this.vars.delete(argv[k]);
          this.exported.delete(argv[k]);
        }
        return { out: [], name };
      case 'read': {
        let raw = false;
        let delim: string | undefined = '\n';
        const names: string[] = [];
        let odd = false;
        for (let k = 1; k < argv.length; k++) {
          const a = argv[k];
          if (a === '-r') raw = true;
          else if (a === '-d') delim = argv[++k] === '' ? '' : argv[k]?.[0];
          else if (/^-[pntuNa]$/.test(a)) {
            odd ||= a !== '-p';
            k++;
          } else if (/^-[rs]+$/.test(a)) raw ||= a.includes('r');
          else if (a.startsWith('-')) odd = true;
          else names.push(a);
        }
        if (!names.length) names.push('REPLY');
        const data = stdin && !stdin.some((x) => x.mark?.kind === 'unknown') && !odd && delim !== undefined ? stdin : undefined;
        if (!data) {
          for (const v of names) this.vars.set(v, { pieces: [], unknown: `${v} is read from input when the script runs (\`read\` at line ${this.line(node.off)})` });
          return { out: [], name };
        }
        const value = readValue(data, delim!, raw, this.prefixIfs);
        if (names.length === 1) {
          this.vars.set(names[0], { pieces: value });
          return { out: [], name };
        }
        // several names: split on IFS whitespace, the last name takes the rest of the line
        const ifs = this.prefixIfs ?? ' \t\n';
        const line = value[0]?.line ?? this.line(node.off);
        let rest = piecesText(value);
        names.forEach((v, k) => {
          if (k === names.length - 1 || !ifs) {
            this.vars.set(v, { pieces: k === names.length - 1 && rest ? [{ text: rest, line }] : [] });
            if (!ifs) rest = '';
            return;
          }
          let i = 0;
          while (i < rest.length && !ifs.includes(rest[i])) i++;
          this.vars.set(v, { pieces: i ? [{ text: rest.slice(0, i), line }] : [] });
          rest = rest.slice(i);
          let j = 0;
          while (j < rest.length && ifs.includes(rest[j]) && ' \t\n'.includes(rest[j])) j++;
          rest = rest.slice(j);
        });
        return { out: [], name };
      }
      case 'cd': {
        const d = argv[1];
        if (d === undefined || d === '-' || !known(1)) this.cwd = undefined;
        else {
          const p = d.startsWith('/') ? normalizeAbsolutePath(d) : this.cwd !== undefined ? normalizeAbsolutePath(this.cwd + '/' + d) : undefined;
          this.cwd = p;
          if (p) this.dirs.add(p);
        }
        return { out: [], name };
      }
      case 'pushd':
      case 'popd':
        this.cwd = undefined;
        return { out: [], name };
      case 'mkdir': {
        for (let k = 1; k < argv.length; k++) {
          if (argv[k].startsWith('-')) {
            if (argv[k] === '-m') k++;
            continue;
          }
          const p = this.resolvePath(argv[k], node.off, node.end, 'mkdir', argvP[k]);
          if (p) for (let d = p; d !== '/' && d !== '.'; d = absoluteDirname(d)) this.dirs.add(d);
        }
        return { out: [], name };
      }
      case 'echo':
        return { out: this.echo(argvP), name };
      case 'printf':
        return { out: this.printf(argvP, node), name };
      case 'cat':
        return { out: this.cat(argvP, stdin, node), name };
      case 'tee':
        return { out: this.tee(argvP, stdin, node), name };
      case 'sed':
        return { out: this.sed(argvP, stdin, node), name };
      case 'dd':
        return { out: this.dd(argvP, stdin, node), name };
      case 'cp':
      case 'mv':
      case 'install':
        this.copy(name, argvP, node);
        return { out: [], name };
      case 'ln':
        this.ln(argvP, node);
        return { out: [], name };
      case 'rm':
      case 'unlink':
        this.rm(argvP, node);
        return { out: [], name };
      case 'touch':
        for (let k = 1; k < argv.length; k++) {
          if (argv[k].startsWith('-')) continue;
          const p = this.resolvePath(argv[k], node.off, node.end, 'touches', argvP[k]);
          if (p && !this.read(p)) this.write(p, [], 'append', 'touch', node.off, node.end);
        }
        return { out: [], name };
      case 'truncate': {
        const sizeZero = argv.some((a, i) => (a === '-s' && argv[i + 1] === '0') || a === '--size=0' || a === '-s0');
        for (let k = 1; k < argv.length; k++) {
          if (argv[k].startsWith('-') || argv[k - 1] === '-s') continue;
          const p = this.resolvePath(argv[k], node.off, node.end, 'truncates', argvP[k]);
          if (!p) continue;
          if (sizeZero) this.write(p, [], 'trunc', 'truncate', node.off, node.end);
          else this.writeUnknown(p, '`truncate` with a size other than 0 is not modelled', 'truncate', node.off, node.end);
        }
        return { out: [], name };
      }
      case 'curl':
      case 'wget': {
        for (let k = 1; k < argv.length; k++) {
          const a = argv[k];
          if ((name === 'curl' && (a === '-o' || a === '--output')) || (name === 'wget' && (a === '-O' || a === '--output-document'))) {
            const p = argv[k + 1] !== undefined ? this.resolvePath(argv[k + 1], node.off, node.end, 'downloads to', argvP[k + 1]) : undefined;
            if (p && p !== '-') this.writeUnknown(p, `it is downloaded by \`${name}\` when the script runs`, name, node.off, node.end);
          }
        }
        return { out: this.unknownOut(name, node, `the output of \`${name}\` is downloaded when the script runs`), name };
      }
      default: {
        const fn = this.functions.get(name);
        if (fn) {
          if (this.callDepth >= MAX_CALL_DEPTH) return { out: [], name };
          this.callDepth++;
          this.positional.push(argv);
          const out = this.exec(fn, stdin);
          this.positional.pop();
          this.callDepth--;
          return { out, name: 'function' };
        }
        return { out: this.unknownOut(name, node), name };
      }
    }
  }

  /** The words of a simple command as written (for re-expanding assignment values). */
  private rawWords(node: Base): Word[] {
    return (node as Extract<ShellNode, { type: 'simple' }>).words ?? [];
  }

  /**
   * `$(...)`: when the commands inside only print text the script itself holds (`cat <<EOF`,
   * `echo`, `printf`, `cat` of a file it wrote), their output is known: it is used, with trailing
   * newlines removed as bash does. Runs in a subshell (variables set inside do not leak).
   * Returns undefined when the output is only known at run time.
   */
  private commandSubstitution(p: Extract<WordPart, { k: 'cmd' }>, line: number): MPiece[] | undefined {
    // backquotes: their text is already unescaped by the lexer; inside double quotes bash also
    // unescapes \" (not modelled: such a substitution stays unknown)
    if (this.cmdsubDepth >= 4 || p.text.length > 200_000 || (!p.raw.startsWith('$(') && !(p.raw.startsWith('`') && !/["\\]/.test(p.raw)))) return undefined;
    let text = p.text;
    const m = /^\s*<\s*(\S+)\s*$/.exec(text);
    if (m) text = `cat ${m[1]}`; // $(< file)
    const saved = { vars: new Map(this.vars), cwd: this.cwd, stopped: this.stopped };
    this.cmdsubDepth++;
    let out: MPiece[];
    try {
      out = this.subScript(text, line, undefined, p, true);
    } finally {
      this.cmdsubDepth--;
      this.vars.clear();
      for (const [k, v] of saved.vars) this.vars.set(k, v);
      this.cwd = saved.cwd;
      this.stopped = saved.stopped;
    }
    if (out.some((x) => x.mark?.kind === 'unknown')) return undefined;
    // bash removes every trailing newline of the output
    const res = out.map((x) => ({ ...x }));
    for (let k = res.length - 1; k >= 0; k--) {
      const t = res[k].text.replace(/\n+$/, '');
      res[k] = { ...res[k], text: t };
      if (t !== '') break;
    }
    // this host's name: reported at the substitution as written (`hostname`, $(hostname -s)...)
    let span: Span | undefined;
    const raw = p.raw.length > 60 ? p.raw.slice(0, 57) + '...' : p.raw;
    for (let k = 0; k < res.length; k++) {
      const m = res[k].mark;
      if (m?.kind === 'host') res[k] = { ...res[k], mark: { ...m, name: p.raw, reason: `\`${raw}\` is this host's name, only known on the machine; shown as ${HOST_NAME_SYMBOL}`, line, span: (span ??= this.span(p.off, p.end)) } };
    }
    return res.filter((x) => x.text !== '' || x.mark);
  }

  private subScript(text: string, line: number, stdin: MPiece[] | undefined, node: Base, quietProblems = false, child?: ChildShell): MPiece[] {
    if (!child) return this.subScriptIn(text, line, stdin, node, quietProblems);
    // a child process: its variables, functions, options and directory do not come back
    const saved = { vars: new Map(this.vars), exported: this.exported, functions: this.functions, bash: this.bash, nounset: this.nounset, positional: this.positional, opaque: this.opaque, cwd: this.cwd, ctrl: this.ctrl };
    this.vars.clear();
    for (const [k, v] of child.vars) this.vars.set(k, v);
    this.exported = new Set(child.vars.keys());
    this.functions = new Map();
    this.bash = child.bash;
    this.nounset = false;
    this.positional = [child.args];
    this.opaque = undefined;
    if (child.login) this.cwd = child.home;
    this.childDepth++;
    this.outer.push({ vars: saved.vars, how: child.how });
    try {
      return this.subScriptIn(text, line, stdin, node, quietProblems);
    } finally {
      this.childDepth--;
      this.outer.pop();
      this.vars.clear();
      for (const [k, v] of saved.vars) this.vars.set(k, v);
      this.exported = saved.exported;
      this.functions = saved.functions;
      this.bash = saved.bash;
      this.nounset = saved.nounset;
      this.positional = saved.positional;
      this.opaque = saved.opaque;
      this.cwd = saved.cwd;
      this.ctrl = saved.ctrl;
    }
  }

  private subScriptIn(text: string, line: number, stdin: MPiece[] | undefined, node: Base, quietProblems = false): MPiece[] {
    if (this.callDepth >= MAX_CALL_DEPTH) {
      const span = this.span(node.off, node.end);
      return [{ text: '', line, mark: { kind: 'unknown', name: 'depth', reason: 'shells nested too deeply to follow', line, span } }];
    }
    const r = parseShellRaw(text);
    const savedFrame = this.frame;
    const lc = new LineCounter(text);
    this.frame = { text, lc, lineBase: line - 1, top: false };
    if (!quietProblems) for (const d of problemsToDiagnostics(this.file, lc, r.problems, line - 1)) {
      delete d.span.offset;
      delete d.span.endOffset;
      this.diag(d.code, d.severity, `${d.message} (in the command string given to a shell)`, d.span, d.hint);
    }
    this.callDepth++;
    const savedStopped = this.stopped;
    let out: MPiece[];
    if (stdin && r.body.type === 'list' && r.body.items.length) out = this.exec(r.body, stdin);
    else out = this.exec(r.body, stdin);
    this.stopped = savedStopped;
    this.callDepth--;
    this.frame = savedFrame;
    return out;
  }

  // ---------- commands that produce text ----------

  private echo(argvP: MPiece[][]): MPiece[] {
    let k = 1;
    let nl = true;
    let esc = false;
    while (k < argvP.length) {
      const a = piecesText(argvP[k]);
      if (!/^-[neE]+$/.test(a)) break;
      for (const ch of a.slice(1)) {
        if (ch === 'n') nl = false;
        else if (ch === 'e') esc = true;
        else esc = false;
      }
      k++;
    }
    const out: MPiece[] = [];
    const lastLine = argvP[argvP.length - 1]?.[argvP[argvP.length - 1].length - 1]?.line ?? argvP[0][0]?.line ?? 0;
    for (let j = k; j < argvP.length; j++) {
      if (j > k) out.push({ text: ' ', line: argvP[j][0]?.line ?? lastLine });
      if (!esc) pushAll(out, argvP[j]);
      else {
        // escapes are read over the whole argument (a `\` and the letter after it may come from different quotes)
        const marks = argvP[j].filter((p) => p.mark);
        const text = piecesText(argvP[j]);
        const e = echoEscapes(text);
        const first = argvP[j][0];
        pushAll(out, marks.map((m) => ({ ...m, text: '' })));
        if (e.text) out.push({ text: e.text, line: first?.line ?? lastLine, adv: first?.adv && argvP[j].length === 1 && e.text === text });
        if (e.stop) return out;
      }
    }
    if (nl) out.push({ text: '\n', line: lastLine });
    return out;
  }

  private printf(argvP: MPiece[][], node: Base): MPiece[] {
    let k = 1;
    let toVar: string | undefined;
    while (k < argvP.length) {
      const a = piecesText(argvP[k]);
      if (a === '-v') {
        toVar = piecesText(argvP[k + 1] ?? []);
        k += 2;
        continue;
      }
      if (a === '--') {
        k++;
        break;
      }
      break;
    }
    const fmtP = argvP[k];
    if (!fmtP) return [];
    const marks = argvP.slice(k).flat().filter((x) => x.mark);
    const fmtLine = fmtP[0]?.line ?? this.line(node.off);
    const args = argvP.slice(k + 1);
    const r = bashPrintf(piecesText(fmtP), args.map(piecesText));
    for (const e of r.errors) this.diag('shell/printf-error', 'warning', `printf: ${e} (bash prints an error and uses 0)`, this.span(node.off, node.end));
    if (r.unsupported) {
      this.diag('shell/cannot-reconstruct', 'warning', `${r.unsupported} is not modelled; the output stops there`, this.span(node.off, node.end));
      marks.push({ text: '', line: fmtLine, mark: { kind: 'unknown', name: 'printf', reason: `${r.unsupported} is not modelled`, line: fmtLine, span: this.span(node.off, node.end) } });
    }
    const out: MPiece[] = [];
    for (const c of r.chunks) {
      const line = c.arg >= 0 ? (args[c.arg][0]?.line ?? fmtLine) : fmtLine;
      out.push({ text: c.text, line });
    }
    pushAll(out, marks.map((m) => ({ ...m, text: '' })));
    if (toVar) {
      this.vars.set(toVar, { pieces: out.filter((x) => !x.mark) });
      return [];
    }
    return out;
  }

  private cat(argvP: MPiece[][], stdin: MPiece[] | undefined, node: Base): MPiece[] {
    const files: number[] = [];
    let opts = false;
    for (let k = 1; k < argvP.length; k++) {
      const a = piecesText(argvP[k]);
      if (a !== '-' && a.startsWith('-') && a !== '--') opts = true;
      else if (a !== '--') files.push(k);
    }
    if (opts) return this.unknownOut('cat', node, '`cat` with options is not modelled');
    if (!files.length) {
      if (stdin) return stdin;
      return this.unknownOut('cat', node, '`cat` reads the terminal here');
    }
    const out: MPiece[] = [];
    for (const k of files) {
      const a = piecesText(argvP[k]);
      if (a === '-') {
        pushAll(out, (stdin ?? []));
        continue;
      }
      const p = this.resolvePath(a, node.off, node.end, 'reads', argvP[k]);
      const c = p ? this.read(p) : undefined;
      if (c && c.known) pushAll(out, contentPieces(c.content));
      else {
        const line = this.line(node.off);
        out.push({ text: '', line, mark: { kind: 'unknown', name: a, reason: `\`cat ${a}\` reads a file the script did not write and whose content is not known`, line, span: this.span(node.off, node.end) } });
      }
    }
    return out;
  }

  private tee(argvP: MPiece[][], stdin: MPiece[] | undefined, node: Base): MPiece[] {
    let append = false;
    const targets: number[] = [];
    let opts = true;
    for (let k = 1; k < argvP.length; k++) {
      const a = piecesText(argvP[k]);
      if (opts && a === '--') {
        opts = false;
        continue;
      }
      if (opts && a.startsWith('--')) {
        if (a === '--append') append = true;
        continue;
      }
      if (opts && a.startsWith('-') && a.length > 1) {
        if (a.includes('a')) append = true;
        continue;
      }
      targets.push(k);
    }
    const data = stdin ?? this.unknownOut('tee', node, '`tee` reads the terminal here');
    for (const k of targets) {
      const a = piecesText(argvP[k]);
      const p = this.resolvePath(a, node.off, node.end, 'tee writes', argvP[k]);
      if (p) this.write(p, data, append ? 'append' : 'trunc', 'tee', node.off, node.end);
    }
    return data;
  }

  private sed(argvP: MPiece[][], stdin: MPiece[] | undefined, node: Base): MPiece[] {
    const argv = argvP.map(piecesText);
    const span = this.span(node.off, node.end);
    const line = this.line(node.off);
    let inPlace: string | undefined; // suffix ('' = no backup)
    let ere = false;
    let quiet = false;
    const scripts: string[] = [];
    const operands: number[] = [];
    let k = 1;
    let endOpts = false;
    for (; k < argv.length; k++) {
      const a = argv[k];
      if (endOpts || !a.startsWith('-') || a === '-') {
        operands.push(k);
        continue;
      }
      if (a === '--') {
        endOpts = true;
        continue;
      }
      if (a.startsWith('--')) {
        if (a === '--in-place') inPlace = '';
        else if (a.startsWith('--in-place=')) inPlace = a.slice(11);
        else if (a === '--regexp-extended') ere = true;
        else if (a === '--quiet' || a === '--silent') quiet = true;
        else if (a === '--expression') scripts.push(argv[++k] ?? '');
        else if (a.startsWith('--expression=')) scripts.push(a.slice(13));
        else if (a === '--file' || a.startsWith('--file=')) {
          this.diag('shell/cannot-reconstruct', 'warning', '`sed -f` reads its program from another file; this edit is not reconstructed', span);
          return this.unknownOut('sed', node);
        } else if (a === '--null-data' || a === '--zero-terminated') {
          this.diag('shell/cannot-reconstruct', 'warning', '`sed -z` is not modelled', span);
          return this.unknownOut('sed', node);
        }
        continue;
      }
      // a cluster of short options
      for (let j = 1; j < a.length; j++) {
        const o = a[j];
        if (o === 'i') {
          inPlace = a.slice(j + 1);
          break;
        }
        if (o === 'e' || o === 'f' || o === 'l') {
          const val = j + 1 < a.length ? a.slice(j + 1) : argv[++k] ?? '';
          if (o === 'e') scripts.push(val);
          if (o === 'f') {
            this.diag('shell/cannot-reconstruct', 'warning', '`sed -f` reads its program from another file; this edit is not reconstructed', span);
            return this.unknownOut('sed', node);
          }
          break;
        }
        if (o === 'E' || o === 'r') ere = true;
        else if (o === 'n') quiet = true;
        else if (o === 'z') {
          this.diag('shell/cannot-reconstruct', 'warning', '`sed -z` is not modelled', span);
          return this.unknownOut('sed', node);
        }
      }
    }
    if (!scripts.length) {
      const first = operands.shift();
      if (first === undefined) {
        this.diag('shell/sed-error', 'error', 'sed: no script given (sed prints its usage and does nothing)', span);
        return [];
      }
      scripts.push(argv[first]);
      if (argvP[first].some((x) => x.mark?.kind === 'unknown')) {
        this.diag('shell/cannot-reconstruct', 'warning', `cannot reconstruct this sed edit: ${argvP[first].find((x) => x.mark)!.mark!.reason}`, span);
        for (const o of operands) {
          const p = this.resolvePath(argv[o], node.off, node.end, 'sed edits', argvP[o]);
          if (p && inPlace !== undefined) this.markInexact(p, 'sed', node);
        }
        return this.unknownOut('sed', node);
      }
    }
    const script = scripts.join('\n');
    const parsed = parseSed(script, ere);
    const origin: LineOrigin = { file: this.file, line };
    if (!parsed.prog) {
      if (parsed.error) this.diag('shell/sed-error', 'error', `sed: -e expression: ${parsed.error} (GNU sed stops with an error and changes nothing)`, span);
      else this.diag('shell/cannot-reconstruct', 'warning', `cannot reconstruct this sed edit: ${parsed.unsupported} is not modelled`, span);
      if (parsed.unsupported && inPlace !== undefined) {
        for (const o of operands) {
          const p = this.resolvePath(argv[o], node.off, node.end, 'sed edits', argvP[o]);
          if (p) this.markInexact(p, 'sed', node);
        }
      }
      return parsed.error ? [] : this.unknownOut('sed', node);
    }
    const prog = parsed.prog;
    if (inPlace === undefined) {
      // a filter: files (or stdin) to stdout
      let input: MPiece[] = [];
      let unknownReason: string | undefined;
      let label = 'its input';
      if (!operands.length) {
        input = stdin ?? [];
        unknownReason = stdin?.find((x) => x.mark?.kind === 'unknown')?.mark?.reason;
      } else {
        for (const o of operands) {
          const p = this.resolvePath(argv[o], node.off, node.end, 'sed reads', argvP[o]);
          const c = p ? this.read(p) : undefined;
          if (c && c.known) pushAll(input, contentPieces(c.content));
          else unknownReason = `sed reads ${argv[o]}, which the script did not write and whose content is not known`;
          label = p ?? argv[o];
        }
      }
      if (unknownReason) return this.unknownOut('sed', node, unknownReason);
      const c = emptyContent();
      appendPieces(c, input, this.file);
      const r = runSed(prog, c, { quiet, origin, readFile: this.sedReader(node) });
      this.reportSedMisses(prog.cmds, r.hit, r.selected, label, c.lines.length, span);
      if (r.unknownReads) return this.unknownOut('sed', node, `\`sed r ${r.unknownReads[0]}\` reads a file whose content is not known`);
      return contentPieces(r.content);
    }
    if (!operands.length) {
      this.diag('shell/sed-error', 'error', 'sed: no input files (sed -i needs a file to edit)', span);
      return [];
    }
    for (const o of operands) {
      if (hasGlob(argv[o]) && !argvP[o].some((x) => x.mark?.kind === 'unknown')) {
        this.diag('shell/cannot-reconstruct', 'warning', `sed -i on the pattern \`${argv[o]}\` edits files whose names are only known when the script runs`, span);
        continue;
      }
      const p = this.resolvePath(argv[o], node.off, node.end, 'sed edits', argvP[o]);
      if (!p) continue;
      this.ctrlNote(p, node.off);
      const cur = this.read(p);
      if (!cur) {
        this.diag('shell/cannot-reconstruct', 'warning', `sed -i edits ${p}, which the script did not write and whose stock content is not known; this edit is not reconstructed`, span,
          'Write the whole file from the script (cat > FILE <<\'EOF\') so what it contains does not depend on the machine.');
        continue;
      }
      if (!cur.known) {
        this.markInexact(p, 'sed', node);
        continue;
      }
      // sed -i replaces a symbolic link by a regular file (GNU sed without --follow-symlinks)
      const isLink = this.links.has(p);
      const dest = isLink && !argv.includes('--follow-symlinks') ? p : this.follow(p);
      if (isLink && dest === p) {
        this.links.delete(p);
        this.linkList.delete(p);
        this.removed.push({ path: p, span });
        this.diag('shell/sed-replaces-link', 'info', `${p} is a symbolic link; sed -i replaces it with a regular file holding the edited text (the file it pointed to is unchanged)`, span,
          'Edit the file in sites-available (or use sed --follow-symlinks) so the link keeps pointing at it.');
      }
      if (inPlace) {
        const bak = inPlace.includes('*') ? (inPlace.includes('/') ? inPlace.replace(/\*/g, lastSegment(dest)) : absoluteDirname(dest) + '/' + inPlace.replace(/\*/g, lastSegment(dest))) : dest + inPlace;
        this.setContent(normalizeAbsolutePath(bak.startsWith('/') ? bak : absoluteDirname(dest) + '/' + bak), cloneContent(cur.content), cur.exact, 'sed-backup', node.off, node.end);
      }
      const f = this.files.get(dest);
      const wasWritten = f !== undefined && f.exists;
      // an unset variable in a double-quoted sed script: bash removed it before sed ran
      this.checkMarks(argvP.flat().filter((x) => x.mark?.kind === 'unset'), dest);
      const r = runSed(prog, cur.content, { quiet, origin, readFile: this.sedReader(node) });
      this.reportSedMisses(prog.cmds, r.hit, r.selected, dest, cur.content.lines.length, span);
      const rec = this.record(dest);
      if (!wasWritten) {
        rec.steps.push({ op: 'stock', span });
      }
      if (r.unknownReads) this.diag('shell/cannot-reconstruct', 'warning', `\`sed r ${r.unknownReads[0]}\` inserts a file the script did not write and whose content is not known; ${dest} lacks it`, span);
      this.setContent(dest, r.content, cur.exact && !r.unknownReads, 'sed', node.off, node.end);
    }
    return [];
  }

  /** For sed's `r FILE`: the file's content as the script left it (relative names as the shell resolves them). */
  private sedReader(node: Base): (name: string) => Content | undefined | 'unknown' {
    return (name: string) => {
      const p = name.startsWith('/') ? normalizeAbsolutePath(name) : this.cwd !== undefined ? normalizeAbsolutePath(this.cwd + '/' + name) : name.replace(/^\.\//, '');
      if (p === '/dev/stdin') return 'unknown';
      const c = this.read(p);
      if (c) return c.known ? c.content : 'unknown';
      // not written by the script and not a stock file: it may exist on the machine
      return this.files.has(p) ? undefined : 'unknown';
    };
  }

  private markInexact(p: string, op: string, node: Base): void {
    const real = this.follow(p);
    const f = this.files.get(real);
    if (f && f.exists) {
      f.exact = false;
      f.steps.push({ op, span: this.span(node.off, node.end) });
      return;
    }
    // a stock file the script edits in a way that is not modelled: listed, unchanged, inexact
    const cur = this.read(real);
    if (cur) {
      const rec = this.record(real);
      rec.steps.push({ op: 'stock', span: this.span(node.off, node.end) });
      this.setContent(real, cloneContent(cur.content), false, op, node.off, node.end);
    }
  }

  private reportSedMisses(cmds: SedCmd[], hit: boolean[], selected: boolean[], file: string, nLines: number, span: Span): void {
    cmds.forEach((c, k) => {
      if (hit[k] || c.name === '}') return;
      if (nLines === 0) {
        this.diag('shell/sed-no-match', 'warning', `your sed edit changes nothing: ${file} is empty, so sed never runs \`${c.raw}\``, span,
          'sed only acts on lines that exist; to add to an empty file, use echo or cat >>.');
        return;
      }
      let what: string;
      if (!selected[k]) {
        const a = c.a1;
        if (a?.t === 're' && (!c.a2 || true)) what = `the pattern \`${a.src}\` does not occur in ${file}`;
        else if (a?.t === 'line') what = `line ${a.n} does not exist in ${file} (it has ${nLines} lines)`;
        else if (c.a2 && c.a2.t === 're') what = `the pattern \`${c.a2.src}\` does not occur in ${file}`;
        else what = `the address of \`${c.raw}\` selects no line of ${file}`;
      } else if (c.name === 's') what = `the pattern \`${c.reSrc ?? ''}\` does not occur in ${file}${c.a1 ? ' on the lines its address selects' : ''}`;
      else what = `\`${c.raw}\` selects no line of ${file}`;
      this.diag('shell/sed-no-match', 'warning', `your sed edit changes nothing: ${what}`, span,
        'Check the pattern against the file it edits (spacing, tabs, and regex special characters such as . * [ ] must match exactly).');
    });
  }

  // ---------- cp / mv / ln / rm ----------

  /**
   * `dd [if=F] [of=F] [conv=notrunc] [oflag=append] [status=none]`: copies its input to `of=` (or
   * stdout). Without conv=notrunc the file is truncated first (so oflag=append alone overwrites);
   * conv=notrunc overwrites in place, keeping what lies past the new bytes; both append.
   */
  private dd(argvP: MPiece[][], stdin: MPiece[] | undefined, node: Base): MPiece[] {
    const ops = new Map<string, number>();
    for (let k = 1; k < argvP.length; k++) {
      const a = piecesText(argvP[k]);
      const eq = a.indexOf('=');
      if (eq > 0) ops.set(a.slice(0, eq), k);
      else if (a !== '--') return this.unknownOut('dd', node, `\`dd ${a}\` is not modelled`);
    }
    const val = (key: string): string | undefined => (ops.has(key) ? piecesText(argvP[ops.get(key)!]).slice(key.length + 1) : undefined);
    const list = (key: string): string[] => (val(key) ?? '').split(',').filter(Boolean);
    const conv = list('conv');
    const oflag = list('oflag');
    const odd = [...ops.keys()].filter((key) => !['if', 'of', 'conv', 'oflag', 'iflag', 'status', 'bs', 'ibs', 'obs'].includes(key));
    const oddConv = conv.filter((c) => !['notrunc', 'fsync', 'fdatasync', 'noerror', 'excl', 'nocreat'].includes(c));
    const oddFlag = [...oflag, ...list('iflag')].filter((f) => !['append', 'sync', 'dsync', 'direct', 'nocache', 'fullblock', 'nonblock', 'noatime', 'noctty', 'nofollow'].includes(f));
    let data: MPiece[];
    const input = val('if');
    if (input !== undefined) {
      const k = ops.get('if')!;
      const p = this.resolvePath(input, node.off, node.end, 'dd reads', dropChars(argvP[k], 3));
      const c = p ? this.read(p) : undefined;
      const line = this.line(node.off);
      data = c && c.known ? contentPieces(c.content) : [{ text: '', line, mark: { kind: 'unknown', name: input, reason: `\`dd if=${input}\` reads a file the script did not write and whose content is not known`, line, span: this.span(node.off, node.end) } }];
    } else data = stdin ?? this.unknownOut('dd', node, '`dd` reads the terminal here');
    const out = val('of');
    if (odd.length || oddConv.length || oddFlag.length) {
      const what = [...odd.map((x) => `${x}=`), ...oddConv.map((x) => `conv=${x}`), ...oddFlag.map((x) => `flag ${x}`)].join(', ');
      if (out === undefined) return this.unknownOut('dd', node, `\`dd\` with ${what} is not modelled`);
      const p = this.resolvePath(out, node.off, node.end, 'dd writes', dropChars(argvP[ops.get('of')!], 3));
      if (p) this.writeUnknown(p, `\`dd\` with ${what} is not modelled`, 'dd', node.off, node.end);
      return [];
    }
    if (out === undefined) return data;
    const p = this.resolvePath(out, node.off, node.end, 'dd writes', dropChars(argvP[ops.get('of')!], 3));
    if (!p) return [];
    const notrunc = conv.includes('notrunc');
    if (notrunc && oflag.includes('append')) {
      this.write(p, data, 'append', 'dd', node.off, node.end);
      return [];
    }
    if (notrunc) {
      // overwrite in place: the old bytes past the new ones stay
      const old = this.read(p);
      const n = piecesText(data).length;
      if (old && old.known && contentText(old.content).length > n) {
        const keep: MPiece[] = [];
        let skip = n;
        for (const x of contentPieces(old.content)) {
          if (skip >= x.text.length) {
            skip -= x.text.length;
            continue;
          }
          keep.push(skip ? { ...x, text: x.text.slice(skip) } : x);
          skip = 0;
        }
        this.write(p, [...data, ...keep], 'trunc', 'dd', node.off, node.end);
        return [];
      }
    }
    this.write(p, data, 'trunc', 'dd', node.off, node.end);
    return [];
  }

  private splitOpts(argvP: MPiece[][], withArg: string[] = []): { opts: string[]; ops: number[]; targetDir?: string } {
    const opts: string[] = [];
    const ops: number[] = [];
    let targetDir: string | undefined;
    let end = false;
    for (let k = 1; k < argvP.length; k++) {
      const a = piecesText(argvP[k]);
      if (!end && a === '--') {
        end = true;
        continue;
      }
      if (!end && a.startsWith('-') && a.length > 1) {
        if (a === '-t' || a === '--target-directory') {
          targetDir = piecesText(argvP[++k] ?? []);
          continue;
        }
        if (a.startsWith('--target-directory=')) {
          targetDir = a.slice(19);
          continue;
        }
        opts.push(a);
        if (withArg.includes(a)) k++;
        continue;
      }
      ops.push(k);
    }
    return { opts, ops, targetDir };
  }

  private copy(name: string, argvP: MPiece[][], node: Base): void {
    const { ops, targetDir, opts } = this.splitOpts(argvP, ['-m', '-o', '-g', '-S', '--suffix', '--mode', '--owner', '--group']);
    const argv = argvP.map(piecesText);
    if (name === 'install' && opts.some((o) => o === '-d' || o === '--directory')) {
      for (const k of ops) {
        const p = this.resolvePath(argv[k], node.off, node.end, 'install -d', argvP[k]);
        if (p) this.dirs.add(p);
      }
      return;
    }
    let srcs = ops;
    let destRaw: { text: string; k: number } | undefined;
    if (targetDir !== undefined) destRaw = { text: targetDir, k: -1 };
    else {
      if (ops.length < 2) return;
      const last = ops[ops.length - 1];
      destRaw = { text: argv[last], k: last };
      srcs = ops.slice(0, -1);
    }
    const dest = this.resolvePath(destRaw.text, node.off, node.end, `${name} writes`, destRaw.k >= 0 ? argvP[destRaw.k] : undefined);
    if (!dest) return;
    const destIsDir = destRaw.text.endsWith('/') || srcs.length > 1 || this.isDir(dest);
    for (const k of srcs) {
      if (hasGlob(argv[k])) {
        this.diag('shell/cannot-reconstruct', 'warning', `\`${name} ${argv[k]}\` copies files whose names are only known when the script runs`, this.span(node.off, node.end));
        continue;
      }
      const src = this.resolvePath(argv[k], node.off, node.end, `${name} reads`, argvP[k]);
      if (!src) continue;
      const to = destIsDir ? normalizeAbsolutePath((dest.startsWith('/') ? dest : '/' + dest) + '/' + lastSegment(src)).slice(dest.startsWith('/') ? 0 : 1) : dest;
      if (name === 'mv' && this.links.has(src)) {
        const l = this.links.get(src)!;
        this.remove(src, node.off, node.end);
        this.addLink(to, l.target, node);
        continue;
      }
      const c = this.read(src);
      const op = name === 'install' ? 'cp' : name;
      this.ctrlNote(to, node.off);
      if (!c) {
        this.writeUnknown(to, `\`${name} ${argv[k]}\` copies a file the script did not write and whose content is not known`, op, node.off, node.end);
      } else {
        const wasStock = !this.files.get(this.follow(src))?.exists && !!this.stock[this.follow(src)];
        const content = cloneContent(c.content);
        const target = this.follow(to);
        const rec = this.record(target);
        if (wasStock) rec.steps.push({ op: 'stock', span: this.span(node.off, node.end) });
        this.setContent(target, content, c.exact && c.known, op, node.off, node.end);
        if (!c.known) this.files.get(target)!.unknownContent = true;
      }
      if (name === 'mv') this.remove(src, node.off, node.end);
    }
  }

  private addLink(path: string, target: string, node: Base): void {
    this.links.set(path, { target, span: this.span(node.off, node.end), stock: false });
    this.linkList.delete(path);
    const resolved = target.startsWith('/') ? normalizeAbsolutePath(target) : normalizeAbsolutePath(absoluteDirname(path) + '/' + target);
    this.linkList.set(path, { path, target, resolved, span: this.span(node.off, node.end) });
    this.dirs.add(absoluteDirname(path));
  }

  private ln(argvP: MPiece[][], node: Base): void {
    const { opts, ops, targetDir } = this.splitOpts(argvP, ['-S', '--suffix']);
    const argv = argvP.map(piecesText);
    const symbolic = opts.some((o) => o === '--symbolic' || (/^-[a-zA-Z]+$/.test(o) && o.includes('s')));
    if (!symbolic) {
      this.diag('shell/cannot-reconstruct', 'info', 'a hard link (ln without -s) is recorded as a copy', this.span(node.off, node.end));
    }
    let srcs = ops;
    let destText: string | undefined = targetDir;
    let destK = -1;
    if (!ops.length) {
      this.diag('shell/syntax', 'warning', 'ln: missing file operand (ln prints an error and does nothing)', this.span(node.off, node.end));
      return;
    }
    if (destText === undefined) {
      if (ops.length === 1) {
        destText = '.';
      } else {
        destK = ops[ops.length - 1];
        destText = argv[destK];
        srcs = ops.slice(0, -1);
      }
    }
    if (destText === '.' && this.cwd === undefined) {
      this.diag('shell/relative-target', 'warning', '`ln` without a destination links into the current directory, which is not known', this.span(node.off, node.end));
      return;
    }
    const dest = this.resolvePath(destText, node.off, node.end, 'ln creates', destK >= 0 ? argvP[destK] : undefined);
    if (!dest) return;
    const noDeref = opts.some((o) => o === '-n' || o === '-T' || o === '--no-dereference' || o === '--no-target-directory' || (/^-[a-zA-Z]+$/.test(o) && (o.includes('n') || o.includes('T'))));
    const destIsDir = destText.endsWith('/') || srcs.length > 1 || (!noDeref && this.isDir(dest) && !this.read(dest));
    for (const k of srcs) {
      const srcText = argv[k];
      if (argvP[k].some((x) => x.mark?.kind === 'unknown')) {
        this.resolvePath(srcText, node.off, node.end, 'ln links to', argvP[k]);
        continue;
      }
      const linkPath = destIsDir ? normalizeAbsolutePath(dest + '/' + lastSegment(srcText)) : dest;
      this.ctrlNote(linkPath, node.off);
      if (!symbolic) {
        const src = this.resolvePath(srcText, node.off, node.end, 'ln links to', argvP[k]);
        const c = src ? this.read(src) : undefined;
        if (c) this.setContent(linkPath, cloneContent(c.content), c.exact && c.known, 'ln', node.off, node.end);
        continue;
      }
      const exists = this.links.has(linkPath) || (this.files.get(linkPath)?.exists ?? false) || (!!this.stock[linkPath] && !this.stockRemoved.has(linkPath));
      const force = opts.some((o) => o === '--force' || (/^-[a-zA-Z]+$/.test(o) && o.includes('f')));
      if (exists && !force) {
        this.diag('shell/ln-exists', 'warning', `ln: ${linkPath} already exists, so \`ln -s\` fails and leaves it unchanged`, this.span(node.off, node.end), 'Use ln -sf to replace an existing link, or rm it first.');
        continue;
      }
      if (exists) this.remove(linkPath, node.off, node.end);
      this.addLink(linkPath, srcText, node);
      if (srcText.startsWith('/') === false && !srcText.startsWith('.')) {
        // relative link targets are resolved against the link's directory, as the kernel does
      }
    }
  }

  private rm(argvP: MPiece[][], node: Base): void {
    const { ops } = this.splitOpts(argvP);
    for (const k of ops) {
      const a = piecesText(argvP[k]);
      if (argvP[k].some((x) => x.mark?.kind === 'unknown')) {
        this.resolvePath(a, node.off, node.end, 'rm removes', argvP[k]);
        continue;
      }
      // a `*`, `?` or `[` in the name is taken as a pattern (quoted glob characters in rm are rare)
      if (hasGlob(a)) {
        const abs = a.startsWith('/') ? a : this.cwd !== undefined ? this.cwd + '/' + a : undefined;
        if (abs === undefined) {
          this.diag('shell/relative-target', 'warning', `\`rm ${a}\`: the directory is not known`, this.span(node.off, node.end));
          continue;
        }
        let re: RegExp;
        try {
          re = globToRegExp(normalizeAbsolutePath(abs));
        } catch {
          continue;
        }
        const cands = new Set<string>([...[...this.files.values()].filter((f) => f.exists).map((f) => f.target), ...this.links.keys(), ...Object.keys(this.stock).filter((p) => !this.stockRemoved.has(p))]);
        for (const c of cands) if (re.test(c)) this.remove(c, node.off, node.end);
        continue;
      }
      const p = this.resolvePath(a, node.off, node.end, 'rm removes', argvP[k]);
      if (!p) continue;
      if (!this.remove(p, node.off, node.end)) {
        // removing a file the script never knew about: recorded all the same
        this.removed.push({ path: p, span: this.span(node.off, node.end) });
      }
      // rm -r of a directory removes what is under it
      for (const f of this.files.values()) if (f.exists && f.target.startsWith(p + '/')) this.remove(f.target, node.off, node.end);
      for (const l of [...this.links.keys()]) if (l.startsWith(p + '/')) this.remove(l, node.off, node.end);
    }
  }

  // ---------- results ----------

  results(): ReconstructedFile[] {
    const out: ReconstructedFile[] = [];
    const recs = [...this.files.values()].filter((f) => f.exists).sort((a, b) => a.order - b.order);
    for (const f of recs) {
      const text = contentText(f.content);
      out.push({
        path: `${this.file}#${f.target}`,
        target: f.target,
        text,
        origin: f.content.lines.map((l) => l.origin),
        steps: f.steps,
        exact: f.exact && !f.unknownContent && !this.inexactTargets.has(f.target),
      });
    }
    return out;
  }
}

interface Base {
  off: number;
  end: number;
}

/**
 * bash brace expansion of a word's unquoted text: `a{b,c}d` -> `abd acd`, `{1..3}` -> `1 2 3`,
 * `file{,.bak}` -> `file file.bak`. Only brace groups inside one unquoted literal part are expanded
 * (what scripts write); a group with no comma or range stays literal, as in bash.
 */
/** The pieces without their first `n` characters (`of=` of a dd operand). */
function dropChars(pieces: MPiece[], n: number): MPiece[] {
  const out: MPiece[] = [];
  for (const x of pieces) {
    if (n >= x.text.length && !x.mark) {
      n -= x.text.length;
      continue;
    }
    out.push(n ? { ...x, text: x.text.slice(n) } : x);
    n = 0;
  }
  return out;
}

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
            const width = num && (/^-?0\d/.test(m[1]) || /^-?0\d/.test(m[2])) ? Math.max(m[1].replace('-', '').length, m[2].replace('-', '').length) : 0;
            for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? step : -step) {
              alts.push(num ? (v < 0 ? '-' + String(-v).padStart(width, '0') : String(v).padStart(width, '0')) : String.fromCharCode(v));
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

/**
 * The value `read [-r] [-d DELIM] VAR` stores from its input: up to the delimiter (`-d ''`: all of
 * it), backslashes processed unless -r, and IFS whitespace trimmed at both ends (none when IFS is empty).
 */
function readValue(data: MPiece[], delim: string, raw: boolean, ifs: string | undefined): MPiece[] {
  if (!raw) {
    // backslash quotes the next character; backslash-newline continues the line
    const all = piecesText(data);
    let v = '';
    for (let i = 0; i < all.length; i++) {
      const c = all[i];
      if (c === '\\' && i + 1 < all.length) {
        if (all[i + 1] !== '\n') v += all[i + 1];
        i++;
        continue;
      }
      if (delim !== '' && c === delim) break;
      v += c;
    }
    return readValue([{ text: v, line: data[0]?.line ?? 0 }], '', true, ifs);
  }
  const out: MPiece[] = [];
  let done = false;
  for (const p of data) {
    if (done) break;
    let t = p.text;
    if (delim !== '') {
      const k = t.indexOf(delim);
      if (k !== -1) {
        t = t.slice(0, k);
        done = true;
      }
    }
    if (t || p.mark) out.push({ ...p, text: t });
  }
  const res = out;
  const ws = ifs === undefined ? ' \t\n' : [...ifs].filter((c) => c === ' ' || c === '\t' || c === '\n').join('');
  if (ws) {
    const cls = new RegExp(`^[${ws.replace(/\n/g, '\\n').replace(/\t/g, '\\t')}]+`);
    const clsEnd = new RegExp(`[${ws.replace(/\n/g, '\\n').replace(/\t/g, '\\t')}]+$`);
    for (let k = 0; k < res.length; k++) {
      const t = res[k].text.replace(cls, '');
      res[k] = { ...res[k], text: t };
      if (t !== '') break;
    }
    for (let k = res.length - 1; k >= 0; k--) {
      const t = res[k].text.replace(clsEnd, '');
      res[k] = { ...res[k], text: t };
      if (t !== '') break;
    }
  }
  return res.filter((x) => x.text !== '' || x.mark);
}

/**
 * Reconstructs every file a provisioning script leaves behind. Never throws.
 *
 * `file` is the script's submission-relative path (used in spans and origins); `text` its text.
 */
export function reconstructScript(file: string, text: string, opts: ReconstructOptions = {}): ShellReconstruction {
  const lc = new LineCounter(text);
  const it = new Interp(file, text, opts, lc);
  const diagnostics: Diagnostic[] = [];
  // each top-level command runs as soon as it is parsed, and is then dropped (bounded memory)
  let internal = false;
  const problems = parseShellStream(text, (item) => {
    try {
      it.run(item.node);
    } catch (e) {
      if (internal) return;
      internal = true;
      diagnostics.push({
        code: 'shell/internal',
        severity: 'error',
        message: `internal error while reconstructing the script: ${e instanceof Error ? e.message : String(e)}`,
        span: lc.span(file, item.node.off, item.node.end),
      });
    }
  });
  pushAll(diagnostics, problemsToDiagnostics(file, lc, problems));
  const crlf = text.indexOf('\r\n');
  if (crlf !== -1) {
    const line = lc.position(crlf).line;
    diagnostics.push({
      code: 'shell/crlf',
      severity: 'warning',
      message: 'this script has Windows (CRLF) line endings: bash reads each \\r as part of the line, so commands fail ($\'\\r\': command not found) and the files it writes get a \\r at the end of their lines; the reconstruction shows what bash would do',
      span: { file, line, column: crlf - lc.lineStart(line) + 1 },
      hint: 'Save the script with Unix (LF) line endings, e.g. `sed -i \'s/\\r$//\' script.sh` or `dos2unix script.sh`.',
    });
  }
  pushAll(diagnostics, it.diags);
  diagnostics.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return {
    script: file,
    files: it.results(),
    unexpanded: it.unexpanded,
    links: [...it.linkList.values()],
    removed: it.removed,
    packages: it.packages,
    diagnostics,
  };
}
