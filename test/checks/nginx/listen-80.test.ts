import check from '../../../labs/core/checks/nginx/listen-80';
import { run, solutionFiles } from '../checkTester';

const W1 = 'web-01/default';
const W2 = 'web-02/default';
const base = solutionFiles()[W1];
const whole = (site: string) => `user www-data;\nevents {\n    worker_connections 768;\n}\nhttp {\n${site}}\n`;
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'a whole nginx.conf with the server inside http',
      base: 'solution',
      files: { [W1]: whole(base.replace(/^#.*\n/, '')) },
    },
    {
      name: 'listen on the host address',
      base: 'solution',
      files: { [W1]: base.replace('listen 80 default_server', 'listen 10.0.0.11:80 default_server') },
    },
    {
      name: 'false positive: no listen at all (nginx listens on *:80)',
      base: 'solution',
      files: { [W1]: base.replace('    listen 80 default_server;\n', '') },
    },
    {
      name: 'false positive: an extra loopback server beside the public one',
      base: 'solution',
      files: { [W1]: base + '\nserver {\n    listen 127.0.0.1:8080;\n}\n' },
    },
  ],
  invalid: [
    {
      name: 'listens on 8080 only',
      base: 'solution',
      files: { [W2]: base.replace('listen 80 default_server', 'listen 8080 default_server') },
      errors: [{ messageId: 'no-listen', file: W2, line: 2, column: 1 }],
    },
    {
      name: 'loopback only',
      base: 'solution',
      files: { [W2]: base.replace('listen 80 default_server', 'listen 127.0.0.1:80 default_server') },
      errors: [{ messageId: 'loopback', file: W2, line: 3, column: 5 }],
    },
    {
      name: 'no server block',
      base: 'solution',
      files: { [W2]: 'upstream app {\n    server 10.0.0.13:5000;\n}\n' },
      errors: [{ messageId: 'no-server', file: W2, line: 1, column: 1 }],
    },
    { name: 'no config on web-02', base: 'solution', remove: [W2], errors: [{ messageId: 'not-found' }] },
  ],
});
