import { defineCheck } from '../context';
import { bindsOf, findSections, getMode, FRONTEND_TYPES } from '../../model/haproxy';
import { eachHost, fileStart, requireLb, HAPROXY_NOT_FOUND } from '../util';
import { verdict } from '../firewall/common';
import { lbPort } from '../shared-options';

/** Private (RFC 1918), loopback or link-local IPv4. */
const PRIVATE = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|169\.254\.)/;

export default defineCheck(
  {
    id: 'monitoring/haproxy-metrics',
    reads: ['haproxy'],
    options: { lbPort },
    title: "HAProxy's built-in Prometheus exporter runs, on a bind the internet cannot reach",
    component: 'monitoring',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      missing:
        'No frontend serves `prometheus-exporter`: HAProxy (built with it on Debian 12) exposes no metrics for monitor-01 to scrape.',
      public:
        "`{{section}}` serves the metrics on {{bind}}, the site's public frontend: anyone can read your servers' names, states and traffic. Serve them from a frontend of their own on a private address or port.",
      'open-port':
        '`{{section}}` serves the metrics on {{bind}}, every address, and {{why}} ({{what}}): the internet can read them. Bind the private address, or let only monitor-01 in.',
      'tcp-mode':
        '`{{section}}` is in `mode tcp`: `http-request use-service prometheus-exporter` needs `mode http` (HAProxy ignores it with a warning).',
    },
    hint: 'A frontend of its own: `frontend metrics` / `bind <private address>:8405` / `http-request use-service prometheus-exporter if { path /metrics }` (mode http).',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    const serving = findSections(cfg, FRONTEND_TYPES).filter((s) =>
      s.lines.some(
        (l) => l.keyword === 'http-request' && l.args[0] === 'use-service' && l.args[1] === 'prometheus-exporter',
      ),
    );
    if (!serving.length) {
      ctx.report({ messageId: 'missing', loc: fileStart(lb.unit) });
      return;
    }
    for (const s of serving) {
      const name = `${s.type} ${s.name ?? ''}`.trim();
      if (getMode(cfg, s)?.value === 'tcp') {
        ctx.report({ messageId: 'tcp-mode', data: { section: name }, loc: s.header.span });
        continue;
      }
      for (const b of bindsOf(s)) {
        for (const a of b.addresses) {
          const bind = b.line.args[0] ?? '';
          if (a.port === ctx.options.lbPort || a.port === 443) {
            ctx.report({ messageId: 'public', data: { section: name, bind }, loc: b.line.span });
          } else if (a.wildcard && a.port !== undefined) {
            const v = verdict(lb.host, { from: 'internet', proto: 'tcp', port: a.port });
            if (v.verdict === 'allow')
              ctx.report({
                messageId: 'open-port',
                data: { section: name, bind, why: v.why, what: v.what },
                loc: b.line.span,
              });
          } else if (a.host && !a.wildcard && !PRIVATE.test(a.host)) {
            const v = verdict(lb.host, { from: 'internet', proto: 'tcp', port: a.port ?? 0 });
            if (v.verdict === 'allow')
              ctx.report({
                messageId: 'open-port',
                data: { section: name, bind, why: v.why, what: v.what },
                loc: b.line.span,
              });
          }
        }
      }
    }
  }),
);
