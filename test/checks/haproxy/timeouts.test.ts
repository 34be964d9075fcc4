import check from '../../../labs/core/checks/haproxy/timeouts';
import { run, solutionFiles } from '../checkTester';

const F = 'lb-01/haproxy.cfg';
const base = solutionFiles()[F];
const noTimeouts = base.replace(/    timeout .*\n/g, '');
run(check, {
  valid: [
    { name: 'the reference solution (in defaults)', base: 'solution' },
    {
      name: 'false positive: timeouts in the sections themselves',
      base: 'solution',
      files: {
        [F]: noTimeouts
          .replace('    bind *:80\n', '    bind *:80\n    timeout client 30s\n')
          .replace(
            '    balance roundrobin\n',
            '    balance roundrobin\n    timeout connect 5s\n    timeout server 30s\n',
          ),
      },
    },
  ],
  invalid: [
    {
      name: 'no timeouts',
      base: 'solution',
      files: { [F]: noTimeouts },
      errors: [
        { messageId: 'missing', file: F, line: 15, column: 1 },
        { messageId: 'missing', file: F, line: 19, column: 1 },
        { messageId: 'missing', file: F, line: 19, column: 1 },
      ],
    },
    {
      name: 'timeout server 0',
      base: 'solution',
      files: { [F]: base.replace('timeout server  30s', 'timeout server  0') },
      errors: [{ messageId: 'zero', file: F, line: 16, column: 5 }],
    },
    {
      name: 'no proxy sections at all',
      base: 'solution',
      files: { [F]: 'global\n    log /dev/log local0\n' },
      errors: [1, 2, 3].map(() => ({ messageId: 'missing', file: F, line: 1, column: 1 })),
    },
    { name: 'no HAProxy file', base: 'solution', remove: [F], errors: [{ messageId: 'not-found' }] },
  ],
});
