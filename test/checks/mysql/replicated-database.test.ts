import check from '../../../labs/core/checks/mysql/replicated-database';
import { run, solutionFiles } from '../checkTester';

const P = 'db-primary/50-server.cnf';
const R = 'db-replica/50-server.cnf';
const pb = solutionFiles()[P];
const rb = solutionFiles()[R];
run(check, {
  valid: [
    { name: 'the reference solution (no filter)', base: 'solution' },
    { name: 'binlog_do_db naming the lab database', base: 'solution', files: { [P]: pb + 'binlog_do_db = app_db\n' } },
    {
      name: 'false positive: binlog_ignore_db of another database',
      base: 'solution',
      files: { [P]: pb + 'binlog_ignore_db = mysql\n' },
    },
    {
      name: 'replicate_do_db including it among others',
      base: 'solution',
      files: { [R]: rb + 'replicate_do_db = app_db\nreplicate_do_db = other\n' },
    },
  ],
  invalid: [
    {
      name: 'binlog_do_db without the lab database',
      base: 'solution',
      files: { [P]: pb + 'binlog_do_db = shop\n' },
      errors: [{ messageId: 'binlog-do-excludes', file: P, line: 8, column: 1 }],
    },
    {
      name: 'binlog_ignore_db = app_db',
      base: 'solution',
      files: { [P]: pb + 'binlog_ignore_db = app_db\n' },
      errors: [{ messageId: 'binlog-ignore', file: P, line: 8, column: 1 }],
    },
    {
      name: 'replicate_do_db without it',
      base: 'solution',
      files: { [R]: rb + 'replicate_do_db = shop\n' },
      errors: [{ messageId: 'replicate-do-excludes', file: R, line: 8, column: 1 }],
    },
    {
      name: 'replicate_ignore_db = app_db',
      base: 'solution',
      files: { [R]: rb + 'replicate_ignore_db = app_db\n' },
      errors: [{ messageId: 'replicate-ignore', file: R, line: 8, column: 1 }],
    },
    {
      name: 'binlog_do_db on the replica is a warning',
      base: 'solution',
      files: { [R]: rb + 'binlog_do_db = app_db\n' },
      errors: [{ messageId: 'binlog-do-on-replica', file: R, line: 8, column: 1, severity: 'warning' }],
    },
    { name: 'no option files at all', base: 'solution', remove: [P, R], errors: [{ messageId: 'not-found' }] },
  ],
});
