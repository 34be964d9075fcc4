import { defineCheck } from '../context';
import type { UfwRule } from '../../firewall/ufw';
import { holds } from '../../firewall/ufw';
import { firewallOf } from './common';

/** `a` matches every connection `b` matches (so `b`, after it, never decides anything). */
function covers(a: UfwRule, b: UfwRule): boolean {
  if (a.direction !== b.direction) return false;
  if (a.proto !== undefined && a.proto !== b.proto) return false;
  if (a.app !== undefined || b.app !== undefined) return false;
  if (a.toPort !== undefined && a.toPort !== b.toPort) return false;
  if (a.fromPort !== undefined && a.fromPort !== b.fromPort) return false;
  // an address, a network, or a set of them (an nftables `{ a, b }`, kept as `a,b`): every address of the inner
  // rule is within one of the outer rule's
  const one = (outer: string, inner: string) =>
    holds(outer, inner.split('/')[0]) === true && (inner.split('/')[1] === undefined || outer.includes('/'));
  const within = (outer?: string, inner?: string) =>
    outer === undefined ||
    (inner !== undefined && inner.split(',').every((i) => outer.split(',').some((o) => one(o, i))));
  return within(a.from, b.from) && within(a.to, b.to) && (a.iface === undefined || a.iface === b.iface);
}

export default defineCheck(
  {
    id: 'firewall/rule-order',
    reads: ['firewall', 'shell'],
    title: 'No rule is hidden behind an earlier, broader one (the first match wins)',
    component: 'firewall',
    severity: 'error',
    points: 1,
    messages: {
      shadowed:
        '`{{rule}}` never decides anything on {{host}}: `{{earlier}}` comes first and matches the same connections, and ufw stops at the first match. {{effect}}',
    },
    hint: 'Put specific rules before broad ones (`ufw insert 1 allow ...`), or drop the broad deny: the default policy already drops what no rule allows.',
  },
  (ctx) => {
    for (const host of Object.values(ctx.model.hosts)) {
      const rules = firewallOf(host).rules.filter((r) => r.chain === 'user');
      rules.forEach((r, i) => {
        const earlier = rules
          .slice(0, i)
          .find((e) => covers(e, r) && (e.action === 'allow') !== (r.action === 'allow'));
        if (!earlier) return;
        ctx.report({
          messageId: 'shadowed',
          data: {
            rule: r.text,
            earlier: earlier.text,
            host: host.name,
            effect:
              r.action === 'allow' ? 'What it means to let in stays blocked.' : 'What it means to block stays open.',
          },
          loc: r.span,
        });
      });
    }
  },
);
