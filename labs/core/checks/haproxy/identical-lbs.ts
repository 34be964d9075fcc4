import { defineCheck } from '../context';
import type { HaproxyLine, HaproxySection } from '../../parsers/haproxy/ast';
import type { HaproxyUnit, HostModel } from '../../model/types';
import { fileStart, hostsWithRole, unitsOf } from '../util';
import type { KeepalivedConf } from '../../parsers/keepalived/types';

/** The sections that decide what a load balancer serves (global holds host-specific settings: not compared). */
const COMPARED = new Set(['defaults', 'frontend', 'backend', 'listen']);

interface Line {
  sig: string;
  text: string;
  line: HaproxyLine;
}

/**
 * A section's lines, as comparable signatures: this host's own address and name, the VIPs and the
 * wildcard all read alike in `bind` lines (`bind *:80` on one and `bind VIP:80` on the other serve the same).
 */
function sectionLines(section: HaproxySection, host: HostModel, vips: string[]): Line[] {
  const out: Line[] = [];
  for (const line of section.lines) {
    if (line.inactive || line.directive || line.scope) continue;
    let words = [...(line.prefix ? [line.prefix] : []), line.keyword, ...line.args];
    const own = new RegExp(`(^|[^\\d.])${host.address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d])`, 'g');
    words = words.map((w) => w.replace(own, '$1<own>'));
    if (line.keyword === 'bind' && words[1] !== undefined) {
      const at = words[1].lastIndexOf(':');
      const addr = at >= 0 ? words[1].slice(0, at) : '';
      if (['', '*', '0.0.0.0', '::', '[::]', '<own>', ...vips].includes(addr)) words[1] = `<any>${words[1].slice(at)}`;
    }
    // a time written in any unit is its value: `timeout connect 5000` (ms, HAProxy's default unit) is `5s`
    if (line.keyword === 'timeout' && words.length >= 3) words[words.length - 1] = inMs(words[words.length - 1]);
    if (line.keyword === 'server' || line.keyword === 'default-server')
      words = words.map((w, i) => (i > 0 && TIME_OPTIONS.has(words[i - 1]) ? inMs(w) : w));
    out.push({ sig: words.join(' '), text: line.raw.trim(), line });
  }
  return out;
}

const TIME_OPTIONS = new Set(['inter', 'fastinter', 'downinter', 'slowstart']);
const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** A HAProxy time (`5000`, `5s`, `1m`) as milliseconds; anything else as written. */
function inMs(v: string): string {
  const m = /^(\d+)(us|ms|s|m|h|d)?$/.exec(v);
  return m ? `${Number(m[1]) * UNIT_MS[m[2] ?? 'ms']}ms` : v;
}

/** Lines of `a` with no equal line left in `b` (as multisets: a repeated line must be repeated). */
function unmatched(a: Line[], b: Line[]): Line[] {
  const count = new Map<string, number>();
  for (const l of b) count.set(l.sig, (count.get(l.sig) ?? 0) + 1);
  return a.filter((l) => {
    const n = count.get(l.sig) ?? 0;
    if (n > 0) count.set(l.sig, n - 1);
    return n === 0;
  });
}

/** What a line sets: its keyword, and the name it sets for keywords that take one (`server web-01`, `timeout client`). */
function key(l: Line): string {
  const k = l.line.keyword;
  return /^(server|timeout|option|http-check|stats|acl)$/.test(k) ? `${k} ${l.line.args[0] ?? ''}` : k;
}

function sections(unit: HaproxyUnit): Map<string, HaproxySection> {
  const m = new Map<string, HaproxySection>();
  unit.config.sections.forEach((s) => {
    if (COMPARED.has(s.type)) m.set(`${s.type} ${s.name ?? ''}`.trim(), s);
  });
  return m;
}

export default defineCheck(
  {
    id: 'haproxy/identical-lbs',
    reads: ['haproxy'],
    title: 'Both load balancers serve the same frontends and backends',
    component: 'haproxy',
    severity: 'error',
    points: 2,
    messages: {
      'one-lb': 'Only {{count}} load balancer with an HAProxy configuration: nothing to compare yet.',
      'missing-section':
        '{{other}} has no `{{section}}`, which {{first}} has: after a failover, the site {{other}} serves is not the same.',
      'extra-section':
        '`{{section}}` is on {{other}} only ({{first}} has none): the two load balancers serve different things.',
      'missing-line':
        '`{{section}}` on {{other}} lacks `{{line}}` ({{first}}, line {{at}}): after a failover the site behaves differently.',
      'different-line':
        '`{{line}}` in `{{section}}` on {{other}}, where {{first}} has `{{theirs}}` (line {{at}}): after a failover the site behaves differently.',
      'extra-line': '`{{line}}` is in `{{section}}` on {{other}} only: {{first}} has no such line there.',
    },
    hint: 'Use one haproxy.cfg on both load balancers (only host-specific values such as their own addresses may differ).',
  },
  (ctx) => {
    const lbs = hostsWithRole(ctx, 'load-balancer').filter((h) => h.haproxy.length);
    if (lbs.length < 2) {
      ctx.skip('one-lb', { count: lbs.length });
      return;
    }
    const vipsOf = (h: HostModel) =>
      unitsOf<KeepalivedConf>(ctx, 'keepalived', 'load-balancer')
        .filter((u) => u.host === h)
        .flatMap((u) => u.unit.ast.instances.flatMap((i) => i.vips.map((v) => v.address)));
    const vips = [...new Set(lbs.flatMap(vipsOf))];
    const [a, ...rest] = lbs;
    const aUnit = a.haproxy[0];
    const aSecs = sections(aUnit);
    for (const b of rest) {
      const bUnit = b.haproxy[0];
      const bSecs = sections(bUnit);
      const names = { first: a.name, other: b.name };
      for (const [name, sa] of aSecs) {
        const sb = bSecs.get(name);
        if (!sb) {
          ctx.report({ messageId: 'missing-section', data: { ...names, section: name }, loc: fileStart(bUnit) });
          continue;
        }
        const la = sectionLines(sa, a, vips);
        const lb = sectionLines(sb, b, vips);
        const missing = unmatched(la, lb);
        const extra = unmatched(lb, la);
        for (const l of missing) {
          // The same setting with another value reads as one difference, at lb-02's line.
          const twin = extra.findIndex((x) => key(x) === key(l));
          if (twin >= 0) {
            const [x] = extra.splice(twin, 1);
            ctx.report({
              messageId: 'different-line',
              data: { ...names, section: name, line: x.text, theirs: l.text, at: l.line.line },
              loc: x.line.span,
            });
          } else
            ctx.report({
              messageId: 'missing-line',
              data: { ...names, section: name, line: l.text, at: l.line.line },
              loc: sb.header.span,
            });
        }
        for (const l of extra)
          ctx.report({ messageId: 'extra-line', data: { ...names, section: name, line: l.text }, loc: l.line.span });
      }
      for (const [name, sb] of bSecs)
        if (!aSecs.has(name))
          ctx.report({ messageId: 'extra-section', data: { ...names, section: name }, loc: sb.header.span });
    }
  },
);
