/**
 * The control-flow walk: lists, pipelines, `&&`/`||`, `if`/`for`/`while`/`case`, functions,
 * subshells and groups, redirections and here-documents, command substitution, and child shells
 * (`bash -c`, `sudo su <<EOF`). Control flow is not executed: a loop body runs once, every `if`
 * branch runs, and each write inside one says so. A simple command is dispatched through the
 * command table (../commands/index.ts), then to the script's functions.
 */
import { LineCounter, type Span } from '../../../source';
import type { ShellSql } from '../ast';
import { globToRegExp, lastSegment, normalizeAbsolutePath } from '../../../vfs';
import type { ShellDiagnosticCode } from '../codes';
import { contentPieces, contentText, piecesText } from '../content';
import { grepArgs, grepLines, grepMatcher, selects } from '../commands/grep';
import type { Word, WordPart } from '../lexer';
import { parseShellRaw, problemsToDiagnostics, type Redir, type ShellNode } from '../parser';
import { HOST_NAME_SYMBOL } from '../symbols';
import { Expander } from './expand';
import {
  MAX_CALL_DEPTH,
  pushAll,
  type Base,
  type ChildShell,
  type EnvCtx,
  type MPiece,
  type ReconstructOptions,
} from './state';

/** What a command prints, and the name its write steps take (`function` for a shell function). */
export interface CommandResult {
  out: MPiece[];
  name: string;
}

/** A command of the table: `it` is the interpreter, `c` the call (see ../commands/index.ts). */
export type CommandHandler = (it: Interp, c: Call) => CommandResult;

/**
 * One call of a command: its name and expanded arguments, its input, where it stands. A class, not
 * an object literal with a getter: a literal's getter is a new closure per command, which gives each
 * object its own hidden class (a million commands cost seconds of garbage collection).
 */
export class Call {
  private s?: Span;
  constructor(
    private readonly it: Interp,
    /** The command's name (without its directory: `/usr/bin/tee` runs `tee`). */
    readonly name: string,
    /** The arguments as expanded pieces, `argvP[0]` the command itself. */
    readonly argvP: MPiece[][],
    /** The arguments as text. */
    readonly argv: string[],
    /** Standard input (a pipe, a here-document, a file), undefined for the terminal. */
    readonly stdin: MPiece[] | undefined,
    readonly node: Base,
    /** How many wrappers (`sudo`, `env`, `nohup`...) deep the call is. */
    readonly depth: number,
    readonly env: EnvCtx,
  ) {}

  /** The span of the command, built when a message needs it. */
  get span(): Span {
    return (this.s ??= this.it.span(this.node.off, this.node.end));
  }

  /** Argument `k` holds nothing only known at run time. */
  known(k: number): boolean {
    return !this.argvP[k].some((x) => x.mark?.kind === 'unknown');
  }

  /** The arguments from `k` on (the command a wrapper runs). */
  rest(k: number): MPiece[][] {
    return this.argvP.slice(k);
  }
}

/** The environment of a command started with nothing added (never changed: wrappers make their own). */
const NO_ENV: EnvCtx = Object.freeze({});

/** A firewall command a script runs: its words, which of them are known before it runs, and where it is. */
export interface FirewallCommand {
  tool: 'ufw' | 'iptables';
  argv: string[];
  known: boolean[];
  /** Something is piped or redirected into it (`echo y | ufw enable`). */
  stdin: boolean;
  span: Span;
}

/**
 * Whether expanding a word has no effects, so that it may be expanded twice (to decide an `if`, then when the
 * condition runs): no `${X:=...}`, no arithmetic, and no command substitution but `$(grep ...)` alone, reading
 * a file or its standard input (no pipe, no other command, no output redirection).
 */
function pureParts(parts: readonly WordPart[], depth = 0): boolean {
  return parts.every((p) => {
    if (p.k === 'dq') return pureParts(p.parts, depth);
    if (p.k === 'var') return !p.op || !p.op.includes('=');
    if (p.k === 'arith') return false;
    if (p.k === 'cmd') return depth === 0 && p.raw.startsWith('$(') && pureGrep(p.text);
    return true;
  });
}

function pureGrep(text: string): boolean {
  if (text.length > 2000) return false;
  const { body, problems } = parseShellRaw(text);
  if (problems.length) return false;
  let node = body;
  while (node.type === 'list' && node.items.length === 1 && !node.items[0]!.async) node = node.items[0]!.node;
  if (node.type === 'pipeline' && node.cmds.length === 1 && !node.negated) node = node.cmds[0]!;
  return (
    node.type === 'simple' &&
    node.assigns.length === 0 &&
    ['grep', 'egrep', 'fgrep'].includes(node.words[0]?.raw ?? '') &&
    node.redirs.every((r) => r.op === '<' || (r.op === '>' && r.fd === 2 && r.target?.raw === '/dev/null')) &&
    node.words.every((w) => pureParts(w.parts, 1)) &&
    node.redirs.every((r) => !r.target || pureParts(r.target.parts, 1))
  );
}

export class Interp extends Expander {
  /** Packages the script installs (`apt-get install`, `yum install`...), in order. */
  readonly packages: Array<{ name: string; span: Span }> = [];
  /** Firewall commands the script runs (`ufw allow 22/tcp`...), in order. */
  readonly firewall: FirewallCommand[] = [];
  /** SQL the script runs through the MySQL/MariaDB client, in order (commands/mysql.ts). */
  readonly sql: ShellSql[] = [];
  functions = new Map<string, ShellNode>();
  /**
   * Standard inputs whose text is exactly what the command reads on a fresh machine: a here-document, a
   * here-string, or `< FILE` of a file known exactly (grep counts its lines; a pipe is not one of them).
   */
  readonly exactInputs = new WeakSet<MPiece[]>();
  callDepth = 0;
  private cmdsubDepth = 0;
  /** The value of an `IFS=...` prefix on the command being run (for `read`). */
  prefixIfs: string | undefined;
  /** The host's name once the script sets it (`hostname NAME`, `hostnamectl set-hostname NAME`). */
  hostName: string | undefined;

  constructor(
    file: string,
    text: string,
    opts: ReconstructOptions,
    lc: LineCounter,
    /** Command name -> handler (../commands/index.ts). */
    private readonly commands: ReadonlyMap<string, CommandHandler>,
  ) {
    super(file, text, opts, lc);
  }

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
            this.ctrl.push({
              what: 'the right side of `||` (it runs only when the command before fails)',
              line: this.line(r.node.off),
              loop: false,
            });
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
          this.diag(
            'shell/internal',
            'error',
            `internal error while reconstructing this command: ${e instanceof Error ? e.message : String(e)}`,
            this.span(node.off, node.end),
          );
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
          // A condition the script's own files decide on a fresh machine (`if ! grep -q X FILE`, `[ -f FILE ]`:
          // an idempotency guard) takes its branch alone; any other reads every branch, as before.
          let taken = false;
          for (let k = 0; k < node.clauses.length; k++) {
            const c = node.clauses[k]!;
            const known = this.decide(c.cond);
            this.ctrl.push({ what: `the condition of an \`if\``, line, loop: false });
            pushAll(out, this.exec(c.cond, input));
            this.ctrl.pop();
            if (known === false) continue;
            this.ctrl.push({ what: k === 0 ? 'an `if` branch' : 'an `elif` branch', line, loop: false });
            pushAll(out, this.exec(c.body, input));
            this.ctrl.pop();
            if (known === true) {
              taken = true;
              break;
            }
          }
          if (node.elseBody && !taken) {
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
              this.vars.set(node.name, {
                pieces: fields[0].map((x) => ({ ...x, mark: undefined })),
                unknown: fields[0].find((x) => x.mark?.kind === 'unknown')?.mark?.reason,
              });
              if (fields.length > 1) {
                this.diag(
                  'shell/unsupported-construct',
                  'info',
                  `the \`for\` loop over ${fields.length} values is not unrolled: its body is read once with ${node.name}=${piecesText(fields[0])}`,
                  this.span(node.off, node.off + 3),
                );
              }
            } else {
              this.vars.set(node.name, {
                pieces: [],
                unknown: `${node.name} is the variable of the \`for\` loop at line ${line}, whose values are not known`,
              });
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
  withRedirs(
    redirs: Redir[],
    stdin: MPiece[] | undefined,
    op: string,
    produce: (stdin: MPiece[] | undefined) => MPiece[],
    opFor?: (stdinFromHeredoc: boolean) => string,
  ): MPiece[] {
    let input = stdin;
    let fromHeredoc = false;
    for (const r of redirs) {
      if (r.heredoc) {
        const hd = r.heredoc;
        input = hd.quoted ? this.expandParts(hd.parts, 'heredoc').map((x) => x) : this.expandParts(hd.parts, 'heredoc');
        this.exactInputs.add(input);
        fromHeredoc = true;
      } else if (r.op === '<<<' && r.target) {
        input = [...this.expandSingle(r.target), { text: '\n', line: this.line(r.target.end) }];
        this.exactInputs.add(input);
        fromHeredoc = false;
      } else if ((r.op === '<' || r.op === '<>') && r.target && (r.fd === undefined || r.fd === 0)) {
        const pieces = this.expandSingle(r.target);
        const p = this.resolvePath(r.target.raw, r.target.off, r.target.end, 'reads', pieces);
        const c = p ? this.read(p) : undefined;
        if (c && c.known) {
          input = contentPieces(c.content);
          if (c.exact) this.exactInputs.add(input);
        } else {
          const line = this.line(r.off);
          const span = this.span(r.off, r.end);
          input = [
            {
              text: '',
              line,
              mark: {
                kind: 'unknown',
                name: r.target.raw,
                reason: `the script reads ${p ?? r.target.raw}, whose content it did not write`,
                line,
                span,
              },
            },
          ];
        }
      }
    }
    const out = produce(input);
    const outs = redirs.filter(
      (r) =>
        r.target &&
        !r.heredoc &&
        (r.op === '>' ||
          r.op === '>>' ||
          r.op === '>|' ||
          r.op === '&>' ||
          r.op === '&>>' ||
          (r.op === '>&' && !/^[0-9-]+$/.test(r.target.raw) && (r.fd === undefined || r.fd === 1))) &&
        (r.fd === undefined || r.fd === 1),
    );
    const dupOut = redirs.some(
      (r) =>
        r.op === '>&' &&
        r.target &&
        /^[0-9]+$/.test(r.target.raw) &&
        (r.fd === undefined || r.fd === 1) &&
        r.target.raw !== '1',
    );
    const errOuts = redirs.filter(
      (r) =>
        r.target && (r.op === '>' || r.op === '>>' || r.op === '>|') && r.fd !== undefined && r.fd !== 1 && r.fd !== 0,
    );
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

  simple(node: Extract<ShellNode, { type: 'simple' }>, stdin: MPiece[] | undefined): MPiece[] {
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
      return this.command(argv, stdin, node, 0, NO_ENV).out;
    }
    const ifsAssign = node.assigns.find((a) => a.name === 'IFS');
    this.prefixIfs = ifsAssign ? piecesText(ifsAssign.value ? this.expandSingle(ifsAssign.value) : []) : undefined;
    let cmdName = '';
    return this.withRedirs(
      node.redirs,
      stdin,
      'redirect',
      (input) => {
        const extra = node.assigns.length
          ? new Map(node.assigns.map((a) => [a.name, this.varOf(a.value)] as const))
          : undefined;
        const r = this.command(argv, input, node, 0, extra ? { extra } : {});
        cmdName = r.name;
        return r.out;
      },
      (fromHeredoc) => (cmdName === 'cat' && fromHeredoc ? 'heredoc' : cmdName || 'redirect'),
    );
  }

  unknownOut(name: string, node: Base, reason?: string): MPiece[] {
    const line = this.line(node.off);
    const span = this.span(node.off, node.end);
    return [
      {
        text: '',
        line,
        mark: {
          kind: 'unknown',
          name,
          reason: reason ?? `the output of \`${name}\` is only known when the script runs`,
          line,
          span,
        },
      },
    ];
  }

  /** Runs a command given its expanded arguments. Returns its output and the name used for write steps. */

  /** Runs a command given its expanded arguments: a command of the table, else a function of the script. */
  command(argvP: MPiece[][], stdin: MPiece[] | undefined, node: Base, depth: number, env: EnvCtx = {}): CommandResult {
    if (!argvP.length) return { out: [], name: '' };
    const argv = argvP.map(piecesText);
    let name = argv[0];
    const base = name.includes('/') ? lastSegment(name) : name;
    if (argvP[0].some((x) => x.mark?.kind === 'unknown')) {
      this.diag(
        'shell/cannot-reconstruct',
        'warning',
        `cannot tell which command runs here: ${argvP[0].find((x) => x.mark)!.mark!.reason}`,
        this.span(node.off, node.end),
      );
      return { out: this.unknownOut(name, node), name: '' };
    }
    name = base;
    if (depth > 20) return { out: [], name };
    const handler = this.commands.get(name);
    if (handler) return handler(this, new Call(this, name, argvP, argv, stdin, node, depth, env));
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

  /** The words of a simple command as written (for re-expanding assignment values). */
  rawWords(node: Base): Word[] {
    return (node as Extract<ShellNode, { type: 'simple' }>).words ?? [];
  }

  /**
   * `$(...)`: when the commands inside only print text the script itself holds (`cat <<EOF`,
   * `echo`, `printf`, `cat` of a file it wrote), their output is known: it is used, with trailing
   * newlines removed as bash does. Runs in a subshell (variables set inside do not leak).
   * Returns undefined when the output is only known at run time.
   */
  commandSubstitution(p: Extract<WordPart, { k: 'cmd' }>, line: number): MPiece[] | undefined {
    // backquotes: their text is already unescaped by the lexer; inside double quotes bash also
    // unescapes \" (not modelled: such a substitution stays unknown)
    if (
      this.cmdsubDepth >= 4 ||
      p.text.length > 200_000 ||
      (!p.raw.startsWith('$(') && !(p.raw.startsWith('`') && !/["\\]/.test(p.raw)))
    )
      return undefined;
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
      if (m?.kind === 'host')
        res[k] = {
          ...res[k],
          mark: {
            ...m,
            name: p.raw,
            reason: `\`${raw}\` is this host's name, only known on the machine; shown as ${HOST_NAME_SYMBOL}`,
            line,
            span: (span ??= this.span(p.off, p.end)),
          },
        };
    }
    return res.filter((x) => x.text !== '' || x.mark);
  }

  subScript(
    text: string,
    line: number,
    stdin: MPiece[] | undefined,
    node: Base,
    quietProblems = false,
    child?: ChildShell,
  ): MPiece[] {
    if (!child) return this.subScriptIn(text, line, stdin, node, quietProblems);
    // a child process: its variables, functions, options and directory do not come back
    const saved = {
      vars: new Map(this.vars),
      exported: this.exported,
      functions: this.functions,
      bash: this.bash,
      nounset: this.nounset,
      positional: this.positional,
      opaque: this.opaque,
      cwd: this.cwd,
      ctrl: this.ctrl,
    };
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

  subScriptIn(text: string, line: number, stdin: MPiece[] | undefined, node: Base, quietProblems = false): MPiece[] {
    if (this.callDepth >= MAX_CALL_DEPTH) {
      const span = this.span(node.off, node.end);
      return [
        {
          text: '',
          line,
          mark: { kind: 'unknown', name: 'depth', reason: 'shells nested too deeply to follow', line, span },
        },
      ];
    }
    const r = parseShellRaw(text);
    const savedFrame = this.frame;
    const lc = new LineCounter(text);
    this.frame = { text, lc, lineBase: line - 1, top: false, lastLine: 0 };
    if (!quietProblems)
      for (const d of problemsToDiagnostics(this.file, lc, r.problems, line - 1)) {
        delete d.span.offset;
        delete d.span.endOffset;
        // the parser's codes (problemsToDiagnostics) are among the listed ones
        this.diag(
          d.code as ShellDiagnosticCode,
          d.severity,
          `${d.message} (in the command string given to a shell)`,
          d.span,
          d.hint,
        );
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

  /**
   * Whether an `if` condition holds on a fresh machine, when the files the script knows exactly decide it:
   * `grep [-qsFEixw] [-e] PATTERN FILE`, `[ -f|-e|-s|-d FILE ]`, `test ...`, each perhaps under `!`, on an
   * absolute path. Undefined otherwise (the caller then reads every branch).
   */
  decide(cond: ShellNode): boolean | undefined {
    let node = cond;
    let negated = false;
    for (;;) {
      if (node.type === 'list' && node.items.length === 1 && !node.items[0]!.async) node = node.items[0]!.node;
      else if (node.type === 'pipeline' && node.cmds.length === 1) {
        negated = negated !== node.negated;
        node = node.cmds[0]!;
      } else break;
    }
    if (node.type !== 'simple' || node.assigns.length || node.redirs.some((r) => !/^[0-9]?>/.test(r.op)))
      return undefined;
    // expanded here and again when the condition runs: only words whose expansion has no effects (a
    // `$(grep ...)` reading a file has none)
    if (!node.words.every((w) => pureParts(w.parts))) return undefined;
    const argv: string[] = [];
    for (const w of node.words)
      for (const f of this.expandWord(w)) {
        if (f.some((p) => p.mark)) return undefined;
        argv.push(piecesText(f));
      }
    if (argv[0] === 'sudo') argv.shift();
    const file = (p: string | undefined) => (p && p.startsWith('/') ? normalizeAbsolutePath(p) : undefined);
    const holds = (v: boolean | undefined) => (v === undefined ? undefined : v !== negated);
    if (argv[0] === 'grep' || argv[0] === 'egrep' || argv[0] === 'fgrep') {
      const g = grepArgs(argv, argv[0]);
      const path = file(g?.files.length === 1 ? argv[g.files[0]!] : undefined);
      if (!g || !path) return undefined;
      // only a file the script or the distribution holds, exactly: an absent one may exist on the machine, or
      // come from a step the reconstruction could not follow
      const cur = this.read(path);
      const re = grepMatcher(g);
      if (!cur || !cur.known || !cur.exact || !re) return undefined;
      // its exit status: whether a line is selected
      return holds(grepLines(contentText(cur.content)).some((l) => selects(re, g, l)));
    }
    const test =
      argv[0] === '['
        ? argv[argv.length - 1] === ']'
          ? argv.slice(1, -1)
          : undefined
        : argv[0] === 'test'
          ? argv.slice(1)
          : undefined;
    if (!test) return undefined;
    let t = test;
    let inner = false;
    if (t[0] === '!') {
      inner = true;
      t = t.slice(1);
    }
    // `[ "$COUNT" -eq 0 ]`, `[ "$(grep -c X < FILE)" -gt 0 ]`, `[ "$A" = "$B" ]`: on values known exactly
    if (t.length === 3 && /^(-eq|-ne|-gt|-ge|-lt|-le|=|==|!=)$/.test(t[1]!)) {
      const [a, op, b] = t as [string, string, string];
      if (op.startsWith('-')) {
        const int = /^\s*[+-]?\d{1,15}\s*$/;
        if (!int.test(a) || !int.test(b)) return undefined; // bash: "integer expression expected"
        const x = Number(a);
        const y = Number(b);
        const v = { '-eq': x === y, '-ne': x !== y, '-gt': x > y, '-ge': x >= y, '-lt': x < y, '-le': x <= y }[op]!;
        return holds(v !== inner);
      }
      return holds((op === '!=' ? a !== b : a === b) !== inner);
    }
    if (t.length !== 2 || !/^-[fesd]$/.test(t[0]!)) return undefined;
    const path = file(t[1]);
    if (!path) return undefined;
    let v: boolean;
    if (t[0] === '-d') {
      if (!this.dirs.has(path)) return undefined;
      v = true;
    } else {
      const cur = this.read(path);
      // a backup copy under /etc (`haproxy.cfg.orig`, `.bak`) is on no fresh machine: no package ships one, and
      // the script has not made it yet (a guard that keeps a pristine copy: `if [ -e X.orig ]; then restore; else
      // cp X X.orig; fi`). Any other file the script does not know may be there.
      if (!cur && /^\/etc\/.+(\.(orig|bak|backup|old|save)|~)$/.test(path)) v = false;
      else if (!cur || (t[0] === '-s' && (!cur.known || !cur.exact))) return undefined;
      else v = t[0] !== '-s' || contentText(cur.content).length > 0;
    }
    return holds(v !== inner);
  }
}
