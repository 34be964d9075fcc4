import { defineCheck } from '../context';
import { expectDesign } from './common';
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
  (ctx) => expectDesign(ctx, 'firewall/web-from-lb-only', { webPort: ctx.options.webPort }),
);
