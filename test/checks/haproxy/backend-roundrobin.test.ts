import check from '../../../labs/core/checks/haproxy/backend-roundrobin';
import { run, solutionFiles } from '../checkTester';

const F = 'lb-01/haproxy.cfg';
const base = solutionFiles()[F];
const noBalance = base.replace('    balance roundrobin\n', '');
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'balance roundrobin in defaults',
      base: 'solution',
      files: { [F]: noBalance.replace('mode    http', 'mode    http\n    balance roundrobin') },
    },
    {
      name: 'no balance at all passes with an info note (HAProxy default is roundrobin)',
      base: 'solution',
      files: { [F]: noBalance },
      notes: [{ messageId: 'default-algorithm', file: F, line: 22, column: 1 }],
    },
    {
      name: 'false positive: another backend, not the one the frontend uses, has leastconn',
      base: 'solution',
      files: { [F]: base + '\nbackend other\n    balance leastconn\n    server x 10.0.0.99:80\n' },
    },
  ],
  invalid: [
    {
      name: 'leastconn',
      base: 'solution',
      files: { [F]: base.replace('balance roundrobin', 'balance leastconn') },
      errors: [{ messageId: 'wrong-algorithm', file: F, line: 23, column: 13 }],
    },
    {
      name: 'source hashing inherited from defaults',
      base: 'solution',
      files: { [F]: noBalance.replace('mode    http', 'mode    http\n    balance source') },
      errors: [{ messageId: 'wrong-algorithm', file: F, line: 11, column: 13 }],
    },
    {
      name: 'no backend',
      base: 'solution',
      files: { [F]: 'frontend www\n    bind *:80\n' },
      errors: [{ messageId: 'no-backend', file: F, line: 1, column: 1 }],
    },
    { name: 'no HAProxy file', base: 'solution', remove: [F], errors: [{ messageId: 'not-found' }] },
  ],
});
