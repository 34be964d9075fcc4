import check from '../../../labs/core/checks/tls/curves-supported';
import { run, solutionFiles } from '../checkTester';

const LAB = 'secured-monitored';
const F = 'lb-01/haproxy.cfg';
const base = solutionFiles(LAB)[F]!;
const LINE = '    ssl-default-bind-curves X25519:prime256v1:secp384r1\n';
const curves = (line: string) => ({ [F]: base.replace(LINE, line) });
const BIND = '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem alpn h2,http/1.1\n';

run(check, {
  valid: [
    { name: 'the reference solution (X25519:prime256v1:secp384r1)', lab: LAB, base: 'solution' },
    {
      name: 'false positive: no curves line (OpenSSL defaults)',
      lab: LAB,
      base: 'solution',
      files: curves(''),
    },
    {
      name: 'false positive: on the bind line, other valid names, x25519 in lower case',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(LINE, '')
          .replace(
            BIND,
            '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem curves x25519:P-256:X448:ffdhe2048\n',
          ),
      },
    },
  ],
  invalid: [
    {
      name: "today's Mozilla generator output on OpenSSL 3.0 (the research, M11)",
      lab: LAB,
      base: 'solution',
      files: curves('    ssl-default-bind-curves X25519MLKEM768:X25519:prime256v1:secp384r1\n'),
      errors: [
        {
          messageId: 'post-quantum',
          file: F,
          line: 8,
          column: 29,
          data: { name: 'X25519MLKEM768', where: 'ssl-default-bind-curves', openssl: '3.0' },
        },
      ],
    },
    {
      name: 'a misspelt curve on the bind line (ecdhe)',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base.replace(BIND, '    bind *:443 ssl crt /etc/haproxy/certs/www.lab.test.pem ecdhe P256\n'),
      },
      errors: [
        {
          messageId: 'unknown',
          file: F,
          line: 26,
          column: 60,
          data: { name: 'P256', where: 'bind *:443', openssl: '3.0' },
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
