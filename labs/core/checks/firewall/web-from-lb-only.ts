import { defineCheck } from '../context';
import { expectMatrix, hostsOf } from './common';
import { webPort } from '../shared-options';

export default defineCheck(
  {
    id: 'firewall/web-from-lb-only',
    reads: ['firewall', 'shell'],
    options: { webPort },
    title: 'The web servers take HTTP from the load balancer only',
    component: 'firewall',
    severity: 'error',
    points: 2,
    messages: {
      blocked: '{{what}} is dropped, but {{reason}}: {{why}}.',
      open: '{{what}} is accepted ({{why}}), but {{reason}}.',
    },
    hint: 'On each web server: `ufw allow proto tcp from <lb-01 address> to any port 80` (and from the monitor, for stub_status), no `ufw allow 80`.',
  },
  (ctx) => {
    const lbs = hostsOf(ctx, 'load-balancer');
    for (const web of hostsOf(ctx, 'web'))
      expectMatrix(ctx, web, [
        ...lbs.map((lb) => ({
          from: lb,
          port: ctx.options.webPort,
          want: 'open' as const,
          reason: `${lb.name} sends every request there`,
        })),
        {
          from: 'internet',
          port: ctx.options.webPort,
          want: 'closed',
          reason: `anyone could then reach ${web.name} around the load balancer (and its HTTPS)`,
        },
      ]);
  },
);
