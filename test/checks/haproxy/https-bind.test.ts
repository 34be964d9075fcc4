import check from '../../../labs/core/checks/haproxy/https-bind';
import { run, solutionFiles } from '../checkTester';

const LAB = 'secured-monitored';
const F = 'lb-01/haproxy.cfg';
const base = solutionFiles(LAB)[F]!;
const BIND = '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem alpn h2,http/1.1\n';
const with443 = (line: string) => ({ [F]: base.replace(BIND, line) });

run(check, {
  valid: [
    { name: 'the reference solution', lab: LAB, base: 'solution' },
    {
      name: 'false positive: a folder of certificates',
      lab: LAB,
      base: 'solution',
      files: with443('    bind :443 ssl crt /etc/haproxy/certs/\n'),
    },
    {
      name: 'false positive: a crt-list and an IPv6 address list',
      lab: LAB,
      base: 'solution',
      files: with443('    bind :::443,*:443 v4v6 ssl crt-list /etc/haproxy/crt-list.txt\n'),
    },
    {
      name: 'false positive: a separate HTTPS frontend with its own mode http',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(BIND, '')
          .replace('    mode    http\n', '')
          .replace(
            'frontend www\n',
            'frontend https\n    mode http\n    bind *:443 ssl crt /etc/haproxy/certs/site.pem\n    default_backend web_servers\n\nfrontend www\n    mode http\n',
          )
          .replace('frontend metrics\n', 'frontend metrics\n    mode http\n')
          .replace('backend web_servers\n', 'backend web_servers\n    mode http\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'no :443 bind at all',
      lab: LAB,
      base: 'solution',
      files: with443(''),
      errors: [{ messageId: 'no-https', file: F, line: 1, column: 1 }],
    },
    {
      name: ':443 without ssl',
      lab: LAB,
      base: 'solution',
      files: with443('    bind *:443\n'),
      errors: [{ messageId: 'no-ssl', file: F, line: 26, column: 5, data: { bind: 'bind *:443' } }],
    },
    {
      name: 'ssl without crt',
      lab: LAB,
      base: 'solution',
      files: with443('    bind *:443 ssl alpn h2,http/1.1\n'),
      errors: [{ messageId: 'no-crt', file: F, line: 26, column: 5 }],
    },
    {
      name: 'TLS on 8443 only',
      lab: LAB,
      base: 'solution',
      files: with443('    bind *:8443 ssl crt /etc/haproxy/certs/www.lab.test.pem\n'),
      errors: [{ messageId: 'wrong-port', file: F, line: 26, column: 10 }],
    },
    {
      name: 'mode tcp in defaults (TLS terminated, HTTP never read)',
      lab: LAB,
      base: 'solution',
      files: { [F]: base.replace('    mode    http\n', '    mode    tcp\n') },
      errors: [
        { messageId: 'tcp-mode', file: F, line: 23, column: 1, data: { type: 'frontend', name: 'www', mode: 'tcp' } },
      ],
    },
    {
      name: 'mode tcp on the frontend itself',
      lab: LAB,
      base: 'solution',
      files: { [F]: base.replace('frontend www\n', 'frontend www\n    mode tcp\n') },
      errors: [{ messageId: 'tcp-mode', file: F, line: 24, column: 5 }],
    },
    {
      name: 'no HAProxy file',
      lab: LAB,
      base: 'solution',
      remove: [F],
      errors: [{ messageId: 'not-found' }],
    },
  ],
});
