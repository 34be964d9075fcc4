import { defineCheck } from '../context';
import type { MyCnfOption } from '../../parsers/mycnf/ast';
import { dbHosts, options, eachReplica } from './common';
import { database } from '../shared-options';

const list = (os: MyCnfOption[]) =>
  os.flatMap((o) =>
    (o.value ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );

export default defineCheck(
  {
    id: 'mysql/replicated-database',
    reads: ['mycnf', 'sql'],
    options: { database },
    title: "The lab's database is replicated",
    component: 'mysql',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': 'No MySQL option file found in {{host}}/.',
      'binlog-do-excludes':
        '`binlog_do_db` on {{host}} lists only {{list}}: changes to `{{database}}` are not written to the binary log, so they never reach the replica.',
      'binlog-ignore':
        '`binlog_ignore_db = {{database}}` on {{host}}: its changes are not logged, so they never reach the replica.',
      'replicate-do-excludes': '`replicate_do_db` on {{host}} lists only {{list}}: the replica skips `{{database}}`.',
      'replicate-ignore': '`replicate_ignore_db = {{database}}` on {{host}}: the replica skips it.',
      'binlog-do-on-replica':
        '`binlog_do_db` on the replica {{host}} has no effect on what it receives: it filters what the replica itself writes to its own binary log. To filter what is replicated, use `replicate_do_db` there (or `binlog_do_db` on the primary).',
    },
    hint: "Replicate everything (no filter), or list the lab's database in the filter you use.",
  },
  eachReplica((ctx) => {
    const { primary, replica } = dbHosts(ctx);
    const db = ctx.options.database;
    if (primary && primary.mycnf.length === 0 && replica && replica.mycnf.length === 0) {
      ctx.report({ messageId: 'not-found', data: { host: primary.name } });
      return;
    }
    if (primary && primary.mycnf.length) {
      const doDb = options(primary, 'binlog_do_db');
      const names = list(doDb);
      if (doDb.length && !names.includes(db))
        ctx.report({
          messageId: 'binlog-do-excludes',
          data: { host: primary.name, list: names.join(', '), database: db },
          loc: doDb[0].span,
        });
      for (const o of options(primary, 'binlog_ignore_db'))
        if (list([o]).includes(db))
          ctx.report({ messageId: 'binlog-ignore', data: { host: primary.name, database: db }, loc: o.span });
    }
    if (replica && replica.mycnf.length) {
      const doDb = options(replica, 'replicate_do_db');
      const names = list(doDb);
      if (doDb.length && !names.includes(db))
        ctx.report({
          messageId: 'replicate-do-excludes',
          data: { host: replica.name, list: names.join(', '), database: db },
          loc: doDb[0].span,
        });
      for (const o of options(replica, 'replicate_ignore_db'))
        if (list([o]).includes(db))
          ctx.report({ messageId: 'replicate-ignore', data: { host: replica.name, database: db }, loc: o.span });
      for (const o of options(replica, 'binlog_do_db'))
        ctx.report({
          messageId: 'binlog-do-on-replica',
          data: { host: replica.name },
          loc: o.span,
          severity: 'warning',
        });
    }
  }),
);
