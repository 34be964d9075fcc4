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
}

export interface NginxConfigFile {
  /** Submission-relative path. */
  file: string;
  status: 'ok' | 'failed';
  /** Errors in this file (crossplane's per-config `errors`). */
  errors: Diagnostic[];
  parsed: NginxDirective[];
}

export interface NginxParse {
  /** The entry file first, then included files in the order crossplane lists them. */
  configs: NginxConfigFile[];
  /** Every diagnostic of every file (errors, and warnings such as unknown-but-tolerated). */
  diagnostics: Diagnostic[];
}
