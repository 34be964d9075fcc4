/**
 * The one home of the questions asked of a parsed HAProxy config: sections, settings with their
 * defaults, binds, backends, servers and timeouts. Checks import from here; the parser only reads
 * addresses and times (`parsers/haproxy/address.ts`, re-exported here). Pure functions, no throws.
 *
 *   const { ast } = parseHaproxy('lb-01/haproxy.cfg', text);
 *   for (const { section, address } of frontendsOnPort(ast, 80)) {
 *     for (const ref of backendRefs(ast, section)) {
 *       const be = ref.target;                       // backend/listen section, if it exists
 *       const balance = be && getBalance(ast, be);   // own or inherited from defaults
 *       const servers = be ? serversOf(be, ast) : []; // name, address, port, check, backup (default-server applied)
 *       const connect = getTimeout(ast, be ?? section, 'connect'); // ms, with the line
 *     }
 *   }
 *
 * Conventions, as HAProxy 2.6 reads a config:
 * - Sections and lines inside a `.if` block HAProxy skips (`inactive: true`) are left out, unless
 *   `{ includeInactive: true }` is passed where offered.
 * - "Last one wins" for single-valued keywords (`balance`, `timeout x`, `default_backend`, `mode`).
 * - A proxy inherits from `from NAME` (a defaults section defined BEFORE it), else from the last
 *   `defaults` section before it; a `defaults` section inherits only through its own `from NAME`.
 * - Values are HAProxy's (quotes and escapes applied); spans point at what the learner wrote.
 */
import type { Span } from '../source';
import type {
  HaproxyConfig,
  HaproxyLine,
  HaproxySection,
  HaproxySectionType,
  HaproxyWord,
} from '../parsers/haproxy/ast';
import {
  addressHasPort,
  parseAddress,
  parseBindAddresses,
  parseTime,
  type HaproxyAddress,
} from '../parsers/haproxy/address';
import { BIND_OPTIONS, SERVER_OPTIONS } from '../parsers/haproxy/keywords';

export { addressHasPort, parseAddress, parseBindAddresses, parseTime, readTime } from '../parsers/haproxy/address';
export type { AddressFamily, HaproxyAddress, TimeValue } from '../parsers/haproxy/address';

export interface ActiveOptions {
  /** Also return sections/lines inside skipped `.if` blocks. */
  includeInactive?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Sections and lines

/** The proxy section types that receive traffic on `bind` lines. */
export const FRONTEND_TYPES: readonly HaproxySectionType[] = ['frontend', 'listen'];
/** The proxy section types that hold servers. */
export const BACKEND_TYPES: readonly HaproxySectionType[] = ['backend', 'listen'];

/** Sections of one or several types, in file order. */
export function findSections(
  cfg: HaproxyConfig,
  type: HaproxySectionType | readonly HaproxySectionType[],
  opts: ActiveOptions = {},
): HaproxySection[] {
  const types = typeof type === 'string' ? [type] : type;
  return cfg.sections.filter((s) => types.includes(s.type) && (opts.includeInactive || !s.inactive));
}

/**
 * The first section with this name (of the given types; default: any proxy type
 * `frontend`/`backend`/`listen`/`defaults`). HAProxy refuses duplicate proxy names of the same
 * capability, so "first" is the one that matters.
 */
export function sectionByName(
  cfg: HaproxyConfig,
  name: string,
  type: HaproxySectionType | readonly HaproxySectionType[] = ['frontend', 'backend', 'listen', 'defaults'],
  opts: ActiveOptions = {},
): HaproxySection | undefined {
  return findSections(cfg, type, opts).find((s) => s.name === name);
}

/** The backend or listen section with this name. */
export function backendByName(config: HaproxyConfig, name: string): HaproxySection | undefined {
  return sectionByName(config, name, BACKEND_TYPES);
}

export interface LinesOptions extends ActiveOptions {
  /** Also return lines with a `no`/`default` prefix (look at `line.prefix`). */
  prefixed?: boolean;
}

/**
 * Lines of a section whose keyword (and leading arguments) match `keyword`, which may have several
 * words: `linesOf(s, 'timeout connect')`, `linesOf(s, 'option httplog')`, `linesOf(s, 'server')`.
 * Lines with a `no`/`default` prefix are left out unless `{ prefixed: true }`.
 */
export function linesOf(section: HaproxySection, keyword: string, opts: LinesOptions = {}): HaproxyLine[] {
  const parts = keyword.trim().split(/\s+/);
  return section.lines.filter((l) => {
    if (l.inactive && !opts.includeInactive) return false;
    if (l.directive || l.scope) return false;
    if (l.prefix !== undefined && !opts.prefixed) return false;
    if (l.keyword !== parts[0]) return false;
    for (let i = 1; i < parts.length; i++) if (l.args[i - 1] !== parts[i]) return false;
    return true;
  });
}

/** The last matching line without a prefix (HAProxy's "last one wins"), or undefined. */
export function lastLine(
  section: HaproxySection | undefined,
  keyword: string,
  opts: ActiveOptions = {},
): HaproxyLine | undefined {
  if (!section) return undefined;
  const ls = linesOf(section, keyword, opts);
  return ls[ls.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Defaults and settings

/** `from NAME` of a `defaults`/`frontend`/`backend`/`listen` header, if any. */
export function fromName(section: HaproxySection): string | undefined {
  const i = section.args.indexOf('from');
  return i >= 0 ? section.args[i + 1] : undefined;
}

/**
 * The defaults section that applies to a section, as HAProxy decides: `... from NAME` -> the
 * named defaults section `NAME` defined before it (none when there is no such section before it:
 * HAProxy refuses that); otherwise the last `defaults` section (named or not) before it in the
 * file. For a `defaults` section itself, only `from NAME` applies. Inactive sections do not count.
 */
export function defaultsFor(config: HaproxyConfig, section: HaproxySection): HaproxySection | undefined {
  const idx = config.sections.indexOf(section);
  const before = (idx >= 0 ? config.sections.slice(0, idx) : config.sections).filter(
    (s) => s.type === 'defaults' && !s.inactive,
  );
  const from = fromName(section);
  if (from !== undefined) {
    for (let i = before.length - 1; i >= 0; i--) if (before[i].name === from) return before[i];
    return undefined;
  }
  if (section.type === 'defaults') return undefined;
  return before[before.length - 1];
}

/** The defaults chain of a section, nearest first (`defaultsFor`, then its own `from`, ...). */
function defaultsChain(config: HaproxyConfig, section: HaproxySection): HaproxySection[] {
  const chain: HaproxySection[] = [];
  for (let d = defaultsFor(config, section); d && d !== section && !chain.includes(d); d = defaultsFor(config, d))
    chain.push(d);
  return chain;
}

/** Where a setting's value came from. */
export interface Effective {
  /** The last matching line (with a `no`/`default` prefix or not). */
  line: HaproxyLine;
  /** `no option X`: the setting is switched off. */
  negated: boolean;
  /** True when inherited from a defaults section. */
  inherited: boolean;
  /** The section holding the line (the proxy itself, or a defaults section). */
  section: HaproxySection;
}

/**
 * A setting as HAProxy applies it to a proxy: the section's last matching line (`no option X`
 * included, as `negated`), else its defaults chain's (`defaultsFor`, then that section's `from`,
 * ...). `keyword` may have several words (`effective(c, s, 'timeout connect')`), or give the first
 * argument apart (`effective(c, s, 'option', 'forwardfor')`).
 */
export function effective(
  config: HaproxyConfig,
  section: HaproxySection,
  keyword: string,
  arg0?: string,
): Effective | undefined {
  const kw = arg0 === undefined ? keyword : `${keyword} ${arg0}`;
  let inherited = false;
  for (const s of [section, ...defaultsChain(config, section)]) {
    const ls = linesOf(s, kw, { prefixed: true });
    const l = ls[ls.length - 1];
    if (l) return { line: l, negated: l.prefix === 'no', inherited, section: s };
    inherited = true;
  }
  return undefined;
}

/** The effective line's value (`value`) for a single-valued setting; undefined when unset or negated. */
function setting<T>(e: Effective | undefined, value: (l: HaproxyLine) => T): (Effective & { value: T }) | undefined {
  return e && !e.negated ? { ...e, value: value(e.line) } : undefined;
}

/** `timeout NAME` for a proxy, from the proxy or its defaults, in milliseconds (undefined when HAProxy refuses the value). */
export function getTimeout(
  config: HaproxyConfig,
  section: HaproxySection,
  name: string,
): (Effective & { value: number | undefined; raw: string }) | undefined {
  const e = setting(effective(config, section, 'timeout', name), (l) => l.args[1] ?? '');
  return e && { ...e, raw: e.value, value: parseTime(e.value) };
}

/** The effective `balance` of a backend/listen (own, else from defaults). Default in HAProxy: roundrobin. */
export function getBalance(
  config: HaproxyConfig,
  section: HaproxySection,
): (Effective & { value: string; args: string[] }) | undefined {
  const e = setting(effective(config, section, 'balance'), (l) => l.args[0] ?? '');
  return e && { ...e, args: e.line.args.slice(1) };
}

/** The effective `mode` (`http`/`tcp`/...) of a proxy (own, else from defaults). HAProxy's default is tcp. */
export function getMode(config: HaproxyConfig, section: HaproxySection): (Effective & { value: string }) | undefined {
  return setting(effective(config, section, 'mode'), (l) => l.args[0] ?? '');
}

// ---------------------------------------------------------------------------------------------
// Line options (`bind`, `server`)

const valuedOf = (table: ReadonlyMap<string, number>): string[] => [...table].filter(([, n]) => n > 0).map(([k]) => k);

/** One option word of a `server`/`bind` line, with its value when the option takes one. */
export interface LineOption {
  name: string;
  value?: string;
  span: Span;
}

function parseOptions(words: readonly HaproxyWord[], valued: ReadonlySet<string>): LineOption[] {
  const out: LineOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (valued.has(w.value) && i + 1 < words.length) {
      const v = words[i + 1];
      out.push({
        name: w.value,
        value: v.value,
        span: { ...w.span, endLine: v.span.endLine, endColumn: v.span.endColumn, endOffset: v.span.endOffset },
      });
      i++;
    } else out.push({ name: w.value, span: w.span });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Binds and frontends

/** Options of `bind` lines that take a value (HAProxy 2.6 manual 5.1, plus a few newer ones). */
const BIND_VALUE_OPTIONS = new Set([
  ...valuedOf(BIND_OPTIONS),
  'accept-netscaler-cip',
  'alpn',
  'backlog',
  'ca-file',
  'ca-ignore-err',
  'ca-sign-file',
  'ca-sign-pass',
  'ca-verify-file',
  'ciphers',
  'ciphersuites',
  'crl-file',
  'crt',
  'crt-ignore-err',
  'crt-list',
  'curves',
  'ecdhe',
  'gid',
  'group',
  'id',
  'interface',
  'level',
  'severity-output',
  'maxconn',
  'mode',
  'mss',
  'name',
  'namespace',
  'nice',
  'npn',
  'process',
  'proto',
  'ssl-max-ver',
  'ssl-min-ver',
  'tcp-ut',
  'thread',
  'uid',
  'user',
  'verify',
  'quic-cc-algo',
  'quic-force-retry',
  'sigalgs',
  'client-sigalgs',
  'shards',
  'label',
]);

/** A `bind` line: its addresses (comma list of the first argument) and its options. */
export interface BindInfo {
  line: HaproxyLine;
  addresses: HaproxyAddress[];
  /** Words after the address, as `{name, value?}` (value for options known to take one). */
  options: LineOption[];
  ssl: boolean;
}

/** Parses a `bind` line (`line.keyword === 'bind'`). */
export function parseBindLine(line: HaproxyLine): BindInfo {
  const addrWord = line.words[1 + (line.prefix ? 1 : 0)];
  const addresses = addrWord ? parseBindAddresses(addrWord.value) : [];
  const options = parseOptions(line.words.slice(2 + (line.prefix ? 1 : 0)), BIND_VALUE_OPTIONS);
  return { line, addresses, options, ssl: options.some((o) => o.name === 'ssl') };
}

/** Bind lines of a frontend/listen section, parsed. */
export function bindsOf(section: HaproxySection, opts: ActiveOptions = {}): BindInfo[] {
  return linesOf(section, 'bind', opts).map(parseBindLine);
}

export interface FrontendBinding {
  section: HaproxySection;
  bind: HaproxyLine;
  /** The address of the bind line that covers the port (a single port, or a range holding it). */
  address: HaproxyAddress;
}

/**
 * Frontend/listen sections binding a port, with the bind line and address: the first one of each
 * section, or every (bind line, address) pair with `{ every: true }`.
 */
export function frontendsOnPort(
  config: HaproxyConfig,
  port: number,
  opts: { every?: boolean } = {},
): FrontendBinding[] {
  const out: FrontendBinding[] = [];
  for (const section of findSections(config, FRONTEND_TYPES)) {
    sections: for (const bind of bindsOf(section)) {
      for (const address of bind.addresses) {
        if (!addressHasPort(address, port)) continue;
        out.push({ section, bind: bind.line, address });
        if (!opts.every) break sections;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Backends

/** A backend reference from a frontend: `default_backend NAME` or `use_backend NAME [if|unless cond]`. */
export interface BackendRef {
  name: string;
  line: HaproxyLine;
  kind: 'default_backend' | 'use_backend';
  /** `if`/`unless` condition words, for `use_backend`. */
  condition?: string[];
  /** Where the line is: the frontend, or the defaults section it inherits `default_backend` from. */
  section: HaproxySection;
  inherited: boolean;
  /** The target section when it exists (a backend or listen with that name). */
  target?: HaproxySection;
}

/**
 * Where a frontend/listen sends traffic: every `use_backend` (in order), then the effective
 * `default_backend` (own, else inherited from defaults). A `listen` section with servers also
 * serves traffic itself; see `serversOf(section)` for that case.
 */
export function backendRefs(config: HaproxyConfig, section: HaproxySection): BackendRef[] {
  const out: BackendRef[] = [];
  for (const l of linesOf(section, 'use_backend')) {
    const name = l.args[0] ?? '';
    const ci = l.args.findIndex((a) => a === 'if' || a === 'unless');
    const ref: BackendRef = {
      name,
      line: l,
      kind: 'use_backend',
      section,
      inherited: false,
      target: backendByName(config, name),
    };
    if (ci >= 0) ref.condition = l.args.slice(ci);
    out.push(ref);
  }
  const def = setting(effective(config, section, 'default_backend'), (l) => l.args[0] ?? '');
  if (def)
    out.push({
      name: def.value,
      line: def.line,
      kind: 'default_backend',
      section: def.section,
      inherited: def.inherited,
      target: backendByName(config, def.value),
    });
  return out;
}

export interface WebBackend {
  section: HaproxySection;
  /** The line that routes to it (`default_backend`/`use_backend`), absent for a `listen` section. */
  via?: HaproxyLine;
  frontend?: HaproxySection;
}

/**
 * The backend the web traffic goes to: the one the port frontend routes to (its own
 * `default_backend`, else its last `use_backend`, else the `default_backend` of its defaults), or the
 * `listen` section itself; when no frontend binds the port, the first backend with servers (or the
 * first backend).
 */
export function webBackend(config: HaproxyConfig, port: number): WebBackend | undefined {
  for (const fe of frontendsOnPort(config, port)) {
    if (fe.section.type === 'listen' && linesOf(fe.section, 'server').length)
      return { section: fe.section, frontend: fe.section };
    const via =
      lastLine(fe.section, 'default_backend') ??
      lastLine(fe.section, 'use_backend') ??
      (fe.section.type === 'frontend'
        ? defaultsChain(config, fe.section)
            .map((d) => lastLine(d, 'default_backend'))
            .find((l) => l)
        : undefined);
    const name = via?.args[0];
    const be = name ? backendByName(config, name) : undefined;
    if (via && be) return { section: be, via, frontend: fe.section };
  }
  const backends = findSections(config, BACKEND_TYPES);
  const withServers = backends.find((s) => linesOf(s, 'server').length);
  if (withServers) return { section: withServers };
  const any = backends.find((s) => s.type === 'backend');
  return any ? { section: any } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Servers

/** Keywords that may follow a server's name; one of them where the address should be means "no address". */
export const SERVER_KEYWORDS = new Set([
  'check',
  'backup',
  'weight',
  'inter',
  'fastinter',
  'downinter',
  'rise',
  'fall',
  'port',
  'addr',
  'maxconn',
  'minconn',
  'disabled',
  'enabled',
  'cookie',
  'ssl',
  'verify',
  'sni',
  'resolvers',
  'init-addr',
  'send-proxy',
  'send-proxy-v2',
  'track',
  'slowstart',
  'on-error',
  'on-marked-down',
  'on-marked-up',
  'agent-check',
  'observe',
  'error-limit',
  'id',
  'no-check',
  'check-ssl',
  'alpn',
  'proto',
]);

/** Options of `server` lines that take a value (HAProxy 2.6 manual 5.2, plus a few newer ones). */
const SERVER_VALUE_OPTIONS = new Set([
  ...valuedOf(SERVER_OPTIONS),
  'addr',
  'agent-addr',
  'agent-inter',
  'agent-port',
  'agent-send',
  'alpn',
  'ca-file',
  'check-alpn',
  'check-proto',
  'check-sni',
  'ciphers',
  'ciphersuites',
  'cookie',
  'crl-file',
  'crt',
  'curves',
  'downinter',
  'error-limit',
  'fall',
  'fastinter',
  'id',
  'init-addr',
  'inter',
  'log-proto',
  'maxconn',
  'maxqueue',
  'max-reuse',
  'minconn',
  'namespace',
  'npn',
  'observe',
  'on-error',
  'on-marked-down',
  'on-marked-up',
  'pool-conn-name',
  'pool-low-conn',
  'pool-max-conn',
  'pool-purge-delay',
  'port',
  'proto',
  'redir',
  'resolve-net',
  'resolve-prefer',
  'resolvers',
  'rise',
  'send-proxy-v2-options',
  'set-proxy-v2-tlv-fmt',
  'sigalgs',
  'slowstart',
  'sni',
  'source',
  'ssl-max-ver',
  'ssl-min-ver',
  'tcp-ut',
  'track',
  'usesrc',
  'verify',
  'verifyhost',
  'weight',
  'ws',
  'client-sigalgs',
  'shard',
  'hash-key',
  'guid',
  'init-state',
  'log-bufsize',
  'pool-max-conn',
  'interface',
]);

/** A `server` line (also `default-server`, with no name or address, and `server-template`). */
export interface ServerLine {
  line: HaproxyLine;
  name: string;
  /** The host part of the address (no brackets, no `ipv4@` prefix); absent when the line has no address. */
  address?: string;
  /** The parsed address (family, port range or `+N` offset...), absent when the line has no address. */
  target?: HaproxyAddress;
  port?: number;
  /** Port given as `+N`/`-N` (relative) or not at all: inherits the client's port. */
  portInherited: boolean;
  /** The words after the address (after the name when the address is missing), as written. */
  options: string[];
  /** The same words as options, with their values (`weight 10`) and spans. */
  settings: LineOption[];
  /**
   * Options of the `default-server` lines in effect (the defaults chain's, then the earlier ones of
   * the same section), when the config was passed to `serversOf`.
   */
  inherited: LineOption[];
  /** `check` in effect (inherited or own, not cancelled by a later `no-check`). */
  check: boolean;
  /** `backup` in effect (not cancelled by a later `no-backup`). */
  backup: boolean;
  /** `disabled` in effect (not cancelled by a later `enabled`). */
  disabled: boolean;
  /** Value of `weight` in effect, if any. */
  weight?: number;
  /** Value of `port` (health check port) in effect, if any. */
  checkPort?: number;
  nameSpan: Span;
  addressSpan?: Span;
}

/**
 * Reads a `server NAME ADDRESS [options...]` line (also `default-server [options...]` and
 * `server-template PREFIX NUM ADDRESS [options...]`). A server keyword where the address should be
 * (`server web1 check`) means the line has no address. `inherited` are `default-server` options that
 * apply before the line's own (see `serversOf`).
 */
export function parseServer(line: HaproxyLine, inherited: readonly LineOption[] = []): ServerLine {
  const w = line.words.slice(line.prefix ? 2 : 1);
  const template = line.keyword === 'server-template';
  const named = line.keyword !== 'default-server';
  const name = named ? (w[0]?.value ?? '') : '';
  const at = !named ? -1 : template ? 2 : 1;
  let addrWord: HaproxyWord | undefined = at >= 0 ? w[at] : undefined;
  if (addrWord && SERVER_KEYWORDS.has(addrWord.value)) addrWord = undefined;
  const rest = at < 0 ? w : addrWord ? w.slice(at + 1) : w.slice(at);
  const settings = parseOptions(rest, SERVER_VALUE_OPTIONS);
  const all = [...inherited, ...settings];
  const flag = (on: string, off: string): boolean => {
    let v = false;
    for (const o of all) {
      if (o.name === on) v = true;
      else if (o.name === off) v = false;
    }
    return v;
  };
  const info: ServerLine = {
    line,
    name,
    portInherited: true,
    options: rest.map((x) => x.value),
    settings,
    inherited: [...inherited],
    check: flag('check', 'no-check'),
    backup: flag('backup', 'no-backup'),
    disabled: flag('disabled', 'enabled'),
    nameSpan: (named ? w[0]?.span : undefined) ?? line.span,
  };
  if (addrWord) {
    const target = parseAddress(addrWord.value);
    info.target = target;
    info.address = target.host ?? addrWord.value;
    info.addressSpan = addrWord.span;
    if (target.port !== undefined && !target.portRange) {
      info.port = target.port;
      info.portInherited = false;
    }
  }
  const weight = all.filter((o) => o.name === 'weight').pop()?.value;
  if (weight !== undefined && /^\d+$/.test(weight)) info.weight = Number(weight);
  const port = all.filter((o) => o.name === 'port').pop()?.value;
  if (port !== undefined && /^\d+$/.test(port)) info.checkPort = Number(port);
  return info;
}

/**
 * The `server` lines of a backend/listen section, in order. Pass the config to apply `default-server`
 * lines as HAProxy does: those of the section's defaults chain (oldest first), then those of the
 * section that come before each server (`check`, `backup`, `weight`... of each server say what is in
 * effect). Without it, only each line itself counts.
 */
export function serversOf(section: HaproxySection, config?: HaproxyConfig): ServerLine[] {
  let inherited: LineOption[] = [];
  if (config) {
    for (const d of defaultsChain(config, section).reverse())
      for (const l of linesOf(d, 'default-server')) inherited = inherited.concat(parseServer(l).settings);
  }
  const out: ServerLine[] = [];
  for (const l of section.lines) {
    if (l.inactive || l.directive || l.scope || l.prefix !== undefined) continue;
    if (l.keyword === 'default-server' && config) inherited = inherited.concat(parseServer(l).settings);
    else if (l.keyword === 'server') out.push(parseServer(l, inherited));
  }
  return out;
}

/**
 * `default-server` options (words, as written) that apply to the servers of a section: those of its
 * defaults chain (oldest first), then the section's own. Section-wide: `serversOf(section, config)`
 * tells, per server, what the `default-server` lines before it set.
 */
export function defaultServerOptions(config: HaproxyConfig, section: HaproxySection): string[] {
  const chain = defaultsChain(config, section).reverse();
  return [...chain, section].flatMap((s) => linesOf(s, 'default-server').flatMap((l) => l.args));
}
