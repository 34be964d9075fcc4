import { defineCheck } from '../context';
import { requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { findSections, getMode, linesOf } from '../../model/haproxy';
import { sectionName } from '../tls/haproxy-tls';

/** Rules HAProxy applies only in `mode http` (it warns "... rules ignored ... as they require HTTP mode"). */
const HTTP_RULES = ['http-request', 'http-response', 'http-after-response', 'redirect'];

export default defineCheck(
  {
    id: 'haproxy/http-mode',
    reads: ['haproxy'],
    title: 'Redirect and header rules sit in `mode http` sections (HAProxy ignores them in mode tcp)',
    component: 'haproxy',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      ignored:
        '`{{keyword}}` is ignored: {{type}} `{{name}}` runs in `mode {{mode}}` ({{why}}), and HAProxy applies `http-request`, `http-response` and `redirect` rules only in `mode http`, so this redirect or header never happens. Set `mode http` in `defaults` (or in this section).',
    },
    hint: 'Put `mode http` in `defaults` (HAProxy defaults to `mode tcp`, where HTTP rules are ignored).',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    for (const s of findSections(cfg, ['frontend', 'listen', 'backend'])) {
      const mode = getMode(cfg, s);
      if (mode?.value === 'http') continue;
      const why = mode
        ? `\`mode ${mode.value}\` at line ${mode.line.line}`
        : 'no `mode` line here or in its defaults: HAProxy then uses tcp';
      for (const kw of HTTP_RULES) {
        for (const l of linesOf(s, kw)) {
          ctx.report({
            messageId: 'ignored',
            data: {
              mode: mode?.value ?? 'tcp',
              keyword: `${kw} ${l.args[0] ?? ''}`.trim(),
              type: s.type,
              name: sectionName(s),
              why,
            },
            loc: l.span,
          });
        }
      }
    }
  }),
);
