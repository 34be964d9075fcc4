import check from '../../../labs/core/checks/tls/ciphers-strong';
import { run, solutionFiles } from '../checkTester';

const LAB = 'secured-monitored';
const F = 'lb-01/haproxy.cfg';
const base = solutionFiles(LAB)[F]!;
const CIPHERS =
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305';
const LINE = `    ssl-default-bind-ciphers ${CIPHERS}\n`;
const ciphers = (line: string) => ({ [F]: base.replace(LINE, line) });
const BIND = '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem alpn h2,http/1.1\n';

run(check, {
  valid: [
    { name: 'the reference solution (Mozilla intermediate 6.0)', lab: LAB, base: 'solution' },
    {
      name: 'false positive: the older Mozilla list with DHE-RSA (guidelines 5)',
      lab: LAB,
      base: 'solution',
      files: ciphers(
        `    ssl-default-bind-ciphers ${CIPHERS}:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305\n`,
      ),
    },
    {
      name: 'false positive: aliases that give only ECDHE/DHE AEAD suites',
      lab: LAB,
      base: 'solution',
      files: ciphers('    ssl-default-bind-ciphers ECDH+AESGCM:ECDH+CHACHA20:DH+AESGCM:!aNULL\n'),
    },
    {
      name: 'false positive: the ciphers on the bind line, none in global',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(LINE, '')
          .replace(BIND, `    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem ciphers ${CIPHERS}\n`),
      },
    },
  ],
  invalid: [
    {
      name: 'HIGH:!aNULL:!MD5 (RSA key exchange and CBC suites)',
      lab: LAB,
      base: 'solution',
      files: ciphers('    ssl-default-bind-ciphers HIGH:!aNULL:!MD5\n'),
      errors: [{ messageId: 'weak', file: F, line: 9, column: 30 }],
    },
    {
      name: 'one CBC suite added',
      lab: LAB,
      base: 'solution',
      files: ciphers(`    ssl-default-bind-ciphers ${CIPHERS}:ECDHE-RSA-AES128-SHA\n`),
      errors: [
        {
          messageId: 'weak',
          file: F,
          line: 9,
          column: 30,
          data: {
            list: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256...',
            count: 1,
            examples: 'ECDHE-RSA-AES128-SHA (not AEAD)',
          },
        },
      ],
    },
    {
      name: 'a weak list on the bind line overrides a good global',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base.replace(
          BIND,
          '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem ciphers AES128-GCM-SHA256\n',
        ),
      },
      errors: [
        {
          messageId: 'weak',
          file: F,
          line: 26,
          column: 60,
          data: { list: 'AES128-GCM-SHA256', count: 1, examples: 'AES128-GCM-SHA256 (no forward secrecy)' },
        },
      ],
    },
    {
      name: "no cipher list: OpenSSL's default (warning)",
      lab: LAB,
      base: 'solution',
      files: ciphers(''),
      errors: [{ messageId: 'default-list', file: F, line: 25, column: 5, severity: 'warning' }],
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
