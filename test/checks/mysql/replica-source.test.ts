import check from '../../../labs/core/checks/mysql/replica-source';
import { run, solutionFiles } from '../checkTester';

const RS = 'db-replica/setup.sql';
const PS = 'db-primary/setup.sql';
const base = solutionFiles()[RS];
run(check, {
  valid: [
    { name: 'the reference solution (MariaDB, GTID)', base: 'solution' },
    {
      name: 'MySQL 8 spelling with auto-positioning',
      base: 'solution',
      files: {
        [RS]: "CHANGE REPLICATION SOURCE TO SOURCE_HOST='10.0.0.21', SOURCE_USER='replicator', SOURCE_PASSWORD='x', SOURCE_AUTO_POSITION=1;\nSTART REPLICA;\n",
      },
    },
    {
      name: 'binary log file and position',
      base: 'solution',
      files: {
        [RS]: "CHANGE MASTER TO MASTER_HOST='db-primary', MASTER_USER='replicator', MASTER_PASSWORD='x', MASTER_LOG_FILE='mysql-bin.000001', MASTER_LOG_POS=328;\nSTART SLAVE;\n",
      },
    },
    {
      name: 'false positive: STOP SLAVE before and a comment after',
      base: 'solution',
      files: { [RS]: 'STOP SLAVE;\n' + base + '-- done\n' },
    },
  ],
  invalid: [
    {
      name: 'points at the replica itself',
      base: 'solution',
      files: { [RS]: base.replace("'10.0.0.21'", "'10.0.0.22'") },
      errors: [{ messageId: 'self', file: RS, line: 3, column: 3 }],
    },
    {
      name: 'no inventory.yaml: MASTER_HOST is not where the primary listens',
      base: 'solution',
      remove: ['inventory.yaml'],
      files: {
        'db-primary/50-server.cnf': solutionFiles()['db-primary/50-server.cnf'].replace(
          'bind-address  = 0.0.0.0',
          'bind-address  = 172.31.5.9',
        ),
        [RS]: base.replace("'10.0.0.21'", "'172.31.5.10'"),
      },
      errors: [{ messageId: 'wrong-host', file: RS, line: 3, column: 3 }],
    },
    {
      name: 'points at another host',
      base: 'solution',
      files: { [RS]: base.replace("'10.0.0.21'", "'10.0.0.11'") },
      errors: [{ messageId: 'wrong-host', file: RS, line: 3, column: 3 }],
    },
    {
      name: 'wrong port',
      base: 'solution',
      files: { [RS]: base.replace('MASTER_PORT = 3306', 'MASTER_PORT = 3307') },
      errors: [{ messageId: 'wrong-port', file: RS, line: 4, column: 3 }],
    },
    {
      name: 'user not the granted one',
      base: 'solution',
      files: { [RS]: base.replace("MASTER_USER = 'replicator'", "MASTER_USER = 'root'") },
      errors: [{ messageId: 'wrong-user', file: RS, line: 5, column: 3 }],
    },
    {
      name: 'no start',
      base: 'solution',
      files: { [RS]: base.replace('START SLAVE;\n', '') },
      errors: [{ messageId: 'no-start', file: RS, line: 2, column: 1 }],
    },
    {
      name: 'no position',
      base: 'solution',
      files: { [RS]: base.replace('  MASTER_USE_GTID = slave_pos,\n', '') },
      errors: [{ messageId: 'no-position', file: RS, line: 2, column: 1 }],
    },
    {
      name: 'no host and no user',
      base: 'solution',
      files: { [RS]: 'CHANGE MASTER TO MASTER_USE_GTID = slave_pos;\nSTART SLAVE;\n' },
      errors: [
        { messageId: 'no-host', file: RS, line: 1, column: 1 },
        { messageId: 'no-user', file: RS, line: 1, column: 1 },
      ],
    },
    {
      name: 'no CHANGE MASTER',
      base: 'solution',
      files: { [RS]: 'START SLAVE;\n' },
      errors: [{ messageId: 'missing', file: RS, line: 1, column: 1 }],
    },
    {
      name: 'written on the primary',
      base: 'solution',
      remove: [RS],
      files: { [PS]: solutionFiles()[PS] + base },
      errors: [{ messageId: 'on-primary', file: PS, line: 10, column: 1 }],
    },
    { name: 'no SQL on the replica', base: 'solution', remove: [RS], errors: [{ messageId: 'not-found' }] },
  ],
});
