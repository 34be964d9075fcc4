import { defineCheck } from '../context';
import { KA_MESSAGES, list, loadBalancers, type LbKa } from './common';

/** The learner's address of a host (inventory.yaml or inferred), never the lab's sandbox default. */
const known = (l: LbKa): string | undefined => (l.host.addressOrigin !== 'default' ? l.host.address : undefined);

export default defineCheck(
  {
    id: 'keepalived/unicast-consistent',
    reads: ['keepalived'],
    title: 'Unicast VRRP: each load balancer talks to the other',
    component: 'keepalived',
    severity: 'error',
    points: 2,
    messages: {
      ...KA_MESSAGES,
      'one-sided':
        '{{host}} sends its adverts by unicast (unicast_peer) but {{other}} uses multicast: they never hear each other, so both become MASTER. Use unicast_peer on both, or on neither.',
      'peer-missing':
        "{{host}}'s unicast_peer does not list {{other}}'s address {{address}} ({{from}}): {{other}}'s adverts are dropped, so both become MASTER. Add {{address}} to unicast_peer { }.",
      'peer-self':
        "{{host}}'s unicast_peer lists {{address}}, its own address: it would send its adverts to itself. List {{other}}'s address instead.",
      'src-not-own':
        "{{host}}'s unicast_src_ip is {{address}}, but {{host}}'s address is {{own}} ({{from}}): the other load balancer expects adverts from {{own}}. Use unicast_src_ip {{own}}.",
    },
    hint: "With unicast, each load balancer sets `unicast_src_ip` to its own address and lists the other's address in `unicast_peer { }`.",
  },
  (ctx) => {
    const lbs = loadBalancers(ctx);
    const unicast = lbs.filter((l) => l.inst.unicastPeers.length > 0);
    if (!unicast.length || lbs.length < 2) return;
    for (const l of lbs) {
      const others = lbs.filter((o) => o !== l);
      if (!l.inst.unicastPeers.length) {
        for (const o of others.filter((x) => x.inst.unicastPeers.length))
          ctx.report({
            messageId: 'one-sided',
            data: { host: o.host.name, other: l.host.name },
            loc: o.inst.unicastPeerSpan ?? o.inst.span,
            related: [{ loc: l.inst.span, messageId: 'one-sided', data: { host: o.host.name, other: l.host.name } }],
          });
        continue;
      }
      const own = known(l);
      const peers = l.inst.unicastPeers.map((p) => p.address);
      const src = l.inst.unicastSrcIp;
      if (src !== undefined && own !== undefined && src !== own)
        ctx.report({
          messageId: 'src-not-own',
          data: {
            host: l.host.name,
            address: src,
            own,
            from: ctx.model.inventory.entries[l.host.name]?.from ?? 'the inventory',
          },
          loc: l.inst.unicastSrcIpSpan ?? l.inst.span,
        });
      for (const p of l.inst.unicastPeers) {
        const self = own !== undefined ? p.address === own : p.address === src;
        if (self)
          ctx.report({
            messageId: 'peer-self',
            data: { host: l.host.name, address: p.address, other: others.map((o) => o.host.name).join(', ') },
            loc: p.span,
          });
      }
      for (const o of others) {
        if (!o.inst.unicastPeers.length) continue; // reported as one-sided
        // the other's address: the learner's (inventory or inferred), else what the other says it sends from
        const addr = known(o) ?? o.inst.unicastSrcIp;
        if (addr === undefined || peers.includes(addr)) continue;
        const from =
          known(o) !== undefined
            ? (ctx.model.inventory.entries[o.host.name]?.from ?? 'the inventory')
            : `its unicast_src_ip in ${o.unit.file.path}`;
        ctx.report({
          messageId: 'peer-missing',
          data: { host: l.host.name, other: o.host.name, address: addr, from, peers: list(peers) },
          loc: l.inst.unicastPeerSpan ?? l.inst.span,
        });
      }
    }
  },
);
