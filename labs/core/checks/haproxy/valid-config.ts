import { defineCheck } from '../context';
import { lbUnit } from '../util';

export default defineCheck(
  {
    id: 'haproxy/valid-config',
    title: 'The HAProxy configuration is valid',
    component: 'haproxy',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': 'No HAProxy configuration found in {{host}}/ (put haproxy.cfg, or the script that writes it, in that folder).',
      'parse': '{{detail}}',
      'tool': '`{{tool}}` says: {{detail}}',
      'tool-ok': '`{{tool}}` accepted the configuration.',
    },
    hint: 'Fix the line shown; `haproxy -c -f haproxy.cfg` checks a configuration without starting it.',
  },
  (ctx) => {
    const lb = lbUnit(ctx);
    if (!lb) return;
    if (lb.host.haproxy.length === 0) {
      ctx.report({ messageId: 'not-found', data: { host: lb.host.name } });
      return;
    }
    for (const u of lb.host.haproxy) {
      for (const d of u.diagnostics) {
        ctx.report({ messageId: 'parse', data: { detail: d.message, code: d.code }, loc: d.span, severity: d.severity });
      }
    }
    for (const f of ctx.external ?? []) ctx.report(f);
  },
);
