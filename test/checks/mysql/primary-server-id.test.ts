import check from '../../../labs/core/checks/mysql/primary-server-id';
import { run, solutionFiles } from '../checkTester';

const P = 'db-primary/50-server.cnf';
const base = solutionFiles()[P];
run(check, {
  valid: [
    { name: 'a suffix mariadbd accepts (1K = 1024)', files: { [P]: base.replace('server-id     = 1', 'server-id     = 1K') } },
    { name: 'the reference solution' },
    { name: 'server_id spelled with an underscore, in [mariadb]', files: { [P]: base.replace('[mysqld]', '[mariadb]').replace('server-id     = 1', 'server_id = 7') } },
    { name: 'false positive: an earlier 0 overridden by a later value (last wins)', files: { [P]: base.replace('server-id     = 1', 'server-id = 0\nserver-id = 1') } },
  ],
  invalid: [
    { name: 'missing', files: { [P]: base.replace('server-id     = 1\n', '') }, errors: [{ messageId: 'missing', file: P, line: 1, column: 1 }] },
    { name: 'zero', files: { [P]: base.replace('server-id     = 1', 'server-id     = 0') }, errors: [{ messageId: 'zero', file: P, line: 3, column: 17 }] },
    { name: 'two lines merged by a paste (mariadbd: Unknown suffix)', files: { [P]: base.replace('server-id     = 1', 'server-id     = 1symbolic-links=0') }, errors: [{ messageId: 'not-number', file: P, line: 3, column: 17 }] },
    { name: 'not a number', files: { [P]: base.replace('server-id     = 1', 'server-id     = one') }, errors: [{ messageId: 'not-number', file: P, line: 3, column: 17 }] },
    { name: 'in a group the server does not read', files: { [P]: base.replace('[mysqld]', '[client]') }, errors: [{ messageId: 'missing', file: P, line: 1, column: 1 }] },
    { name: 'no option file', remove: [P], errors: [{ messageId: 'not-found' }] },
  ],
});
