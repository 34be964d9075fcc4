import { defineCheck } from '../context';
import { fileStart } from '../util';
import {
  dbHosts,
  misspeltData,
  misspeltOption,
  MISSPELT,
  needCnf,
  option,
  serverUnsigned,
  SERVER_ID_MAX,
  NOT_FOUND,
  eachReplica,
} from './common';

export default defineCheck(
  {
    id: 'mysql/distinct-server-ids',
    reads: ['mycnf', 'sql'],
    title: 'Primary and replica have different server-ids',
    component: 'mysql',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': NOT_FOUND,
      missing:
        '{{host}} sets no `server-id`, so it runs with the default ({{default}}), the same as a server that forgot it too.',
      misspelt: MISSPELT,
      same: '{{host}} has `server-id = {{value}}`, the same as {{other}}: the I/O thread of the replica stops at once with error 1593 (`master and slave have equal MySQL server ids`), so nothing is replicated.',
      'same-related': '{{other}} sets it here',
      refused:
        "`server-id = {{value}}` on {{host}} is refused by MariaDB at start-up ({{reason}} used for variable 'server_id'): the server does not start, so it has no id at all.",
      zero: '`server-id = 0` on {{host}}: a server with id 0 refuses to replicate.',
    },
    hint: 'Give each server its own id: `server-id = 1` on the primary, `server-id = 2` on the replica.',
  },
  eachReplica((ctx) => {
    const { primary, replica } = dbHosts(ctx);
    const okP = needCnf(ctx, primary);
    const okR = needCnf(ctx, replica);
    if (!okP || !okR) return;
    const p = option(primary, 'server_id');
    const r = option(replica, 'server_id');
    // an id left to its default is not a distinct id, on either side (MySQL 5.7's default, 0, even refuses
    // replicas); a primary without one is also mysql/primary-server-id's finding
    for (const [o, h] of [
      [p, primary],
      [r, replica],
    ] as const)
      if (!o) {
        const typo = misspeltOption(h, 'server_id');
        if (typo) ctx.report({ messageId: 'misspelt', data: misspeltData(h, typo, 'server-id'), loc: typo.span });
        else ctx.report({ messageId: 'missing', data: { host: h.name, default: 1 }, loc: fileStart(h.mycnf[0]) });
      }
    if (!p || !r) return;
    const pn = serverUnsigned(p.value, SERVER_ID_MAX);
    const rn = serverUnsigned(r.value, SERVER_ID_MAX);
    for (const [n, o, h] of [
      [pn, p, primary],
      [rn, r, replica],
    ] as const) {
      if ('error' in n)
        ctx.report({
          messageId: 'refused',
          data: { host: h.name, value: o.value ?? '', reason: n.error },
          loc: o.valueSpan ?? o.span,
        });
    }
    if ('error' in pn || 'error' in rn) return;
    const pv = pn.value;
    const rv = rn.value;
    if (rv === 0) ctx.report({ messageId: 'zero', data: { host: replica.name }, loc: r.valueSpan ?? r.span });
    else if (pv === rv) {
      ctx.report({
        messageId: 'same',
        data: { host: replica.name, value: r.value ?? '', other: primary.name },
        loc: r.valueSpan ?? r.span,
        related: [{ loc: p.valueSpan ?? p.span, messageId: 'same-related', data: { other: primary.name } }],
      });
    }
  }),
);
