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
 * `JSON.stringify(toCrossplane(p, opts), null, indent)`, written directly from the AST (no
 * intermediate payload objects): the fast path for printing large configs. Same text, byte for byte.
 * Recursion is bounded by the parser's nesting limit (MAX_NESTING).
 */
export function toCrossplaneJSON(p: NginxParse, opts: { comments?: boolean; indent?: number } = {}): string {
  const comments = opts.comments ?? true;
  const ind = opts.indent ? ' '.repeat(opts.indent) : '';
  const pretty = ind !== '';
  const out: string[] = [];
  const q = JSON.stringify;
  const nl = (depth: number) => (pretty ? '\n' + ind.repeat(depth) : '');
  const colon = pretty ? ': ' : ':';
  const strArray = (a: readonly string[], depth: number): string => {
    if (a.length === 0) return '[]';
    let s = '[';
    for (let i = 0; i < a.length; i++) s += (i ? ',' : '') + nl(depth + 1) + q(a[i]);
    return s + nl(depth) + ']';
  };
  const numArray = (a: readonly number[], depth: number): string => {
    if (a.length === 0) return '[]';
    let s = '[';
    for (let i = 0; i < a.length; i++) s += (i ? ',' : '') + nl(depth + 1) + a[i];
    return s + nl(depth) + ']';
  };
  const block = (list: NginxDirective[], depth: number): void => {
    let first = true;
    out.push('[');
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (d.invalid) continue;
      const isComment = d.comment !== undefined && d.directive === '#';
      if (isComment && !(comments || d.betweenArgs)) continue;
      const o = nl(depth + 1);
      const k = nl(depth + 2);
      out.push((first ? '' : ',') + o + '{' + k + '"directive"' + colon + q(d.directive) + ',' + k + '"line"' + colon + (isComment ? (d.line ?? lineOf(d)) : lineOf(d)));
      first = false;
      if (isComment) {
        out.push(',' + k + '"args"' + colon + '[],' + k + '"comment"' + colon + q(d.comment) + o + '}');
        continue;
      }
      out.push(',' + k + '"args"' + colon + strArray(d.args, depth + 2));
      if (d.includes) out.push(',' + k + '"includes"' + colon + numArray(d.includes, depth + 2));
      if (d.block) {
        out.push(',' + k + '"block"' + colon);
        block(d.block, depth + 2);
      }
      out.push(o + '}');
    }
    out.push(first ? ']' : nl(depth) + ']');
  };
  const errs = (list: Array<{ error: string; line: number | null; file?: string }>, depth: number, withFile: boolean): string => {
    if (list.length === 0) return '[]';
    let s = '[';
    list.forEach((e, i) => {
      const k = nl(depth + 2);
      s += (i ? ',' : '') + nl(depth + 1) + '{' + (withFile ? k + '"file"' + colon + q(e.file) + ',' : '') + k + '"error"' + colon + q(e.error) + ',' + k + '"line"' + colon + (e.line === null ? 'null' : e.line) + nl(depth + 1) + '}';
    });
    return s + nl(depth) + ']';
  };
  const all: Array<{ file: string; error: string; line: number | null }> = [];
  for (const c of p.configs) for (const e of c.crossplaneErrors ?? []) all.push({ file: c.file, error: e.error, line: e.line });
  out.push('{' + nl(1) + '"status"' + colon + (all.length ? '"failed"' : '"ok"') + ',' + nl(1) + '"errors"' + colon + errs(all, 1, true) + ',' + nl(1) + '"config"' + colon);
  if (p.configs.length === 0) out.push('[]');
  else {
    out.push('[');
    p.configs.forEach((c, i) => {
      const e = c.crossplaneErrors ?? [];
      const k = nl(3);
      out.push((i ? ',' : '') + nl(2) + '{' + k + '"file"' + colon + q(c.file) + ',' + k + '"status"' + colon + (e.length ? '"failed"' : '"ok"') + ',' + k + '"errors"' + colon + errs(e, 3, false) + ',' + k + '"parsed"' + colon);
      if (c.aborted) out.push('[]');
      else block(c.parsed, 3);
      out.push(nl(2) + '}');
    });
    out.push(nl(1) + ']');
  }
  out.push(nl(0) + '}');
  return out.join('');
}
