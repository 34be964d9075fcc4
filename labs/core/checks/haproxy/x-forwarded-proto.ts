import { defineCheck } from '../context';
import { editDistance } from '../../editDistance';
import { fileStart, requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { backendRefs, findSections, FRONTEND_TYPES, bindsOf, linesOf } from '../../model/haproxy';
import type { HaproxyLine, HaproxySection } from '../../parsers/haproxy/ast';
import { headerRules, isHttpMode, ruleScope, ruleSees, sectionName } from '../tls/haproxy-tls';

const XFP = 'x-forwarded-proto';

/** A header name that is X-Forwarded-Proto misspelt: `X_Forwarded-Proto`, `X-Forward-Proto`, `X-Fowarded-Proto`... */
function nearXfp(name: string): boolean {
  const n = name.toLowerCase();
  if (n === XFP) return false;
  const squashed = n.replace(/[^a-z]/g, '');
  if (squashed === 'xforwardedproto' || squashed === 'xforwardproto' || squashed === 'xforwardedprotocol') return true;
  return /^x.?forw?a?r?d?e?d?.?proto/.test(n) || editDistance(n, XFP) <= 2;
}

/** An `http-request redirect` of plain traffic before line `before`: plain requests then never reach the header rule. */
function redirectedBefore(section: HaproxySection, before: number): boolean {
  return linesOf(section, 'http-request').some(
    (l) => l.line < before && l.args[0] === 'redirect' && ['plain', 'any'].includes(ruleScope(section, l)),
  );
}

export default defineCheck(
  {
    id: 'haproxy/x-forwarded-proto',
    reads: ['haproxy'],
    title: 'The web servers learn the request came over HTTPS (X-Forwarded-Proto: https)',
    component: 'haproxy',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'no-tls':
        'No frontend terminates TLS (no `bind ... ssl crt`), so no request can be marked `X-Forwarded-Proto: https`: see haproxy/https-bind first.',
      missing:
        '{{type}} `{{name}}` terminates TLS but does not tell the web servers: the application sees plain http:// requests (wrong links, redirect loops). Add `http-request set-header X-Forwarded-Proto https if { ssl_fc }`.',
      misspelt:
        '`{{rule}}` sets `{{header}}`, not `X-Forwarded-Proto`: nothing reads that header, so the application never learns the request came over HTTPS. Spell it `X-Forwarded-Proto` (hyphens, "Forwarded").',
      'misspelt-plain':
        '`{{rule}}` sets `{{header}}`, not `X-Forwarded-Proto`. Only plain-HTTP requests meet this rule, so HTTPS is not affected, but nothing reads that header: spell it `X-Forwarded-Proto` (hyphens, "Forwarded").',
      'response-header':
        '`{{rule}}` sets X-Forwarded-Proto on the response to the browser, not on the request the web servers receive: use `http-request set-header`.',
      'https-on-plain':
        '`{{rule}}` also labels plain-HTTP requests `https` (this frontend binds a port without TLS too): add `if { ssl_fc }`, and `http-request set-header X-Forwarded-Proto http unless { ssl_fc }` if you want plain requests labelled.',
      'wrong-value': '`{{rule}}` sends `X-Forwarded-Proto: {{value}}` on TLS traffic: the value must be `https`.',
      'tcp-mode':
        '`{{rule}}` is in {{type}} `{{name}}`, which does not run in `mode http`: HAProxy ignores it (see haproxy/http-mode). Set `mode http`.',
    },
    hint: 'In the frontend that terminates TLS: `http-request set-header X-Forwarded-Proto https if { ssl_fc }`.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    const fronts = findSections(cfg, FRONTEND_TYPES).filter((s) => bindsOf(s).some((b) => b.ssl));
    // misspelt names anywhere (every frontend and backend): an error where TLS traffic meets the rule (the
    // application never learns it came over HTTPS), a warning where only plain HTTP does (the header is still
    // misnamed, but HTTPS requests are labelled elsewhere or reported as missing below)
    const seesTls = (s: HaproxySection, line: HaproxyLine): boolean =>
      s.type === 'defaults' ||
      (s.type === 'backend'
        ? fronts.some((fe) => backendRefs(cfg, fe).some((r) => r.target === s) && ruleSees(s, line, fe).tls)
        : ruleSees(s, line).tls);
    for (const s of findSections(cfg, ['frontend', 'listen', 'backend', 'defaults'])) {
      for (const h of headerRules(s, ['http-request', 'http-response', 'http-after-response'])) {
        if (!nearXfp(h.name)) continue;
        const tls = seesTls(s, h.line);
        ctx.report({
          messageId: tls ? 'misspelt' : 'misspelt-plain',
          data: { rule: h.line.raw.trim(), header: h.name },
          loc: h.line.words[2]?.span ?? h.line.span,
          ...(tls ? {} : { severity: 'warning' as const }),
        });
      }
    }
    if (fronts.length === 0) {
      ctx.report({ messageId: 'no-tls', loc: fileStart(lb.unit) });
      return;
    }
    const seen = new Set<unknown>();
    for (const fe of fronts) {
      const sections: HaproxySection[] = [fe];
      for (const r of backendRefs(cfg, fe)) if (r.target && !sections.includes(r.target)) sections.push(r.target);
      let found = false;
      for (const s of sections) {
        for (const h of headerRules(s, ['http-request', 'http-response', 'http-after-response'])) {
          if (h.name.toLowerCase() !== XFP) continue;
          const rule = h.line.raw.trim();
          const report = (messageId: string, data: Record<string, string | number> = {}, severity?: 'warning') => {
            if (!seen.has(h.line))
              ctx.report({ messageId, data: { rule, ...data }, loc: h.line.span, ...(severity ? { severity } : {}) });
          };
          if (h.phase !== 'http-request') {
            report('response-header');
            seen.add(h.line);
            continue;
          }
          if (!isHttpMode(cfg, s)) {
            report('tcp-mode', { type: s.type, name: sectionName(s) });
            found = true;
            seen.add(h.line);
            continue;
          }
          const sees = ruleSees(s, h.line, fe);
          if (!sees.tls) {
            seen.add(h.line);
            continue;
          }
          found = true;
          if (h.value.toLowerCase() !== 'https') {
            // a sample fetch such as %[ssl_fc,iif(https,http)] gives the right value on both sides
            if (!/^%\[/.test(h.value)) report('wrong-value', { value: h.value });
          } else if (sees.plain && sees.scope === 'any' && !redirectedBefore(s, h.line.line))
            report('https-on-plain', {}, 'warning');
          seen.add(h.line);
        }
      }
      if (!found)
        ctx.report({ messageId: 'missing', data: { type: fe.type, name: sectionName(fe) }, loc: fe.header.span });
    }
  }),
);
