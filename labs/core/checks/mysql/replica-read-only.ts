import { defineCheck } from '../context';
import { fileStart } from '../util';
import {
  dbHosts,
  isOn,
  misspeltData,
  misspeltOption,
  MISSPELT,
  needCnf,
  option,
  statements,
  NOT_FOUND,
  eachReplica,
} from './common';

export default defineCheck(
  {
    id: 'mysql/replica-read-only',
    reads: ['mycnf', 'sql'],
    title: 'The replica is read-only',
    component: 'mysql',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': NOT_FOUND,
      missing:
        '{{host}} is not read-only: an application (or a person) writing to the replica makes it drift from the primary, and replication then stops on a conflict.',
      off: '`{{name}} = {{value}}` on {{host}} leaves the replica writable.',
      misspelt: MISSPELT,
      'sql-only':
        '`SET GLOBAL {{name}}` on {{host}} lasts until the next restart; put `read_only = ON` in the option file too.',
    },
    hint: "In the replica's [mysqld] group: `read_only = ON` (MySQL: `super_read_only = ON`).",
  },
  eachReplica((ctx) => {
    const { replica } = dbHosts(ctx);
    if (!needCnf(ctx, replica)) return;
    const ro = option(replica, 'read_only');
    const sro = option(replica, 'super_read_only');
    if (isOn(ro) || isOn(sro)) return;
    const off = sro ?? ro;
    if (off) {
      ctx.report({
        messageId: 'off',
        data: { name: off.rawName, value: off.value ?? '', host: replica.name },
        loc: off.span,
      });
      return;
    }
    const set = statements(replica).find(
      (s) =>
        s.kind === 'set-global' &&
        (s.variable === 'read_only' || s.variable === 'super_read_only') &&
        /^(on|1|true)$/i.test(s.value),
    );
    if (set && set.kind === 'set-global') {
      ctx.report({
        messageId: 'sql-only',
        data: { name: set.variable, host: replica.name },
        loc: set.span,
        severity: 'warning',
      });
      return;
    }
    const typo = (['read_only', 'super_read_only'] as const)
      .map((want) => ({ want, o: misspeltOption(replica, want) }))
      .find((t) => t.o);
    if (typo?.o)
      ctx.report({ messageId: 'misspelt', data: misspeltData(replica, typo.o, typo.want), loc: typo.o.span });
    else ctx.report({ messageId: 'missing', data: { host: replica.name }, loc: fileStart(replica.mycnf[0]) });
  }),
);
