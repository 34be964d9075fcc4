import { defineCheck } from '../context';
import { expectMatrix, hostsOf, type Expectation } from './common';
import { lbPort } from '../shared-options';

/** Ports a load balancer may listen on that the internet must not reach (metrics, exporters, databases). */
const PRIVATE = [8404, 8405, 9100, 3306, 5000];

export default defineCheck(
  {
    id: 'firewall/lb-ports',
    reads: ['firewall', 'shell'],
    options: { lbPort },
    title: 'The load balancer takes HTTP and HTTPS from anyone, and nothing else from the internet',
    component: 'firewall',
    severity: 'error',
    points: 2,
    messages: {
      blocked: '{{what}} is dropped, but {{reason}}: {{why}}.',
      open: '{{what}} is accepted ({{why}}), but {{reason}}.',
    },
    hint: 'On the load balancer: `ufw allow 80/tcp`, `ufw allow 443/tcp`, ssh for you, the metrics port from the monitor only; the default policy drops the rest.',
  },
  (ctx) => {
    for (const lb of hostsOf(ctx, 'load-balancer')) {
      const cells: Expectation[] = [
        {
          from: 'internet',
          port: ctx.options.lbPort,
          want: 'open',
          reason: 'every visitor arrives there (and is redirected to HTTPS)',
        },
        { from: 'internet', port: 443, want: 'open', reason: 'HTTPS is the site' },
        ...PRIVATE.map((port) => ({
          from: 'internet' as const,
          port,
          want: 'closed' as const,
          reason: `port ${port} is for the private network (metrics, exporters or services), not for the internet`,
        })),
      ];
      expectMatrix(ctx, lb, cells);
    }
  },
);
