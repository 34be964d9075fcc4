/** Questions checks ask of a HAProxy config: which frontend binds a port, which backend it uses, its servers. */
import type { Span } from '../source';
import type { HaproxyConfig, HaproxyLine, HaproxySection } from '../parsers/haproxy/ast';

export const PROXY_TYPES = new Set(['frontend', 'listen', 'backend', 'defaults']);

export interface BindAddr {
  address: string;
  port?: number;
  portEnd?: number;
}

/** `*:80`, `:80`, `0.0.0.0:80`, `[::]:80`, `:::80`, `ipv4@10.0.0.10:80`, `:80,:8080`, `*:8000-8080`. */
export function parseBindAddresses(arg: string): BindAddr[] {
  const out: BindAddr[] = [];
  for (let part of arg.split(',')) {
    part = part.trim();
    if (!part) continue;
    const at = part.indexOf('@');
    if (at !== -1 && /^[a-z0-9+-]+$/i.test(part.slice(0, at))) part = part.slice(at + 1);
    let addr = part;
    let port: string | undefined;
    const m = /^\[([^\]]*)\]:(.+)$/.exec(part);
    if (m) {
      addr = m[1];
      port = m[2];
    } else {
      const i = part.lastIndexOf(':');
      if (i !== -1) {
        addr = part.slice(0, i);
        port = part.slice(i + 1);
      }
    }
    if (port === undefined) {
      out.push({ address: addr });
      continue;
    }
    const r = /^(\d+)(?:-(\d+))?$/.exec(port);
    if (!r) out.push({ address: addr });
    else out.push({ address: addr === '' || addr === '*' || addr === '::' ? '*' : addr, port: Number(r[1]), ...(r[2] ? { portEnd: Number(r[2]) } : {}) });
  }
  return out;
}

export function bindCovers(b: BindAddr, port: number): boolean {
  if (b.port === undefined) return false;
  return b.portEnd !== undefined ? b.port <= port && port <= b.portEnd : b.port === port;
}

export function linesOf(section: HaproxySection, keyword: string, arg0?: string): HaproxyLine[] {
  return section.lines.filter((l) => l.keyword === keyword && l.prefix === undefined && (arg0 === undefined || l.args[0] === arg0));
}

export function lastLine(section: HaproxySection | undefined, keyword: string, arg0?: string): HaproxyLine | undefined {
  if (!section) return undefined;
  const ls = linesOf(section, keyword, arg0);
  return ls[ls.length - 1];
}

/** The defaults section a proxy inherits from: `from NAME`, else the last `defaults` before it. */
export function defaultsFor(config: HaproxyConfig, section: HaproxySection): HaproxySection | undefined {
  const idx = config.sections.indexOf(section);
  const fromIdx = section.args.indexOf('from');
  if (fromIdx !== -1 && section.args[fromIdx + 1]) {
    const named = config.sections.find((s) => s.type === 'defaults' && s.name === section.args[fromIdx + 1]);
    if (named) return named;
  }
  for (let i = idx - 1; i >= 0; i--) if (config.sections[i].type === 'defaults') return config.sections[i];
  return undefined;
}

/** A setting looked up in the section, then in its defaults (`option X` with `no option X` honoured). */
export function effective(config: HaproxyConfig, section: HaproxySection, keyword: string, arg0?: string): { line: HaproxyLine; negated: boolean; inherited: boolean } | undefined {
  const find = (s: HaproxySection) => {
    const ls = s.lines.filter((l) => l.keyword === keyword && (arg0 === undefined || l.args[0] === arg0));
    return ls[ls.length - 1];
  };
  const own = find(section);
  if (own) return { line: own, negated: own.prefix === 'no', inherited: false };
  const d = defaultsFor(config, section);
  const inh = d ? find(d) : undefined;
  if (inh) return { line: inh, negated: inh.prefix === 'no', inherited: true };
  return undefined;
}

export interface FrontendBinding {
  section: HaproxySection;
  bind: HaproxyLine;
  addr: BindAddr;
}

/** Frontend/listen sections binding a port, with the bind line. */
export function frontendsOnPort(config: HaproxyConfig, port: number): FrontendBinding[] {
  const out: FrontendBinding[] = [];
  for (const s of config.sections) {
    if (s.type !== 'frontend' && s.type !== 'listen') continue;
    for (const b of linesOf(s, 'bind')) {
      const addrs = parseBindAddresses(b.args[0] ?? '');
      const hit = addrs.find((a) => bindCovers(a, port));
      if (hit) {
        out.push({ section: s, bind: b, addr: hit });
        break;
      }
    }
  }
  return out;
}

export function backendByName(config: HaproxyConfig, name: string): HaproxySection | undefined {
  return config.sections.find((s) => (s.type === 'backend' || s.type === 'listen') && s.name === name);
}

export interface WebBackend {
  section: HaproxySection;
  /** The line that routes to it (`default_backend`/`use_backend`), absent for a `listen` section. */
  via?: HaproxyLine;
  frontend?: HaproxySection;
}

/**
 * The backend the web traffic goes to: the one the port frontend routes to (`default_backend`,
 * else the first `use_backend`), or the `listen` section itself; when no frontend binds the port,
 * the only backend with servers (or the first one).
 */
export function webBackend(config: HaproxyConfig, port: number): WebBackend | undefined {
  for (const fe of frontendsOnPort(config, port)) {
    if (fe.section.type === 'listen' && linesOf(fe.section, 'server').length) return { section: fe.section, frontend: fe.section };
    const via = lastLine(fe.section, 'default_backend') ?? lastLine(fe.section, 'use_backend') ?? (fe.section.type === 'frontend' ? inheritedDefaultBackend(config, fe.section) : undefined);
    if (via) {
      const name = via.keyword === 'use_backend' ? via.args[0] : via.args[0];
      const be = name ? backendByName(config, name) : undefined;
      if (be) return { section: be, via, frontend: fe.section };
    }
  }
  const withServers = config.sections.filter((s) => (s.type === 'backend' || s.type === 'listen') && linesOf(s, 'server').length);
  if (withServers.length >= 1) return { section: withServers[0] };
  const any = config.sections.find((s) => s.type === 'backend');
  return any ? { section: any } : undefined;
}

function inheritedDefaultBackend(config: HaproxyConfig, fe: HaproxySection): HaproxyLine | undefined {
  const d = defaultsFor(config, fe);
  return d ? lastLine(d, 'default_backend') : undefined;
}

/** Keywords that may follow a server's name; one of them where the address should be means "no address". */
export const SERVER_KEYWORDS = new Set([
  'check', 'backup', 'weight', 'inter', 'fastinter', 'downinter', 'rise', 'fall', 'port', 'addr', 'maxconn', 'minconn', 'disabled',
  'enabled', 'cookie', 'ssl', 'verify', 'sni', 'resolvers', 'init-addr', 'send-proxy', 'send-proxy-v2', 'track', 'slowstart',
  'on-error', 'on-marked-down', 'on-marked-up', 'agent-check', 'observe', 'error-limit', 'id', 'no-check', 'check-ssl', 'alpn', 'proto',
]);

export interface ServerLine {
  line: HaproxyLine;
  name: string;
  /** Absent when the line has no address. */
  address?: string;
  port?: number;
  /** Port given as `+N`/`-N` (relative) or not at all: inherits the client's port. */
  portInherited: boolean;
  options: string[];
  nameSpan: Span;
  addressSpan?: Span;
}

export function parseServer(line: HaproxyLine): ServerLine {
  const [name = '', addrArg, ...rest] = line.args;
  const nameSpan = line.words[1]?.span ?? line.span;
  if (addrArg === undefined || SERVER_KEYWORDS.has(addrArg)) {
    return { line, name, portInherited: true, options: addrArg === undefined ? [] : [addrArg, ...rest], nameSpan };
  }
  let a = addrArg;
  const at = a.indexOf('@');
  if (at !== -1 && /^[a-z0-9+-]+$/i.test(a.slice(0, at))) a = a.slice(at + 1);
  let address = a;
  let port: number | undefined;
  let portInherited = true;
  const m = /^\[([^\]]*)\](?::(.*))?$/.exec(a);
  let portText: string | undefined;
  if (m) {
    address = m[1];
    portText = m[2];
  } else if ((a.match(/:/g) ?? []).length === 1) {
    const i = a.indexOf(':');
    address = a.slice(0, i);
    portText = a.slice(i + 1);
  }
  if (portText !== undefined && /^\d+$/.test(portText)) {
    port = Number(portText);
    portInherited = false;
  }
  return { line, name, address, port, portInherited, options: rest, nameSpan, addressSpan: line.words[2]?.span };
}

export function serversOf(section: HaproxySection): ServerLine[] {
  return linesOf(section, 'server').map(parseServer);
}

/** `default-server` options that apply to every server of the section (and from defaults). */
export function defaultServerOptions(config: HaproxyConfig, section: HaproxySection): string[] {
  const own = linesOf(section, 'default-server').flatMap((l) => l.args);
  const d = defaultsFor(config, section);
  const inh = d ? linesOf(d, 'default-server').flatMap((l) => l.args) : [];
  return [...inh, ...own];
}
