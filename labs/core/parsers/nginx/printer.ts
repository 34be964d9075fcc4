/**
 * Prints directives back to nginx syntax (like crossplane's `builder.py`), choosing for each
 * argument a spelling that the lexer reads back as the same value.
 */
import type { NginxDirective } from './ast';
import { isSpaceCode, LUA_BLOCK_DIRECTIVES } from './lexer';

/** Can `v` be written bare (no quotes) and read back unchanged, as a word that is not special? */
function bareOk(v: string): boolean {
  if (v.length === 0) return false;
  const c0 = v.charCodeAt(0);
  if (c0 === 35 /* # */ || c0 === 34 || c0 === 39) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 123 || c === 125 || c === 59 || isSpaceCode(c)) return false;
    if (c === 92 /* \ */) {
      // an escape unit is copied verbatim; a final lone backslash would swallow the separator
      if (i + 1 >= v.length) return false;
      if (v.charCodeAt(i + 1) === 10) return false;
      i++;
    }
  }
  return true;
}

/** Writes `v` inside `q` quotes so the lexer returns `v`, or undefined when impossible. */
function quoteWith(v: string, q: '"' | "'"): string | undefined {
  let out = q;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '\\') {
      if (i + 1 >= v.length) return undefined;
      const d = v[i + 1];
      // "\q" inside q-quotes would read back as q alone
      if (d === q) return undefined;
      out += c + d;
      i++;
    } else if (c === q) out += '\\' + q;
    else if (c === '\r' && v[i + 1] === '\n')
      return undefined; // the lexer turns CRLF into LF inside quotes
    else out += c;
  }
  return out + q;
}

/** The spelling of one argument (or directive name) that lexes back to exactly `v`. */
export function quoteArg(v: string): string {
  if (bareOk(v)) return v;
  return quoteWith(v, '"') ?? quoteWith(v, "'") ?? JSON.stringify(v);
}

function luaBody(d: NginxDirective): string | undefined {
  if (!LUA_BLOCK_DIRECTIVES.has(d.directive) || d.block) return undefined;
  if (d.directive === 'set_by_lua_block' && d.args.length === 2) return `${d.directive} ${d.args[0]} {${d.args[1]}}`;
  if (d.directive !== 'set_by_lua_block' && d.args.length === 1) return `${d.directive} {${d.args[0]}}`;
  return undefined;
}

/**
 * Prints statements (crossplane's builder layout: 4-space indent, one statement per line,
 * `if (...)`, Lua blocks as `name {body}`, comments as `#text`). Statements marked `invalid`
 * are printed too (they are what the file says). No recursion: deep nesting is safe.
 */
export function printNginx(dirs: NginxDirective[], indent = '    '): string {
  const out: string[] = [];
  // work items: a statement at a depth, or a closing brace
  const work: Array<[NginxDirective | null, number]> = [];
  for (let i = dirs.length - 1; i >= 0; i--) work.push([dirs[i], 0]);
  while (work.length) {
    const [d, depth] = work.pop()!;
    const margin = indent.repeat(depth);
    if (d === null) {
      out.push(margin + '}');
      continue;
    }
    if (d.directive === '#' && d.comment !== undefined) {
      out.push(margin + '#' + d.comment.replace(/\n/g, ' '));
      continue;
    }
    const lua = luaBody(d);
    if (lua !== undefined) {
      out.push(margin + lua);
      continue;
    }
    const name = quoteArg(d.directive);
    const args = d.args.map(quoteArg);
    let head: string;
    if (d.directive === 'if') head = `if ( ${args.join(' ')} )`;
    else head = args.length ? `${name} ${args.join(' ')}` : name;
    if (!d.block) {
      out.push(margin + head + ';');
      continue;
    }
    out.push(margin + head + ' {');
    work.push([null, depth]);
    for (let i = d.block.length - 1; i >= 0; i--) work.push([d.block[i], depth + 1]);
  }
  return out.length ? out.join('\n') + '\n' : '';
}
