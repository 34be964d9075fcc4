import { defineCheck } from '../context';
import { expectMatrix, hostsOf, type Expectation } from './common';
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
  (ctx) => {
    const port = ctx.options.mysqlPort;
    const apps = hostsOf(ctx, 'app').filter((h) => h.present);
    const replicas = hostsOf(ctx, 'db-replica');
    const world: Expectation = {
      from: 'internet',
      port,
      want: 'closed',
      reason: 'a database open to the internet is scanned and attacked within hours',
    };
    const fromApps = apps.map((a) => ({
      from: a,
      port,
      want: 'open' as const,
      reason: `${a.name} reads and writes there`,
    }));
    for (const db of hostsOf(ctx, 'db-primary'))
      expectMatrix(ctx, db, [
        ...fromApps,
        ...replicas.map((r) => ({
          from: r,
          port,
          want: 'open' as const,
          reason: `${r.name} replicates from it (its replication thread connects to the primary)`,
        })),
        world,
      ]);
    for (const db of replicas) expectMatrix(ctx, db, [...fromApps, world]);
  },
);
