import check from '../../../labs/core/checks/nginx/identical-servers';
import { run, solutionFiles } from '../checkTester';

const W1 = 'web-01/default';
const W2 = 'web-02/default';
const base = solutionFiles()[W1];
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'false positive: host-specific values differ (names and addresses)',
      base: 'solution',
      files: {
        [W1]: base.replace('$hostname', 'web-01').replace('server_name _', 'server_name 10.0.0.11'),
        [W2]: base.replace('$hostname', 'web-02').replace('server_name _', 'server_name 10.0.0.12'),
      },
    },
    {
      name: "false positive: one host's name written three ways (literally, $hostname, a script's $(hostname))",
      base: 'solution',
      remove: [W1],
      files: {
        'web-01/setup.sh': `#!/bin/bash\nsudo tee /etc/nginx/sites-available/default <<EOF\n${base
          .replace(/\$/g, '\\$')
          .replace('\\$hostname', '$(hostname)')}EOF\n`,
        [W2]: base.replace('$hostname', 'web-02'),
      },
    },
    {
      name: 'too large to compare line by line: a note, not a failure',
      base: 'solution',
      files: {
        [W1]: base.replace('    index index.html;', '    index index.html;\n' + '    set $a 1;\n'.repeat(2100)),
        [W2]: base.replace('    index index.html;', '    index index.html;\n' + '    set $b 1;\n'.repeat(2100)),
      },
      notes: [{ messageId: 'too-large' }],
    },
    {
      name: 'false positive: comments and blank lines differ',
      base: 'solution',
      files: { [W2]: base.replace(/\n\n/g, '\n').replace(/    # .*\n/g, '') },
    },
  ],
  invalid: [
    {
      name: 'a differing line, side by side',
      base: 'solution',
      files: { [W2]: base.replace('index index.html;', 'index index.htm;') },
      errors: [
        {
          messageId: 'differs',
          file: W2,
          line: 7,
          column: 5,
          severity: 'warning',
          related: [{ file: W1, line: 7, column: 5 }],
        },
      ],
    },
    {
      name: 'a line only on web-01',
      base: 'solution',
      files: { [W2]: base.replace('    add_header X-Served-By $hostname always;\n', '') },
      errors: [{ messageId: 'only-in', file: W1, line: 10, column: 5, severity: 'warning' }],
    },
    {
      name: 'a line only on web-02',
      base: 'solution',
      files: { [W2]: base.replace('    index index.html;\n', '    index index.html;\n    autoindex on;\n') },
      errors: [{ messageId: 'only-in', file: W2, line: 8, column: 5, severity: 'warning' }],
    },
    {
      name: 'web-02 missing',
      base: 'solution',
      remove: [W2],
      errors: [{ messageId: 'not-found', severity: 'warning' }],
    },
  ],
});
