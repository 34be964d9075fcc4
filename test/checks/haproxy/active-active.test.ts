import check from '../../../labs/core/checks/haproxy/active-active';
import { run, solutionFiles } from '../checkTester';

const F = 'lb-01/haproxy.cfg';
const base = solutionFiles()[F];
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'false positive: a backup server in another backend',
      base: 'solution',
      files: { [F]: base + '\nbackend maintenance\n    server sorry 10.0.0.50:80 backup\n' },
    },
    {
      name: 'false positive: the word backup in a comment',
      base: 'solution',
      files: {
        [F]: base.replace('server web-02 10.0.0.12:80 check', 'server web-02 10.0.0.12:80 check # not a backup'),
      },
    },
  ],
  invalid: [
    {
      name: 'default-server backup',
      base: 'solution',
      files: { [F]: base.replace('default-server inter 1s', 'default-server backup inter 1s') },
      errors: [{ messageId: 'default-backup', file: F, line: 26, column: 5 }],
    },
    {
      name: 'one server only',
      base: 'solution',
      files: { [F]: base.replace(/    server web-02.*\n/, '') },
      errors: [{ messageId: 'one-active', file: F, line: 27, column: 5 }],
    },
    {
      name: 'one server and a backup',
      base: 'solution',
      files: { [F]: base.replace('10.0.0.12:80 check', '10.0.0.12:80 check backup') },
      errors: [
        { messageId: 'backup', file: F, line: 28, column: 38 },
        { messageId: 'one-active', file: F, line: 27, column: 5 },
      ],
    },
    {
      name: 'no servers',
      base: 'solution',
      files: { [F]: base.replace(/    server .*\n/g, '') },
      errors: [{ messageId: 'no-servers', file: F, line: 22, column: 1 }],
    },
    { name: 'no HAProxy file', base: 'solution', remove: [F], errors: [{ messageId: 'not-found' }] },
  ],
});
