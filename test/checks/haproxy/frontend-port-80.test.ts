import check from '../../../labs/core/checks/haproxy/frontend-port-80';
import { replace, run } from '../checkTester';

const F = 'lb-01/haproxy.cfg';
run(check, {
  valid: [
    { name: 'the reference solution (bind *:80)', base: 'solution' },
    { name: 'bind :80', base: 'solution', files: replace(F, 'bind *:80', 'bind :80') },
    { name: 'bind 0.0.0.0:80', base: 'solution', files: replace(F, 'bind *:80', 'bind 0.0.0.0:80') },
    { name: 'bind [::]:80 v4v6', base: 'solution', files: replace(F, 'bind *:80', 'bind [::]:80 v4v6') },
    {
      name: 'false positive: a port list that includes 80',
      base: 'solution',
      files: replace(F, 'bind *:80', 'bind :8080,:80'),
    },
    {
      name: 'false positive: a port range covering 80',
      base: 'solution',
      files: replace(F, 'bind *:80', 'bind *:79-81'),
    },
    {
      name: 'a listen section with its own servers',
      base: 'solution',
      files: {
        [F]: 'defaults\n    mode http\nlisten web\n    bind 10.0.0.10:80\n    server web-01 10.0.0.11:80 check\n',
      },
    },
  ],
  invalid: [
    {
      name: "HAProxy 1.x's `listen NAME *:80` (real answers that install 1.5): it binds port 80; warned, as 2.x refuses it",
      base: 'solution',
      files: replace(F, 'frontend www\n    bind *:80\n', 'listen www *:80\n'),
      status: 'warn',
      errors: [{ messageId: 'listen-address', severity: 'warning', file: F, line: 18, column: 1 }],
    },
    {
      name: 'binds 8080',
      base: 'solution',
      files: replace(F, 'bind *:80', 'bind *:8080'),
      errors: [{ messageId: 'wrong-port', file: F, line: 19, column: 10 }],
    },
    {
      name: 'frontend without bind',
      base: 'solution',
      files: replace(F, '    bind *:80\n', ''),
      errors: [{ messageId: 'no-bind', file: F, line: 18, column: 1 }],
    },
    {
      name: 'loopback only',
      base: 'solution',
      files: replace(F, 'bind *:80', 'bind 127.0.0.1:80'),
      errors: [{ messageId: 'loopback', file: F, line: 19, column: 5 }],
    },
    {
      name: 'no frontend at all',
      base: 'solution',
      files: { [F]: 'defaults\n    mode http\nbackend b\n    server a 10.0.0.11:80\n' },
      errors: [{ messageId: 'no-frontend', file: F, line: 1, column: 1 }],
    },
    { name: 'no HAProxy file', base: 'solution', remove: [F], errors: [{ messageId: 'not-found' }] },
  ],
});
