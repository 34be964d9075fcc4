import check from '../../../labs/core/checks/mysql/replica-read-only';
import { run, solutionFiles } from '../checkTester';

const R = 'db-replica/50-server.cnf';
const RS = 'db-replica/setup.sql';
const rb = solutionFiles()[R];
const noRo = rb.replace(/read_only.*\n/, '');
run(check, {
  valid: [
    { name: 'the reference solution (read_only = ON)', base: 'solution' },
    { name: 'super_read_only', base: 'solution', files: { [R]: noRo + 'super_read_only = 1\n' } },
    { name: 'false positive: bare read-only option', base: 'solution', files: { [R]: noRo + 'read-only\n' } },
  ],
  invalid: [
    {
      name: 'misspelt (`readonly`, no underscore): reported at its line',
      base: 'solution',
      files: { [R]: noRo + 'readonly = ON\n' },
      errors: [{ messageId: 'misspelt', file: R, line: 7, column: 1 }],
    },
    {
      name: 'missing',
      base: 'solution',
      files: { [R]: noRo },
      errors: [{ messageId: 'missing', file: R, line: 1, column: 1 }],
    },
    {
      name: 'read_only = OFF',
      base: 'solution',
      files: { [R]: rb.replace('read_only    = ON', 'read_only    = OFF') },
      errors: [{ messageId: 'off', file: R, line: 6, column: 1 }],
    },
    {
      name: 'only SET GLOBAL (lost at restart)',
      base: 'solution',
      files: { [R]: noRo, [RS]: solutionFiles()[RS] + 'SET GLOBAL read_only = ON;\n' },
      errors: [{ messageId: 'sql-only', file: RS, line: 10, column: 1, severity: 'warning' }],
    },
    { name: 'no option file', base: 'solution', remove: [R], errors: [{ messageId: 'not-found' }] },
  ],
});
