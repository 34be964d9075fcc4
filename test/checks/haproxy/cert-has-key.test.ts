import check from '../../../labs/core/checks/haproxy/cert-has-key';
import { run, solutionFiles } from '../checkTester';

const LAB = 'secured-monitored';
const F = 'lb-01/haproxy.cfg';
const base = solutionFiles(LAB)[F]!;
const PEM = '/etc/haproxy/certs/www.lab.test.pem';
const crt = (path: string) => ({ [F]: base.replace(PEM, path) });
const LE = '/etc/letsencrypt/live/www.lab.test';

run(check, {
  valid: [
    { name: 'the reference solution (one combined PEM)', lab: LAB, base: 'solution' },
    { name: 'false positive: a folder of PEM files', lab: LAB, base: 'solution', files: crt('/etc/haproxy/certs/') },
    {
      name: 'false positive: a combined file named like certbot output but not one of its key-less files',
      lab: LAB,
      base: 'solution',
      files: crt(`${LE}/combined.pem`),
    },
    {
      name: 'false positive: fullchain.pem with its key written beside it as fullchain.pem.key by the script',
      lab: LAB,
      base: 'solution',
      files: {
        ...crt(`${LE}/fullchain.pem`),
        'lb-01/certs.sh': `#!/usr/bin/env bash\ncp ${LE}/privkey.pem ${LE}/fullchain.pem.key\n`,
      },
    },
    {
      name: 'false positive: a file named fullchain.pem that the script fills with the chain and the key',
      lab: LAB,
      base: 'solution',
      files: {
        ...crt('/etc/haproxy/certs/fullchain.pem'),
        'lb-01/certs.sh': `#!/usr/bin/env bash\ncat ${LE}/fullchain.pem ${LE}/privkey.pem > /etc/haproxy/certs/fullchain.pem\n`,
      },
    },
  ],
  invalid: [
    {
      name: "certbot's fullchain.pem alone (the research, M6)",
      lab: LAB,
      base: 'solution',
      files: crt(`${LE}/fullchain.pem`),
      errors: [
        {
          messageId: 'no-key',
          file: F,
          line: 26,
          column: 20,
          data: { path: `${LE}/fullchain.pem`, file: 'fullchain.pem' },
        },
      ],
    },
    {
      name: "certbot's cert.pem",
      lab: LAB,
      base: 'solution',
      files: crt(`${LE}/cert.pem`),
      errors: [{ messageId: 'no-key', file: F, line: 26, column: 20 }],
    },
    {
      name: 'ssl-load-extra-files without key: the sidecar is not even looked for',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(PEM, `${LE}/fullchain.pem`)
          .replace('    maxconn 2048\n', '    maxconn 2048\n    ssl-load-extra-files bundle sctl\n'),
        'lb-01/certs.sh': `#!/usr/bin/env bash\ncp ${LE}/privkey.pem ${LE}/fullchain.pem.key\n`,
      },
      errors: [{ messageId: 'no-key-extra-files', file: F, line: 27, column: 20 }],
    },
    {
      name: "certbot's privkey.pem (a key, no certificate)",
      lab: LAB,
      base: 'solution',
      files: crt(`${LE}/privkey.pem`),
      errors: [{ messageId: 'no-cert', file: F, line: 26, column: 20 }],
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
