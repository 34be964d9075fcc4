import { defineCheck } from '../context';
import { requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { minVersion, sectionName, tlsBinds, versionRank } from './haproxy-tls';

export default defineCheck(
  {
    id: 'tls/min-version',
    reads: ['haproxy'],
    title: 'Every TLS bind refuses versions older than TLS 1.2',
    component: 'tls',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'too-old':
        '`{{how}}` lets {{type}} `{{name}}` (`bind {{bind}}`) accept {{version}}, which is deprecated (RFC 8996) and weak: use `ssl-min-ver TLSv1.2` (in `ssl-default-bind-options`, or on the bind line).',
    },
    hint: 'In `global`: `ssl-default-bind-options ssl-min-ver TLSv1.2` (HAProxy 2.6 also defaults to TLS 1.2 when nothing lowers it).',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    for (const { section, bind } of tlsBinds(cfg)) {
      const mv = minVersion(cfg, bind);
      if (versionRank(mv.version) >= versionRank('TLSv1.2')) continue;
      ctx.report({
        messageId: 'too-old',
        data: {
          how: mv.how,
          type: section.type,
          name: sectionName(section),
          bind: bind.line.args[0] ?? '',
          version: mv.version,
        },
        loc: mv.span ?? bind.line.span,
      });
    }
  }),
);
