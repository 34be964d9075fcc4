import { defineCheck } from '../context';
import { dbHosts, HARMLESS_PRIVS, REPLICATION_PRIVS, replicationGrants } from './common';

export default defineCheck(
  {
    id: 'mysql/replication-least-privilege',
    reads: ['mycnf', 'sql'],
    title: 'The replication account has only what replication needs',
    component: 'mysql',
    severity: 'error',
    points: 1,
    hidden: true,
    messages: {
      'not-found': 'No replication grant found on {{host}}.',
      extra:
        '`{{user}}` is granted {{extra}}; a replication account must have only `REPLICATION SLAVE` (and at most `REPLICATION CLIENT`).',
      'any-host': "`{{user}}` may log in from any host (`%`); restrict it to the replica's address.",
    },
    hint: "Grant only `REPLICATION SLAVE ON *.*`, to an account bound to the replica's address.",
  },
  (ctx) => {
    const { primary } = dbHosts(ctx);
    if (!primary) return;
    const grants = replicationGrants(primary);
    if (grants.length === 0) {
      ctx.report({ messageId: 'not-found', data: { host: primary.name } });
      return;
    }
    for (const g of grants) {
      const user = g.to.map((a) => `'${a.user}'@'${a.host}'`).join(', ');
      const extra = g.privileges.filter((p) => !REPLICATION_PRIVS.has(p) && !HARMLESS_PRIVS.has(p));
      if (g.withGrantOption) extra.push('GRANT OPTION');
      if (extra.length) ctx.report({ messageId: 'extra', data: { user, extra: extra.join(', ') }, loc: g.span });
      if (g.to.some((a) => a.host === '%'))
        ctx.report({ messageId: 'any-host', data: { user }, loc: g.span, severity: 'warning' });
    }
  },
);
