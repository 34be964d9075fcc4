import { defineCheck } from '../context';
import { fileStart } from '../util';
import { dbHosts, HARMLESS_PRIVS, REPLICATION_PRIVS, replicationGrants, NOT_FOUND_SQL, eachReplica } from './common';

export default defineCheck(
  {
    id: 'mysql/replication-user',
    reads: ['mycnf', 'sql'],
    title: 'A replication user exists on the primary',
    component: 'mysql',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': NOT_FOUND_SQL,
      missing:
        'No account is granted `REPLICATION SLAVE` (or `REPLICATION REPLICA`) on {{host}}: the replica has no way to log in and read the binary log.',
      'not-global':
        '`GRANT {{privileges}} ON {{on}}` on {{host}}: replication is a global privilege, granted `ON *.*`; MySQL rejects it on one database.',
      'on-replica':
        'The replication user is created on {{host}}, the replica; it must exist on the primary, where the replica logs in.',
      'too-much':
        '`{{user}}` is granted {{extra}} on {{host}}: a replication account needs only `REPLICATION SLAVE`. If its password leaks, all of that leaks with it.',
    },
    hint: "On the primary: `CREATE USER 'replicator'@'10.0.0.22' IDENTIFIED BY '...'; GRANT REPLICATION SLAVE ON *.* TO 'replicator'@'10.0.0.22';`",
  },
  eachReplica((ctx) => {
    const { primary, replica } = dbHosts(ctx);
    if (!primary) return;
    if (primary.sql.length === 0) {
      if (replica && replicationGrants(replica).length) {
        const g = replicationGrants(replica)[0];
        ctx.report({ messageId: 'on-replica', data: { host: replica.name }, loc: g.span });
        return;
      }
      ctx.report({ messageId: 'not-found', data: { host: primary.name } });
      return;
    }
    const grants = replicationGrants(primary);
    if (grants.length === 0) {
      ctx.report({ messageId: 'missing', data: { host: primary.name }, loc: fileStart(primary.sql[0]) });
      return;
    }
    for (const g of grants) {
      const user = g.to.map((a) => `'${a.user}'@'${a.host}'`).join(', ');
      if (g.privileges.some((p) => REPLICATION_PRIVS.has(p)) && g.on.replace(/[`'"]/g, '') !== '*.*') {
        ctx.report({
          messageId: 'not-global',
          data: { privileges: g.privileges.join(', '), on: g.on, host: primary.name },
          loc: g.span,
        });
        continue;
      }
      const extra = g.privileges.filter((p) => !REPLICATION_PRIVS.has(p) && !HARMLESS_PRIVS.has(p));
      if (g.withGrantOption) extra.push('GRANT OPTION');
      if (extra.length)
        ctx.report({
          messageId: 'too-much',
          data: { user, extra: extra.join(', '), host: primary.name },
          loc: g.span,
          severity: 'warning',
        });
    }
  }),
);
