import check from '../../../labs/core/checks/haproxy/identical-lbs';
import { run, solutionFiles } from '../checkTester';

const LAB = 'no-spof';
const S = solutionFiles(LAB);
const A = 'lb-01/haproxy.cfg';
const B = 'lb-02/haproxy.cfg';
const edit = (file: string, from: string, to: string) => {
  if (!S[file].includes(from)) throw new Error(`${file} has no ${from}`);
  return { [file]: S[file].replace(from, to) };
};

run(check, {
  valid: [
    { name: 'the same config on both (the reference)', base: 'solution', lab: LAB },
    {
      name: 'false positive: global differs (log, stats socket), comments and line order differ',
      base: 'solution',
      lab: LAB,
      files: {
        ...edit(B, 'global\n', 'global\n    stats socket /run/haproxy/admin.sock mode 660 level admin\n'),
        ...edit(
          A,
          '    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check',
          '    server web-02 10.0.0.12:80 check\n    server web-01 10.0.0.11:80 check # first',
        ),
      },
    },
    {
      name: 'false positive: each binds its own address beside *:80, or the VIP where the other binds *',
      base: 'solution',
      lab: LAB,
      files: {
        ...edit(A, '    bind *:80', '    bind *:80\n    bind 10.0.0.10:8404'),
        ...edit(B, '    bind *:80', '    bind 10.0.0.100:80\n    bind 10.0.0.15:8404'),
      },
    },
    {
      name: 'false positive: the same times in other units (5000 is 5 s: milliseconds are the default unit)',
      base: 'solution',
      lab: LAB,
      files: {
        ...edit(
          B,
          '    timeout connect 5s\n    timeout client  30s',
          '    timeout connect 5000\n    timeout client  30000ms',
        ),
        ...edit(A, 'default-server inter 1s', 'default-server inter 1000'),
      },
    },
  ],
  invalid: [
    {
      name: 'one load balancer only: nothing to compare (skipped)',
      base: 'solution',
      lab: LAB,
      remove: [B],
      status: 'skip',
      errors: [{ messageId: 'one-lb', severity: 'info' }],
    },
    {
      name: 'lb-02 lacks a server',
      base: 'solution',
      lab: LAB,
      files: edit(B, '    server web-02 10.0.0.12:80 check\n', ''),
      errors: [{ messageId: 'missing-line', file: B, line: 24, column: 1 }],
    },
    {
      name: 'lb-02 has a server lb-01 lacks',
      base: 'solution',
      lab: LAB,
      files: edit(
        B,
        '    server web-02 10.0.0.12:80 check\n',
        '    server web-02 10.0.0.12:80 check\n    server web-03 10.0.0.16:80 check\n',
      ),
      errors: [{ messageId: 'extra-line', file: B, line: 31, column: 5 }],
    },
    {
      name: 'the same setting with another value: one finding at lb-02',
      base: 'solution',
      lab: LAB,
      files: edit(B, '    balance roundrobin', '    balance leastconn'),
      errors: [{ messageId: 'different-line', file: B, line: 25, column: 5 }],
    },
    {
      name: 'a backend only lb-01 has, a listen only lb-02 has',
      base: 'solution',
      lab: LAB,
      files: {
        ...edit(A, '\nbackend web_servers', '\nbackend static\n    server s1 10.0.0.11:80\n\nbackend web_servers'),
        [B]: `${S[B]}\nlisten stats\n    bind *:8404\n    stats enable\n`,
      },
      errors: [
        { messageId: 'missing-section', file: B, line: 1, column: 1 },
        { messageId: 'extra-section', file: B, line: 32, column: 1 },
      ],
    },
  ],
});
