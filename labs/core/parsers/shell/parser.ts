/**
 * A parser for the bash subset of provisioning scripts: lists (`;`, `&`, newlines), `&&`/`||`,
 * pipelines, simple commands with assignments and redirections, and the compound commands
 * (`if`, `for`, `while`/`until`, `case`, `{ }`, `( )`, functions, `[[ ]]`, `(( ))`) so that a
 * script using them parses without losing the commands inside. Never throws: problems are values.
 */
import { LineCounter, type Diagnostic, type Span } from '../../source';
import { Lexer, type HereDoc, type LexProblem, type Token, type Word } from './lexer';

export interface Redir {
  op: string;
  fd?: number;
  target?: Word;
  heredoc?: HereDoc;
  off: number;
  end: number;
}

export interface Assign {
  name: string;
  append: boolean;
  /** The value word (may have no parts: `X=`). Undefined for an array assignment `X=(...)`. */
  value?: Word;
  off: number;
  end: number;
}

interface Base {
  off: number;
  end: number;
}

export type ShellNode =
  | (Base & { type: 'simple'; assigns: Assign[]; words: Word[]; redirs: Redir[] })
  | (Base & { type: 'pipeline'; cmds: ShellNode[]; negated: boolean })
  | (Base & { type: 'andor'; first: ShellNode; rest: Array<{ op: '&&' | '||'; node: ShellNode }> })
  | (Base & { type: 'list'; items: Array<{ node: ShellNode; async: boolean }> })
  | (Base & { type: 'group'; subshell: boolean; body: ShellNode; redirs: Redir[] })
  | (Base & { type: 'if'; clauses: Array<{ cond: ShellNode; body: ShellNode }>; elseBody?: ShellNode; redirs: Redir[] })
  | (Base & { type: 'for'; name: string; words?: Word[]; body: ShellNode; redirs: Redir[] })
  | (Base & { type: 'while'; until: boolean; cond: ShellNode; body: ShellNode; redirs: Redir[] })
  | (Base & { type: 'case'; word?: Word; items: Array<{ patterns: Word[]; body: ShellNode }>; redirs: Redir[] })
  | (Base & { type: 'function'; name: string; body: ShellNode })
  /** `[[ ... ]]` and `(( ... ))`: tests, kept as raw text. */
  | (Base & { type: 'test'; raw: string });

export interface ShellScript {
  file: string;
  body: ShellNode;
}

const MAX_DEPTH = 100;

function keywordOf(t: Token): string | undefined {
  if (t.t !== 'word') return undefined;
  const p = t.word.parts;
  if (p.length === 1 && p[0].k === 'lit') return p[0].text;
  return undefined;
}

/** `out.push(...xs)` without the call-argument limit (a million items would overflow the stack). */
function pushAll<T>(out: T[], xs: readonly T[]): void {
  for (let i = 0; i < xs.length; i++) out.push(xs[i]);
}

const LIST_END = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);

class Parser {
  /** Lookahead buffer: tokens are pulled from the lexer as the parser needs them (none are kept after use). */
  private buf: Token[] = [];
  private prev: Token | undefined;
  private depth = 0;
  readonly problems: LexProblem[] = [];
  private aborted = false;

  constructor(
    private readonly lx: Lexer,
    private readonly text: string,
  ) {
    this.buf.push(lx.next());
  }

  private get cur(): Token {
    return this.buf[0];
  }
  private peek(k = 1): Token {
    while (this.buf.length <= k && this.buf[this.buf.length - 1].t !== 'eof') this.buf.push(this.lx.next());
    return this.buf[Math.min(k, this.buf.length - 1)];
  }
  private advance(): Token {
    const t = this.buf[0];
    if (t.t !== 'eof') {
      this.buf.shift();
      if (!this.buf.length) this.buf.push(this.lx.next());
    }
    this.prev = t;
    return t;
  }
  private problem(message: string, off: number, end: number, hint?: string): void {
    if (this.problems.length < 200)
      this.problems.push({ code: 'shell/syntax', severity: 'error', message, off, end, hint });
  }
  private skipNl(): void {
    while (this.cur.t === 'nl') this.advance();
  }
  private isOp(v: string, t: Token = this.cur): boolean {
    return t.t === 'op' && t.v === v;
  }
  private tokText(t: Token): string {
    if (t.t === 'eof') return 'end of file';
    if (t.t === 'nl') return 'newline';
    return this.text.slice(t.off, t.end);
  }

  parseScript(onItem?: (item: { node: ShellNode; async: boolean }) => void): ShellNode {
    const items: Array<{ node: ShellNode; async: boolean }> = [];
    const off = this.cur.off;
    for (;;) {
      const l = this.parseList(onItem);
      if (l.type === 'list') pushAll(items, l.items);
      if (this.cur.t === 'eof' || this.aborted) break;
      const t = this.advance();
      this.problem(`syntax error near unexpected token \`${this.tokText(t)}\``, t.off, t.end);
      // one report for a run of the same token (e.g. a million `;;`)
      while (t.t === 'op' && this.cur.t === 'op' && (this.cur.v === t.v || this.cur.v === ';')) this.advance();
    }
    return { type: 'list', items, off, end: this.text.length };
  }

  /** A list of and-or items, until a list terminator (keyword, `)`, `;;`, eof). */
  private parseList(onItem?: (item: { node: ShellNode; async: boolean }) => void): ShellNode {
    const items: Array<{ node: ShellNode; async: boolean }> = [];
    const off = this.cur.off;
    for (;;) {
      this.skipNl();
      const t = this.cur;
      if (t.t === 'eof' || this.aborted) break;
      const kw = keywordOf(t);
      if (kw !== undefined && LIST_END.has(kw)) break;
      if (t.t === 'op' && (t.v === ')' || t.v === ';;' || t.v === ';&' || t.v === ';;&')) break;
      if (t.t === 'op' && (t.v === ';' || t.v === '&' || t.v === '|' || t.v === '&&' || t.v === '||' || t.v === '|&')) {
        this.problem(`syntax error near unexpected token \`${t.v}\``, t.off, t.end);
        this.advance();
        // skip a run of the same separators (e.g. a million `;`) with one report
        while (this.cur.t === 'op' && this.cur.v === t.v) this.advance();
        continue;
      }
      const node = this.parseAndOr();
      let async = false;
      if (this.isOp('&')) {
        async = true;
        this.advance();
      } else if (this.isOp(';')) this.advance();
      if (onItem) onItem({ node, async });
      else items.push({ node, async });
      if (!(this.cur.t === 'nl' || this.cur.t === 'eof' || async || this.prev?.t === 'op')) {
        // a command ended on something that is not a separator (e.g. a stray `)`); let the caller decide
        const c = this.cur;
        if (
          !(c.t === 'op' && (c.v === ')' || c.v === ';;' || c.v === ';&' || c.v === ';;&')) &&
          !(keywordOf(c) !== undefined && LIST_END.has(keywordOf(c)!))
        ) {
          if (c.t === 'word' || c.t === 'redir' || c.t === 'op') continue;
        }
      }
    }
    return { type: 'list', items, off, end: this.prevEnd() };
  }

  private parseAndOr(): ShellNode {
    const first = this.parsePipeline();
    const rest: Array<{ op: '&&' | '||'; node: ShellNode }> = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.advance() as { v: string }).v as '&&' | '||';
      this.skipNl();
      if (this.cur.t === 'eof') {
        this.problem(`syntax error: unexpected end of file after \`${op}\``, this.cur.off, this.cur.end);
        break;
      }
      rest.push({ op, node: this.parsePipeline() });
    }
    if (!rest.length) return first;
    return { type: 'andor', first, rest, off: first.off, end: rest[rest.length - 1].node.end };
  }

  private parsePipeline(): ShellNode {
    let negated = false;
    const off = this.cur.off;
    if (keywordOf(this.cur) === '!') {
      negated = true;
      this.advance();
    }
    const cmds = [this.parseCommand()];
    while (this.isOp('|') || this.isOp('|&')) {
      this.advance();
      this.skipNl();
      cmds.push(this.parseCommand());
    }
    if (cmds.length === 1 && !negated) return cmds[0];
    return { type: 'pipeline', cmds, negated, off, end: cmds[cmds.length - 1].end };
  }

  private expectKeyword(kw: string, opener: string, openerOff: number): void {
    if (this.aborted) return;
    this.skipNl();
    if (keywordOf(this.cur) === kw) {
      this.advance();
      return;
    }
    const t = this.cur;
    this.problem(
      t.t === 'eof'
        ? `syntax error: unexpected end of file: \`${opener}\` at offset has no matching \`${kw}\``
        : `syntax error near unexpected token \`${this.tokText(t)}\` (expected \`${kw}\`)`,
      t.t === 'eof' ? openerOff : t.off,
      t.t === 'eof' ? openerOff + opener.length : t.end,
    );
  }

  private parseRedirs(): Redir[] {
    const out: Redir[] = [];
    while (this.cur.t === 'redir') out.push(this.parseRedir());
    return out;
  }

  private parseRedir(): Redir {
    const t = this.advance() as Extract<Token, { t: 'redir' }>;
    const r: Redir = { op: t.op, fd: t.fd, off: t.off, end: t.end };
    if (t.heredoc) {
      r.heredoc = t.heredoc;
      return r;
    }
    if (t.op === '<<' || t.op === '<<-') return r; // delimiter missing, already reported
    if (this.cur.t === 'word') {
      const w = this.advance() as Extract<Token, { t: 'word' }>;
      r.target = w.word;
      r.end = w.end;
    } else {
      this.problem(
        `syntax error near unexpected token \`${this.tokText(this.cur)}\` (the redirection ${t.op} needs a file name)`,
        this.cur.off,
        this.cur.end,
      );
    }
    return r;
  }

  private enter(off: number): boolean {
    if (++this.depth > MAX_DEPTH) {
      this.problem(
        `commands nested more than ${MAX_DEPTH} levels deep; the rest of the script is not read`,
        off,
        off + 1,
      );
      this.aborted = true;
      // jump to eof
      this.lx.pos = this.text.length;
      this.buf = [{ t: 'eof', off: this.text.length, end: this.text.length }];
      return false;
    }
    return true;
  }

  private parseCommand(): ShellNode {
    const t = this.cur;
    const off = t.off;
    const kw = keywordOf(t);
    if (t.t === 'op' && t.v === '(') {
      if (!this.enter(off)) return { type: 'list', items: [], off, end: off };
      // `((` arithmetic command
      const n = this.peek();
      if (n.t === 'op' && n.v === '(' && n.off === t.end) {
        const r = this.skipArith();
        this.depth--;
        return r;
      }
      this.advance();
      const body = this.parseList();
      if (this.isOp(')')) this.advance();
      else if (!this.aborted) this.problem(`syntax error: \`(\` has no matching \`)\``, off, off + 1);
      const redirs = this.parseRedirs();
      this.depth--;
      return { type: 'group', subshell: true, body, redirs, off, end: this.prevEnd() };
    }
    if (kw !== undefined) {
      switch (kw) {
        case '{': {
          if (!this.enter(off)) return { type: 'list', items: [], off, end: off };
          this.advance();
          const body = this.parseList();
          this.expectKeyword('}', '{', off);
          const redirs = this.parseRedirs();
          this.depth--;
          return { type: 'group', subshell: false, body, redirs, off, end: this.prevEnd() };
        }
        case 'if': {
          if (!this.enter(off)) return { type: 'list', items: [], off, end: off };
          this.advance();
          const clauses: Array<{ cond: ShellNode; body: ShellNode }> = [];
          let elseBody: ShellNode | undefined;
          for (;;) {
            const cond = this.parseList();
            this.expectKeyword('then', 'if', off);
            const body = this.parseList();
            clauses.push({ cond, body });
            this.skipNl();
            const k = keywordOf(this.cur);
            if (k === 'elif') {
              this.advance();
              continue;
            }
            if (k === 'else') {
              this.advance();
              elseBody = this.parseList();
            }
            break;
          }
          this.expectKeyword('fi', 'if', off);
          const redirs = this.parseRedirs();
          this.depth--;
          return { type: 'if', clauses, elseBody, redirs, off, end: this.prevEnd() };
        }
        case 'while':
        case 'until': {
          if (!this.enter(off)) return { type: 'list', items: [], off, end: off };
          this.advance();
          const cond = this.parseList();
          this.expectKeyword('do', kw, off);
          const body = this.parseList();
          this.expectKeyword('done', kw, off);
          const redirs = this.parseRedirs();
          this.depth--;
          return { type: 'while', until: kw === 'until', cond, body, redirs, off, end: this.prevEnd() };
        }
        case 'for':
        case 'select': {
          if (!this.enter(off)) return { type: 'list', items: [], off, end: off };
          this.advance();
          let name = '';
          let words: Word[] | undefined;
          if (this.isOp('(')) {
            // for (( ... )) arithmetic loop
            this.skipArith();
          } else if (this.cur.t === 'word') {
            name = this.tokText(this.advance());
            this.skipNl();
            if (keywordOf(this.cur) === 'in') {
              this.advance();
              words = [];
              while (this.cur.t === 'word') words.push((this.advance() as Extract<Token, { t: 'word' }>).word);
            }
          }
          if (this.isOp(';')) this.advance();
          this.expectKeyword('do', kw, off);
          const body = this.parseList();
          this.expectKeyword('done', kw, off);
          const redirs = this.parseRedirs();
          this.depth--;
          return { type: 'for', name, words, body, redirs, off, end: this.prevEnd() };
        }
        case 'case': {
          if (!this.enter(off)) return { type: 'list', items: [], off, end: off };
          this.advance();
          const word = this.cur.t === 'word' ? (this.advance() as Extract<Token, { t: 'word' }>).word : undefined;
          this.skipNl();
          if (keywordOf(this.cur) === 'in') this.advance();
          else this.problem('syntax error: `case WORD` must be followed by `in`', this.cur.off, this.cur.end);
          const items: Array<{ patterns: Word[]; body: ShellNode }> = [];
          for (;;) {
            this.skipNl();
            if (keywordOf(this.cur) === 'esac' || this.cur.t === 'eof') break;
            if (this.isOp('(')) this.advance();
            const patterns: Word[] = [];
            while (this.cur.t === 'word' || this.isOp('|')) {
              const x = this.advance();
              if (x.t === 'word') patterns.push(x.word);
            }
            if (this.isOp(')')) this.advance();
            else {
              this.problem(
                `syntax error near unexpected token \`${this.tokText(this.cur)}\` in a case pattern`,
                this.cur.off,
                this.cur.end,
              );
              this.advance();
              continue;
            }
            const body = this.parseList();
            items.push({ patterns, body });
            if (this.isOp(';;') || this.isOp(';&') || this.isOp(';;&')) this.advance();
            else break;
          }
          this.expectKeyword('esac', 'case', off);
          const redirs = this.parseRedirs();
          this.depth--;
          return { type: 'case', word, items, redirs, off, end: this.prevEnd() };
        }
        case 'function': {
          this.advance();
          const name = this.cur.t === 'word' ? this.tokText(this.advance()) : '';
          if (this.isOp('(') && this.isOp(')', this.peek())) {
            this.advance();
            this.advance();
          }
          this.skipNl();
          if (!this.enter(off)) return { type: 'list', items: [], off, end: off };
          const body = this.parseCommand();
          this.depth--;
          return { type: 'function', name, body, off, end: this.prevEnd() };
        }
        case '[[': {
          this.advance();
          while (this.cur.t !== 'eof' && keywordOf(this.cur) !== ']]' && this.cur.t !== 'nl') this.advance();
          if (keywordOf(this.cur) === ']]') this.advance();
          else this.problem('syntax error: `[[` has no matching `]]`', off, off + 2);
          this.parseRedirs();
          return { type: 'test', raw: this.text.slice(off, this.prevEnd()), off, end: this.prevEnd() };
        }
      }
    }
    // function definition: name ( )
    if (t.t === 'word' && !asAssignment(t.word) && this.isOp('(', this.peek()) && this.isOp(')', this.peek(2))) {
      const name = this.tokText(t);
      this.advance();
      this.advance();
      this.advance();
      this.skipNl();
      if (!this.enter(off)) return { type: 'list', items: [], off, end: off };
      const body = this.parseCommand();
      this.depth--;
      return { type: 'function', name, body, off, end: this.prevEnd() };
    }
    return this.parseSimple();
  }

  private prevEnd(): number {
    return this.prev ? this.prev.end : 0;
  }

  private skipArith(): ShellNode {
    const off = this.cur.off;
    // consume `((` ... `))`
    let depth = 0;
    while (this.cur.t !== 'eof') {
      const t = this.advance();
      if (t.t === 'op' && t.v === '(') depth++;
      else if (t.t === 'op' && t.v === ')') {
        depth--;
        if (depth <= 0) break;
      }
    }
    return { type: 'test', raw: this.text.slice(off, this.prevEnd()), off, end: this.prevEnd() };
  }

  private parseSimple(): ShellNode {
    const off = this.cur.off;
    const assigns: Assign[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      const t = this.cur;
      if (t.t === 'redir') {
        redirs.push(this.parseRedir());
        continue;
      }
      if (t.t !== 'word') break;
      if (words.length === 0) {
        const a = asAssignment(t.word);
        if (a) {
          this.advance();
          // NAME=( ... ) array
          if (a.value && a.value.parts.length === 0 && this.isOp('(') && this.cur.off === t.end) {
            this.advance();
            while (this.cur.t !== 'eof' && !this.isOp(')')) this.advance();
            if (this.isOp(')')) this.advance();
            assigns.push({ name: a.name, append: a.append, off: t.off, end: this.prevEnd() });
          } else assigns.push(a);
          continue;
        }
      }
      this.advance();
      words.push(t.word);
      if (words.length === 1 && LIST_END.has(keywordOf(t) ?? '')) {
        // a keyword where a command was expected (e.g. a stray `fi`): report it once
      }
    }
    if (!assigns.length && !words.length && !redirs.length) {
      const t = this.cur;
      this.problem(`syntax error near unexpected token \`${this.tokText(t)}\``, t.off, t.end);
      if (t.t !== 'eof') this.advance();
      return { type: 'simple', assigns, words, redirs, off, end: t.end };
    }
    return { type: 'simple', assigns, words, redirs, off, end: this.prevEnd() };
  }
}

/** `NAME=value` / `NAME+=value` at the start of a word, or undefined. */
export function asAssignment(w: Word): Assign | undefined {
  const p0 = w.parts[0];
  if (!p0 || p0.k !== 'lit' || !p0.text.includes('=')) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/.exec(p0.text);
  if (!m) return undefined;
  const cut = m[0].length;
  const restText = p0.text.slice(cut);
  const parts = restText ? [{ ...p0, text: restText, off: p0.off + cut }, ...w.parts.slice(1)] : w.parts.slice(1);
  return {
    name: m[1],
    append: m[2] === '+',
    value: { parts, off: w.off + cut, end: w.end, raw: w.raw.slice(cut) },
    off: w.off,
    end: w.end,
  };
}

export function problemsToDiagnostics(
  file: string,
  lc: LineCounter,
  problems: LexProblem[],
  lineBase = 0,
): Diagnostic[] {
  return problems.map((p) => {
    const span: Span = lc.span(file, p.off, p.end);
    span.line += lineBase;
    if (span.endLine !== undefined) span.endLine += lineBase;
    const d: Diagnostic = { code: p.code, severity: p.severity, message: p.message, span };
    if (p.hint) d.hint = p.hint;
    return d;
  });
}

/** Parses a script into a tree of commands. Never throws. */
export function parseShell(file: string, text: string): { ast: ShellScript; diagnostics: Diagnostic[] } {
  const r = parseShellRaw(text);
  const lc = new LineCounter(text);
  return { ast: { file, body: r.body }, diagnostics: problemsToDiagnostics(file, lc, r.problems) };
}

/**
 * Parses a script and hands each top-level command to `onItem` as soon as it is read (as bash
 * reads and runs a script), keeping none: a script of a million lines costs memory for one line.
 * Returns the problems. Never throws.
 */
export function parseShellStream(
  text: string,
  onItem: (item: { node: ShellNode; async: boolean }) => void,
): LexProblem[] {
  let lx: Lexer | undefined;
  let p: Parser | undefined;
  try {
    lx = new Lexer(text);
    p = new Parser(lx, text);
    p.parseScript(onItem);
    return [...lx.problems, ...p.problems].sort((a, b) => a.off - b.off);
  } catch (e) {
    return [
      ...(lx?.problems ?? []),
      ...(p?.problems ?? []),
      {
        code: 'shell/internal',
        severity: 'error' as const,
        message: `internal parser error: ${e instanceof Error ? e.message : String(e)}`,
        off: 0,
        end: 0,
      },
    ].sort((a, b) => a.off - b.off);
  }
}

/** Parse without diagnostics conversion (offsets only). */
export function parseShellRaw(text: string): { body: ShellNode; problems: LexProblem[] } {
  try {
    const lx = new Lexer(text);
    const p = new Parser(lx, text);
    const body = p.parseScript();
    return { body, problems: [...lx.problems, ...p.problems].sort((a, b) => a.off - b.off) };
  } catch (e) {
    // defensive: the parser is written not to throw; if it ever does, the script is reported, not crashed on
    return {
      body: { type: 'list', items: [], off: 0, end: text.length },
      problems: [
        {
          code: 'shell/internal',
          severity: 'error',
          message: `internal parser error: ${e instanceof Error ? e.message : String(e)}`,
          off: 0,
          end: 0,
        },
      ],
    };
  }
}
