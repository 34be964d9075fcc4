/**
 * What every part of the reconstruction shares: the values it passes around (text pieces that may
 * carry a mark, variable values, frames, the environment a command is started with) and the base
 * layer of the interpreter (positions, diagnostics, and the state every layer reads: the text being
 * run, the directory, the control-flow constructs around the command, whether the script stopped).
 *
 * The interpreter is built in layers, one module each: ShellState (here) -> FileTable (files.ts,
 * the virtual file table) -> Expander (expand.ts, word and parameter expansion) -> Interp (walk.ts,
 * the control-flow walk and the command table's dispatch). Commands are functions in ../commands.
 */
import type { Diagnostic, LineCounter, Severity, Span } from '../../../source';
import type { ShellDiagnosticCode } from '../codes';
import type { Piece } from '../content';
import type { StockFile } from '../stock/types';

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
export interface Mark {
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
export class UnsetMark implements Mark {
  readonly kind = 'unset' as const;
  private sp?: Span;
  constructor(
    readonly name: string,
    private readonly raw: string,
    readonly line: number,
    private readonly at: {
      src: { spanIn(frame: Frame, off: number, end: number): Span };
      frame: Frame;
      off: number;
      end: number;
    },
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

export type MPiece = Piece & { mark?: Mark };

export interface Frame {
  text: string;
  lc: LineCounter;
  /** Added to line numbers (for `bash -c '...'` strings). */
  lineBase: number;
  /** True for the top-level script (offsets are real script offsets). */
  top: boolean;
  /** The 0-based line of the last offset looked up (see ShellState.line). */
  lastLine: number;
}

/** The environment a command is started with, as far as it matters to a child shell. */
export interface EnvCtx {
  /** `sudo` without -E, `env -i`, `su -`: the child gets none of the script's exported variables. */
  reset?: boolean;
  /** `VAR=x cmd`, `sudo VAR=x cmd`, `env VAR=x cmd`: variables given to this command only. */
  extra?: Map<string, VarVal>;
  /** `sudo -i`: a login shell (starts in root's home). */
  login?: boolean;
}

/** A child shell's starting state (see Interp.subScript). */
export interface ChildShell {
  vars: Map<string, VarVal>;
  /** How the child was started, for messages ("`sudo` starts `bash -c` with a reset environment"). */
  how: string;
  bash: boolean;
  login: boolean;
  /** A login shell's directory: root's home, unknown for another user. */
  home: string | undefined;
  args: string[];
}

export interface VarVal {
  pieces: MPiece[];
  /** Set when the value is only known at run time. */
  unknown?: string;
}

export const RUNTIME_VARS = new Set([
  'HOME',
  'USER',
  'LOGNAME',
  'PATH',
  'PWD',
  'OLDPWD',
  'HOSTNAME',
  'SHELL',
  'LANG',
  'LC_ALL',
  'TERM',
  'SUDO_USER',
  'SUDO_UID',
  'UID',
  'EUID',
  'GROUPS',
  'RANDOM',
  'SECONDS',
  'LINENO',
  'BASH',
  'BASH_VERSION',
  'BASH_SOURCE',
  'FUNCNAME',
  'HOSTTYPE',
  'OSTYPE',
  'MACHTYPE',
  'PPID',
  'SHLVL',
  'IFS',
  'PS1',
  'PS4',
  'EPOCHSECONDS',
  'EPOCHREALTIME',
  'DEBIAN_FRONTEND',
  'TMPDIR',
  '_',
]);

/** `out.push(...xs)` without the call-argument limit (a million items would overflow the stack). */
export function pushAll<T>(out: T[], xs: readonly T[]): void {
  for (let i = 0; i < xs.length; i++) out.push(xs[i]);
}

export const MAX_CALL_DEPTH = 16;

/** A shebang naming a shell that is not bash (dash, sh, ash): it does not set `$HOSTNAME`. */
export const NON_BASH_SHEBANG = /^#!\s*(\S*\/)?(env\s+(-\S+\s+)*)?(sh|dash|ash|busybox\s+sh|posh)(\s|$)/;

/** A command's position in the text being run (a parsed node). */
export interface Base {
  off: number;
  end: number;
}

export abstract class ShellState {
  readonly diags: Diagnostic[] = [];
  private readonly diagSeen = new Set<string>();
  /** The text being run: the script, or the command string of a child shell. */
  frame: Frame;
  /** The directory the code runs in (unknown: undefined; relative targets are then reported). */
  cwd: string | undefined;
  /** Set by `exit` or `set -u`'s stop: nothing after it runs. */
  stopped = false;
  /** The control-flow constructs around the command being run, innermost last. */
  ctrl: Array<{ what: string; line: number; loop: boolean }> = [];

  constructor(
    readonly file: string,
    text: string,
    lc: LineCounter,
    cwd: string | undefined,
  ) {
    this.frame = { text, lc, lineBase: 0, top: true, lastLine: 0 };
    this.cwd = cwd;
  }

  // ---------- positions and diagnostics ----------

  line(off: number): number {
    const f = this.frame;
    // the walk reads the text in order: most offsets fall on the line of the one before or a few
    // lines on (no search over a million lines)
    const starts = f.lc.lineStarts;
    let k = f.lastLine;
    if (off >= starts[k]) {
      const stop = Math.min(starts.length, k + 8);
      while (k + 1 < stop && starts[k + 1] <= off) k++;
      if (k + 1 === starts.length || off < starts[k + 1]) {
        f.lastLine = k;
        return k + 1 + f.lineBase;
      }
    }
    const line = f.lc.position(off).line;
    f.lastLine = line - 1;
    return line + f.lineBase;
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

  diag(code: ShellDiagnosticCode, severity: Severity, message: string, span: Span, hint?: string): void {
    if (this.diags.length >= 500) return;
    const key = `${code}|${span.line}|${span.column}|${message}`;
    if (this.diagSeen.has(key)) return;
    this.diagSeen.add(key);
    if (this.diags.length >= 500) return;
    const d: Diagnostic = { code, severity, message, span };
    if (hint) d.hint = hint;
    this.diags.push(d);
  }
}
