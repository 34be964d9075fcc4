import check from '../../../labs/core/checks/tls/min-version';
import { run, solutionFiles } from '../checkTester';

const LAB = 'secured-monitored';
const F = 'lb-01/haproxy.cfg';
const base = solutionFiles(LAB)[F]!;
const OPTS = '    ssl-default-bind-options prefer-client-ciphers ssl-min-ver TLSv1.2 no-tls-tickets\n';
const BIND = '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem alpn h2,http/1.1\n';
const opts = (line: string) => ({ [F]: base.replace(OPTS, line) });
const bind = (line: string) => ({ [F]: base.replace(BIND, line) });

run(check, {
  valid: [
    { name: 'the reference solution (ssl-min-ver TLSv1.2 in global)', lab: LAB, base: 'solution' },
    {
      name: "false positive: nothing set, HAProxy 2.6's own default is TLSv1.2 (manual 5.1, ssl-min-ver)",
      lab: LAB,
      base: 'solution',
      files: opts('    ssl-default-bind-options no-tls-tickets\n'),
    },
    {
      name: 'false positive: on the bind line instead of global',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(OPTS, '')
          .replace(BIND, '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem ssl-min-ver TLSv1.3\n'),
      },
    },
    {
      name: 'false positive: the bind raises a low global minimum',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(OPTS, '    ssl-default-bind-options ssl-min-ver TLSv1.0\n')
          .replace(BIND, '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem ssl-min-ver TLSv1.2\n'),
      },
    },
    {
      name: 'false positive: force-tlsv12',
      lab: LAB,
      base: 'solution',
      files: opts('    ssl-default-bind-options force-tlsv12\n'),
    },
  ],
  invalid: [
    {
      name: 'ssl-min-ver TLSv1.0 in global',
      lab: LAB,
      base: 'solution',
      files: opts('    ssl-default-bind-options ssl-min-ver TLSv1.0 no-tls-tickets\n'),
      errors: [
        {
          messageId: 'too-old',
          file: F,
          line: 11,
          column: 30,
          data: { how: 'ssl-min-ver TLSv1.0', type: 'frontend', name: 'www', bind: '*:443', version: 'TLSv1.0' },
        },
      ],
    },
    {
      name: 'ssl-min-ver TLSv1.1 on the bind overrides a good global',
      lab: LAB,
      base: 'solution',
      files: bind('    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem ssl-min-ver TLSv1.1\n'),
      errors: [{ messageId: 'too-old', file: F, line: 26, column: 60 }],
    },
    {
      name: 'force-tlsv10 on the bind',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(OPTS, '')
          .replace(BIND, '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem force-tlsv10\n'),
      },
      errors: [{ messageId: 'too-old', file: F, line: 25, column: 60 }],
    },
    {
      name: 'force-tlsv10 on the bind wins over ssl-min-ver TLSv1.2 in global',
      lab: LAB,
      base: 'solution',
      files: bind('    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem force-tlsv10\n'),
      errors: [
        {
          messageId: 'too-old',
          file: F,
          line: 26,
          column: 60,
          data: { how: 'force-tlsv10', type: 'frontend', name: 'www', bind: '*:443', version: 'TLSv1.0' },
        },
      ],
    },
    {
      name: 'a second TLS bind with a low minimum',
      lab: LAB,
      base: 'solution',
      files: bind(`${BIND}    bind *:8443 ssl crt /etc/haproxy/certs/www.lab.test.pem ssl-min-ver SSLv3\n`),
      errors: [{ messageId: 'too-old', file: F, line: 27, column: 61 }],
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
