import { defineCheck } from '../context';
import { fileStart, requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { backendRefs, findSections, FRONTEND_TYPES, bindsOf } from '../../model/haproxy';
import type { HaproxySection } from '../../parsers/haproxy/ast';
import { headerRules, isHttpMode, ruleScope, sectionName } from '../tls/haproxy-tls';

/** testssl.sh's threshold (180 days) and Mozilla's recommendation (2 years), in seconds. */
const MIN_AGE = 15552000;
const GOOD_AGE = 63072000;

export default defineCheck(
  {
    id: 'haproxy/hsts',
    reads: ['haproxy'],
    title: 'HTTPS responses carry Strict-Transport-Security (HSTS) with a long max-age',
    component: 'haproxy',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'no-tls':
        'No frontend terminates TLS (no `bind ... ssl crt`), so no HTTPS response can carry Strict-Transport-Security: see haproxy/https-bind first.',
      missing:
        '{{type}} `{{name}}` terminates TLS but its responses carry no Strict-Transport-Security header, so a browser keeps trying http:// first (open to downgrade): add `http-response set-header Strict-Transport-Security "max-age=63072000" if { ssl_fc }`.',
      'request-header':
        '`{{rule}}` sets Strict-Transport-Security on the request sent to the web servers, not on the response the browser receives: use `http-response set-header` (or `http-after-response set-header`).',
      'plain-only':
        '`{{rule}}` only applies to plain-HTTP traffic, where browsers ignore HSTS: apply it to TLS traffic (`if { ssl_fc }`).',
      'no-max-age':
        '`{{rule}}` has no `max-age=<seconds>`: browsers ignore a Strict-Transport-Security header without it. Use `"max-age=63072000"`.',
      'too-short':
        '`{{rule}}`: max-age={{age}} seconds is under 180 days ({{min}} s), too short to protect returning visitors (testssl.sh flags it): use `max-age=63072000` (2 years).',
      short: '`{{rule}}`: max-age={{age}} seconds works, but Mozilla recommends 2 years (`max-age=63072000`).',
      'tcp-mode':
        '`{{rule}}` is in {{type}} `{{name}}`, which does not run in `mode http`: HAProxy ignores it (see haproxy/http-mode). Set `mode http`.',
    },
    hint: 'In the frontend that terminates TLS: `http-response set-header Strict-Transport-Security "max-age=63072000" if { ssl_fc }`.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    const fronts = findSections(cfg, FRONTEND_TYPES).filter((s) => bindsOf(s).some((b) => b.ssl));
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
        for (const h of headerRules(s, ['http-response', 'http-after-response', 'http-request'])) {
          if (h.name.toLowerCase() !== 'strict-transport-security') continue;
          const rule = h.line.raw.trim();
          const report = (messageId: string, data: Record<string, string | number> = {}, severity?: 'warning') => {
            if (!seen.has(h.line))
              ctx.report({ messageId, data: { rule, ...data }, loc: h.line.span, ...(severity ? { severity } : {}) });
          };
          found = true;
          if (h.phase === 'http-request') report('request-header');
          else if (!isHttpMode(cfg, s)) report('tcp-mode', { type: s.type, name: sectionName(s) });
          else if (ruleScope(s, h.line) === 'plain') report('plain-only');
          else {
            const m = /(?:^|;)\s*max-age\s*=\s*"?(\d+)/i.exec(h.value);
            if (!m) report('no-max-age');
            else {
              const age = Number(m[1]);
              if (age < MIN_AGE) report('too-short', { age, min: MIN_AGE });
              else if (age < GOOD_AGE) report('short', { age }, 'warning');
            }
          }
          seen.add(h.line);
        }
      }
      if (!found)
        ctx.report({ messageId: 'missing', data: { type: fe.type, name: sectionName(fe) }, loc: fe.header.span });
    }
  }),
);
