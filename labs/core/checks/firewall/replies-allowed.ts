import { defineCheck } from '../context';
import type { UfwRule } from '../../firewall/ufw';
import { appPort, lbPort, mysqlPort, webPort } from '../shared-options';
import { designOf, firewallLoc, firewallOf, replyDropped } from './common';

export default defineCheck(
  {
    id: 'firewall/replies-allowed',
    reads: ['firewall', 'shell'],
    options: { lbPort, webPort, appPort, mysqlPort },
    title: "Each firewall lets in the replies to its host's own connections",
    component: 'firewall',
    severity: 'error',
    points: 1,
    messages: {
      'replies-dropped':
        "{{host}}'s {{tool}} rules drop the answers to its own connections ({{connections}}): an answer comes back from the service's port to a port the kernel picked, and no rule accepts it ({{why}}). With a default drop, accept established connections first.",
    },
    hint: 'Before the other rules: `iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`, or in an nftables input chain `ct state established,related accept` (ufw does this for you in before.rules).',
  },
  (ctx) => {
    const { cells, byName } = designOf(ctx, {
      lbPort: ctx.options.lbPort,
      webPort: ctx.options.webPort,
      appPort: ctx.options.appPort,
      mysqlPort: ctx.options.mysqlPort,
    });
    const dropped = new Map<string, { cells: string[]; why?: string; rule?: UfwRule }>();
    for (const c of cells) {
      if (c.want !== 'open' || c.from === 'internet') continue;
      const client = byName.get(c.from);
      const server = byName.get(c.to);
      if (!client || !server) continue;
      const d = replyDropped(client, server, c.port);
      if (!d) continue;
      const e = dropped.get(client.name) ?? { cells: [] };
      e.cells.push(`${client.name} -> ${server.name}:${c.port}`);
      e.rule ??= d.rule;
      e.why ??= `${d.by} drops them`;
      dropped.set(client.name, e);
    }
    for (const [name, e] of dropped) {
      const host = byName.get(name)!;
      const st = firewallOf(host);
      const shown = e.cells.slice(0, 3).join(', ') + (e.cells.length > 3 ? `, and ${e.cells.length - 3} more` : '');
      ctx.report({
        messageId: 'replies-dropped',
        data: { host: name, tool: st.tool, connections: shown, why: e.why ?? '' },
        loc: e.rule?.span ?? firewallLoc(host),
      });
    }
  },
);
