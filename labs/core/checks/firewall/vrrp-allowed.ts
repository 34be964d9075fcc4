import { defineCheck } from '../context';
import { hostsWithRole, unitsOf } from '../util';
import { decide, ufwState } from '../../firewall/ufw';
import type { KeepalivedConf } from '../../parsers/keepalived/types';
import type { HostModel } from '../../model/types';

/** The VRRP multicast group keepalived advertises to unless `unicast_peer` is set. */
const VRRP_GROUP = '224.0.0.18';

export default defineCheck(
  {
    id: 'firewall/vrrp-allowed',
    reads: ['keepalived'],
    title: "Each load balancer's firewall lets the other's VRRP adverts in",
    component: 'firewall',
    severity: 'error',
    points: 1,
    messages: {
      'no-firewall':
        'No firewall on {{hosts}} (no ufw commands or files): nothing blocks VRRP between them. When you add one (lab 2), allow VRRP from the other load balancer.',
      'not-enabled': '{{host}} sets ufw rules but never enables ufw, so nothing blocks VRRP there.',
      blocked:
        "{{host}}'s firewall drops {{peer}}'s VRRP adverts (IP protocol 112{{dest}}): {{why}}. {{host}} then hears no master and takes the VIP too (split brain).",
      'port-not-proto':
        '`{{rule}}` opens TCP and UDP port 112; VRRP is IP protocol 112, not a port. Use `ufw allow from {{peerAddress}} proto vrrp`.',
      assumed:
        "{{host}} lets VRRP in from {{address}} (`{{rule}}`); {{why}}, so this assumes {{address}} is {{peer}}'s address.",
      unknown:
        "Some of {{host}}'s ufw commands use values only known when the script runs (line {{line}}): this check reads them as written.",
    },
    hint: "On each load balancer, allow the other one's VRRP adverts before enabling ufw: `ufw allow from <other LB address> proto vrrp` (or `to 224.0.0.18`).",
  },
  (ctx) => {
    const lbs = hostsWithRole(ctx, 'load-balancer');
    const confOf = (h: HostModel) =>
      unitsOf<KeepalivedConf>(ctx, 'keepalived', 'load-balancer').find((u) => u.host === h)?.unit.ast;
    const states = new Map(lbs.map((h) => [h, ufwState(h)]));
    const withFirewall = lbs.filter((h) => states.get(h)!.present);
    if (!withFirewall.length) {
      ctx.report({ messageId: 'no-firewall', data: { hosts: lbs.map((h) => h.name).join(' and ') }, severity: 'info' });
      return;
    }
    /** The learner's address of a host: inventory or inferred, else the unicast_src_ip it says it has. */
    const addressOf = (h: HostModel): string | undefined =>
      h.addressOrigin !== 'default' ? h.address : confOf(h)?.instances.find((i) => i.unicastSrcIp)?.unicastSrcIp;
    for (const host of withFirewall) {
      const st = states.get(host)!;
      if (st.unknown.length)
        ctx.report({
          messageId: 'unknown',
          data: { host: host.name, line: st.unknown[0].line },
          loc: st.unknown[0],
          severity: 'info',
        });
      if (!st.enabled) {
        ctx.report({ messageId: 'not-enabled', data: { host: host.name }, severity: 'info' });
        continue;
      }
      const unicast = confOf(host)?.instances.some((i) => i.unicastPeers.length > 0) ?? false;
      const dst = unicast ? addressOf(host) : VRRP_GROUP;
      for (const peer of lbs.filter((p) => p !== host)) {
        const src = addressOf(peer);
        const d = decide(st, { proto: 'vrrp', src, dst });
        const names = { host: host.name, peer: peer.name };
        if (d.verdict === 'allow') {
          if (d.rule && d.assumed)
            ctx.report({
              messageId: 'assumed',
              data: {
                ...names,
                address: d.rule.from ?? d.rule.to ?? 'any',
                rule: d.rule.text,
                why: d.rule.runtime
                  ? 'its value is only known when the script runs'
                  : `${peer.name}'s address is not in inventory.yaml`,
              },
              loc: d.rule.span,
              severity: 'info',
            });
          continue;
        }
        const why = d.rule
          ? `\`${d.rule.text}\` matches them first`
          : `no rule allows them, and the default incoming policy is ${st.defaultIncoming}`;
        ctx.report({
          messageId: 'blocked',
          data: { ...names, dest: unicast ? ', sent unicast' : ` to ${VRRP_GROUP}`, why },
          loc: d.rule?.span ?? st.defaultAt ?? st.enabledAt,
        });
        for (const r of st.rules.filter((x) => x.action === 'allow' && x.toPort && /(^|,)112(\/|$|,)/.test(x.toPort)))
          ctx.report({
            messageId: 'port-not-proto',
            data: { rule: r.text, peerAddress: src ?? `<${peer.name} address>` },
            loc: r.span,
          });
      }
    }
  },
);
