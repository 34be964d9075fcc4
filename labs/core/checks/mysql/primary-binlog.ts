import { defineCheck } from '../context';
import { fileStart } from '../util';
import { dbHosts, misspeltData, misspeltOption, MISSPELT, needCnf, option, NOT_FOUND } from './common';

export default defineCheck(
  {
    id: 'mysql/primary-binlog',
    reads: ['mycnf', 'sql'],
    title: 'The primary writes a binary log',
    component: 'mysql',
    severity: 'error',
    points: 2,
    messages: {
      'not-found': NOT_FOUND,
      missing:
        '{{host}} does not enable the binary log (`log_bin`); MariaDB leaves it off by default, and without it there is nothing for the replica to copy.',
      disabled: '`{{name}}` on {{host}} turns the binary log off.',
      misspelt: MISSPELT,
      'format-statement':
        '`binlog_format = STATEMENT` on {{host}}: statements with non-deterministic functions can differ on the replica; ROW (or MIXED) is safer.',
    },
    hint: "In the primary's [mysqld] group: `log_bin = /var/log/mysql/mysql-bin.log`.",
  },
  (ctx) => {
    const { primary } = dbHosts(ctx);
    if (!needCnf(ctx, primary)) return;
    const off = option(primary, 'skip_log_bin') ?? option(primary, 'disable_log_bin');
    const on = option(primary, 'log_bin');
    if (off && (!on || off.span.line > on.span.line || off.file !== on.file)) {
      ctx.report({ messageId: 'disabled', data: { name: off.rawName, host: primary.name }, loc: off.span });
      return;
    }
    const typo = on ? undefined : misspeltOption(primary, 'log_bin');
    if (typo) {
      ctx.report({ messageId: 'misspelt', data: misspeltData(primary, typo, 'log_bin'), loc: typo.span });
      return;
    }
    if (!on || (on.value !== undefined && /^(off|0|false)$/i.test(on.value.trim()))) {
      ctx.report({
        messageId: on ? 'disabled' : 'missing',
        data: { host: primary.name, name: on?.rawName ?? 'log_bin' },
        loc: on?.span ?? fileStart(primary.mycnf[0]),
      });
      return;
    }
    const fmt = option(primary, 'binlog_format');
    if (fmt && /^statement$/i.test(fmt.value ?? ''))
      ctx.report({ messageId: 'format-statement', data: { host: primary.name }, loc: fmt.span, severity: 'info' });
  },
);
