import { defineCheck } from '../context';
import { expectDesign } from './common';
import { lbPort } from '../shared-options';

// The cells it judges (the internet to the load balancer: HTTP and HTTPS open, the private ports closed)
// are in the design's table, labs/core/firewall/design.ts, which live/firewall-matrix tries too.
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
  (ctx) => expectDesign(ctx, 'firewall/lb-ports', { lbPort: ctx.options.lbPort }),
);
