import { defineCheck } from '../context';
import { firewallLoc, firewallOf } from './common';

export default defineCheck(
  {
    id: 'firewall/enabled',
    reads: ['firewall', 'shell'],
    title: 'Every host enables its firewall (ufw), with a command ufw accepts',
    component: 'firewall',
    severity: 'error',
    points: 2,
    messages: {
      'no-firewall':
        'No firewall on {{host}}: no ufw commands or ufw files in {{host}}/, so every port it listens on is open to everyone.',
      'never-enabled':
        '{{host}} sets ufw rules but never enables ufw, so none of them applies (`sudo ufw --force enable` in a script).',
      'enable-refused': '`{{command}}` on {{host}}: ufw answers "{{error}}" and stays disabled.',
    },
    hint: 'End each host\'s firewall script with `sudo ufw --force enable` (`ufw enable` asks "Proceed with operation (y|n)?"; `ufw enable -y` is a syntax error).',
  },
  (ctx) => {
    for (const host of Object.values(ctx.model.hosts)) {
      if (!host.present) continue;
      const st = firewallOf(host);
      if (!st.present) {
        ctx.report({ messageId: 'no-firewall', data: { host: host.name }, loc: firewallLoc(host) });
        continue;
      }
      if (st.enabled) continue;
      const refused = st.problems.filter((p) => /^ufw(\s+--?\S+)*\s+enable\b/.test(p.text));
      for (const p of refused)
        ctx.report({
          messageId: 'enable-refused',
          data: { host: host.name, command: p.text, error: p.message },
          loc: p.span,
        });
      if (!refused.length)
        ctx.report({ messageId: 'never-enabled', data: { host: host.name }, loc: firewallLoc(host) });
    }
  },
);
