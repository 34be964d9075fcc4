/**
 * Compact AST node classes. Positions are stored as plain numbers and `span` / `fullSpan` are
 * built on access (a getter), which keeps a 6 MB config's AST to a fraction of the objects (and of
 * the garbage collector's work). `toJSON()` writes the spans out, so `JSON.stringify` of the AST
 * shows them. Treat `span`/`fullSpan` as values: they are new objects on every access.
 */
import { type Span, spanAt } from '../../source';
import type { NginxArg, NginxDirective } from './ast';

export class Arg implements NginxArg {
  constructor(
    public value: string,
    public quoted: boolean,
    readonly file: string,
    readonly start: number,
    readonly end: number,
    readonly startLine: number,
    readonly startLineOffset: number,
    readonly endLine: number,
    readonly endLineOffset: number,
  ) {}

  get span(): Span {
    return spanAt(
      this.file,
      this.start,
      this.end,
      this.startLine,
      this.startLineOffset,
      this.endLine,
      this.endLineOffset,
    );
  }

  toJSON(): NginxArg {
    return { value: this.value, quoted: this.quoted, span: this.span };
  }
}

/** Argument positions of one file, 7 ints per argument (see `Stmt.argv`). */
export class PosBuffer {
  data = new Int32Array(1024);
  n = 0;

  /** `plain`: an unquoted argument whose value was not sliced (streaming mode): flag 2. */
  push(
    start: number,
    end: number,
    line: number,
    lineStart: number,
    endLine: number,
    endLineStart: number,
    quoted: boolean,
    plain = false,
  ): void {
    if (this.n + 7 > this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    const d = this.data;
    const i = this.n;
    d[i] = start;
    d[i + 1] = end;
    d[i + 2] = line;
    d[i + 3] = lineStart;
    d[i + 4] = endLine;
    d[i + 5] = endLineStart;
    d[i + 6] = plain ? 2 : quoted ? 1 : 0;
    this.n = i + 7;
  }
}

const NO_ARGV: NginxArg[] = [];
const NO_ARGS: string[] = [];

export class Stmt implements NginxDirective {
  declare includes?: number[];
  declare block?: NginxDirective[];
  declare comment?: string;
  declare line?: number;
  declare betweenArgs?: boolean;
  declare invalid?: boolean;
  /** End of the statement (its ";" or its block's "}"): offset, line, line-start offset. */
  fullEnd: number;
  fullEndLine: number;
  fullEndLineOffset: number;

  /** Where this statement's argument positions start in `argPos` (index of the first int). */
  argBase = 0;
  argPos: PosBuffer | null = null;
  declare private argvCache?: NginxArg[];

  constructor(
    public directive: string,
    public args: string[],
    argv: NginxArg[] | null,
    readonly file: string,
    readonly start: number,
    readonly end: number,
    /** crossplane's `line` for the statement (the line of its name) */
    readonly startLine: number,
    readonly startLineOffset: number,
    readonly endLine: number,
    readonly endLineOffset: number,
  ) {
    this.fullEnd = end;
    this.fullEndLine = endLine;
    this.fullEndLineOffset = endLineOffset;
    if (argv) this.argvCache = argv;
  }

  /**
   * The arguments with their spans, built on first access from the file's position buffer
   * (then kept, so changes to the array persist). `args[i]` is `argv[i].value`.
   */
  get argv(): NginxArg[] {
    if (this.argvCache) return this.argvCache;
    const buf = this.argPos;
    if (!buf || this.args.length === 0) return (this.argvCache = this.args.length ? [] : NO_ARGV.slice());
    const d = buf.data;
    const out: NginxArg[] = new Array(this.args.length);
    for (let k = 0; k < this.args.length; k++) {
      const i = this.argBase + 7 * k;
      out[k] = new Arg(this.args[k], d[i + 6] === 1, this.file, d[i], d[i + 1], d[i + 2], d[i + 3], d[i + 4], d[i + 5]);
    }
    return (this.argvCache = out);
  }

  /**
   * Makes this object a new statement (the streaming writer reuses one object for every statement
   * it does not keep).
   */
  reuse(
    directive: string,
    start: number,
    end: number,
    startLine: number,
    startLineOffset: number,
    endLine: number,
    endLineOffset: number,
  ): this {
    const self = this as { -readonly [K in keyof Stmt]: Stmt[K] };
    self.directive = directive;
    self.args = NO_ARGS;
    self.start = start;
    self.end = end;
    self.startLine = startLine;
    self.startLineOffset = startLineOffset;
    self.endLine = endLine;
    self.endLineOffset = endLineOffset;
    self.fullEnd = end;
    self.fullEndLine = endLine;
    self.fullEndLineOffset = endLineOffset;
    self.argBase = 0;
    this.argvCache = undefined;
    this.includes = undefined;
    this.block = undefined;
    this.invalid = undefined;
    return this;
  }

  set argv(v: NginxArg[]) {
    this.argvCache = v;
  }

  /** The name's span; `span.line` is crossplane's line. */
  get span(): Span {
    return spanAt(
      this.file,
      this.start,
      this.end,
      this.startLine,
      this.startLineOffset,
      this.endLine,
      this.endLineOffset,
    );
  }

  get fullSpan(): Span {
    return spanAt(
      this.file,
      this.start,
      this.fullEnd,
      this.startLine,
      this.startLineOffset,
      this.fullEndLine,
      this.fullEndLineOffset,
    );
  }

  toJSON(): NginxDirective {
    const o: NginxDirective = {
      directive: this.directive,
      args: this.args,
      argv: this.argv,
      span: this.span,
      fullSpan: this.fullSpan,
    };
    if (this.includes) o.includes = this.includes;
    if (this.block) o.block = this.block;
    if (this.comment !== undefined) o.comment = this.comment;
    if (this.line !== undefined) o.line = this.line;
    if (this.betweenArgs) o.betweenArgs = true;
    if (this.invalid) o.invalid = true;
    return o;
  }
}
