import check from '../../../labs/core/checks/haproxy/x-forwarded-proto';
import { run, solutionFiles } from '../checkTester';

const LAB = 'secured-monitored';
const F = 'lb-01/haproxy.cfg';
const base = solutionFiles(LAB)[F]!;
const RULE = '    http-request set-header X-Forwarded-Proto https if { ssl_fc }\n';
const REDIRECT = '    http-request redirect scheme https code 301 unless { ssl_fc }\n';
const rule = (line: string) => ({ [F]: base.replace(RULE, line) });

run(check, {
  valid: [
    { name: 'the reference solution', lab: LAB, base: 'solution' },
    {
      name: 'false positive: both values, by condition (B3zaleel)',
      lab: LAB,
      base: 'solution',
      files: rule(
        '    http-request set-header X-Forwarded-Proto https if { ssl_fc }\n    http-request set-header X-Forwarded-Proto http if !{ ssl_fc }\n',
      ),
    },
    {
      name: 'false positive: unconditional, after the redirect of plain HTTP (plain requests never reach it)',
      lab: LAB,
      base: 'solution',
      files: rule('    http-request set-header X-Forwarded-Proto https\n'),
    },
    {
      name: 'false positive: a sample expression giving the scheme',
      lab: LAB,
      base: 'solution',
      files: rule('    http-request set-header X-Forwarded-Proto %[ssl_fc,iif(https,http)]\n'),
    },
    {
      name: 'false positive: a TLS-only frontend, header in lower case',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(REDIRECT, '')
          .replace(RULE, '    http-request set-header x-forwarded-proto https\n')
          .replace('    bind *:80\n', '')
          .replace(
            'frontend www\n',
            'frontend http\n    bind *:80\n    http-request redirect scheme https code 301\n\nfrontend www\n',
          ),
      },
    },
    {
      name: 'false positive: other X-Forwarded-* headers beside it (Port, Host) are not misspellings',
      lab: LAB,
      base: 'solution',
      files: rule(
        `${RULE}    http-request set-header X-Forwarded-Port %[dst_port]\n    http-request set-header X-Forwarded-Host %[req.hdr(host)]\n`,
      ),
    },
  ],
  invalid: [
    {
      name: 'false positive of a fail: misspelt only where plain HTTP meets it, HTTPS labelled right (warns)',
      lab: LAB,
      base: 'solution',
      files: rule(`${RULE}    http-request set-header X_Forwarded-Proto http unless { ssl_fc }\n`),
      status: 'warn',
      errors: [{ messageId: 'misspelt-plain', severity: 'warning', file: F, line: 29, column: 29 }],
    },
    {
      name: 'false positive of a fail: a plain frontend that redirects, then sets X_Forwarded-Proto http (a template real answers share; warns)',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(REDIRECT, '')
          .replace('    bind *:80\n', '')
          .replace(
            'frontend www\n',
            'frontend http_in\n    bind *:80\n' +
              REDIRECT +
              '    http-request set-header X_Forwarded-Proto http\n    default_backend web_servers\n\nfrontend www\n',
          ),
      },
      status: 'warn',
      errors: [
        {
          messageId: 'misspelt-plain',
          severity: 'warning',
          file: F,
          line: 26,
          column: 29,
          data: { rule: 'http-request set-header X_Forwarded-Proto http', header: 'X_Forwarded-Proto' },
        },
      ],
    },
    {
      name: 'X_Forwarded-Proto (the research, M4)',
      lab: LAB,
      base: 'solution',
      files: rule('    http-request set-header X_Forwarded-Proto https if { ssl_fc }\n'),
      errors: [
        {
          messageId: 'misspelt',
          file: F,
          line: 28,
          column: 29,
          data: { rule: 'http-request set-header X_Forwarded-Proto https if { ssl_fc }', header: 'X_Forwarded-Proto' },
        },
        { messageId: 'missing', file: F, line: 23, column: 1, data: { type: 'frontend', name: 'www' } },
      ],
    },
    {
      name: 'X-Forward-Proto',
      lab: LAB,
      base: 'solution',
      files: rule('    http-request set-header X-Forward-Proto https if { ssl_fc }\n'),
      errors: [
        { messageId: 'misspelt', file: F, line: 28, column: 29 },
        { messageId: 'missing', file: F, line: 23, column: 1 },
      ],
    },
    {
      name: 'missing',
      lab: LAB,
      base: 'solution',
      files: rule(''),
      errors: [{ messageId: 'missing', file: F, line: 23, column: 1 }],
    },
    {
      name: 'unconditional before the redirect: plain requests labelled https (M5)',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(RULE, '')
          .replace(REDIRECT, `    http-request set-header X-Forwarded-Proto https\n${REDIRECT}`),
      },
      errors: [{ messageId: 'https-on-plain', file: F, line: 27, column: 5, severity: 'warning' }],
    },
    {
      name: 'value http on TLS traffic',
      lab: LAB,
      base: 'solution',
      files: rule('    http-request set-header X-Forwarded-Proto http if { ssl_fc }\n'),
      errors: [
        {
          messageId: 'wrong-value',
          file: F,
          line: 28,
          column: 5,
          data: { rule: 'http-request set-header X-Forwarded-Proto http if { ssl_fc }', value: 'http' },
        },
      ],
    },
    {
      name: 'on the response',
      lab: LAB,
      base: 'solution',
      files: rule('    http-response set-header X-Forwarded-Proto https if { ssl_fc }\n'),
      errors: [
        { messageId: 'response-header', file: F, line: 28, column: 5 },
        { messageId: 'missing', file: F, line: 23, column: 1 },
      ],
    },
    {
      name: 'mode tcp: ignored',
      lab: LAB,
      base: 'solution',
      files: { [F]: base.replace('    mode    http\n', '    mode    tcp\n') },
      errors: [{ messageId: 'tcp-mode', file: F, line: 28, column: 5 }],
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
