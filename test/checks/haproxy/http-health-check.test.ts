import check from '../../../labs/core/checks/haproxy/http-health-check';
import { run, solutionFiles } from '../checkTester';

const F = 'lb-01/haproxy.cfg';
const base = solutionFiles()[F];
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'false positive: httpchk inherited from defaults',
      base: 'solution',
      files: {
        [F]: base.replace('    option httpchk GET /\n', '').replace('mode    http', 'mode    http\n    option httpchk'),
      },
    },
  ],
  invalid: [
    {
      name: 'TCP checks only',
      base: 'solution',
      files: { [F]: base.replace('    option httpchk GET /\n    http-check expect status 200\n', '') },
      errors: [{ messageId: 'tcp-only', file: F, line: 22, column: 1, severity: 'warning' }],
    },
    {
      name: 'http-check expect without httpchk',
      base: 'solution',
      files: { [F]: base.replace('    option httpchk GET /\n', '') },
      errors: [
        { messageId: 'expect-without-httpchk', file: F, line: 24, column: 5, severity: 'warning' },
        { messageId: 'tcp-only', file: F, line: 22, column: 1, severity: 'warning' },
      ],
    },
    {
      name: 'no HAProxy file',
      base: 'solution',
      remove: [F],
      errors: [{ messageId: 'not-found', severity: 'warning' }],
    },
  ],
});
