import check from '../../../labs/core/checks/mysql/primary-server-id';
import { run, solutionFiles } from '../checkTester';

const P = 'db-primary/50-server.cnf';
const base = solutionFiles()[P];
run(check, {
  valid: [
    {
      name: 'a suffix mariadbd accepts (1K = 1024)',
      base: 'solution',
      files: { [P]: base.replace('server-id     = 1', 'server-id     = 1K') },
    },
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'server_id spelled with an underscore, in [mariadb]',
      base: 'solution',
      files: { [P]: base.replace('[mysqld]', '[mariadb]').replace('server-id     = 1', 'server_id = 7') },
    },
    {
      name: 'false positive: an earlier 0 overridden by a later value (last wins)',
      base: 'solution',
      files: { [P]: base.replace('server-id     = 1', 'server-id = 0\nserver-id = 1') },
    },
  ],
  invalid: [
    {
      name: 'misspelt (`sever-id`): reported at its line, as the option MariaDB does not know',
      base: 'solution',
      files: { [P]: base.replace('server-id     = 1', 'sever-id = 1') },
      errors: [
        {
          messageId: 'misspelt',
          file: P,
          line: 3,
          column: 1,
          data: {
            raw: 'sever-id',
            host: 'db-primary',
            want: 'server-id',
            effect: 'refuses to start ("unknown variable")',
          },
        },
      ],
    },
    {
      name: 'a prefix of the name is not a misspelling (MariaDB takes a unique prefix; the model asks for the whole name)',
      base: 'solution',
      files: { [P]: base.replace('server-id     = 1', 'server-i = 1') },
      errors: [{ messageId: 'missing', file: P, line: 1, column: 1 }],
    },
    {
      name: 'missing',
      base: 'solution',
      files: { [P]: base.replace('server-id     = 1\n', '') },
      errors: [{ messageId: 'missing', file: P, line: 1, column: 1 }],
    },
    {
      name: 'zero',
      base: 'solution',
      files: { [P]: base.replace('server-id     = 1', 'server-id     = 0') },
      errors: [{ messageId: 'zero', file: P, line: 3, column: 17 }],
    },
    {
      name: 'two lines merged by a paste (mariadbd: Unknown suffix)',
      base: 'solution',
      files: { [P]: base.replace('server-id     = 1', 'server-id     = 1symbolic-links=0') },
      errors: [{ messageId: 'not-number', file: P, line: 3, column: 17 }],
    },
    {
      name: 'not a number',
      base: 'solution',
      files: { [P]: base.replace('server-id     = 1', 'server-id     = one') },
      errors: [{ messageId: 'not-number', file: P, line: 3, column: 17 }],
    },
    {
      name: 'in a group the server does not read',
      base: 'solution',
      files: { [P]: base.replace('[mysqld]', '[client]') },
      errors: [{ messageId: 'missing', file: P, line: 1, column: 1 }],
    },
    { name: 'no option file', base: 'solution', remove: [P], errors: [{ messageId: 'not-found' }] },
  ],
});
