import { defineCheck } from '../context';
import { expectDesign } from './common';
import { mysqlPort } from '../shared-options';

export default defineCheck(
  {
    id: 'firewall/db-restricted',
    reads: ['firewall', 'shell'],
    options: { mysqlPort },
    title: 'MySQL takes connections from the application (and the primary from the replica) only',
    component: 'firewall',
    severity: 'error',
    points: 2,
    messages: {
      blocked: '{{what}} is dropped, but {{reason}}: {{why}}.',
      open: '{{what}} is accepted ({{why}}), but {{reason}}.',
    },
    hint: 'On db-primary: `ufw allow proto tcp from <app-01> to any port 3306` and the same from db-replica; on db-replica: from app-01 only.',
  },
  (ctx) => expectDesign(ctx, 'firewall/db-restricted', { mysqlPort: ctx.options.mysqlPort }),
);
