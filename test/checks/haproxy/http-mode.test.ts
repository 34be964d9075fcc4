import check from '../../../labs/core/checks/haproxy/http-mode';
import { run, solutionFiles } from '../checkTester';

const LAB = 'secured-monitored';
const F = 'lb-01/haproxy.cfg';
const base = solutionFiles(LAB)[F]!;

run(check, {
  valid: [
    { name: 'the reference solution (mode http in defaults)', lab: LAB, base: 'solution' },
    {
      name: 'false positive: mode http in each section instead of defaults',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace('    mode    http\n', '')
          .replace('frontend www\n', 'frontend www\n    mode http\n')
          .replace('frontend metrics\n', 'frontend metrics\n    mode http\n')
          .replace('backend web_servers\n', 'backend web_servers\n    mode http\n'),
      },
    },
    {
      name: 'false positive: a TCP frontend without HTTP rules (TLS passthrough for another service)',
      lab: LAB,
      base: 'solution',
      files: { [F]: base + '\nlisten mail\n    mode tcp\n    bind *:993\n    server imap 10.0.0.40:993\n' },
    },
  ],
  invalid: [
    {
      name: 'no mode at all (the research: learners drop the defaults section)',
      lab: LAB,
      base: 'solution',
      files: { [F]: base.replace('    mode    http\n', '') },
      errors: [
        { messageId: 'ignored', file: F, line: 26, column: 5 },
        { messageId: 'ignored', file: F, line: 27, column: 5 },
        { messageId: 'ignored', file: F, line: 28, column: 5 },
        { messageId: 'ignored', file: F, line: 34, column: 5 },
      ],
    },
    {
      name: 'mode tcp on the frontend, legacy redirect',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace('frontend www\n', 'frontend www\n    mode tcp\n')
          .replace(
            '    http-request redirect scheme https code 301 unless { ssl_fc }\n',
            '    redirect scheme https code 301 if !{ ssl_fc }\n',
          ),
      },
      errors: [
        {
          messageId: 'ignored',
          file: F,
          line: 28,
          column: 5,
          data: {
            keyword: 'redirect scheme',
            mode: 'tcp',
            type: 'frontend',
            name: 'www',
            why: '`mode tcp` at line 24',
          },
        },
        {
          messageId: 'ignored',
          file: F,
          line: 29,
          column: 5,
          data: {
            keyword: 'http-request set-header',
            mode: 'tcp',
            type: 'frontend',
            name: 'www',
            why: '`mode tcp` at line 24',
          },
        },
        {
          messageId: 'ignored',
          file: F,
          line: 30,
          column: 5,
          data: {
            keyword: 'http-response set-header',
            mode: 'tcp',
            type: 'frontend',
            name: 'www',
            why: '`mode tcp` at line 24',
          },
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
