/**
 * What the TLS checks (haproxy/https-bind ... tls/curves-supported) ask of a parsed HAProxy config: which
 * binds terminate TLS, the TLS settings each one really gets (its own option, else the global
 * `ssl-default-bind-*` line, else HAProxy's or OpenSSL's default), and whether a rule's `if`/`unless`
 * condition limits it to TLS traffic (`{ ssl_fc }`, a named ACL on `ssl_fc`, `dst_port 443`) or to plain
 * HTTP. Pure functions over the AST, as in model/haproxy.ts.
 */
import type { HaproxyConfig, HaproxyLine, HaproxySection } from '../../parsers/haproxy/ast';
import {
  addressHasPort,
  bindsOf,
  findSections,
  FRONTEND_TYPES,
  getMode,
  linesOf,
  type BindInfo,
  type LineOption,
} from '../../model/haproxy';
import type { Span } from '../../source';

export const HTTPS_PORT = 443;

/** A `bind` line of a frontend/listen section, parsed, with its section. */
export interface SectionBind {
  section: HaproxySection;
  bind: BindInfo;
}

/** Every bind line of every active frontend/listen section. */
export function allBinds(cfg: HaproxyConfig): SectionBind[] {
  return findSections(cfg, FRONTEND_TYPES).flatMap((section) => bindsOf(section).map((bind) => ({ section, bind })));
}

/** The bind lines that terminate TLS (`ssl` on the line). */
export function tlsBinds(cfg: HaproxyConfig): SectionBind[] {
  return allBinds(cfg).filter((b) => b.bind.ssl);
}

export function bindsPort(bind: BindInfo, port: number): boolean {
  return bind.addresses.some((a) => addressHasPort(a, port));
}

export function option(bind: BindInfo, name: string): LineOption | undefined {
  const all = bind.options.filter((o) => o.name === name);
  return all[all.length - 1];
}

export function sectionName(s: HaproxySection): string {
  return s.name ?? s.type;
}

export function isHttpMode(cfg: HaproxyConfig, s: HaproxySection): boolean {
  return getMode(cfg, s)?.value === 'http';
}

/** The last line of a keyword across the `global` sections (HAProxy reads them as one). */
export function globalLine(cfg: HaproxyConfig, keyword: string): HaproxyLine | undefined {
  const ls = findSections(cfg, 'global').flatMap((g) => linesOf(g, keyword));
  return ls[ls.length - 1];
}

/** Every line of a keyword across the `global` sections. */
export function globalLines(cfg: HaproxyConfig, keyword: string): HaproxyLine[] {
  return findSections(cfg, 'global').flatMap((g) => linesOf(g, keyword));
}

/** Where a bind's TLS list (`ciphers`, `ciphersuites`, `curves`) comes from: its own option, or the global default. */
export interface ListSetting {
  value: string;
  /** The span of the value (the bind option, or the global line's first argument). */
  span: Span;
  /** The whole line it is on. */
  line: HaproxyLine;
  from: 'bind' | 'global';
}

export function bindList(
  cfg: HaproxyConfig,
  bind: BindInfo,
  name: 'ciphers' | 'ciphersuites' | 'curves',
): ListSetting | undefined {
  const own = option(bind, name);
  if (own?.value !== undefined) return { value: own.value, span: own.span, line: bind.line, from: 'bind' };
  const g = globalLine(cfg, `ssl-default-bind-${name}`);
  if (g && g.args[0] !== undefined)
    return { value: g.args[0], span: g.words[1]?.span ?? g.span, line: g, from: 'global' };
  return undefined;
}

/** The global `ssl-*-ciphers`/`-ciphersuites`/`-curves` lines and the bind options naming lists (every one written). */
export function writtenLists(
  cfg: HaproxyConfig,
  name: 'ciphers' | 'ciphersuites' | 'curves',
): Array<{ value: string; span: Span; line: HaproxyLine; where: string }> {
  const out: Array<{ value: string; span: Span; line: HaproxyLine; where: string }> = [];
  for (const kw of [`ssl-default-bind-${name}`, `ssl-default-server-${name}`]) {
    for (const l of globalLines(cfg, kw))
      if (l.args[0] !== undefined) out.push({ value: l.args[0], span: l.words[1]?.span ?? l.span, line: l, where: kw });
  }
  for (const { bind } of allBinds(cfg)) {
    for (const o of bind.options)
      if (o.name === name && o.value !== undefined)
        out.push({ value: o.value, span: o.span, line: bind.line, where: `bind ${bind.line.args[0] ?? ''}` });
  }
  return out;
}

export const VERSIONS = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
const NO_FLAGS: Record<string, string> = {
  'no-sslv3': 'SSLv3',
  'no-tlsv10': 'TLSv1.0',
  'no-tlsv11': 'TLSv1.1',
  'no-tlsv12': 'TLSv1.2',
  'no-tlsv13': 'TLSv1.3',
};
const FORCE_FLAGS: Record<string, string> = {
  'force-sslv3': 'SSLv3',
  'force-tlsv10': 'TLSv1.0',
  'force-tlsv11': 'TLSv1.1',
  'force-tlsv12': 'TLSv1.2',
  'force-tlsv13': 'TLSv1.3',
};

/** The words of `ssl-default-bind-options` (global), as options with spans. */
export function globalBindOptions(cfg: HaproxyConfig): Array<LineOption & { line: HaproxyLine }> {
  const out: Array<LineOption & { line: HaproxyLine }> = [];
  for (const l of globalLines(cfg, 'ssl-default-bind-options')) {
    const ws = l.words.slice(1);
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      if ((w.value === 'ssl-min-ver' || w.value === 'ssl-max-ver') && ws[i + 1]) {
        const v = ws[i + 1]!;
        out.push({
          name: w.value,
          value: v.value,
          span: { ...w.span, endLine: v.span.endLine, endColumn: v.span.endColumn, endOffset: v.span.endOffset },
          line: l,
        });
        i++;
      } else out.push({ name: w.value, span: w.span, line: l });
    }
  }
  return out;
}

export interface MinVersion {
  /** The lowest version the bind accepts. */
  version: string;
  /** What sets it: a bind option, the global default options, or HAProxy's own default (TLSv1.2). */
  from: 'bind' | 'global' | 'default';
  span?: Span;
  /** How it is written (`ssl-min-ver TLSv1.0`, `force-tlsv10`, `no-tlsv10`...). */
  how: string;
}

/**
 * The lowest TLS version a bind accepts, as HAProxy 2.6 decides: the bind's `ssl-min-ver` or `force-*`
 * option, else those of `ssl-default-bind-options`, else HAProxy's default (manual 5.1, `ssl-min-ver`:
 * "The default value is TLSv1.2"; `no-tlsv1x` flags can only raise it).
 */
export function minVersion(cfg: HaproxyConfig, bind: BindInfo): MinVersion {
  const g = globalBindOptions(cfg);
  // the bind's own setting wins over the global defaults; within one place, ssl-min-ver over force-*
  for (const [opts, from] of [
    [bind.options, 'bind'],
    [g, 'global'],
  ] as const) {
    const min = [...opts].reverse().find((o) => o.name === 'ssl-min-ver' && o.value);
    if (min) return { version: min.value!, from, span: min.span, how: `ssl-min-ver ${min.value}` };
    const f = opts.find((o) => o.name in FORCE_FLAGS);
    if (f) return { version: FORCE_FLAGS[f.name]!, from, span: f.span, how: f.name };
  }
  return { version: 'TLSv1.2', from: 'default', how: 'default' };
}

/** `no-sslv3`/`no-tlsv1x` words on a bind line or in `ssl-default-bind-options`. */
export function noVersionFlags(opts: readonly LineOption[]): LineOption[] {
  return opts.filter((o) => o.name in NO_FLAGS);
}

export function versionRank(v: string): number {
  return VERSIONS.indexOf(v as (typeof VERSIONS)[number]);
}

// ---------------------------------------------------------------------------------------------
// Conditions: does a rule apply to TLS traffic, plain traffic, or both

/** Which traffic of a frontend a rule's condition selects. */
export type Scope = 'any' | 'tls' | 'plain' | 'other';

/** The ports of a frontend's TLS binds and of its plain binds. */
function portsOf(section: HaproxySection): { tls: Set<number>; plain: Set<number> } {
  const tls = new Set<number>();
  const plain = new Set<number>();
  for (const b of bindsOf(section))
    for (const a of b.addresses) if (a.port !== undefined) (b.ssl ? tls : plain).add(a.port);
  return { tls, plain };
}

/** What one ACL test (criterion and values) says of the traffic: 'tls', 'plain' or undefined (something else). */
function testScope(section: HaproxySection, words: string[]): 'tls' | 'plain' | undefined {
  const [crit, ...rest] = words;
  const values = rest.filter((w) => !w.startsWith('-') && w !== 'bool' && w !== 'eq');
  if (crit === 'ssl_fc' && values.length === 0) return 'tls';
  if (crit === 'dst_port' && values.length) {
    const { tls, plain } = portsOf(section);
    const nums = values.map(Number);
    if (nums.every((n) => tls.has(n))) return 'tls';
    if (nums.every((n) => plain.has(n))) return 'plain';
  }
  return undefined;
}

function aclScope(section: HaproxySection, name: string): 'tls' | 'plain' | undefined {
  const defs = linesOf(section, 'acl').filter((l) => l.args[0] === name);
  if (defs.length === 0) return undefined;
  const scopes = defs.map((d) => testScope(section, d.args.slice(1)));
  return scopes.every((s) => s === scopes[0]) ? scopes[0] : undefined;
}

const flip = (s: 'tls' | 'plain'): 'tls' | 'plain' => (s === 'tls' ? 'plain' : 'tls');

/**
 * The traffic a rule's `if`/`unless` condition selects in its section: `any` (no condition), `tls`
 * (`if { ssl_fc }`, `unless !{ ssl_fc }`, a named ACL on `ssl_fc`, `if { dst_port 443 }` when 443 is the TLS
 * bind), `plain` (the reverse), or `other` (a condition on something else, or one this cannot decide).
 * A condition ANDing a TLS test with other tests still selects only that side: the side is returned.
 */
export function ruleScope(section: HaproxySection, line: HaproxyLine): Scope {
  const i = line.args.findIndex((a) => a === 'if' || a === 'unless');
  if (i < 0) return 'any';
  const unless = line.args[i] === 'unless';
  const words = line.args.slice(i + 1);
  // terms of each OR branch
  const branches: Array<Array<{ neg: boolean; scope: 'tls' | 'plain' | undefined }>> = [[]];
  for (let k = 0; k < words.length; k++) {
    let w = words[k]!;
    if (w === 'or' || w === '||') {
      branches.push([]);
      continue;
    }
    let neg = false;
    if (w === '!') {
      neg = true;
      w = words[++k] ?? '';
    } else if (w.startsWith('!')) {
      neg = true;
      w = w.slice(1);
    }
    let scope: 'tls' | 'plain' | undefined;
    if (w === '{') {
      const inner: string[] = [];
      while (k + 1 < words.length && words[k + 1] !== '}') inner.push(words[++k]!);
      k++;
      scope = testScope(section, inner);
    } else scope = aclScope(section, w);
    branches[branches.length - 1]!.push({ neg, scope });
  }
  const sideOf = (b: Array<{ neg: boolean; scope: 'tls' | 'plain' | undefined }>): Scope => {
    const sides = b.filter((t) => t.scope).map((t) => (t.neg ? flip(t.scope!) : t.scope!));
    if (sides.length === 0) return 'other';
    return sides.every((s) => s === sides[0]) ? sides[0]! : 'other';
  };
  if (!unless) {
    const sides = branches.map(sideOf);
    return sides.every((s) => s === sides[0]) ? sides[0]! : 'other';
  }
  // unless C: only a single test can be flipped exactly
  if (branches.length === 1 && branches[0]!.length === 1) {
    const t = branches[0]![0]!;
    if (!t.scope) return 'other';
    return flip(t.neg ? flip(t.scope) : t.scope);
  }
  return 'other';
}

/** Which traffic of its frontend a rule really sees: TLS, plain, or both (from its binds and condition). */
export function ruleSees(
  section: HaproxySection,
  line: HaproxyLine,
  frontend: HaproxySection = section,
): { tls: boolean; plain: boolean; scope: Scope } {
  const binds = bindsOf(frontend);
  const hasTls = binds.some((b) => b.ssl);
  const hasPlain = binds.some((b) => !b.ssl);
  const scope = ruleScope(section, line);
  return {
    scope,
    tls: hasTls && (scope === 'any' || scope === 'tls' || scope === 'other'),
    plain: hasPlain && (scope === 'any' || scope === 'plain' || scope === 'other'),
  };
}

/** A response/request header rule: `http-response set-header NAME VALUE [cond]` and the like. */
export interface HeaderRule {
  section: HaproxySection;
  line: HaproxyLine;
  /** `http-request`, `http-response`, `http-after-response`. */
  phase: string;
  action: string;
  name: string;
  value: string;
}

const HEADER_ACTIONS = new Set(['set-header', 'add-header']);

export function headerRules(section: HaproxySection, phases: readonly string[]): HeaderRule[] {
  const out: HeaderRule[] = [];
  for (const phase of phases) {
    for (const l of linesOf(section, phase)) {
      const action = l.args[0] ?? '';
      if (!HEADER_ACTIONS.has(action) || l.args.length < 3) continue;
      out.push({ section, line: l, phase, action, name: l.args[1]!, value: l.args[2]! });
    }
  }
  return out;
}
