import { defineCheck } from '../context';
import { expectDesign } from './common';
import { appPort } from '../shared-options';

export default defineCheck(
  {
    id: 'firewall/app-from-web-only',
    reads: ['firewall', 'shell'],
    options: { appPort },
    title: 'The application server takes its port from the web servers only',
    component: 'firewall',
    severity: 'error',
    points: 1,
    messages: {
      blocked: '{{what}} is dropped, but {{reason}}: {{why}}.',
      open: '{{what}} is accepted ({{why}}), but {{reason}}.',
    },
    hint: 'On the application server: `ufw allow proto tcp from <web-01 address> to any port 5000`, the same for web-02.',
  },
  (ctx) => expectDesign(ctx, 'firewall/app-from-web-only', { appPort: ctx.options.appPort }),
);
