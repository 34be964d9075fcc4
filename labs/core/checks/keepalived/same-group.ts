import { defineCheck } from '../context';
import type { FindingInput } from '../context';
import type { Span } from '../../source';
import { KA_MESSAGES, list, loadBalancers, type LbKa } from './common';

export default defineCheck(
  {
    id: 'keepalived/same-group',
    reads: ['keepalived'],
    title: 'Both load balancers are in the same VRRP group',
    component: 'keepalived',
    severity: 'error',
    points: 3,
    messages: {
      ...KA_MESSAGES,
      vrid: '{{host}} uses virtual_router_id {{value}} but {{other}} uses {{otherValue}}: two VRRP groups that never hear each other, so both become MASTER and both hold the virtual IP (split brain). Use the same virtual_router_id on both.',
      vips: "{{host}}'s virtual IPs ({{value}}) are not {{other}}'s ({{otherValue}}): when the VIP moves, clients must find the same address. List the same virtual_ipaddress on both.",
      'auth-type':
        "{{host}} uses auth_type {{value}} but {{other}} uses {{otherValue}}: each drops the other's adverts, so both become MASTER. Use the same authentication block on both.",
      'auth-pass':
        "The first 8 characters of auth_pass differ between {{host}} and {{other}} (keepalived uses only those 8): each drops the other's adverts, so both become MASTER. Use the same password, of at most 8 characters, on both.",
    },
    hint: 'Copy the vrrp_instance from one load balancer to the other and change only `state` and `priority` (and the unicast addresses, if you use them).',
  },
  (ctx) => {
    const lbs = loadBalancers(ctx);
    if (lbs.length < 2) return;
    const [ref, ...others] = lbs;
    const seen = new Set<string>();
    const both = (messageId: string, a: LbKa, b: LbKa, va: string, vb: string, sa: Span, sb: Span) => {
      for (const [x, y, vx, vy, sx, sy] of [
        [a, b, va, vb, sa, sb],
        [b, a, vb, va, sb, sa],
      ] as const) {
        const key = `${messageId}:${sx.file}:${sx.line}:${sx.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const f: FindingInput = {
          messageId,
          data: { host: x.host.name, other: y.host.name, value: vx, otherValue: vy },
          loc: sx,
          related: [{ loc: sy, messageId, data: { host: y.host.name, other: x.host.name, value: vy, otherValue: vx } }],
        };
        ctx.report(f);
      }
    };
    const vipsOf = (l: LbKa) => [...new Set(l.inst.vips.map((v) => v.address))].sort();
    for (const o of others) {
      const a = ref.inst;
      const b = o.inst;
      if (a.virtualRouterId !== undefined && b.virtualRouterId !== undefined && a.virtualRouterId !== b.virtualRouterId)
        both(
          'vrid',
          ref,
          o,
          String(a.virtualRouterId),
          String(b.virtualRouterId),
          a.virtualRouterIdSpan!,
          b.virtualRouterIdSpan!,
        );
      const va = vipsOf(ref);
      const vb = vipsOf(o);
      if (va.length && vb.length && va.join(' ') !== vb.join(' '))
        both('vips', ref, o, list(va), list(vb), a.vipBlockSpan ?? a.span, b.vipBlockSpan ?? b.span);
      const ta = a.authType ?? 'none';
      const tb = b.authType ?? 'none';
      if (ta !== tb) both('auth-type', ref, o, ta, tb, a.authTypeSpan ?? a.span, b.authTypeSpan ?? b.span);
      else if (ta !== 'none' && (a.authPass ?? '').slice(0, 8) !== (b.authPass ?? '').slice(0, 8))
        both(
          'auth-pass',
          ref,
          o,
          '',
          '',
          a.authPassSpan ?? a.authTypeSpan ?? a.span,
          b.authPassSpan ?? b.authTypeSpan ?? b.span,
        );
    }
  },
);
