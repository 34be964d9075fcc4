import check from '../../../labs/core/checks/nginx/x-served-by';
import { run, solutionFiles } from '../checkTester';

const W1 = 'web-01/default';
const W2 = 'web-02/default';
const base = solutionFiles()[W1];
const noHeader = base.replace('    add_header X-Served-By $hostname always;\n', '');
run(check, {
  valid: [
    { name: 'the reference solution ($hostname)', base: 'solution' },
    {
      name: "false positive: each server's own machine name written out, as a course names them (358732-web-01; real answers)",
      base: 'solution',
      files: { [W1]: base.replace('$hostname', '358732-web-01'), [W2]: base.replace('$hostname', '"358732-web-02"') },
    },
    {
      name: '$HOSTNAME (Nginx variable names are case-insensitive) and ${hostname}',
      base: 'solution',
      files: { [W1]: base.replace('$hostname', '$HOSTNAME'), [W2]: base.replace('$hostname', '"${hostname}"') },
    },
    {
      name: 'a script that writes the header with $(hostname) on each host',
      base: 'solution',
      remove: [W1, W2],
      files: {
        'web-01/setup.sh': `#!/usr/bin/env bash\nsudo sed -i "/server_name _;/a add_header X-Served-By $(hostname);" /etc/nginx/sites-available/default\n`,
        'web-02/setup.sh': `#!/usr/bin/env bash\nsudo sed -i "/server_name _;/a add_header X-Served-By $(hostname);" /etc/nginx/sites-available/default\n`,
      },
    },
    {
      name: 'a literal naming the host',
      base: 'solution',
      files: { [W1]: base.replace('$hostname', 'web-01'), [W2]: base.replace('$hostname', 'web-02') },
    },
    {
      name: 'false positive: a location with its own add_header that repeats X-Served-By',
      base: 'solution',
      files: {
        [W1]: base.replace(
          '        proxy_pass',
          '        add_header Cache-Control no-store;\n        add_header X-Served-By $hostname;\n        proxy_pass',
        ),
      },
    },
    {
      name: 'false positive: header name in another case',
      base: 'solution',
      files: { [W1]: base.replace('X-Served-By', 'x-served-by') },
    },
    {
      name: 'false positive: header set in every location instead of the server',
      base: 'solution',
      files: {
        [W1]: noHeader
          .replace('        try_files', '        add_header X-Served-By $hostname;\n        try_files')
          .replace('        proxy_pass', '        add_header X-Served-By $hostname;\n        proxy_pass'),
      },
    },
    {
      name: 'inherited from the http level of a whole nginx.conf',
      base: 'solution',
      files: { [W1]: `events {}\nhttp {\n    add_header X-Served-By $hostname;\n${noHeader.replace(/^#.*\n/, '')}}\n` },
    },
  ],
  invalid: [
    {
      name: 'dropped by a location add_header (inheritance)',
      base: 'solution',
      files: {
        [W1]: base.replace('        proxy_pass', '        add_header Cache-Control no-store;\n        proxy_pass'),
      },
      errors: [{ messageId: 'dropped', file: W1, line: 18, column: 9, related: [{ file: W1, line: 10, column: 5 }] }],
    },
    {
      name: 'missing on web-02 only',
      base: 'solution',
      files: { [W2]: noHeader },
      errors: [{ messageId: 'missing', file: W2, line: 2, column: 1 }],
    },
    {
      name: 'missing in one location when not set at the server level',
      base: 'solution',
      files: {
        [W1]: noHeader.replace('        try_files', '        add_header X-Served-By $hostname;\n        try_files'),
      },
      errors: [{ messageId: 'missing-location', file: W1, line: 17, column: 5 }],
    },
    {
      name: '$hostnames is another variable',
      base: 'solution',
      files: { [W1]: base.replace('$hostname', '$hostnames') },
      errors: [{ messageId: 'not-naming', file: W1, line: 10, column: 28 }],
    },
    {
      name: '$host names the request, not the server',
      base: 'solution',
      files: { [W1]: base.replace('$hostname', '$host') },
      errors: [{ messageId: 'not-naming', file: W1, line: 10, column: 28 }],
    },
    {
      name: 'web-02 says web-01 (copied)',
      base: 'solution',
      files: { [W2]: base.replace('$hostname', 'web-01') },
      errors: [{ messageId: 'wrong-host', file: W2, line: 10, column: 28 }],
    },
    {
      name: "a script's own server block beside the package's default site, left enabled: the default site answers (a real answer's pattern)",
      base: 'solution',
      remove: [W1],
      files: {
        'web-01/setup.sh': `#!/usr/bin/env bash
apt-get install -y nginx
cat > /etc/nginx/conf.d/site.conf <<'CONF'
server {
    listen 80;
    server_name web-01.example.com;
    add_header X-Served-By $hostname;
}
CONF
service nginx restart
`,
      },
      errors: [{ messageId: 'default-site', file: 'web-01/setup.sh', line: 2, column: 1 }],
    },
    {
      name: 'the name written with a colon (`X-Served-By:`; a real answer): Nginx sends `X-Served-By:: ...`',
      base: 'solution',
      files: { [W1]: base.replace('X-Served-By $hostname', 'X-Served-By: $hostname') },
      errors: [{ messageId: 'colon', file: W1, line: 10, column: 16 }],
    },
    {
      name: "web-02 says web-01's machine name (copied)",
      base: 'solution',
      files: { [W2]: base.replace('$hostname', '358732-web-01') },
      errors: [{ messageId: 'wrong-host', file: W2, line: 10, column: 28 }],
    },
    {
      name: 'no server on port 80',
      base: 'solution',
      files: { [W2]: base.replace('listen 80', 'listen 8080') },
      errors: [{ messageId: 'no-server', file: W2, line: 1, column: 1 }],
    },
    { name: 'no config on web-01', base: 'solution', remove: [W1], errors: [{ messageId: 'not-found' }] },
  ],
});
