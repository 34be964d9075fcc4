import { defineCheck } from '../context';
import type { ChangeSourceStatement } from '../../parsers/sql/ast';
import { fileStart, hostByAddress } from '../util';
import { dbHosts, option, replicationGrants, statements, NOT_FOUND_SQL, eachReplica } from './common';
import { mysqlPort } from '../shared-options';

export default defineCheck(
  {
    id: 'mysql/replica-source',
    reads: ['mycnf', 'sql'],
    options: { mysqlPort },
    title: 'The replica replicates from the primary',
    component: 'mysql',
    severity: 'error',
    points: 3,
    messages: {
      'not-found': NOT_FOUND_SQL,
      missing:
        'No `CHANGE MASTER TO` / `CHANGE REPLICATION SOURCE TO` on {{host}}: the replica does not know where its primary is.',
      'no-host': '`{{syntax}}` on {{host}} has no `{{prefix}}_HOST`.',
      self: '`{{syntax}}` points at {{target}}, which is the replica itself ({{host}}): it must point at the primary {{primary}} ({{primaryAddress}}).',
      'wrong-host': '`{{syntax}}` points at {{target}}, not at the primary {{primary}} ({{primaryAddress}}).',
      'wrong-port': '`{{syntax}}` uses port {{port}}, but the primary listens on port {{expected}}.',
      'no-user': '`{{syntax}}` on {{host}} has no `{{prefix}}_USER`.',
      'wrong-user':
        '`{{syntax}}` logs in as `{{user}}`, but the replication account granted on the primary is {{granted}}.',
      'no-position':
        '`{{syntax}}` gives neither a binary log position (`{{prefix}}_LOG_FILE` + `{{prefix}}_LOG_POS`) nor GTID auto-positioning: the replica would start from the oldest log the primary still has.',
      'no-start':
        'Nothing starts replication after `{{syntax}}` on {{host}}: add `START REPLICA;` (MySQL 8) or `START SLAVE;` (MariaDB).',
      'on-primary': "`{{syntax}}` is in {{host}}'s files, the primary; it belongs on the replica.",
    },
    hint: "On the replica: `CHANGE MASTER TO MASTER_HOST='10.0.0.21', MASTER_USER='replicator', MASTER_PASSWORD='...', MASTER_USE_GTID=slave_pos; START SLAVE;`",
  },
  eachReplica((ctx) => {
    const { primary, replica } = dbHosts(ctx);
    if (!replica) return;
    if (replica.sql.length === 0) {
      const wrong = primary ? statements(primary).find((s) => s.kind === 'change-source') : undefined;
      if (wrong && wrong.kind === 'change-source')
        ctx.report({ messageId: 'on-primary', data: { syntax: wrong.syntax, host: primary!.name }, loc: wrong.span });
      else ctx.report({ messageId: 'not-found', data: { host: replica.name } });
      return;
    }
    const stmts = statements(replica);
    const idx = stmts.map((s, i) => (s.kind === 'change-source' ? i : -1)).filter((i) => i !== -1);
    if (idx.length === 0) {
      ctx.report({ messageId: 'missing', data: { host: replica.name }, loc: fileStart(replica.sql[0]) });
      return;
    }
    const last = idx[idx.length - 1];
    const cs = stmts[last] as ChangeSourceStatement;
    const prefix = cs.syntax === 'CHANGE MASTER TO' ? 'MASTER' : 'SOURCE';
    const base = {
      syntax: cs.syntax,
      host: replica.name,
      prefix,
      primary: primary?.name ?? 'the primary',
      primaryAddress: primary?.address ?? '',
    };
    const opt = (n: string) => {
      const all = cs.options.filter((o) => o.name === n);
      return all[all.length - 1];
    };
    const host = opt('host');
    if (!host) ctx.report({ messageId: 'no-host', data: base, loc: cs.span });
    else {
      const h = hostByAddress(ctx, host.value);
      if (h === replica || /^(127\.|localhost$|::1$)/.test(host.value))
        ctx.report({ messageId: 'self', data: { ...base, target: host.value }, loc: host.span });
      else if (!h || h.role !== 'db-primary')
        ctx.report({ messageId: 'wrong-host', data: { ...base, target: host.value }, loc: host.span });
    }
    const port = opt('port');
    const expected = Number((primary && option(primary, 'port')?.value) || ctx.options.mysqlPort);
    if (port && Number(port.value) !== expected)
      ctx.report({ messageId: 'wrong-port', data: { ...base, port: port.value, expected }, loc: port.span });
    const user = opt('user');
    if (!user) ctx.report({ messageId: 'no-user', data: base, loc: cs.span });
    else if (primary) {
      const accounts = replicationGrants(primary).flatMap((g) => g.to);
      if (accounts.length && !accounts.some((a) => a.user === user.value)) {
        ctx.report({
          messageId: 'wrong-user',
          data: { ...base, user: user.value, granted: accounts.map((a) => `'${a.user}'@'${a.host}'`).join(', ') },
          loc: user.span,
        });
      }
    }
    const gtid = opt('use_gtid');
    const auto = opt('auto_position');
    const hasGtid = (gtid && !/^no$/i.test(gtid.value)) || (auto && auto.value === '1');
    const hasPos = opt('log_file') && opt('log_pos');
    if (!hasGtid && !hasPos) ctx.report({ messageId: 'no-position', data: base, loc: cs.span });
    if (!stmts.slice(last + 1).some((s) => s.kind === 'start-replica'))
      ctx.report({ messageId: 'no-start', data: base, loc: cs.span });
  }),
);
