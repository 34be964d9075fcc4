/**
 * crossplane's JSON payload from an NginxParse (what `crossplane parse` prints).
 */
import type { NginxConfigFile, NginxDirective, NginxParse } from './ast';
import { ARGS_EMPTY, ARGS_OPEN, JsonBytes, stmtPrefix, utf8 } from './jsonout';
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
        if (comments || d.betweenArgs)
          dst.push({ directive: '#', line: d.line ?? lineOf(d), args: [], comment: d.comment });
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
 * Compact (no indent): written as UTF-8 bytes straight from the AST (no payload objects: a
 * million statements would otherwise mean a million more objects for the garbage collector), then
 * decoded once; with an indent, through JSON.stringify.
 */
export function toCrossplaneJSON(p: NginxParse, opts: { comments?: boolean; indent?: number } = {}): string {
  if (opts.indent) return JSON.stringify(toCrossplane(p, { comments: opts.comments }), null, opts.indent);
  return new TextDecoder().decode(toCrossplaneBytes(p, opts));
}

/** `toCrossplaneJSON(p, opts)` (compact) as UTF-8 bytes. */
export function toCrossplaneBytes(p: NginxParse, opts: { comments?: boolean } = {}): Uint8Array {
  const comments = opts.comments ?? true;
  const errors: CrossplanePayload['errors'] = [];
  for (const c of p.configs)
    for (const e of c.crossplaneErrors ?? []) errors.push({ file: c.file, error: e.error, line: e.line });
  const out = new JsonBytes(1 << 20);
  out.copy(utf8(`{"status":"${errors.length ? 'failed' : 'ok'}","errors":${JSON.stringify(errors)},"config":[`));
  for (let ci = 0; ci < p.configs.length; ci++) {
    const c = p.configs[ci];
    const errs = (c.crossplaneErrors ?? []).map((e) => ({ error: e.error, line: e.line }));
    out.copy(
      utf8(
        `${ci ? ',' : ''}{"file":${JSON.stringify(c.file)},"status":"${errs.length ? 'failed' : 'ok'}","errors":${JSON.stringify(errs)},"parsed":[`,
      ),
    );
    if (!c.aborted) writeList(out, c.parsed, comments);
    out.byte(93);
    out.byte(125);
  }
  out.byte(93);
  out.byte(125);
  return out.bytes();
}

/**
 * One statement of the payload (a directive or a comment) without its block and closing "}":
 * `{"directive":...,"line":...,"args":[...]` and its `includes` or `comment`. `text`: the file's
 * text, for a Stmt's plain arguments whose value was not sliced (positions in `argPos`).
 */
export function writeStatement(out: JsonBytes, d: NginxDirective, line: number, text?: string): void {
  out.copy(stmtPrefix(d.directive));
  out.int(line);
  const args = d.args;
  if (args.length === 0) out.copy(ARGS_EMPTY);
  else {
    out.copy(ARGS_OPEN);
    const st = text !== undefined ? (d as Stmt) : null;
    const pd = st && st.argPos ? st.argPos.data : null;
    for (let k = 0; k < args.length; k++) {
      if (k) out.byte(44); // ,
      const i = st ? st.argBase + 7 * k : 0;
      if (pd && pd[i + 6] === 2) out.strRange(text!, pd[i], pd[i + 1]);
      else out.str(args[k]);
    }
    out.byte(93); // ]
  }
  if (d.includes) {
    out.raw(',"includes":[');
    for (let k = 0; k < d.includes.length; k++) {
      if (k) out.byte(44);
      out.int(d.includes[k]);
    }
    out.byte(93);
  }
  if (d.comment !== undefined && d.directive === '#') {
    out.raw(',"comment":');
    out.str(d.comment);
  }
}

/** The statements of a list and their blocks, as `convert` would build them, without recursion. */
function writeList(out: JsonBytes, list: NginxDirective[], comments: boolean): void {
  const lists: NginxDirective[][] = [list];
  const index: number[] = [0];
  const counts: number[] = [0];
  while (lists.length) {
    const top = lists.length - 1;
    const src = lists[top];
    const i = index[top];
    if (i >= src.length) {
      lists.pop();
      index.pop();
      counts.pop();
      if (lists.length) {
        out.byte(93);
        out.byte(125);
      }
      continue;
    }
    index[top] = i + 1;
    const d = src[i];
    if (d.invalid) continue;
    if (d.comment !== undefined && d.directive === '#') {
      if (comments || d.betweenArgs) {
        if (counts[top]++) out.byte(44);
        writeStatement(out, d, d.line ?? lineOf(d));
        out.byte(125);
      }
      continue;
    }
    if (counts[top]++) out.byte(44);
    writeStatement(out, d, lineOf(d));
    if (d.block) {
      out.raw(',"block":[');
      lists.push(d.block);
      index.push(0);
      counts.push(0);
    } else out.byte(125);
  }
}
