/**
 * crossplane's JSON payload from an NginxParse (what `crossplane parse` prints).
 */
import type { NginxConfigFile, NginxDirective, NginxParse } from './ast';
import { Stmt } from './nodes';

export interface CrossplaneStatement {
  directive: string;
  line: number;
  args: string[];
  includes?: number[];
  block?: CrossplaneStatement[];
  comment?: string;
}

export interface CrossplaneConfig {
  file: string;
  status: 'ok' | 'failed';
  errors: Array<{ error: string; line: number | null }>;
  parsed: CrossplaneStatement[];
}

export interface CrossplanePayload {
  status: 'ok' | 'failed';
  errors: Array<{ file: string; error: string; line: number | null }>;
  config: CrossplaneConfig[];
}

/**
 * The payload shares `args` and `includes` arrays with the AST (no copies): treat it as read-only.
 * Converts a block without recursion (deep nesting cannot overflow the stack). Keys are created in
 * crossplane's order: directive, line, args, includes, block / comment.
 */
function convert(list: NginxDirective[], comments: boolean): CrossplaneStatement[] {
  const root: CrossplaneStatement[] = [];
  const work: Array<[NginxDirective[], CrossplaneStatement[]]> = [[list, root]];
  while (work.length) {
    const [src, dst] = work.pop()!;
    for (let i = 0; i < src.length; i++) {
      const d = src[i];
      if (d.invalid) continue;
      if (d.comment !== undefined && d.directive === '#') {
        if (comments || d.betweenArgs) dst.push({ directive: '#', line: d.line ?? lineOf(d), args: [], comment: d.comment });
        continue;
      }
      const s: CrossplaneStatement = { directive: d.directive, line: lineOf(d), args: d.args };
      if (d.includes) s.includes = d.includes;
      if (d.block) {
        s.block = [];
        work.push([d.block, s.block]);
      }
      dst.push(s);
    }
  }
  return root;
}

/** The statement's line without building a span object when the node is one of ours. */
function lineOf(d: NginxDirective): number {
  return d instanceof Stmt ? d.startLine : d.span.line;
}

function configOf(c: NginxConfigFile, comments: boolean): CrossplaneConfig {
  const errors = (c.crossplaneErrors ?? []).map((e) => ({ error: e.error, line: e.line }));
  return {
    file: c.file,
    status: errors.length ? 'failed' : 'ok',
    errors,
    parsed: c.aborted ? [] : convert(c.parsed, comments),
  };
}

/**
 * crossplane's payload. `comments` defaults to true: comment statements are only in the AST when
 * the parse kept them (`parseNginx(..., { comments: true })`); pass false to drop them here.
 * Comments between a directive's arguments are always listed, as crossplane does.
 */
export function toCrossplane(p: NginxParse, opts: { comments?: boolean } = {}): CrossplanePayload {
  const comments = opts.comments ?? true;
  const config = p.configs.map((c) => configOf(c, comments));
  const errors: CrossplanePayload['errors'] = [];
  for (const c of config) for (const e of c.errors) errors.push({ file: c.file, error: e.error, line: e.line });
  return { status: errors.length ? 'failed' : 'ok', errors, config };
}

/**
 * crossplane's payload as JSON text: `JSON.stringify(toCrossplane(p, opts), null, indent)`.
 * (A hand-written string writer was measured 3-4x slower than V8's JSON.stringify over the
 * payload objects, so this is the fast path.)
 */
export function toCrossplaneJSON(p: NginxParse, opts: { comments?: boolean; indent?: number } = {}): string {
  return JSON.stringify(toCrossplane(p, { comments: opts.comments }), null, opts.indent);
}
