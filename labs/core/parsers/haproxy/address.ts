/**
 * Address and time values as HAProxy 2.6 reads them (`str2sa_range()`, `parse_time_err()`): what the
 * parser needs to check `bind`/`server`/`timeout` arguments, and what `model/haproxy.ts` (the queries
 * checks ask of a config) builds on. Pure functions, no throws.
 */

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
  /**
   * What follows the port's digits, which HAProxy ignores as C's strtol does (`10.0.0.12:80check` is port 80: a
   * missing space, so `check` is not an option).
   */
  portIgnored?: string;
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

/**
 * The value of an IPv4 address in the forms glibc's inet_aton reads (HAProxy resolves an address that is not a
 * dotted quad through getaddrinfo, which accepts them): 1 to 4 parts, each decimal, octal (leading 0) or hex
 * (0x), the last part filling the remaining bytes (`0` is 0.0.0.0, `127.1` is 127.0.0.1). Undefined otherwise.
 */
export function inetAton(h: string): number | undefined {
  if (h === '' || h.length > 64) return undefined;
  const parts = h.split('.');
  if (parts.length > 4) return undefined;
  const vals: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length > 2 ? parseInt(p.slice(2), 16) : 0;
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = Number(p);
    else return undefined;
    vals.push(v);
  }
  const last = vals.pop()!;
  if (vals.some((v) => v > 255) || last >= 2 ** (8 * (4 - vals.length))) return undefined;
  return vals.reduce((acc, v, i) => acc + v * 2 ** (8 * (3 - i)), 0) + last;
}

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
    else if ((c0 === 43 || c0 === 45) && isDigits(portPart.slice(1)))
      out.portOffset = (c0 === 45 ? -1 : 1) * Number(portPart.slice(1));
    else if (dash > 0 && isDigits(portPart.slice(0, dash)) && isDigits(portPart.slice(dash + 1))) {
      out.port = Number(portPart.slice(0, dash));
      out.portRange = { from: out.port, to: Number(portPart.slice(dash + 1)) };
    } else {
      const lead = /^(\d+)([^\d-].*)$/s.exec(portPart);
      if (lead) {
        out.port = Number(lead[1]);
        out.portIgnored = lead[2];
      } else badPort = true;
    }
  }
  const numeric = isIPv4(host) ? undefined : inetAton(host);
  if (host === '' || host === '*' || host === '0.0.0.0' || host === '::' || numeric === 0) out.wildcard = true;
  if (badPort) out.family = 'unknown';
  else if (fam && fam !== 'any') out.family = fam;
  else if (host === '' || host === '*') out.family = 'any';
  else if (isIPv4(host) || numeric !== undefined) out.family = 'ipv4';
  else if (host.includes(':')) out.family = 'ipv6';
  else if (HOSTNAME.test(host)) out.family = 'hostname';
  return out;
}

/** True when the address listens on/targets `port` (single port, or inside a range). */
export function addressHasPort(a: HaproxyAddress, port: number): boolean {
  if (a.portRange) return port >= a.portRange.from && port <= a.portRange.to;
  return a.port === port;
}

/** Parses a comma-separated `bind` address list: `:80,:8080`, `*:80`, `[::]:443`, `unix@/p`. */
export function parseBindAddresses(value: string): HaproxyAddress[] {
  return value
    .split(',')
    .filter((p) => p !== '')
    .map(parseAddress);
}
