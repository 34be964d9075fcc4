import check from '../../../labs/core/checks/haproxy/forwardfor';
import { run, solutionFiles } from '../checkTester';

const F = 'lb-01/haproxy.cfg';
const base = solutionFiles()[F];
run(check, {
  valid: [
    { name: 'the reference solution (in defaults)', base: 'solution' },
    {
      name: 'false positive: in the backend instead',
      base: 'solution',
      files: {
        [F]: base
          .replace('    option  forwardfor\n', '')
          .replace('    balance roundrobin\n', '    balance roundrobin\n    option forwardfor\n'),
      },
    },
    {
      name: 'false positive: in the frontend instead',
      base: 'solution',
      files: {
        [F]: base
          .replace('    option  forwardfor\n', '')
          .replace('    bind *:80\n', '    bind *:80\n    option forwardfor except 127.0.0.0/8\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'missing',
      base: 'solution',
      files: { [F]: base.replace('    option  forwardfor\n', '') },
      errors: [{ messageId: 'missing', file: F, line: 21, column: 1, severity: 'warning' }],
    },
    {
      name: 'no option forwardfor in both frontend and backend cancels defaults',
      base: 'solution',
      files: {
        [F]: base
          .replace('    balance roundrobin\n', '    balance roundrobin\n    no option forwardfor\n')
          .replace('    bind *:80\n', '    bind *:80\n    no option forwardfor\n'),
      },
      errors: [{ messageId: 'missing', file: F, line: 23, column: 1, severity: 'warning' }],
    },
    {
      name: 'tcp mode',
      base: 'solution',
      files: { [F]: base.replace('mode    http', 'mode    tcp') },
      errors: [{ messageId: 'tcp-mode', file: F, line: 10, column: 5, severity: 'warning' }],
    },
    {
      name: 'no HAProxy file',
      base: 'solution',
      remove: [F],
      errors: [{ messageId: 'not-found', severity: 'warning' }],
    },
  ],
});
