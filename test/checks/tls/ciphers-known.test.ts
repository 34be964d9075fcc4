import check from '../../../labs/core/checks/tls/ciphers-known';
import { run, solutionFiles } from '../checkTester';

const LAB = 'secured-monitored';
const F = 'lb-01/haproxy.cfg';
const base = solutionFiles(LAB)[F]!;
const CIPHERS =
  'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305';
const LINE = `    ssl-default-bind-ciphers ${CIPHERS}\n`;
const ciphers = (line: string) => ({ [F]: base.replace(LINE, line) });
const SUITES =
  '    ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256\n';
const BIND = '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem alpn h2,http/1.1\n';

run(check, {
  valid: [
    { name: 'the reference solution (Mozilla intermediate)', lab: LAB, base: 'solution' },
    {
      name: 'false positive: aliases, exclusions and directives (an older generator)',
      lab: LAB,
      base: 'solution',
      files: ciphers('    ssl-default-bind-ciphers ECDH+AESGCM:DH+AESGCM:!aNULL:!MD5:!DSS:@STRENGTH\n'),
    },
    {
      name: 'false positive: the ciphers on the bind line instead of global',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(LINE, '')
          .replace(BIND, `    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem ciphers ${CIPHERS} alpn h2\n`),
      },
    },
  ],
  invalid: [
    {
      name: 'a list cut off by the pager (the research, M2: haproxy -c says valid)',
      lab: LAB,
      base: 'solution',
      files: ciphers(
        '    ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-S>\n',
      ),
      errors: [
        {
          messageId: 'truncated',
          file: F,
          line: 9,
          column: 30,
          data: {
            name: 'ECDHE-RSA-AES256-GCM-S>',
            where: 'ssl-default-bind-ciphers',
            cut: 'ECDHE-RSA-AES256-GCM-SHA384',
          },
        },
      ],
    },
    {
      name: 'a misspelt name on a bind line',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base.replace(
          BIND,
          '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1350\n',
        ),
      },
      errors: [
        {
          messageId: 'unknown',
          file: F,
          line: 26,
          column: 60,
          data: { name: 'ECDHE-RSA-CHACHA20-POLY1350', where: 'bind *:443', openssl: '3.0' },
        },
      ],
    },
    {
      name: 'a TLS 1.3 suite name that does not exist',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base.replace(SUITES, '    ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA256\n'),
      },
      errors: [{ messageId: 'unknown-suite', file: F, line: 10, column: 35 }],
    },
    {
      name: 'a list wrapped by the terminal (the research, M1: haproxy -c refuses it)',
      lab: LAB,
      base: 'solution',
      files: ciphers(
        '    ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECD\nHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305\n',
      ),
      errors: [{ messageId: 'wrapped', file: F, line: 10, column: 1, related: [{ file: F, line: 9, column: 5 }] }],
    },
    {
      name: "Red Hat's `ssl-default-server-ciphers PROFILE=SYSTEM` with no `server ... ssl` line: a warning, it changes nothing (a real answer)",
      lab: LAB,
      base: 'solution',
      files: ciphers(`${LINE}    ssl-default-server-ciphers PROFILE=SYSTEM\n`),
      errors: [
        {
          messageId: 'unknown-unused',
          file: F,
          line: 10,
          column: 32,
          severity: 'warning',
          data: {
            name: 'PROFILE=SYSTEM',
            where: 'ssl-default-server-ciphers',
            openssl: '3.0',
            profile:
              " (`PROFILE=SYSTEM` is the system crypto policy of Red Hat's and Fedora's OpenSSL; Debian's has none)",
          },
        },
      ],
    },
    {
      name: 'the same once a server line uses ssl: an error',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(LINE, `${LINE}    ssl-default-server-ciphers PROFILE=SYSTEM\n`)
          .replace('server web-01 10.0.0.11:80 check', 'server web-01 10.0.0.11:443 check ssl verify none'),
      },
      errors: [{ messageId: 'unknown', file: F, line: 10, column: 32 }],
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
