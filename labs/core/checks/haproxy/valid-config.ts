import { defineCheck } from '../context';
import { lbUnit, HAPROXY_NOT_FOUND, eachHost, hostsWithRole } from '../util';
import { SERVER_KEYWORDS } from '../../model/haproxy';
import { lbPort } from '../shared-options';

export default defineCheck(
  {
    id: 'haproxy/valid-config',
    reads: ['haproxy'],
    tool: 'haproxy -c',
    options: { lbPort },
    title: 'The HAProxy configuration is valid',
    component: 'haproxy',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      parse: '{{detail}}',
      tool: '`{{tool}}` says: {{detail}}',
      'tool-ok': '`{{tool}}` accepted the configuration.',
      'tool-note': '{{detail}}',
      'no-address':
        '`server {{name}}` has no address: HAProxy refuses the configuration (it reads the next word as a host name to look up).',
    },
    hint: 'Fix what is reported, at the line shown when there is one; `haproxy -c -f haproxy.cfg` checks a configuration without starting it.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = lbUnit(ctx);
    if (!lb) return;
    if (lb.host.haproxy.length === 0) {
      ctx.report({ messageId: 'not-found', data: { host: lb.host.name } });
      return;
    }
    const parsed = new Set<string>();
    for (const u of lb.host.haproxy) {
      for (const d of u.diagnostics) {
        if (d.severity === 'error') parsed.add(`${d.span.file}:${d.span.line}`);
        ctx.report({
          messageId: 'parse',
          data: { detail: d.message, code: d.code },
          loc: d.span,
          severity: d.severity,
        });
      }
    }
    for (const u of lb.host.haproxy) {
      for (const s of u.config.sections) {
        for (const l of s.lines) {
          if (l.keyword !== 'server' || l.prefix !== undefined) continue;
          if (l.args[1] === undefined || SERVER_KEYWORDS.has(l.args[1])) {
            ctx.report({ messageId: 'no-address', data: { name: l.args[0] ?? '' }, loc: l.span });
            parsed.add(`${l.span.file}:${l.span.line}`);
          }
        }
      }
    }
    // A real-tool message on a line the parser already reported says the same thing: keep the parser's.
    // (Each load balancer's run reports the messages about its own files, and those about no file once.)
    const many = hostsWithRole(ctx, 'load-balancer').length > 1;
    const first = hostsWithRole(ctx, 'load-balancer')[0] === lb.host;
    const own = (f: { loc?: { file: string } }) =>
      !many ? true : f.loc ? f.loc.file.startsWith(`${lb.host.name}/`) : first;
    for (const f of (ctx.external ?? []).filter(own)) {
      if (f.loc && (f.severity ?? 'error') === 'error' && parsed.has(`${f.loc.file}:${f.loc.line}`)) continue;
      ctx.report(f);
    }
  }),
);
