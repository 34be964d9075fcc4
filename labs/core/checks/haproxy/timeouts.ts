import { defineCheck } from '../context';
import { effective } from '../../model/haproxy';
import type { HaproxySection } from '../../parsers/haproxy/ast';
import { fileStart, requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { lbPort } from '../shared-options';

export default defineCheck(
  {
    id: 'haproxy/timeouts',
    reads: ['haproxy'],
    options: { lbPort },
    title: 'Client, server and connect timeouts are set',
    component: 'haproxy',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      missing:
        '`timeout {{name}}` is not set for `{{section}}` (nor in its defaults): HAProxy warns, and stuck connections are never closed.',
      zero: '`timeout {{name}}` is 0 for `{{section}}`: that means no timeout at all.',
    },
    hint: 'In `defaults`, set `timeout connect 5s`, `timeout client 30s` and `timeout server 30s`.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    const sections: Array<{ s: HaproxySection; need: string[] }> = [];
    for (const s of cfg.sections) {
      if (s.type === 'frontend') sections.push({ s, need: ['client'] });
      else if (s.type === 'backend') sections.push({ s, need: ['connect', 'server'] });
      else if (s.type === 'listen') sections.push({ s, need: ['connect', 'client', 'server'] });
    }
    if (sections.length === 0) {
      for (const name of ['connect', 'client', 'server'])
        ctx.report({ messageId: 'missing', data: { name, section: 'defaults' }, loc: fileStart(lb.unit) });
      return;
    }
    const reported = new Set<string>();
    for (const { s, need } of sections) {
      for (const name of need) {
        const e = effective(cfg, s, 'timeout', name);
        const label = s.name ?? s.type;
        if (!e || e.negated) {
          ctx.report({ messageId: 'missing', data: { name, section: label }, loc: s.header.span });
        } else if (/^0+(ms|s|m|h|d|us)?$/.test(e.line.args[1] ?? '') && !reported.has(`${e.line.line}`)) {
          reported.add(`${e.line.line}`);
          ctx.report({ messageId: 'zero', data: { name, section: label }, loc: e.line.span });
        }
      }
    }
  }),
);
