import { defineCheck } from '../context';
import { expectMatrix, hostsOf } from './common';
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
  (ctx) => {
    const webs = hostsOf(ctx, 'web');
    for (const app of hostsOf(ctx, 'app').filter((h) => h.present))
      expectMatrix(ctx, app, [
        ...webs.map((w) => ({
          from: w,
          port: ctx.options.appPort,
          want: 'open' as const,
          reason: `${w.name} proxies the application route there`,
        })),
        {
          from: 'internet',
          port: ctx.options.appPort,
          want: 'closed',
          reason: 'only the web servers talk to the application',
        },
      ]);
  },
);
