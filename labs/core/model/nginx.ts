/** Questions checks ask of an Nginx config: its servers, listens, effective headers (with inheritance), locations. */
import type { NginxDirective, NginxParse } from '../parsers/nginx/ast';

/** Directives with `include`s replaced by the included files' directives (depth-guarded). */
export function expand(parse: NginxParse, directives: NginxDirective[], depth = 0): NginxDirective[] {
  const out: NginxDirective[] = [];
  for (const d of directives) {
    if (d.directive === '#') continue;
    // an include that read nothing from the submission (the distribution's file, or a missing one) stays
    // in the list, so that checks can read it (proxy_params) and report it
    if (d.directive === 'include' && d.includes?.length && depth < 16) {
      for (const i of d.includes) {
        const cfg = parse.configs[i];
        if (cfg) out.push(...expand(parse, cfg.parsed, depth + 1));
      }
      continue;
    }
    out.push(d);
  }
  return out;
}

export function children(parse: NginxParse, d: NginxDirective | undefined): NginxDirective[] {
  return d?.block ? expand(parse, d.block) : [];
}

export interface ServerBlock {
  server: NginxDirective;
  /** The enclosing `http` block, when the file has one. */
  http?: NginxDirective;
  body: NginxDirective[];
}

/** Every `server` block, whether the file is a whole nginx.conf (http{server{}}) or a site file (server{}). */
export function serverBlocks(parse: NginxParse): ServerBlock[] {
  const top = parse.configs[0] ? expand(parse, parse.configs[0].parsed) : [];
  const out: ServerBlock[] = [];
  const visit = (ds: NginxDirective[], http?: NginxDirective) => {
    for (const d of ds) {
      if (d.directive === 'server' && d.block && (http || !out.some((s) => s.server === d))) {
        out.push({ server: d, http, body: children(parse, d) });
      } else if (d.directive === 'http' && d.block) visit(children(parse, d), d);
    }
  };
  visit(top);
  return out;
}

export interface Listen {
  directive: NginxDirective;
  address: string;
  port: number;
  defaultServer: boolean;
}

export function parseListen(d: NginxDirective): Listen | undefined {
  const a = d.args[0];
  if (a === undefined || a.startsWith('unix:')) return undefined;
  let address = '*';
  let port = 80;
  const m6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(a);
  if (m6) {
    address = m6[1] === '::' ? '*' : m6[1];
    if (m6[2]) port = Number(m6[2]);
  } else if (/^\d+$/.test(a)) port = Number(a);
  else {
    const i = a.lastIndexOf(':');
    if (i !== -1 && /^\d+$/.test(a.slice(i + 1))) {
      address = a.slice(0, i) || '*';
      port = Number(a.slice(i + 1));
    } else address = a;
  }
  const defaultServer = d.args.slice(1).some((x) => x === 'default_server' || x === 'default');
  return { directive: d, address: address === '0.0.0.0' ? '*' : address, port, defaultServer };
}

/** Listens of a server block; a server without `listen` listens on *:80 (nginx running as root). */
export function listensOf(s: ServerBlock): Listen[] {
  return s.body
    .filter((d) => d.directive === 'listen')
    .map(parseListen)
    .filter((l): l is Listen => l !== undefined);
}

export const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

/** The server that answers requests to a port on an address (explicit `default_server`, else the first). */
export function defaultServer(
  blocks: ServerBlock[],
  port: number,
  address?: string,
): { block: ServerBlock; listen?: Listen; implicit: boolean } | undefined {
  const candidates: Array<{ block: ServerBlock; listen?: Listen }> = [];
  for (const b of blocks) {
    const ls = listensOf(b);
    if (ls.length === 0 && port === 80 && !b.body.some((d) => d.directive === 'listen')) candidates.push({ block: b });
    for (const l of ls)
      if (l.port === port && (l.address === '*' || l.address === address)) candidates.push({ block: b, listen: l });
  }
  const explicit = candidates.find((c) => c.listen?.defaultServer);
  if (explicit) return { ...explicit, implicit: false };
  return candidates[0] ? { ...candidates[0], implicit: true } : undefined;
}

export interface Location {
  directive: NginxDirective;
  modifier: '' | '=' | '^~' | '~' | '~*';
  path: string;
  body: NginxDirective[];
  parent?: Location;
}

export function locationsOf(parse: NginxParse, body: NginxDirective[], parent?: Location): Location[] {
  const out: Location[] = [];
  for (const d of body) {
    if (d.directive !== 'location' || !d.block) continue;
    const [a0 = '', a1] = d.args;
    const modifier = (['=', '^~', '~', '~*'].includes(a0) ? a0 : '') as Location['modifier'];
    const path = modifier ? (a1 ?? '') : a0;
    const loc: Location = { directive: d, modifier, path, body: children(parse, d), parent };
    out.push(loc, ...locationsOf(parse, loc.body, loc));
  }
  return out;
}

/** The location nginx picks for a URI at one nesting level (exact, longest prefix, `^~`, regexes in order). */
export function matchLocation(
  parse: NginxParse,
  body: NginxDirective[],
  uri: string,
  parent?: Location,
): Location | undefined {
  const locs = locationsOf(parse, body, parent).filter((l) => l.parent === parent);
  const exact = locs.find((l) => l.modifier === '=' && l.path === uri);
  if (exact) return exact;
  let best: Location | undefined;
  for (const l of locs)
    if (
      (l.modifier === '' || l.modifier === '^~') &&
      uri.startsWith(l.path) &&
      (!best || l.path.length > best.path.length)
    )
      best = l;
  let chosen = best;
  if (!best || best.modifier !== '^~') {
    for (const l of locs) {
      if (l.modifier !== '~' && l.modifier !== '~*') continue;
      try {
        if (new RegExp(l.path, l.modifier === '~*' ? 'i' : '').test(uri)) {
          chosen = l;
          break;
        }
      } catch {
        /* a regex JavaScript cannot read: skip it */
      }
    }
  }
  if (chosen) {
    const inner = matchLocation(parse, chosen.body, uri, chosen);
    return inner ?? chosen;
  }
  return undefined;
}

/**
 * Directives of an array-type that Nginx inherits only when the inner level has none of its own
 * (`add_header`, `proxy_set_header`): the effective list at a location.
 */
export function effectiveList(
  levels: NginxDirective[][],
  name: string,
): { directives: NginxDirective[]; level: number } {
  for (let i = levels.length - 1; i >= 0; i--) {
    const own = levels[i].filter((d) => d.directive === name);
    if (own.length) return { directives: own, level: i };
  }
  return { directives: [], level: -1 };
}

/** The levels (http, server, location chain) whose directives apply at a location. */
export function levelsAt(block: ServerBlock, loc?: Location, parse?: NginxParse): NginxDirective[][] {
  const levels: NginxDirective[][] = [];
  if (block.http && parse) levels.push(children(parse, block.http).filter((d) => d.directive !== 'server'));
  levels.push(block.body.filter((d) => d.directive !== 'location'));
  const chain: Location[] = [];
  for (let l = loc; l; l = l.parent) chain.unshift(l);
  for (const l of chain) levels.push(l.body.filter((d) => d.directive !== 'location'));
  return levels;
}

export function findDirective(ds: NginxDirective[], name: string): NginxDirective | undefined {
  return ds.find((d) => d.directive === name);
}

/** The `upstream NAME { }` blocks of a parse (its entry file and what it includes). */
export function upstreamBlocks(parse: NginxParse, name: string): NginxDirective[] {
  const out: NginxDirective[] = [];
  const stack = parse.configs[0] ? [...expand(parse, parse.configs[0].parsed)] : [];
  while (stack.length) {
    const d = stack.pop()!;
    if (d.directive === 'upstream' && d.args[0] === name) out.push(d);
    else if (d.block) stack.push(...children(parse, d));
  }
  return out.reverse();
}
