/**
 * Helpers over a parsed HAProxy configuration, for checks. Pure functions, no throws.
 *
 * Conventions:
 * - Sections and lines inside a `.if` block that HAProxy 2.6 skips (`inactive: true`) are left
 *   out unless `{ includeInactive: true }` is passed.
 * - "Last one wins" is HAProxy's rule for single-valued keywords (`balance`, `timeout x`,
 *   `default_backend`, `mode`): `lastLine()` gives that line.
 * - Values are HAProxy's (quotes and escapes applied); spans point at what the learner wrote.
 */
import type { Span } from '../../source';
import type { HaproxyConfig, HaproxyLine, HaproxySection, HaproxySectionType, HaproxyWord } from './ast';
import { BIND_OPTIONS, SERVER_OPTIONS } from './keywords';

const valuedOf = (table: ReadonlyMap<string, number>): string[] => [...table].filter(([, n]) => n > 0).map(([k]) => k);

export interface ActiveOptions {
  /** Also return sections/lines inside skipped `.if` blocks. */
  includeInactive?: boolean;
}

/** Sections of one or several types, in file order. */
export function findSections(cfg: HaproxyConfig, type: HaproxySectionType | readonly HaproxySectionType[], opts: ActiveOptions = {}): HaproxySection[] {
  const types = typeof type === 'string' ? [type] : type;
  return cfg.sections.filter((s) => types.includes(s.type) && (opts.includeInactive || !s.inactive));
}

/** The proxy section types that receive traffic on `bind` lines. */
export const FRONTEND_TYPES: readonly HaproxySectionType[] = ['frontend', 'listen'];
/** The proxy section types that hold servers. */
export const BACKEND_TYPES: readonly HaproxySectionType[] = ['backend', 'listen'];

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

/**
 * Lines of a section whose keyword (and leading arguments) match `keyword`, which may have
 * several words: `getLines(s, 'timeout connect')`, `getLines(s, 'option httplog')`,
 * `getLines(s, 'server')`. Lines with a `no`/`default` prefix are included: look at `line.prefix`.
 */
export function getLines(section: HaproxySection, keyword: string, opts: ActiveOptions = {}): HaproxyLine[] {
  const parts = keyword.trim().split(/\s+/);
  return section.lines.filter((l) => {
    if (l.inactive && !opts.includeInactive) return false;
    if (l.directive || l.scope) return false;
    if (l.keyword !== parts[0]) return false;
    for (let i = 1; i < parts.length; i++) if (l.args[i - 1] !== parts[i]) return false;
    return true;
  });
}

/** The last matching line without a prefix (HAProxy's "last one wins"), or undefined. */
export function lastLine(section: HaproxySection, keyword: string, opts: ActiveOptions = {}): HaproxyLine | undefined {
  const lines = getLines(section, keyword, opts).filter((l) => !l.prefix);
  return lines[lines.length - 1];
}

/** `from NAME` of a `defaults`/`frontend`/`backend`/`listen` header, if any. */
export function fromName(section: HaproxySection): string | undefined {
  const i = section.args.indexOf('from');
  return i >= 0 ? section.args[i + 1] : undefined;
}

/**
 * The defaults section that applies to a section, as HAProxy decides:
 * `... from NAME` -> the named defaults section `NAME` defined before it; otherwise the last
 * `defaults` section (named or not) that appears before it in the file. For a `defaults`
 * section itself, only `from NAME` applies. Undefined when none applies.
 */
export function effectiveDefaults(cfg: HaproxyConfig, section: HaproxySection): HaproxySection | undefined {
  const idx = cfg.sections.indexOf(section);
  const before = (idx >= 0 ? cfg.sections.slice(0, idx) : cfg.sections).filter((s) => s.type === 'defaults' && !s.inactive);
  const from = fromName(section);
  if (from !== undefined) {
    for (let i = before.length - 1; i >= 0; i--) if (before[i].name === from) return before[i];
    return undefined;
  }
  if (section.type === 'defaults') return undefined;
  return before[before.length - 1];
}

/** Where a setting's value came from. */
export interface Resolved<T> {
  value: T;
  line: HaproxyLine;
  /** The section holding the line (the proxy itself, or a defaults section). */
  section: HaproxySection;
  /** True when inherited from a defaults section. */
  inherited: boolean;
}

/**
 * The effective line for a single-valued keyword of a proxy: the proxy's own last line, else
 * the defaults chain (`effectiveDefaults`, then that section's own `from`, ...).
 */
export function resolveSetting(cfg: HaproxyConfig, section: HaproxySection, keyword: string): Resolved<HaproxyLine> | undefined {
  const seen = new Set<HaproxySection>();
  let s: HaproxySection | undefined = section;
  let inherited = false;
  while (s && !seen.has(s)) {
    seen.add(s);
    const l = lastLine(s, keyword);
    if (l) return { value: l, line: l, section: s, inherited };
    s = effectiveDefaults(cfg, s);
    inherited = true;
  }
  return undefined;
}

/** A time value as haproxy 2.6 reads it (`parse_time_err()` in src/tools.c). */
export interface TimeValue {
  /** Milliseconds (microseconds give fractions). */
  ms: number;
  /** The part haproxy reads: digits and an optional unit (`1m` of `1m30s`). */
  used: string;
  /** What haproxy silently ignores after the unit (`30s` of `1m30s`), or ''. */
  ignored: string;
}

/**
 * Reads a time the way haproxy 2.6 does: digits, then an optional unit among `us`, `ms`, `s`,
 * `m`, `h`, `d`, and then anything, which haproxy ignores (so `1m30s` is one minute!).
 * Undefined when haproxy refuses it (`5S`, `1.5s`, `5x`, `s`, `5u`).
 */
export function readTime(value: string, defaultUnit: 'ms' | 's' = 'ms'): TimeValue | undefined {
  const m = /^(\d+)(us|ms|s|m|h|d)?/.exec(value);
  if (!m) return undefined;
  const rest = value.slice(m[0].length);
  if (!m[2] && rest !== '') return undefined;
  const mult: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return { ms: Number(m[1]) * mult[m[2] ?? defaultUnit], used: m[0], ignored: rest };
}

/**
 * Parses a HAProxy time value into milliseconds, as haproxy reads it: `5s`, `500ms`, `1m`, `2h`,
 * `1d`, `100us`; a plain number is milliseconds (the default unit of every `timeout`); after the
 * unit haproxy ignores the rest (`1m30s` is 60000). Undefined when invalid (`5S`, `1.5s`, `5 s`).
 */
export function parseTime(value: string, defaultUnit: 'ms' | 's' = 'ms'): number | undefined {
  return readTime(value.trim(), defaultUnit)?.ms;
}

/** `timeout NAME` for a proxy, from the proxy or its defaults, in milliseconds. */
export function getTimeout(cfg: HaproxyConfig, section: HaproxySection, name: string): (Resolved<number | undefined> & { raw: string }) | undefined {
  const r = resolveSetting(cfg, section, `timeout ${name}`);
  if (!r) return undefined;
  const raw = r.line.args[1] ?? '';
  return { ...r, value: parseTime(raw), raw };
}

// ---------------------------------------------------------------------------------------------
// Addresses

export type AddressFamily = 'ipv4' | 'ipv6' | 'unix' | 'abns' | 'fd' | 'sockpair' | 'any' | 'hostname' | 'unknown';

/** One parsed address (`bind` or `server` form). */
export interface HaproxyAddress {
  /** As written (one element of a comma list). */
  raw: string;
  /** Explicit prefix such as `ipv4`, `ipv6`, `unix`, `abns`, `fd`, `sockpair`, `udp`, `quic4`, `tcp`... */
  prefix?: string;
  family: AddressFamily;
  /** Host part without brackets; `''` for `:80`; `*` kept as `*`; path for unix sockets. */
  host?: string;
  /** Single port (also the first port of a range). */
  port?: number;
  /** `8000-8010` ranges (bind) and `+N`/`-N` offsets (server) are kept here. */
  portRange?: { from: number; to: number };
  portOffset?: number;
  /** True when the host part means "every address" (`*`, ``, `0.0.0.0`, `::`). */
  wildcard: boolean;
}

const PREFIX_FAMILY: Record<string, AddressFamily> = {
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  udp: 'any',
  udp4: 'ipv4',
  udp6: 'ipv6',
  tcp: 'any',
  tcp4: 'ipv4',
  tcp6: 'ipv6',
  quic4: 'ipv4',
  quic6: 'ipv6',
  uxst: 'unix',
  uxdg: 'unix',
  unix: 'unix',
  abns: 'abns',
  abnsz: 'abns',
  fd: 'fd',
  sockpair: 'sockpair',
  mptcp: 'any',
  mptcp4: 'ipv4',
  mptcp6: 'ipv6',
};

/** Dotted-quad IPv4 check without a regex (this runs for every server and bind line). */
function isIPv4(h: string): boolean {
  let parts = 0;
  let digits = 0;
  let val = 0;
  for (let i = 0; i <= h.length; i++) {
    const c = i < h.length ? h.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || val > 255) return false;
      parts++;
      digits = 0;
      val = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && val === 0) return false; // no leading zero
      val = val * 10 + (c - 48);
      if (++digits > 3) return false;
    } else return false;
  }
  return parts === 4;
}

const isDigits = (t: string): boolean => {
  if (t === '') return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};

const HOSTNAME = /^[A-Za-z0-9_.-]+$/;

/** Parses one address: `*:80`, `:80`, `0.0.0.0:80`, `[::]:80`, `::1:80`, `ipv4@1.2.3.4:80`, `unix@/p`, `/p`, `fd@3`, `web1:8080`, `1.2.3.4:8000-8010`, `10.0.0.1:+1`. */
export function parseAddress(raw: string): HaproxyAddress {
  const out: HaproxyAddress = { raw, family: 'unknown', wildcard: false };
  let s = raw;
  const at = s.indexOf('@');
  let fam: AddressFamily | undefined;
  if (at > 0 && /^[a-z0-9]+$/i.test(s.slice(0, at))) {
    out.prefix = s.slice(0, at).toLowerCase();
    fam = PREFIX_FAMILY[out.prefix];
    s = s.slice(at + 1);
  }
  if (fam === 'unix' || fam === 'abns' || (!out.prefix && s.charCodeAt(0) === 47)) {
    out.family = fam === 'abns' ? 'abns' : 'unix';
    out.host = s;
    return out;
  }
  if (fam === 'fd' || fam === 'sockpair') {
    out.family = fam;
    out.host = s;
    return out;
  }
  let host: string;
  let portPart: string | undefined;
  if (s.charCodeAt(0) === 91) {
    const close = s.indexOf(']');
    if (close < 0) {
      out.host = s;
      return out;
    }
    host = s.slice(1, close);
    const rest = s.slice(close + 1);
    if (rest.charCodeAt(0) === 58) portPart = rest.slice(1);
    else if (rest !== '') {
      out.host = host;
      return out;
    }
  } else {
    const colon = s.lastIndexOf(':');
    if (colon < 0) host = s;
    else {
      host = s.slice(0, colon);
      portPart = s.slice(colon + 1);
    }
  }
  out.host = host;
  let badPort = false;
  if (portPart !== undefined && portPart !== '') {
    const dash = portPart.indexOf('-');
    const c0 = portPart.charCodeAt(0);
    if (isDigits(portPart)) out.port = Number(portPart);
    else if ((c0 === 43 || c0 === 45) && isDigits(portPart.slice(1))) out.portOffset = (c0 === 45 ? -1 : 1) * Number(portPart.slice(1));
    else if (dash > 0 && isDigits(portPart.slice(0, dash)) && isDigits(portPart.slice(dash + 1))) {
      out.port = Number(portPart.slice(0, dash));
      out.portRange = { from: out.port, to: Number(portPart.slice(dash + 1)) };
    } else badPort = true;
  }
  if (host === '' || host === '*' || host === '0.0.0.0' || host === '::') out.wildcard = true;
  if (badPort) out.family = 'unknown';
  else if (fam && fam !== 'any') out.family = fam;
  else if (host === '' || host === '*') out.family = 'any';
  else if (isIPv4(host)) out.family = 'ipv4';
  else if (host.includes(':')) out.family = 'ipv6';
  else if (HOSTNAME.test(host)) out.family = 'hostname';
  return out;
}

/** True when the address listens on/targets `port` (single port, or inside a range). */
export function addressHasPort(a: HaproxyAddress, port: number): boolean {
  if (a.portRange) return port >= a.portRange.from && port <= a.portRange.to;
  return a.port === port;
}

/** A `bind` line: its addresses (comma list of the first argument) and its options. */
export interface BindInfo {
  line: HaproxyLine;
  addresses: HaproxyAddress[];
  /** Words after the address, as `{name, value?}` (value for options known to take one). */
  options: LineOption[];
  ssl: boolean;
}

/** Parses a comma-separated `bind` address list: `:80,:8080`, `*:80`, `[::]:443`, `unix@/p`. */
export function parseBindAddresses(value: string): HaproxyAddress[] {
  return value
    .split(',')
    .filter((p) => p !== '')
    .map(parseAddress);
}

/** Options of `bind` lines that take a value (HAProxy 2.6 manual 5.1, plus a few newer ones). */
const BIND_VALUE_OPTIONS = new Set([
  ...valuedOf(BIND_OPTIONS),
  'accept-netscaler-cip', 'alpn', 'backlog', 'ca-file', 'ca-ignore-err', 'ca-sign-file', 'ca-sign-pass', 'ca-verify-file', 'ciphers',
  'ciphersuites', 'crl-file', 'crt', 'crt-ignore-err', 'crt-list', 'curves', 'ecdhe', 'gid', 'group', 'id', 'interface', 'level',
  'severity-output', 'maxconn', 'mode', 'mss', 'name', 'namespace', 'nice', 'npn', 'process', 'proto', 'ssl-max-ver', 'ssl-min-ver',
  'tcp-ut', 'thread', 'uid', 'user', 'verify', 'quic-cc-algo', 'quic-force-retry', 'sigalgs', 'client-sigalgs', 'shards', 'label',
]);

/** Parses a `bind` line (`line.keyword === 'bind'`). */
export function parseBindLine(line: HaproxyLine): BindInfo {
  const addrWord = line.words[1 + (line.prefix ? 1 : 0)];
  const addresses = addrWord ? parseBindAddresses(addrWord.value) : [];
  const options = parseOptions(line.words.slice(2 + (line.prefix ? 1 : 0)), BIND_VALUE_OPTIONS);
  return { line, addresses, options, ssl: options.some((o) => o.name === 'ssl') };
}

/** One option word of a `server`/`bind` line, with its value when the option takes one. */
export interface LineOption {
  name: string;
  value?: string;
  span: Span;
}

/** Options of `server` lines that take a value (HAProxy 2.6 manual 5.2, plus a few newer ones). */
const SERVER_VALUE_OPTIONS = new Set([
  ...valuedOf(SERVER_OPTIONS),
  'addr', 'agent-addr', 'agent-inter', 'agent-port', 'agent-send', 'alpn', 'ca-file', 'check-alpn', 'check-proto', 'check-sni', 'ciphers',
  'ciphersuites', 'cookie', 'crl-file', 'crt', 'curves', 'downinter', 'error-limit', 'fall', 'fastinter', 'id', 'init-addr', 'inter',
  'log-proto', 'maxconn', 'maxqueue', 'max-reuse', 'minconn', 'namespace', 'npn', 'observe', 'on-error', 'on-marked-down',
  'on-marked-up', 'pool-conn-name', 'pool-low-conn', 'pool-max-conn', 'pool-purge-delay', 'port', 'proto', 'redir', 'resolve-net',
  'resolve-prefer', 'resolvers', 'rise', 'send-proxy-v2-options', 'set-proxy-v2-tlv-fmt', 'sigalgs', 'slowstart', 'sni', 'source',
  'ssl-max-ver', 'ssl-min-ver', 'tcp-ut', 'track', 'usesrc', 'verify', 'verifyhost', 'weight', 'ws', 'client-sigalgs',
  'shard', 'hash-key', 'guid', 'init-state', 'log-bufsize', 'pool-max-conn', 'interface',
]);

function parseOptions(words: readonly HaproxyWord[], valued: ReadonlySet<string>): LineOption[] {
  const out: LineOption[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (valued.has(w.value) && i + 1 < words.length) {
      const v = words[i + 1];
      out.push({ name: w.value, value: v.value, span: { ...w.span, endLine: v.span.endLine, endColumn: v.span.endColumn, endOffset: v.span.endOffset } });
      i++;
    } else out.push({ name: w.value, span: w.span });
  }
  return out;
}

/** A `server` line (or `default-server`, which has no name/address). */
export interface ServerInfo {
  line: HaproxyLine;
  name: string;
  /** Undefined for `default-server`, or when the address word is missing. */
  address?: HaproxyAddress;
  /** The line's own options, in order. */
  options: LineOption[];
  /**
   * Options inherited from `default-server` lines (the defaults section's, then the earlier ones
   * of the same section), when the caller passed the config to `getServers`.
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
}

/**
 * Parses a `server NAME ADDRESS [options...]` line (also `default-server [options...]` and
 * `server-template PREFIX NUM ADDRESS [options...]`). `inherited` are `default-server` options
 * that apply before the line's own (see `getServers`).
 */
export function parseServerLine(line: HaproxyLine, inherited: readonly LineOption[] = []): ServerInfo {
  const w = line.words.slice(line.prefix ? 2 : 1);
  let name = '';
  let addrWord: HaproxyWord | undefined;
  let rest: HaproxyWord[];
  if (line.keyword === 'default-server') rest = w;
  else if (line.keyword === 'server-template') {
    name = w[0]?.value ?? '';
    addrWord = w[2];
    rest = w.slice(3);
  } else {
    name = w[0]?.value ?? '';
    addrWord = w[1];
    rest = w.slice(2);
  }
  const options = parseOptions(rest, SERVER_VALUE_OPTIONS);
  const all = [...inherited, ...options];
  const flag = (on: string, off: string): boolean => {
    let v = false;
    for (const o of all) {
      if (o.name === on) v = true;
      else if (o.name === off) v = false;
    }
    return v;
  };
  const info: ServerInfo = {
    line,
    name,
    options,
    inherited: [...inherited],
    check: flag('check', 'no-check'),
    backup: flag('backup', 'no-backup'),
    disabled: flag('disabled', 'enabled'),
  };
  if (addrWord) info.address = parseAddress(addrWord.value);
  const weight = all.filter((o) => o.name === 'weight').pop()?.value;
  if (weight !== undefined && /^\d+$/.test(weight)) info.weight = Number(weight);
  const port = all.filter((o) => o.name === 'port').pop()?.value;
  if (port !== undefined && /^\d+$/.test(port)) info.checkPort = Number(port);
  return info;
}

/**
 * Servers of a backend/listen section (`server` and `server-template` lines), in order. Pass
 * `cfg` to apply `default-server` lines as HAProxy does: those of the section's defaults
 * (`effectiveDefaults`), then those of the section that come before each server.
 */
export function getServers(section: HaproxySection, opts: ActiveOptions & { cfg?: HaproxyConfig } = {}): ServerInfo[] {
  let inherited: LineOption[] = [];
  if (opts.cfg) {
    // defaults chain, oldest first (`defaults b from a` carries a's settings)
    const chain: HaproxySection[] = [];
    for (let d = effectiveDefaults(opts.cfg, section); d && !chain.includes(d); d = effectiveDefaults(opts.cfg, d)) chain.unshift(d);
    for (const d of chain) for (const l of getLines(d, 'default-server')) inherited = inherited.concat(parseServerLine(l).options);
  }
  const out: ServerInfo[] = [];
  for (const l of section.lines) {
    if ((!opts.includeInactive && l.inactive) || l.prefix) continue;
    if (l.keyword === 'default-server' && opts.cfg) inherited = inherited.concat(parseServerLine(l).options);
    else if (l.keyword === 'server' || l.keyword === 'server-template') out.push(parseServerLine(l, inherited));
  }
  return out;
}

/** Bind lines of a frontend/listen section, parsed. */
export function getBinds(section: HaproxySection, opts: ActiveOptions = {}): BindInfo[] {
  return getLines(section, 'bind', opts)
    .filter((l) => !l.prefix)
    .map(parseBindLine);
}

/** Frontend and listen sections with a `bind` on `port` (ranges included), with the matching bind. */
export function sectionsBindingPort(cfg: HaproxyConfig, port: number): Array<{ section: HaproxySection; bind: BindInfo; address: HaproxyAddress }> {
  const out: Array<{ section: HaproxySection; bind: BindInfo; address: HaproxyAddress }> = [];
  for (const section of findSections(cfg, FRONTEND_TYPES)) {
    for (const bind of getBinds(section)) {
      for (const address of bind.addresses) if (addressHasPort(address, port)) out.push({ section, bind, address });
    }
  }
  return out;
}

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
 * serves traffic itself; check `getServers(section)` for that case.
 */
export function backendRefs(cfg: HaproxyConfig, section: HaproxySection): BackendRef[] {
  const targets = (name: string): HaproxySection | undefined => sectionByName(cfg, name, BACKEND_TYPES);
  const out: BackendRef[] = [];
  for (const l of getLines(section, 'use_backend')) {
    const name = l.args[0] ?? '';
    const ci = l.args.findIndex((a) => a === 'if' || a === 'unless');
    const ref: BackendRef = { name, line: l, kind: 'use_backend', section, inherited: false, target: targets(name) };
    if (ci >= 0) ref.condition = l.args.slice(ci);
    out.push(ref);
  }
  const def = resolveSetting(cfg, section, 'default_backend');
  if (def) {
    const name = def.line.args[0] ?? '';
    out.push({ name, line: def.line, kind: 'default_backend', section: def.section, inherited: def.inherited, target: targets(name) });
  }
  return out;
}

/** The effective `balance` of a backend/listen (own, else from defaults). Default in HAProxy: roundrobin. */
export function getBalance(cfg: HaproxyConfig, section: HaproxySection): (Resolved<string> & { args: string[] }) | undefined {
  const r = resolveSetting(cfg, section, 'balance');
  if (!r) return undefined;
  return { ...r, value: r.line.args[0] ?? '', args: r.line.args.slice(1) };
}

/** The effective `mode` (`http`/`tcp`/...) of a proxy (own, else from defaults). HAProxy's default is tcp. */
export function getMode(cfg: HaproxyConfig, section: HaproxySection): Resolved<string> | undefined {
  const r = resolveSetting(cfg, section, 'mode');
  if (!r) return undefined;
  return { ...r, value: r.line.args[0] ?? '' };
}
