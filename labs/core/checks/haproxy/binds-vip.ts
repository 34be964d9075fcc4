import { defineCheck } from '../context';
import { frontendsOnPort } from '../../model/haproxy';
import { eachHost, fileStart, focusHost, hostByAddress, requireLb, unitsOf, HAPROXY_NOT_FOUND } from '../util';
import { lbPort } from '../shared-options';
import type { KeepalivedConf } from '../../parsers/keepalived/types';
import type { HostModel } from '../../model/types';

/** `net.ipv4.ip_nonlocal_bind=1` set by any file of the host (sysctl.conf, sysctl.d, a script's `sysctl -w`, `echo 1 >`). */
function nonlocalBind(host: HostModel): boolean {
  return host.files.some(
    (f) =>
      /net[./]ipv4[./]ip_nonlocal_bind\s*=\s*["']?1\b/.test(f.source.text) ||
      /echo\s+["']?1["']?\s*>+\s*\/proc\/sys\/net\/ipv4\/ip_nonlocal_bind\b/.test(f.source.text),
  );
}

export default defineCheck(
  {
    id: 'haproxy/binds-vip',
    reads: ['haproxy', 'keepalived'],
    options: { lbPort },
    title: "Each load balancer's HAProxy accepts the traffic sent to the virtual IP",
    component: 'haproxy',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': HAPROXY_NOT_FOUND,
      'no-keepalived':
        'No keepalived.conf in {{host}}/, so there is no virtual IP to bind (see keepalived/valid-config).',
      'no-frontend':
        'No frontend binds port {{port}} on {{host}}: the virtual IP reaches this load balancer and nothing answers.',
      'no-nonlocal-bind':
        '`{{bind}}` binds the virtual IP on {{host}}, but nothing sets `net.ipv4.ip_nonlocal_bind=1`: while the other load balancer holds the VIP, HAProxy here cannot bind it and does not start (and after a failover there is nothing to serve it).',
      'other-host':
        '`{{bind}}` binds {{address}}, which is {{owner}}\'s address: on {{host}} HAProxy cannot bind it ("Cannot assign requested address") and does not start.',
      'own-address':
        "`{{bind}}` binds {{host}}'s own address only: requests to the virtual IP ({{vips}}) are refused even while {{host}} holds it. Bind `*:{{port}}` or the VIP.",
      'not-vip':
        '`{{bind}}` binds {{address}}, which is not the virtual IP ({{vips}}): clients sent to the VIP are refused. Bind `*:{{port}}` or the VIP.',
      'vip-ok':
        '`{{bind}}` binds the virtual IP; `net.ipv4.ip_nonlocal_bind=1` is set, so HAProxy starts on the backup too.',
    },
    hint: 'Bind `*:80` on both load balancers (simplest), or bind the VIP and set `net.ipv4.ip_nonlocal_bind=1` (in /etc/sysctl.d/) on both.',
  },
  eachHost('load-balancer', (ctx) => {
    const host = focusHost(ctx, 'load-balancer');
    if (!host) return;
    const lb = requireLb(ctx);
    if (!lb) return;
    // The pair shares its VIPs: a load balancer whose keepalived.conf is missing must still accept them.
    const confs = unitsOf<KeepalivedConf>(ctx, 'keepalived', 'load-balancer');
    const vips = [...new Set(confs.flatMap((u) => u.unit.ast.instances.flatMap((i) => i.vips.map((v) => v.address))))];
    if (!vips.length) {
      ctx.skip('no-keepalived');
      return;
    }
    const port = ctx.options.lbPort;
    const found = frontendsOnPort(lb.unit.config, port, { every: true });
    if (!found.length) {
      ctx.report({ messageId: 'no-frontend', data: { port, host: host.name }, loc: fileStart(lb.unit) });
      return;
    }
    const list = vips.join(', ');
    // One frontend that takes the VIP's traffic is enough; the others are judged only when none does.
    const takes = found.filter((f) => f.address.wildcard || vips.includes(f.address.host ?? ''));
    if (takes.length) {
      for (const f of takes.filter((t) => !t.address.wildcard)) {
        const bind = f.bind.args[0] ?? '';
        if (!nonlocalBind(host))
          ctx.report({ messageId: 'no-nonlocal-bind', data: { bind, host: host.name }, loc: f.bind.span });
        else ctx.report({ messageId: 'vip-ok', data: { bind }, loc: f.bind.span, severity: 'info' });
      }
      return;
    }
    for (const f of found) {
      const address = f.address.host ?? '';
      const bind = f.bind.args[0] ?? '';
      const owner = hostByAddress(ctx, address);
      const data = { bind, address, host: host.name, vips: list, port };
      if (owner && owner !== host)
        ctx.report({ messageId: 'other-host', data: { ...data, owner: owner.name }, loc: f.bind.span });
      else if (owner === host) ctx.report({ messageId: 'own-address', data, loc: f.bind.span });
      else ctx.report({ messageId: 'not-vip', data, loc: f.bind.span });
    }
  }),
);
