import check from '../../../labs/core/checks/submission/scripts-reconstructed';
import { run, solutionFiles } from '../checkTester';

const cfg = solutionFiles()['lb-01/haproxy.cfg'];
const script = (body: string) => `#!/bin/bash\ncat > /etc/haproxy/haproxy.cfg <<'EOF'\n${cfg}EOF\n${body}`;
run(check, {
  valid: [
    { name: 'the reference solution (no scripts)', base: 'solution' },
    {
      name: 'a script whose sed matches',
      base: 'solution',
      remove: ['lb-01/haproxy.cfg'],
      files: { 'lb-01/setup.sh': script("sed -i 's/maxconn 2048/maxconn 4096/' /etc/haproxy/haproxy.cfg\n") },
    },
    {
      name: 'false positive: a quoted heredoc keeps $hostname literally',
      base: 'solution',
      remove: ['web-01/default'],
      files: {
        'web-01/setup.sh': `#!/bin/bash\ncat > /etc/nginx/sites-available/default <<'EOF'\n${solutionFiles()['web-01/default']}EOF\n`,
      },
    },
  ],
  invalid: [
    {
      name: 'a sed edit that matches nothing',
      base: 'solution',
      remove: ['lb-01/haproxy.cfg'],
      files: {
        'lb-01/setup.sh': script("sed -i 's/balance least_conn/balance roundrobin/' /etc/haproxy/haproxy.cfg\n"),
      },
      errors: [{ messageId: 'script-problem', file: 'lb-01/setup.sh', line: 32, column: 1, severity: 'warning' }],
    },
    {
      name: 'an unquoted heredoc expands $hostname to nothing',
      base: 'solution',
      remove: ['web-01/default'],
      files: {
        'web-01/setup.sh': `#!/bin/bash\ncat > /etc/nginx/sites-available/default <<EOF\n${solutionFiles()['web-01/default'].replace(/\$(uri|host|remote_addr|proxy_add_x_forwarded_for|scheme)\b/g, '\\$$$1')}EOF\n`,
      },
      errors: [{ messageId: 'script-problem', file: 'web-01/setup.sh', line: 12, column: 28, severity: 'warning' }],
    },
    {
      name: 'a script that writes no configuration',
      base: 'solution',
      files: { 'app-01/run.sh': '#!/bin/bash\napt-get update\nsystemctl restart app\n' },
      errors: [{ messageId: 'no-output', file: 'app-01/run.sh', line: 1, column: 1, severity: 'info' }],
      status: 'pass',
    },
  ],
});
