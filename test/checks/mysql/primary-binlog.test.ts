import check from '../../../labs/core/checks/mysql/primary-binlog';
import { run, solutionFiles } from '../checkTester';

const P = 'db-primary/50-server.cnf';
const base = solutionFiles()[P];
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'bare log-bin',
      base: 'solution',
      files: { [P]: base.replace('log_bin       = /var/log/mysql/mysql-bin.log', 'log-bin') },
    },
    {
      name: 'false positive: statement format is only a note',
      base: 'solution',
      files: { [P]: base.replace('binlog_format = ROW', 'binlog_format = STATEMENT') },
      notes: [{ messageId: 'format-statement', file: P, line: 5, column: 1 }],
    },
  ],
  invalid: [
    {
      name: 'misspelt (`login_bin`): reported at its line',
      base: 'solution',
      files: { [P]: base.replace('log_bin       =', 'login_bin =') },
      errors: [{ messageId: 'misspelt', file: P, line: 4, column: 1 }],
    },
    {
      name: 'no binary log',
      base: 'solution',
      files: { [P]: base.replace(/log_bin.*\n/, '') },
      errors: [{ messageId: 'missing', file: P, line: 1, column: 1 }],
    },
    {
      name: 'skip-log-bin after log_bin',
      base: 'solution',
      files: { [P]: base + 'skip-log-bin\n' },
      errors: [{ messageId: 'disabled', file: P, line: 8, column: 1 }],
    },
    {
      name: 'log_bin = OFF',
      base: 'solution',
      files: { [P]: base.replace('/var/log/mysql/mysql-bin.log', 'OFF') },
      errors: [{ messageId: 'disabled', file: P, line: 4, column: 1 }],
    },
    { name: 'no option file', base: 'solution', remove: [P], errors: [{ messageId: 'not-found' }] },
  ],
});
