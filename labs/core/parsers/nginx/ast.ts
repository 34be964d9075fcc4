import type { Diagnostic, Span } from '../../source';

/**
 * Nginx AST: crossplane's shape (directive, line, args, includes, block) plus spans.
 * `toCrossplane()` (crossplane.ts) turns it into crossplane's exact JSON payload.
 */
export interface NginxArg {
  /** The value after quote removal and escape handling, as crossplane returns it. */
  value: string;
  quoted: boolean;
  span: Span;
}

export interface NginxDirective {
  directive: string;
  /** Argument values (crossplane's `args`). */
  args: string[];
  argv: NginxArg[];
  /** The directive name's span; `span.line` is crossplane's `line`. */
  span: Span;
  /** Span from the name to the terminating `;` or closing `}`. */
  fullSpan: Span;
  /** For `include`: indexes into `NginxParse.configs` of the files it pulled in. */
  includes?: number[];
  block?: NginxDirective[];
  /** For `#` comments when comments are kept (crossplane `directive: "#"`). */
  comment?: string;
  /**
   * crossplane's `line` when it differs from `span.line`: a comment between a directive's
   * arguments is reported on the directive's line.
   */
  line?: number;
  /** A comment read between a directive's arguments (crossplane lists it after the directive, always). */
  betweenArgs?: boolean;
  /**
   * The statement failed crossplane's analysis (unknown in strict mode, not allowed here, wrong
   * arguments, missing ";"): crossplane leaves it out of its payload; the diagnostics say why.
   */
  invalid?: boolean;
}

export interface NginxConfigFile {
  /** Submission-relative path. */
  file: string;
  status: 'ok' | 'failed';
  /** Error-severity diagnostics of this file. */
  errors: Diagnostic[];
  parsed: NginxDirective[];
  /** crossplane's per-config `errors`, exactly as crossplane words them (`status` follows them). */
  crossplaneErrors?: Array<{ error: string; line: number | null }>;
  /**
   * crossplane stopped reading this file at a syntax error: its payload then has `parsed: []`.
   * `parsed` here keeps what was read before the error.
   */
  aborted?: boolean;
}

export interface NginxParse {
  /** The entry file first, then included files in the order crossplane lists them. */
  configs: NginxConfigFile[];
  /** Every diagnostic of every file (errors, and warnings such as unknown-but-tolerated). */
  diagnostics: Diagnostic[];
}
