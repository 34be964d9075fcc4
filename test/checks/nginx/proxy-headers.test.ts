import check from '../../../labs/core/checks/nginx/proxy-headers';
import { run, solutionFiles } from '../checkTester';

const W1 = 'web-01/default';
const base = solutionFiles()[W1];
const noHdrs = base.replace(/        proxy_set_header .*\n/g, '');
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'false positive: headers set at the server level and inherited',
      base: 'solution',
      files: {
        [W1]: noHdrs.replace(
          '    index index.html;',
          '    index index.html;\n    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
        ),
      },
    },
    {
      name: "false positive: include proxy_params (Debian's file sets Host, X-Real-IP, X-Forwarded-For and -Proto)",
      base: 'solution',
      files: {
        [W1]: noHdrs.replace(
          'proxy_pass http://10.0.0.13:5000;',
          'include proxy_params;\n        proxy_pass http://10.0.0.13:5000;',
        ),
      },
    },
    {
      name: 'false positive: no proxied route at all (serves-app reports that)',
      base: 'solution',
      files: { [W1]: base.replace(/    # The application[\s\S]*?\n    }\n/, '') },
    },
  ],
  invalid: [
    {
      name: 'include proxy_params at the server level, but the location sets its own header (so it inherits none)',
      base: 'solution',
      files: {
        [W1]: noHdrs
          .replace('    index index.html;', '    index index.html;\n    include proxy_params;')
          .replace(
            'proxy_pass http://10.0.0.13:5000;',
            'proxy_set_header X-Real-IP $remote_addr;\n        proxy_pass http://10.0.0.13:5000;',
          ),
      },
      errors: [
        { messageId: 'no-host', file: W1, line: 20, column: 9, severity: 'warning' },
        { messageId: 'no-forwarded-for', file: W1, line: 20, column: 9, severity: 'warning' },
      ],
      status: 'warn',
    },
    {
      name: 'no headers',
      base: 'solution',
      files: { [W1]: noHdrs },
      errors: [
        { messageId: 'no-host', file: W1, line: 18, column: 9, severity: 'warning' },
        { messageId: 'no-forwarded-for', file: W1, line: 18, column: 9, severity: 'warning' },
      ],
    },
    {
      name: '$http_host',
      base: 'solution',
      files: { [W1]: base.replace('Host $host', 'Host $http_host') },
      errors: [{ messageId: 'http-host', file: W1, line: 19, column: 9, severity: 'warning' }],
    },
    {
      name: 'server-level headers dropped by one in the location',
      base: 'solution',
      files: {
        [W1]: noHdrs
          .replace(
            '    index index.html;',
            '    index index.html;\n    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
          )
          .replace(
            '        proxy_pass http://10.0.0.13:5000;',
            '        proxy_pass http://10.0.0.13:5000;\n        proxy_set_header X-Real-IP $remote_addr;',
          ),
      },
      errors: [
        { messageId: 'no-host', file: W1, line: 20, column: 9, severity: 'warning' },
        { messageId: 'no-forwarded-for', file: W1, line: 20, column: 9, severity: 'warning' },
      ],
    },
  ],
});
