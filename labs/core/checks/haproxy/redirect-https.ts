import { defineCheck } from '../context';
import { fileStart, requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { backendRefs, findSections, FRONTEND_TYPES, bindsOf, linesOf } from '../../model/haproxy';
import type { HaproxyLine, HaproxySection } from '../../parsers/haproxy/ast';
import { bindsPort, isHttpMode, ruleScope, sectionName } from '../tls/haproxy-tls';
import { lbPort } from '../shared-options';

/** `redirect scheme https ...` / `http-request redirect prefix https://...`: the words after `redirect`. */
function httpsRedirect(line: HaproxyLine): string[] | undefined {
  const args = line.keyword === 'redirect' ? line.args : line.args[0] === 'redirect' ? line.args.slice(1) : undefined;
  if (!args) return undefined;
  const [type, target] = args;
  if (type === 'scheme' && target === 'https') return args;
  if ((type === 'prefix' || type === 'location') && /^https:\/\//i.test(target ?? '')) return args;
  return undefined;
}

export default defineCheck(
  {
    id: 'haproxy/redirect-https',
    reads: ['haproxy'],
    options: { lbPort },
    title: 'HTTP is redirected to HTTPS with a permanent redirect (301 or 308)',
    component: 'haproxy',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'no-http':
        'No frontend binds port {{port}} without TLS, so a visitor typing http:// gets no answer instead of a redirect to HTTPS: keep `bind *:{{port}}` in the frontend and redirect it.',
      missing:
        '{{type}} `{{name}}` answers plain HTTP on port {{port}} without redirecting it to HTTPS: add `http-request redirect scheme https code 301 unless { ssl_fc }`.',
      misplaced:
        '{{type}} `{{name}}` answers plain HTTP on port {{port}} without redirecting it to HTTPS: the redirect at line {{line}} is in frontend `{{other}}`, which receives only HTTPS, so it never applies. Move it to `{{name}}`.',
      'no-code':
        '`{{rule}}` has no `code`, so HAProxy answers 302 (Found), a temporary redirect that browsers and search engines do not remember: add `code 301` (or `code 308`).',
      temporary:
        '`{{rule}}` answers {{code}}, a temporary redirect that browsers and search engines do not remember: use `code 301` (or `code 308`).',
      loop: '`{{rule}}` also applies to requests that arrived over HTTPS on this frontend, so an HTTPS request is redirected to itself again and again: add `unless { ssl_fc }` (or move the redirect to a frontend that binds only port {{port}}).',
      'tcp-mode':
        '`{{rule}}` is in {{type}} `{{name}}`, which does not run in `mode http`: HAProxy ignores the redirect (see haproxy/http-mode). Set `mode http`.',
    },
    hint: 'In the frontend that binds port 80: `http-request redirect scheme https code 301 unless { ssl_fc }`.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    const port = ctx.options.lbPort;
    const fronts = findSections(cfg, FRONTEND_TYPES).filter((s) =>
      bindsOf(s).some((b) => !b.ssl && bindsPort(b, port)),
    );
    if (fronts.length === 0) {
      ctx.report({ messageId: 'no-http', data: { port }, loc: fileStart(lb.unit) });
      return;
    }
    const seen = new Set<HaproxyLine>();
    /** A frontend terminating TLS sends traffic to this backend (a redirect there sees HTTPS requests too). */
    const tlsRoutesTo = (be: HaproxySection) =>
      findSections(cfg, FRONTEND_TYPES).some(
        (f) => bindsOf(f).some((b) => b.ssl) && backendRefs(cfg, f).some((r) => r.target === be),
      );
    for (const fe of fronts) {
      const hasTls = bindsOf(fe).some((b) => b.ssl);
      // the frontend's own rules, then those of the backends it routes to (a redirect there works too)
      const sections: HaproxySection[] = [fe];
      for (const r of backendRefs(cfg, fe)) if (r.target && !sections.includes(r.target)) sections.push(r.target);
      let found = false;
      /** An earlier rule already redirects every plain request: later ones never meet plain traffic. */
      let caught = false;
      // HAProxy's order: the frontend's http-request rules, its redirect rules, then the backend's
      for (const s of sections) {
        for (const l of [...linesOf(s, 'http-request'), ...linesOf(s, 'redirect')]) {
          const args = httpsRedirect(l);
          if (!args) continue;
          const scope = ruleScope(s, l);
          if (scope === 'tls') continue; // only TLS traffic: not a redirect of plain HTTP
          const rule = l.raw.trim();
          found = true;
          if (seen.has(l)) continue;
          const shadowed = caught;
          if (!shadowed && (scope === 'plain' || scope === 'any') && isHttpMode(cfg, s)) caught = true;
          if (shadowed) {
            // what it does to TLS traffic still matters (a loop); its code never reaches a plain request
            if (scope === 'any' && isHttpMode(cfg, s) && (s === fe ? hasTls : tlsRoutesTo(s))) {
              seen.add(l);
              ctx.report({ messageId: 'loop', data: { rule, port }, loc: l.span });
            }
            continue;
          }
          seen.add(l);
          if (!isHttpMode(cfg, s)) {
            ctx.report({
              messageId: 'tcp-mode',
              data: { rule, type: s.type, name: sectionName(s) },
              loc: l.span,
            });
            continue;
          }
          if (scope === 'any' && (s === fe ? hasTls : tlsRoutesTo(s)))
            ctx.report({ messageId: 'loop', data: { rule, port }, loc: l.span });
          const ci = args.indexOf('code');
          const code = ci >= 0 ? args[ci + 1] : undefined;
          if (code === undefined) ctx.report({ messageId: 'no-code', data: { rule }, loc: l.span });
          else if (code !== '301' && code !== '308') {
            ctx.report({
              messageId: 'temporary',
              data: { rule, code },
              loc: args === l.args ? (l.words[ci + 2]?.span ?? l.span) : (l.words[ci + 3]?.span ?? l.span),
            });
          }
        }
      }
      if (found) continue;
      // a redirect written in a frontend that receives only HTTPS (a learner's real answer): say where it went
      const elsewhere = findSections(cfg, FRONTEND_TYPES)
        .filter((f) => !fronts.includes(f))
        .flatMap((f) => [...linesOf(f, 'http-request'), ...linesOf(f, 'redirect')].map((l) => ({ f, l })))
        .find(({ l }) => httpsRedirect(l));
      if (elsewhere)
        ctx.report({
          messageId: 'misplaced',
          data: { type: fe.type, name: sectionName(fe), port, line: elsewhere.l.line, other: sectionName(elsewhere.f) },
          loc: fe.header.span,
          related: [
            {
              loc: elsewhere.l.span,
              messageId: 'misplaced',
              data: {
                type: fe.type,
                name: sectionName(fe),
                port,
                line: elsewhere.l.line,
                other: sectionName(elsewhere.f),
              },
            },
          ],
        });
      else
        ctx.report({
          messageId: 'missing',
          data: { type: fe.type, name: sectionName(fe), port },
          loc: fe.header.span,
        });
    }
  }),
);
