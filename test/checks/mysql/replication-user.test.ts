import check from '../../../labs/core/checks/mysql/replication-user';
import { run, solutionFiles } from '../checkTester';

const PS = 'db-primary/setup.sql';
const RS = 'db-replica/setup.sql';
const base = solutionFiles()[PS];
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'MySQL 8 spelling REPLICATION REPLICA',
      base: 'solution',
      files: { [PS]: base.replace('REPLICATION SLAVE', 'REPLICATION REPLICA') },
    },
    {
      name: 'false positive: REPLICATION CLIENT alongside is harmless',
      base: 'solution',
      files: { [PS]: base.replace('REPLICATION SLAVE', 'REPLICATION SLAVE, REPLICATION CLIENT') },
    },
  ],
  invalid: [
    {
      name: 'ALL PRIVILEGES is a warning',
      base: 'solution',
      files: { [PS]: base.replace('REPLICATION SLAVE', 'ALL PRIVILEGES') },
      errors: [{ messageId: 'too-much', file: PS, line: 5, column: 1, severity: 'warning' }],
    },
    {
      name: 'no replication grant',
      base: 'solution',
      files: { [PS]: base.replace(/GRANT REPLICATION.*\n/, '') },
      errors: [{ messageId: 'missing', file: PS, line: 1, column: 1 }],
    },
    {
      name: 'granted on one database',
      base: 'solution',
      files: { [PS]: base.replace('REPLICATION SLAVE ON *.*', 'REPLICATION SLAVE ON app_db.*') },
      errors: [{ messageId: 'not-global', file: PS, line: 5, column: 1 }],
    },
    {
      name: 'created on the replica instead',
      base: 'solution',
      remove: [PS],
      files: { [RS]: solutionFiles()[RS] + "GRANT REPLICATION SLAVE ON *.* TO 'replicator'@'%';\n" },
      errors: [{ messageId: 'on-replica', file: RS, line: 10, column: 1 }],
    },
    { name: 'no SQL on the primary', base: 'solution', remove: [PS], errors: [{ messageId: 'not-found' }] },
  ],
});
