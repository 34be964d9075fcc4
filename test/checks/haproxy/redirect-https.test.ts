import check from '../../../labs/core/checks/haproxy/redirect-https';
import { run, solutionFiles } from '../checkTester';

const LAB = 'secured-monitored';
const F = 'lb-01/haproxy.cfg';
const base = solutionFiles(LAB)[F]!;
const RULE = '    http-request redirect scheme https code 301 unless { ssl_fc }\n';
const rule = (line: string) => ({ [F]: base.replace(RULE, line) });
/** The site split in two frontends: :80 only redirects, :443 serves. */
const split = (redirect: string) => ({
  [F]: base
    .replace(RULE, '')
    .replace('    bind *:80\n', '')
    .replace(
      'frontend www\n',
      `frontend http\n    bind *:80\n${redirect}    default_backend web_servers\n\nfrontend www\n`,
    ),
});

run(check, {
  valid: [
    { name: 'the reference solution (301 unless ssl_fc)', lab: LAB, base: 'solution' },
    {
      name: 'false positive: legacy redirect, 308, if !{ ssl_fc } (Mozilla generator)',
      lab: LAB,
      base: 'solution',
      files: rule('    redirect scheme https code 308 if !{ ssl_fc }\n'),
    },
    {
      name: "false positive: a backend redirect without a code after the frontend's 301 (never reached by plain HTTP; a real answer's tutorial layout)",
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base.replace(
          '\nbackend web_servers\n',
          '\nbackend web_servers\n    redirect scheme https if !{ ssl_fc }\n',
        ),
      },
    },
    {
      name: 'false positive: a second redirect without a code after the first (never reached)',
      lab: LAB,
      base: 'solution',
      files: rule(`${RULE}    http-request redirect scheme https unless { ssl_fc }\n`),
    },
    {
      name: 'false positive: a separate :80 frontend redirecting without a condition',
      lab: LAB,
      base: 'solution',
      files: split('    http-request redirect scheme https code 301\n'),
    },
    {
      name: 'false positive: a separate :80 frontend, legacy redirect with a condition',
      lab: LAB,
      base: 'solution',
      files: split('    redirect scheme https code 308 if !{ ssl_fc }\n'),
    },
    {
      name: 'false positive: a named ACL',
      lab: LAB,
      base: 'solution',
      files: rule('    acl is_tls ssl_fc\n    http-request redirect scheme https code 301 if !is_tls\n'),
    },
    {
      name: 'false positive: redirect prefix with dst_port 80',
      lab: LAB,
      base: 'solution',
      files: rule('    http-request redirect prefix https://www.lab.test code 301 if { dst_port 80 }\n'),
    },
    {
      name: 'false positive: the redirect in the backend',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base.replace(RULE, '').replace('    balance roundrobin\n', `    balance roundrobin\n${RULE}`),
      },
    },
  ],
  invalid: [
    {
      name: 'no code: HAProxy answers 302 (the research, M3)',
      lab: LAB,
      base: 'solution',
      files: rule('    http-request redirect scheme https unless { ssl_fc }\n'),
      errors: [
        {
          messageId: 'no-code',
          file: F,
          line: 27,
          column: 5,
          data: { rule: 'http-request redirect scheme https unless { ssl_fc }' },
        },
      ],
    },
    {
      name: 'code 302 said explicitly',
      lab: LAB,
      base: 'solution',
      files: rule('    redirect scheme https code 302 if !{ ssl_fc }\n'),
      errors: [{ messageId: 'temporary', file: F, line: 27, column: 32 }],
    },
    {
      name: 'code 307 in http-request redirect',
      lab: LAB,
      base: 'solution',
      files: rule('    http-request redirect scheme https code 307 unless { ssl_fc }\n'),
      errors: [{ messageId: 'temporary', file: F, line: 27, column: 45 }],
    },
    {
      name: 'no condition in a frontend that also binds :443: a redirect loop',
      lab: LAB,
      base: 'solution',
      files: rule('    http-request redirect scheme https code 301\n'),
      errors: [{ messageId: 'loop', file: F, line: 27, column: 5 }],
    },
    {
      name: 'no condition in the backend of a TLS frontend: a redirect loop too',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace(RULE, '')
          .replace(
            '    balance roundrobin\n',
            '    balance roundrobin\n    http-request redirect scheme https code 301\n',
          ),
      },
      errors: [{ messageId: 'loop', file: F, line: 39, column: 5 }],
    },
    {
      name: 'no redirect at all',
      lab: LAB,
      base: 'solution',
      files: rule(''),
      errors: [
        { messageId: 'missing', file: F, line: 23, column: 1, data: { type: 'frontend', name: 'www', port: 80 } },
      ],
    },
    {
      name: 'a redirect only on TLS traffic does not redirect plain HTTP',
      lab: LAB,
      base: 'solution',
      files: rule('    http-request redirect scheme https code 301 if { ssl_fc }\n'),
      errors: [{ messageId: 'missing', file: F, line: 23, column: 1 }],
    },
    {
      name: 'the redirect written in the HTTPS-only frontend (a real answer): it never applies',
      lab: LAB,
      base: 'solution',
      files: {
        [F]: base
          .replace('    bind *:80\n', '')
          .replace(
            'frontend www\n',
            'frontend www-http\n    bind *:80\n    default_backend web_servers\n\nfrontend www\n',
          ),
      },
      errors: [
        {
          messageId: 'misplaced',
          file: F,
          line: 23,
          column: 1,
          data: { type: 'frontend', name: 'www-http', port: 80, line: 30, other: 'www' },
          related: [{ file: F, line: 30, column: 5 }],
        },
      ],
    },
    {
      name: 'no plain :80 bind',
      lab: LAB,
      base: 'solution',
      files: { [F]: base.replace('    bind *:80\n', '') },
      errors: [{ messageId: 'no-http', file: F, line: 1, column: 1 }],
    },
    {
      name: 'mode tcp: the redirect is ignored',
      lab: LAB,
      base: 'solution',
      files: { [F]: base.replace('    mode    http\n', '    mode    tcp\n') },
      errors: [{ messageId: 'tcp-mode', file: F, line: 27, column: 5 }],
    },
    {
      name: 'in a provisioning script: the finding points at the script line',
      lab: LAB,
      base: 'solution',
      remove: [F],
      files: {
        'lb-01/setup.sh': `#!/usr/bin/env bash\nsudo apt-get install -y haproxy\ncat <<'EOF' | sudo tee /etc/haproxy/haproxy.cfg\n${base
          .split('\n')
          .slice(1)
          .join('\n')
          .replace(
            RULE,
            '    http-request redirect scheme https unless { ssl_fc }\n',
          )}EOF\nsudo systemctl restart haproxy\n`,
      },
      errors: [{ messageId: 'no-code', file: 'lb-01/setup.sh', line: 29, column: 1 }],
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
