import check from '../../../labs/core/checks/haproxy/health-checks';
import { run, solutionFiles } from '../checkTester';

const F = 'lb-01/haproxy.cfg';
const base = solutionFiles()[F];
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'default-server check',
      base: 'solution',
      files: {
        [F]: base.replace('default-server inter 1s', 'default-server check inter 1s').replace(/:80 check/g, ':80'),
      },
    },
    {
      name: 'false positive: check with more options after it',
      base: 'solution',
      files: { [F]: base.replace(/:80 check/g, ':80 check inter 2s fall 3') },
    },
  ],
  invalid: [
    {
      name: 'a server without check',
      base: 'solution',
      files: { [F]: base.replace('10.0.0.12:80 check', '10.0.0.12:80') },
      errors: [{ messageId: 'no-check', file: F, line: 28, column: 5 }],
    },
    {
      name: 'no-check overrides default-server check',
      base: 'solution',
      files: {
        [F]: base
          .replace('default-server inter 1s', 'default-server check inter 1s')
          .replace('10.0.0.11:80 check', '10.0.0.11:80 no-check'),
      },
      errors: [{ messageId: 'no-check', file: F, line: 27, column: 5 }],
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
