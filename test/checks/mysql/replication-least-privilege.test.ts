import check from '../../../labs/core/checks/mysql/replication-least-privilege';
import { run, solutionFiles } from '../checkTester';

const PS = 'db-primary/setup.sql';
const base = solutionFiles()[PS];
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'false positive: the application user has SELECT etc. (not the replication account)',
      base: 'solution',
      files: { [PS]: base.replace('SELECT, INSERT', 'SELECT, INSERT, CREATE') },
    },
  ],
  invalid: [
    {
      name: 'ALL PRIVILEGES',
      base: 'solution',
      files: { [PS]: base.replace('REPLICATION SLAVE', 'ALL PRIVILEGES') },
      errors: [{ messageId: 'extra', file: PS, line: 5, column: 1 }],
    },
    {
      name: 'WITH GRANT OPTION',
      base: 'solution',
      files: { [PS]: base.replace("TO 'replicator'@'10.0.0.22';", "TO 'replicator'@'10.0.0.22' WITH GRANT OPTION;") },
      errors: [{ messageId: 'extra', file: PS, line: 5, column: 1 }],
    },
    {
      name: 'any host is a warning',
      base: 'solution',
      files: { [PS]: base.replace(/'replicator'@'10\.0\.0\.22'/g, "'replicator'@'%'") },
      errors: [{ messageId: 'any-host', file: PS, line: 5, column: 1, severity: 'warning' }],
    },
    {
      name: 'no replication grant',
      base: 'solution',
      files: { [PS]: base.replace(/GRANT REPLICATION.*\n/, '') },
      errors: [{ messageId: 'not-found' }],
    },
  ],
});
