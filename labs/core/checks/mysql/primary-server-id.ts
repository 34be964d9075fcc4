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
} from './common';

export default defineCheck(
  {
    id: 'mysql/primary-server-id',
    reads: ['mycnf', 'sql'],
    title: 'The primary has a server-id',
    component: 'mysql',
    severity: 'error',
    points: 1,
    messages: {
      'not-found': NOT_FOUND,
      missing: '{{host}} sets no `server-id`; replication needs every server to have its own non-zero id.',
      misspelt: MISSPELT,
      zero: '`server-id = 0` on {{host}}: a server with id 0 refuses to take part in replication.',
      'not-number':
        "`server-id = {{value}}` on {{host}} is not a number: MariaDB refuses it at start-up ({{reason}} used for variable 'server_id'), so the server does not start.",
    },
    hint: "In the [mysqld] group of the primary's option file: `server-id = 1`.",
  },
  (ctx) => {
    const { primary } = dbHosts(ctx);
    if (!needCnf(ctx, primary)) return;
    const o = option(primary, 'server_id');
    const typo = o ? undefined : misspeltOption(primary, 'server_id');
    if (typo) ctx.report({ messageId: 'misspelt', data: misspeltData(primary, typo, 'server-id'), loc: typo.span });
    else if (!o) ctx.report({ messageId: 'missing', data: { host: primary.name }, loc: fileStart(primary.mycnf[0]) });
    else {
      const v = serverUnsigned(o.value, SERVER_ID_MAX);
      if ('error' in v)
        ctx.report({
          messageId: 'not-number',
          data: { host: primary.name, value: o.value ?? '', reason: v.error },
          loc: o.valueSpan ?? o.span,
        });
      else if (v.value === 0)
        ctx.report({ messageId: 'zero', data: { host: primary.name }, loc: o.valueSpan ?? o.span });
    }
  },
);
