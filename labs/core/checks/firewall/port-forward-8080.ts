import { defineCheck } from '../context';
import { firewallLoc, firewallOf } from './common';

export default defineCheck(
  {
    id: 'firewall/port-forward-8080',
    reads: ['firewall', 'shell'],
    options: {
      hosts: { type: 'strings', default: ['web-01'], description: 'The hosts whose firewall redirects the port.' },
      fromPort: { type: 'port', default: 8080, description: 'The port clients connect to.' },
      toPort: { type: 'port', default: 80, description: 'The port the firewall sends them to (where Nginx listens).' },
    },
    title: "ufw's before.rules redirects port 8080 to port 80 (optional)",
    component: 'firewall',
    severity: 'error',
    points: 1,
    messages: {
      missing:
        "{{host}}'s firewall does not redirect TCP port {{fromPort}} to port {{toPort}}: add a `*nat` section at the top of /etc/ufw/before.rules with `-A PREROUTING -p tcp --dport {{fromPort}} -j REDIRECT --to-port {{toPort}}` and its own `COMMIT`.",
      'forward-policy':
        '`DEFAULT_FORWARD_POLICY="ACCEPT"` lets ufw route packets between interfaces; it does not redirect a port, so {{host}}:{{fromPort}} still gets no answer. The redirect is a `*nat` rule in /etc/ufw/before.rules.',
      'wrong-port': '`{{rule}}` redirects {{what}}, not TCP port {{fromPort}} to port {{toPort}} as the lab asks.',
      'not-nat':
        '`{{rule}}` sits in the `*{{table}}` table, where REDIRECT does not exist: iptables-restore refuses the file and `ufw enable` fails ("problem running ufw-init"), leaving the firewall off. Put it in a `*nat` section of its own, ended by `COMMIT`.',
      'not-prerouting':
        '`{{rule}}` is in the `{{chain}}` chain: only packets from this host itself pass there. Connections from other hosts are redirected in `PREROUTING`.',
      'no-commit':
        'The `*{{table}}` section starting here has no `COMMIT`: iptables-restore refuses before.rules and `ufw enable` fails, leaving the firewall off. End the section with `COMMIT`.',
    },
    hint: 'At the top of /etc/ufw/before.rules on web-01: `*nat`, `:PREROUTING ACCEPT [0:0]`, `-A PREROUTING -p tcp --dport 8080 -j REDIRECT --to-port 80`, `COMMIT`; then `ufw reload`. Nothing needs to listen on 8080, and 8080 need not be allowed: the filter sees port 80.',
  },
  (ctx) => {
    const { fromPort, toPort } = ctx.options;
    for (const name of ctx.options.hosts) {
      const host = ctx.model.hosts[name];
      if (!host) continue;
      const st = firewallOf(host);
      for (const t of st.tables)
        if (!t.committed) ctx.report({ messageId: 'no-commit', data: { table: t.name }, loc: t.span });
      const right = (r: (typeof st.redirects)[number]) =>
        (r.proto ?? '').toLowerCase() === 'tcp' &&
        r.dport === String(fromPort) &&
        r.toPort === String(toPort) &&
        (r.toAddress === undefined || r.toAddress === host.address);
      const good = st.redirects.find(
        (r) => right(r) && r.table === 'nat' && r.chain === 'PREROUTING' && st.tables.some((t) => t.name === 'nat'),
      );
      if (good) continue;
      const near = st.redirects.find(right) ?? st.redirects[0];
      if (near && near.table !== 'nat')
        ctx.report({ messageId: 'not-nat', data: { rule: near.text, table: near.table || 'filter' }, loc: near.span });
      else if (near && near.chain !== 'PREROUTING')
        ctx.report({ messageId: 'not-prerouting', data: { rule: near.text, chain: near.chain }, loc: near.span });
      else if (near)
        ctx.report({
          messageId: 'wrong-port',
          data: {
            rule: near.text,
            fromPort,
            toPort,
            what: `${near.proto ? `${near.proto.toUpperCase()} ` : 'every protocol, '}port ${near.dport ?? '(any)'} to port ${near.toPort ?? '(the same)'}${near.toAddress ? ` of ${near.toAddress}, not of ${name}` : ''}`,
          },
          loc: near.span,
        });
      else if (st.forwardPolicyAt)
        ctx.report({ messageId: 'forward-policy', data: { host: name, fromPort }, loc: st.forwardPolicyAt });
      else ctx.report({ messageId: 'missing', data: { host: name, fromPort, toPort }, loc: firewallLoc(host) });
    }
  },
);
