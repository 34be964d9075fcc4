import { defineCheck } from '../context';
import { firewallOf } from './common';

export default defineCheck(
  {
    id: 'firewall/tcp-only',
    reads: ['firewall', 'shell'],
    title: 'Port rules name their protocol (a port alone opens UDP too)',
    component: 'firewall',
    severity: 'warning',
    points: 1,
    messages: {
      'udp-too':
        '`{{rule}}` opens UDP port {{port}} as well as TCP: nothing in this design listens on UDP there. Write `{{port}}/tcp` (or `proto tcp`).',
    },
    hint: 'Give every port rule its protocol: `ufw allow 80/tcp`, `ufw allow proto tcp from 10.0.0.10 to any port 80`.',
  },
  (ctx) => {
    for (const host of Object.values(ctx.model.hosts))
      for (const r of firewallOf(host).rules)
        if (r.chain === 'user' && r.action !== 'deny' && r.action !== 'reject' && r.toPort && !r.proto && !r.app)
          ctx.report({ messageId: 'udp-too', data: { rule: r.text, port: r.toPort }, loc: r.span });
  },
);
