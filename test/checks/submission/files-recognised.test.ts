import check from '../../../labs/core/checks/submission/files-recognised';
import { run, solutionFiles } from '../checkTester';

run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    { name: 'false positive: a README at the top is fine', base: 'solution', files: { 'README.md': '# My answer\n' } },
    {
      name: 'false positive: application code in app-01 is fine',
      base: 'solution',
      files: { 'app-01/server.py': 'print("hello")\n' },
    },
    {
      name: 'files recognised by content, whatever their names',
      base: 'solution',
      files: { 'lb-01/lb.txt': 'frontend www\n    bind *:80\n' },
    },
  ],
  invalid: [
    {
      name: 'a file outside any host folder',
      base: 'solution',
      files: { 'haproxy.cfg': 'frontend www\n    bind *:80\n    default_backend b\n' },
      errors: [{ messageId: 'no-host', file: 'haproxy.cfg', line: 1, column: 1, severity: 'warning' }],
    },
    {
      name: 'unknown content in a host folder',
      base: 'solution',
      files: { 'web-01/scratch.txt': 'lorem ipsum dolor sit amet\n' },
      errors: [{ messageId: 'unknown-content', file: 'web-01/scratch.txt', line: 1, column: 1, severity: 'warning' }],
    },
    {
      name: 'an Nginx file where HAProxy is expected',
      base: 'solution',
      files: { 'lb-01/site.conf': 'server {\n    listen 80;\n    location / {\n        root /var/www;\n    }\n}\n' },
      errors: [{ messageId: 'unexpected-kind', file: 'lb-01/site.conf', line: 1, column: 1, severity: 'warning' }],
    },
    {
      name: 'a binary file',
      base: 'solution',
      files: { 'db-primary/dump.bin': 'a\u0000b' },
      errors: [
        { messageId: 'unknown-content', file: 'db-primary/dump.bin', line: 1, column: 1, severity: 'warning' },
        { messageId: 'load', severity: 'warning', file: 'db-primary/dump.bin', line: 1, column: 1 },
      ],
    },
    // Issue 12, item 7: what `parse` reports for option files and SQL, `check` reports too (it scored 49/49).
    {
      name: 'my.cnf parser errors (a group header MariaDB refuses, =novalue, !include outside the submission)',
      base: 'solution',
      files: {
        'db-primary/50-server.cnf': `${solutionFiles()['db-primary/50-server.cnf']}[[[broken\n=novalue\n!include /etc/shadow\n`,
      },
      errors: [
        { messageId: 'parse', file: 'db-primary/50-server.cnf', line: 8, column: 1, severity: 'error' },
        { messageId: 'parse', file: 'db-primary/50-server.cnf', line: 9, column: 1, severity: 'error' },
        { messageId: 'parse', file: 'db-primary/50-server.cnf', line: 10, column: 10, severity: 'error' },
      ],
      status: 'fail',
    },
    {
      name: 'SQL parser errors (GRANT ALL ON TO;)',
      base: 'solution',
      files: { 'db-primary/setup.sql': `${solutionFiles()['db-primary/setup.sql']}GRANT ALL ON TO;\n` },
      errors: [
        { messageId: 'parse', file: 'db-primary/setup.sql', line: 9, column: 11, severity: 'error' },
        { messageId: 'parse', file: 'db-primary/setup.sql', line: 9, column: 14, severity: 'error' },
      ],
      status: 'fail',
    },
    {
      name: 'a missing host folder is a note',
      base: 'solution',
      remove: ['db-replica/'],
      errors: [{ messageId: 'missing-host', severity: 'info' }],
    },
  ],
});
