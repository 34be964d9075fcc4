import { defineCheck } from '../context';
import { hostsWithRole } from '../util';
import { NOT_FOUND } from './common';
import { webPort } from '../shared-options';

export default defineCheck(
  {
    id: 'nginx/valid-config',
    reads: ['nginx'],
    tool: 'nginx -t',
    options: { webPort },
    title: 'The Nginx configurations are valid',
    component: 'nginx',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': NOT_FOUND,
      parse: '{{detail}}',
      tool: '`{{tool}}` says: {{detail}}',
      'tool-ok': '`{{tool}}` accepted the configuration of {{host}}.',
      'tool-note': '{{detail}}',
    },
    hint: 'Fix what is reported, at the line shown when there is one; `nginx -t` checks a configuration without starting the server.',
  },
  (ctx) => {
    const parsed = new Set<string>();
    for (const host of hostsWithRole(ctx, 'web')) {
      if (host.nginx.length === 0) {
        ctx.report({ messageId: 'not-found', data: { host: host.name } });
        continue;
      }
      const seen = new Set<string>();
      for (const u of host.nginx) {
        for (const d of u.parse.diagnostics) {
          const key = `${d.code}:${d.span.file}:${d.span.line}:${d.span.column}`;
          if (seen.has(key)) continue;
          seen.add(key);
          // Nginx itself refuses an unknown directive (`nginx: [emerg] unknown directive`), whatever crossplane tolerates.
          const severity = d.code === 'nginx/unknown-directive' ? 'error' : d.severity;
          if (severity === 'error') parsed.add(`${d.span.file}:${d.span.line}`);
          ctx.report({ messageId: 'parse', data: { detail: d.message, code: d.code }, loc: d.span, severity });
        }
      }
    }
    // A real-tool message on a line the parser already reported says the same thing: keep the parser's.
    for (const f of ctx.external ?? []) {
      if (f.loc && (f.severity ?? 'error') === 'error' && parsed.has(`${f.loc.file}:${f.loc.line}`)) continue;
      ctx.report(f);
    }
  },
);
