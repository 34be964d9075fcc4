import check from '../../../labs/core/checks/tls/version-options-mixed';
import { run, solutionFiles } from '../checkTester';

const LAB = 'secured-monitored';
const F = 'lb-01/haproxy.cfg';
const base = solutionFiles(LAB)[F]!;
const OPTS = '    ssl-default-bind-options prefer-client-ciphers ssl-min-ver TLSv1.2 no-tls-tickets\n';
const BIND = '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem alpn h2,http/1.1\n';

run(check, {
  valid: [
    { name: 'the reference solution (ssl-min-ver only)', lab: LAB, base: 'solution' },
    {
      name: 'false positive: the old no-* form alone, without ssl-min-ver (HAProxy applies it)',
      lab: LAB,
      base: 'solution',
      files: { [F]: base.replace(OPTS, '    ssl-default-bind-options no-sslv3 no-tlsv10 no-tlsv11 no-tls-tickets\n') },
    },
  ],
  invalid: [
    {
      name: 'no-tlsv10 no-tlsv11 beside ssl-min-ver in global (the research, M12)',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base.replace(
          OPTS,
          '    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tlsv10 no-tlsv11 no-tls-tickets\n',
        ),
      },
      errors: [
        {
          messageId: 'ignored',
          file: F,
          line: 11,
          column: 50,
          data: { flag: 'no-tlsv10', where: 'in `ssl-default-bind-options` at line 11' },
        },
        {
          messageId: 'ignored',
          file: F,
          line: 11,
          column: 60,
          severity: 'warning',
          data: { flag: 'no-tlsv11', where: 'in `ssl-default-bind-options` at line 11' },
        },
      ],
    },
    {
      name: 'no-sslv3 on the bind line, ssl-min-ver in global',
      lab: LAB,
      base: 'solution',
      files: { [F]: base.replace(BIND, '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem no-sslv3\n') },
      errors: [{ messageId: 'ignored', file: F, line: 26, column: 60 }],
    },
    {
      name: 'both on the bind line',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(OPTS, '')
          .replace(BIND, '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem ssl-min-ver TLSv1.2 no-tlsv11\n'),
      },
      errors: [
        {
          messageId: 'ignored',
          file: F,
          line: 25,
          column: 80,
          data: { flag: 'no-tlsv11', where: 'on this bind line' },
        },
      ],
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
