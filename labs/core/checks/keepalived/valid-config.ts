import { defineCheck } from '../context';
import { hostsWithRole } from '../util';
import { KA_MESSAGES, KA_ROLE, loadBalancers } from './common';
import type { KindUnit } from '../../model/types';
import type { KeepalivedConf } from '../../parsers/keepalived/types';

export default defineCheck(
  {
    id: 'keepalived/valid-config',
    reads: ['keepalived'],
    tool: 'keepalived -t',
    title: 'The keepalived configuration is valid',
    component: 'keepalived',
    severity: 'error',
    points: 2,
    messages: {
      ...KA_MESSAGES,
      parse: '{{detail}}',
      tool: '`{{tool}}` says: {{detail}}',
      'tool-ok': '`{{tool}}` accepted the configuration.',
      'tool-note': '{{detail}}',
    },
    hint: 'Fix what is reported, at the line shown; `keepalived -t -f /etc/keepalived/keepalived.conf` checks a configuration without starting it.',
  },
  (ctx) => {
    loadBalancers(ctx);
    const lbs = hostsWithRole(ctx, KA_ROLE);
    const errorLines = new Set<string>();
    for (const host of lbs) {
      for (const u of (host.units.keepalived ?? []) as Array<KindUnit<KeepalivedConf>>) {
        for (const d of u.diagnostics) {
          if (d.severity === 'error') errorLines.add(`${d.span.file}:${d.span.line}`);
          ctx.report({
            messageId: 'parse',
            data: { detail: d.message, code: d.code },
            loc: d.span,
            severity: d.severity,
          });
        }
      }
    }
    // A real-tool message on a line the parser already reported as an error says the same thing: keep the parser's.
    for (const f of ctx.external ?? []) {
      if (f.loc && (f.severity ?? 'error') === 'error' && errorLines.has(`${f.loc.file}:${f.loc.line}`)) continue;
      ctx.report(f);
    }
  },
);
