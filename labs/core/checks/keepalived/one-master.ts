import { defineCheck } from '../context';
import { KA_MESSAGES, loadBalancers, priorityOf, tracksOf } from './common';

export default defineCheck(
  {
    id: 'keepalived/one-master',
    reads: ['keepalived'],
    title: 'One load balancer is clearly the master',
    component: 'keepalived',
    severity: 'error',
    points: 2,
    messages: {
      ...KA_MESSAGES,
      'two-masters':
        '{{host}} and {{other}} are both `state MASTER` with the same priority ({{priority}}): which one keeps the VIP is left to chance. Make one of them `state BACKUP` with a lower priority.',
      'equal-priorities':
        '{{host}} and {{other}} have the same priority ({{priority}}) and neither is the MASTER: the election falls back to comparing addresses. Give the intended master the higher priority.',
      'master-not-highest':
        '{{host}} is `state MASTER` with priority {{priority}}, but {{other}} (`state {{otherState}}`) has the higher priority {{otherPriority}}: {{other}} takes the VIP as soon as it hears {{host}}. Give the MASTER the higher priority.',
      'owner-weights':
        '{{host}} has priority 255, the address owner (`state MASTER` without a priority is 255 too), and tracks {{name}} with weight {{weight}}: keepalived never changes an address owner\'s priority (for a script, `keepalived -t` says "ignoring tracked script {{name}} with weights due to address_owner"), so a failing HAProxy never moves the VIP. Use a priority below 255 (e.g. 150 and 100).',
    },
    hint: 'One load balancer `state MASTER` with the higher priority (e.g. 150), the other `state BACKUP` with a lower one (e.g. 100); never 255 when you track with weights.',
  },
  (ctx) => {
    const lbs = loadBalancers(ctx);
    for (const l of lbs) {
      // 255 is the address owner: keepalived ignores weighted tracks there (verified on 2.2.7)
      if (priorityOf(l.inst) !== 255) continue;
      for (const t of tracksOf(l.conf, l.inst).filter((x) => x.weight !== 0))
        ctx.report({
          messageId: 'owner-weights',
          data: { host: l.host.name, name: t.ref.name, weight: t.weight },
          loc: l.inst.prioritySpan ?? l.inst.stateSpan ?? l.inst.span,
          related: [
            {
              loc: t.weightSpan ?? t.ref.span,
              messageId: 'owner-weights',
              data: { host: l.host.name, name: t.ref.name, weight: t.weight },
            },
          ],
        });
    }
    if (lbs.length < 2) return;
    const masters = lbs.filter((l) => l.inst.state === 'MASTER');
    const top = Math.max(...lbs.map((l) => priorityOf(l.inst)));
    const atTop = lbs.filter((l) => priorityOf(l.inst) === top);
    if (atTop.length > 1) {
      const [a, b] = atTop;
      const bothMaster = atTop.filter((l) => l.inst.state === 'MASTER');
      if (bothMaster.length > 1)
        for (const [x, y] of [
          [bothMaster[0], bothMaster[1]],
          [bothMaster[1], bothMaster[0]],
        ])
          ctx.report({
            messageId: 'two-masters',
            data: { host: x.host.name, other: y.host.name, priority: top },
            loc: x.inst.stateSpan ?? x.inst.span,
          });
      else if (bothMaster.length === 0)
        ctx.report({
          messageId: 'equal-priorities',
          data: { host: a.host.name, other: b.host.name, priority: top },
          loc: b.inst.prioritySpan ?? b.inst.span,
          related: [
            {
              loc: a.inst.prioritySpan ?? a.inst.span,
              messageId: 'equal-priorities',
              data: { host: a.host.name, other: b.host.name, priority: top },
            },
          ],
        });
      return;
    }
    // one highest priority: the MASTER, when there is one, should be it
    const winner = atTop[0];
    if (masters.length && !masters.includes(winner))
      for (const m of masters)
        ctx.report({
          messageId: 'master-not-highest',
          data: {
            host: m.host.name,
            priority: priorityOf(m.inst),
            other: winner.host.name,
            otherState: winner.inst.state ?? 'BACKUP',
            otherPriority: top,
          },
          loc: m.inst.prioritySpan ?? m.inst.stateSpan ?? m.inst.span,
          severity: 'warning',
        });
  },
);
