import { defineCheck } from '../context';
import { firewallOf } from './common';

export default defineCheck(
  {
    id: 'firewall/default-deny',
    reads: ['firewall', 'shell'],
    title: 'Each firewall drops incoming connections unless a rule allows them',
    component: 'firewall',
    severity: 'error',
    points: 1,
    messages: {
      'default-allow':
        '`{{command}}` makes {{host}} accept every incoming connection no rule denies: the firewall then only blocks what you remembered to block.',
    },
    hint: "Keep ufw's default (`sudo ufw default deny incoming`) and allow each port the host needs.",
  },
  (ctx) => {
    for (const host of Object.values(ctx.model.hosts)) {
      const st = firewallOf(host);
      if (st.present && st.defaultIncoming === 'allow')
        ctx.report({
          messageId: 'default-allow',
          data: { host: host.name, command: 'ufw default allow incoming' },
          loc: st.defaultAt,
        });
    }
  },
);
