import { defineCheck } from '../context';
import { KA_MESSAGES, loadBalancers, priorityOf, tracksOf, type LbKa, type Track } from './common';

/**
 * keepalived.conf(5): a tracked script or process that fails puts the instance in FAULT when its weight is 0
 * (the VIP is released), else adds its weight when it is up (positive weight) or when it is down
 * (negative weight). At priority 255 (the address owner) weighted tracks are ignored.
 */
function effective(l: LbKa, haproxyUp: boolean): { priority: number; fault: boolean; terms: string[] } {
  const base = priorityOf(l.inst);
  const owner = base === 255;
  let priority = base;
  let fault = false;
  const terms = [String(base)];
  for (const t of tracksOf(l.conf, l.inst, l.host)) {
    // a script the checker cannot read is taken to be the HAProxy check (keepalived/tracks-haproxy says so)
    const up = t.haproxy || t.opaque ? haproxyUp : true;
    if (t.weight === 0) {
      if (!up) fault = true;
      continue;
    }
    if (owner) continue;
    if (up && t.weight > 0) {
      priority += t.weight;
      terms.push(`${t.weight}`);
    } else if (!up && t.weight < 0) {
      priority += t.weight;
      terms.push(`(${t.weight})`);
    }
  }
  priority = Math.max(1, Math.min(254, priority));
  if (owner) priority = 255;
  return { priority, fault, terms };
}

const show = (e: { priority: number; terms: string[] }) =>
  e.terms.length > 1 ? `${e.terms.join(' + ')} = ${e.priority}` : `${e.priority}`;

export default defineCheck(
  {
    id: 'keepalived/failover-math',
    reads: ['keepalived'],
    title: 'Losing HAProxy on the master moves the virtual IP',
    component: 'keepalived',
    severity: 'error',
    points: 3,
    messages: {
      ...KA_MESSAGES,
      'no-track':
        '{{host}} (the master) tracks nothing that watches HAProxy, so there is nothing to compute (see keepalived/tracks-haproxy).',
      stays:
        'If HAProxy stops on {{master}}, its priority becomes {{down}} while {{backup}} stays at {{backupPriority}}: {{downValue}} is not below {{backupValue}}, so {{master}} keeps the VIP and the site is down. {{advice}}',
      owner:
        '{{master}} has priority 255, the address owner (`state MASTER` without a priority is 255 too): keepalived never changes its priority, so its weighted tracks ({{name}}) do nothing and a stopped HAProxy never moves the VIP. Use a priority below 255, or no weight (FAULT).',
      moves: 'If HAProxy stops on {{master}}, {{how}}, so {{backup}} ({{backupPriority}}) takes the VIP.',
    },
    hint: "With a weight w on the master's HAProxy check: a positive w must be larger than (master priority - backup priority); a negative w must bring the master below the backup (master + w < backup); no weight puts the master in FAULT, which always moves the VIP.",
  },
  (ctx) => {
    const lbs = loadBalancers(ctx);
    if (lbs.length < 2) return;
    // the master: the highest priority with every check up (a tie goes to `state MASTER`)
    const healthy = lbs.map((l) => ({ l, e: effective(l, true) }));
    healthy.sort(
      (a, b) =>
        b.e.priority - a.e.priority || Number(b.l.inst.state === 'MASTER') - Number(a.l.inst.state === 'MASTER'),
    );
    const master = healthy[0];
    const backup = healthy[1];
    const tracks: Track[] = tracksOf(master.l.conf, master.l.inst, master.l.host).filter((t) => t.haproxy || t.opaque);
    if (!tracks.length) {
      ctx.skip('no-track', { host: master.l.host.name });
      return;
    }
    const down = effective(master.l, false);
    const data = { master: master.l.host.name, backup: backup.l.host.name, backupPriority: show(backup.e) };
    if (down.fault) {
      ctx.report({
        messageId: 'moves',
        data: {
          ...data,
          how: `its instance goes to FAULT (${tracks.find((t) => t.weight === 0)!.ref.name} has no weight) and releases the VIP`,
        },
        loc: tracks.find((t) => t.weight === 0)!.ref.span,
        severity: 'info',
      });
      return;
    }
    if (priorityOf(master.l.inst) === 255) {
      ctx.report({
        messageId: 'owner',
        data: { master: master.l.host.name, name: tracks.map((t) => t.ref.name).join(', ') },
        loc: master.l.inst.prioritySpan ?? master.l.inst.stateSpan ?? master.l.inst.span,
      });
      return;
    }
    const t = tracks[0];
    if (down.priority < backup.e.priority) {
      ctx.report({
        messageId: 'moves',
        data: { ...data, how: `its priority becomes ${show(down)}, below ${backup.e.priority}` },
        loc: t.weightSpan ?? t.ref.span,
        severity: 'info',
      });
      return;
    }
    const gap = down.priority - backup.e.priority;
    const pm = priorityOf(master.l.inst);
    const pb = priorityOf(backup.l.inst);
    const backupTracks = tracksOf(backup.l.conf, backup.l.inst, backup.l.host).some(
      (x) => (x.haproxy || x.opaque) && x.weight > 0,
    );
    const advice =
      t.weight > 0
        ? backupTracks
          ? `A positive weight must be larger than the difference of the priorities (${pm} - ${pb} = ${pm - pb}): use a weight above ${pm - pb}, a negative weight of ${pb - pm - 1} or lower, or no weight (FAULT).`
          : `${backup.l.host.name} gains no weight, so a positive weight on ${master.l.host.name} cannot bring it below: use a negative weight of ${pb - pm - 1} or lower, or no weight (FAULT).`
        : `Use a weight of ${t.weight - gap - 1} or lower, or no weight (FAULT).`;
    ctx.report({
      messageId: 'stays',
      data: {
        ...data,
        down: show(down),
        downValue: down.priority,
        backupValue: backup.e.priority,
        advice,
      },
      loc: t.weightSpan ?? t.ref.span,
      related: [
        {
          loc: backup.l.inst.prioritySpan ?? backup.l.inst.span,
          messageId: 'stays',
          data: { ...data, down: show(down), downValue: down.priority, backupValue: backup.e.priority, advice },
        },
      ],
    });
  },
);
