import check from '../../../labs/core/checks/haproxy/hsts';
import { run, solutionFiles } from '../checkTester';

const LAB = 'secured-monitored';
const F = 'lb-01/haproxy.cfg';
const base = solutionFiles(LAB)[F]!;
const RULE = '    http-response set-header Strict-Transport-Security "max-age=63072000" if { ssl_fc }\n';
const rule = (line: string) => ({ [F]: base.replace(RULE, line) });

run(check, {
  valid: [
    { name: 'the reference solution', lab: LAB, base: 'solution' },
    {
      name: 'false positive: http-after-response, includeSubDomains, no condition (browsers ignore it on http://)',
      lab: LAB,
      base: 'solution',
      files: rule(
        '    http-after-response set-header Strict-Transport-Security "max-age=63072000; includeSubDomains; preload"\n',
      ),
    },
    {
      name: 'false positive: in the backend, header name in lower case',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(RULE, '')
          .replace(
            '    balance roundrobin\n',
            '    balance roundrobin\n    http-response add-header strict-transport-security max-age=63072000\n',
          ),
      },
    },
  ],
  invalid: [
    {
      name: 'missing',
      lab: LAB,
      base: 'solution',
      files: rule(''),
      errors: [{ messageId: 'missing', file: F, line: 23, column: 1, data: { type: 'frontend', name: 'www' } }],
    },
    {
      name: 'max-age one day',
      lab: LAB,
      base: 'solution',
      files: rule('    http-response set-header Strict-Transport-Security "max-age=86400" if { ssl_fc }\n'),
      errors: [{ messageId: 'too-short', file: F, line: 29, column: 5 }],
    },
    {
      name: 'max-age one year: works, below Mozilla (warning)',
      lab: LAB,
      base: 'solution',
      files: rule('    http-response set-header Strict-Transport-Security max-age=31536000 if { ssl_fc }\n'),
      errors: [{ messageId: 'short', file: F, line: 29, column: 5, severity: 'warning' }],
    },
    {
      name: 'no max-age',
      lab: LAB,
      base: 'solution',
      files: rule('    http-response set-header Strict-Transport-Security includeSubDomains if { ssl_fc }\n'),
      errors: [{ messageId: 'no-max-age', file: F, line: 29, column: 5 }],
    },
    {
      name: 'set on the request instead of the response',
      lab: LAB,
      base: 'solution',
      files: rule('    http-request set-header Strict-Transport-Security "max-age=63072000" if { ssl_fc }\n'),
      errors: [{ messageId: 'request-header', file: F, line: 29, column: 5 }],
    },
    {
      name: 'only on plain HTTP responses',
      lab: LAB,
      base: 'solution',
      files: rule('    http-response set-header Strict-Transport-Security "max-age=63072000" unless { ssl_fc }\n'),
      errors: [{ messageId: 'plain-only', file: F, line: 29, column: 5 }],
    },
    {
      name: 'mode tcp: ignored',
      lab: LAB,
      base: 'solution',
      files: { [F]: base.replace('    mode    http\n', '    mode    tcp\n') },
      errors: [{ messageId: 'tcp-mode', file: F, line: 29, column: 5 }],
    },
    {
      name: 'no TLS frontend at all',
      lab: LAB,
      base: 'solution',
      files: { [F]: base.replace('    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem alpn h2,http/1.1\n', '') },
      errors: [{ messageId: 'no-tls', file: F, line: 1, column: 1 }],
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
