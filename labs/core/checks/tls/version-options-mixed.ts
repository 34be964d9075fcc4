import { defineCheck } from '../context';
import { requireLb, HAPROXY_NOT_FOUND, eachHost } from '../util';
import { globalBindOptions, noVersionFlags, option, tlsBinds } from './haproxy-tls';

export default defineCheck(
  {
    id: 'tls/version-options-mixed',
    reads: ['haproxy'],
    title: 'TLS versions are set one way (`ssl-min-ver`), not mixed with `no-tlsv1x`',
    component: 'tls',
    severity: 'warning',
    points: 1,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      ignored:
        '`{{flag}}` is ignored: HAProxy uses only `ssl-min-ver`/`ssl-max-ver` when one is set ({{where}}), and warns "no-sslv3/no-tlsv1x are ignored". Remove `{{flag}}` and let `ssl-min-ver` say the lowest version.',
    },
    hint: 'Say the lowest version once: `ssl-min-ver TLSv1.2`, and drop `no-sslv3`/`no-tlsv10`/`no-tlsv11`.',
  },
  eachHost('load-balancer', (ctx) => {
    const lb = requireLb(ctx);
    if (!lb) return;
    const cfg = lb.unit.config;
    const g = globalBindOptions(cfg);
    const gRange = [...g].reverse().find((o) => o.name === 'ssl-min-ver' || o.name === 'ssl-max-ver');
    const reported = new Set<unknown>();
    for (const { bind } of tlsBinds(cfg)) {
      const own = option(bind, 'ssl-min-ver') ?? option(bind, 'ssl-max-ver');
      const range = own ?? gRange;
      if (!range) continue;
      const where = own ? `on this bind line` : `in \`ssl-default-bind-options\` at line ${gRange!.line.line}`;
      for (const f of [...noVersionFlags(bind.options), ...noVersionFlags(g)]) {
        if (reported.has(f.span)) continue;
        reported.add(f.span);
        ctx.report({ messageId: 'ignored', data: { flag: f.name, where }, loc: f.span });
      }
    }
  }),
);
