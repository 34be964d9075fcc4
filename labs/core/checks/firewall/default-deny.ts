import { defineCheck } from '../context';
import { firewallLoc, firewallOf } from './common';

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
      'no-drop-policy':
        "{{host}}'s {{tool}} rules never set a drop policy, so its input chain keeps the built-in accept: every connection no rule drops gets in, and the rules only block what you remembered to block.",
    },
    hint: "Keep ufw's default (`sudo ufw default deny incoming`) and allow each port the host needs; with plain iptables `iptables -P INPUT DROP` (a dump: `:INPUT DROP`), with nftables `policy drop;` in the input chain.",
  },
  (ctx) => {
    for (const host of Object.values(ctx.model.hosts)) {
      const st = firewallOf(host);
      if (!st.present || st.defaultIncoming !== 'allow') continue;
      if (st.defaultAt)
        ctx.report({
          messageId: 'default-allow',
          data: { host: host.name, command: st.defaultText ?? 'ufw default allow incoming' },
          loc: st.defaultAt,
        });
      else
        ctx.report({ messageId: 'no-drop-policy', data: { host: host.name, tool: st.tool }, loc: firewallLoc(host) });
    }
  },
);
