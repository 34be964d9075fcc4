import check from '../../../labs/core/checks/monitoring/nginx-status';
import { run } from '../checkTester';
import { LAB, edit } from './lab2';

const W = 'web-01/default';
const RULES = '        allow 127.0.0.1;\n        allow 10.0.0.30;\n        deny all;\n';

run(check, {
  valid: [
    { name: 'localhost and monitor-01 only (the reference)', base: 'solution', lab: LAB },
    {
      name: 'false positive: a prefix location with another path',
      base: 'solution',
      lab: LAB,
      files: edit(W, 'location = /nginx_status', 'location /basic_status'),
    },
  ],
  invalid: [
    {
      name: 'no stub_status anywhere: skipped with a note',
      base: 'solution',
      lab: LAB,
      files: {
        ...edit(W, `    location = /nginx_status {\n        stub_status;\n${RULES}    }\n`, ''),
        ...edit('web-02/default', `    location = /nginx_status {\n        stub_status;\n${RULES}    }\n`, ''),
      },
      status: 'skip',
      errors: [{ messageId: 'not-used', severity: 'info' }],
    },
    {
      name: 'open to everyone',
      base: 'solution',
      lab: LAB,
      files: edit(W, RULES, ''),
      errors: [{ messageId: 'unrestricted', file: W, line: 13, column: 5 }],
    },
    {
      name: 'allows but no deny all',
      base: 'solution',
      lab: LAB,
      files: edit(W, '        deny all;\n', ''),
      errors: [{ messageId: 'no-deny', file: W, line: 13, column: 5 }],
    },
  ],
});
