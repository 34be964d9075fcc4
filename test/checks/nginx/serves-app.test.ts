import check from '../../../labs/core/checks/nginx/serves-app';
import { run, solutionFiles } from '../checkTester';

const W1 = 'web-01/default';
const W2 = 'web-02/default';
const base = solutionFiles()[W1];
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'through an upstream block',
      base: 'solution',
      files: {
        [W1]: 'upstream app {\n    server 10.0.0.13:5000;\n}\n' + base.replace('http://10.0.0.13:5000', 'http://app'),
      },
    },
    { name: 'by host name', base: 'solution', files: { [W1]: base.replace('10.0.0.13:5000', 'app-01:5000') } },
    {
      name: 'false positive: location /api without the slash',
      base: 'solution',
      files: { [W1]: base.replace('location /api/ {', 'location /api {') },
    },
    {
      name: 'false positive: a regex location for the route',
      base: 'solution',
      files: { [W1]: base.replace('location /api/ {', 'location ~ ^/api/ {') },
    },
    {
      name: "no separate application host: the app runs on each web server (loopback, the learner's port)",
      base: 'solution',
      remove: ['app-01/', 'inventory.yaml'],
      files: {
        [W1]: base.replace('10.0.0.13:5000', '127.0.0.1:5002'),
        [W2]: base.replace('10.0.0.13:5000', 'localhost:5000'),
      },
      notes: [
        { messageId: 'app-on-web', file: W1, line: 18, column: 20 },
        { messageId: 'app-on-web', file: W2, line: 18, column: 20 },
      ],
    },
  ],
  invalid: [
    {
      name: "no separate application host, but the lab's route is not proxied (another route is)",
      base: 'solution',
      remove: ['app-01/', 'inventory.yaml'],
      files: {
        [W1]: base
          .replace('location /api/ {', 'location /airbnb-onepage/ {')
          .replace('10.0.0.13:5000', '127.0.0.1:5000'),
      },
      status: 'warn',
      errors: [{ messageId: 'other-route', file: W1, line: 17, column: 5, severity: 'warning' }],
    },
    {
      name: 'an application host declared in the inventory, and the web server proxies to loopback',
      base: 'solution',
      remove: ['app-01/'],
      files: { [W2]: base.replace('10.0.0.13:5000', '127.0.0.1:5000') },
      errors: [{ messageId: 'loopback', file: W2, line: 18, column: 20 }],
    },
    {
      name: 'wrong port',
      base: 'solution',
      files: { [W1]: base.replace('10.0.0.13:5000', '10.0.0.13:8000') },
      errors: [{ messageId: 'wrong-port', file: W1, line: 18, column: 20 }],
    },
    {
      name: 'loopback (the app is not on the web server)',
      base: 'solution',
      files: { [W2]: base.replace('10.0.0.13:5000', '127.0.0.1:5000') },
      errors: [{ messageId: 'loopback', file: W2, line: 18, column: 20 }],
    },
    {
      name: 'to another host',
      base: 'solution',
      files: { [W2]: base.replace('10.0.0.13:5000', '10.0.0.21:5000') },
      errors: [{ messageId: 'wrong-host', file: W2, line: 18, column: 20 }],
    },
    {
      name: 'no location for the route (only static files)',
      base: 'solution',
      files: {
        [W2]: base.replace(/    # The application[\s\S]*?\n    }\n/, '').replace('location / {', 'location /static/ {'),
      },
      errors: [{ messageId: 'no-route', file: W2, line: 2, column: 1 }],
    },
    {
      name: 'the route is served by try_files, not proxied',
      base: 'solution',
      files: { [W2]: base.replace(/    # The application[\s\S]*?\n    }\n/, '') },
      errors: [{ messageId: 'no-proxy', file: W2, line: 12, column: 5 }],
    },
    {
      name: 'unknown upstream name',
      base: 'solution',
      files: { [W2]: base.replace('http://10.0.0.13:5000', 'http://backend') },
      errors: [{ messageId: 'unknown-upstream', file: W2, line: 18, column: 20 }],
    },
    {
      name: 'a variable target cannot be verified',
      base: 'solution',
      files: { [W2]: base.replace('http://10.0.0.13:5000', 'http://$app_host') },
      errors: [{ messageId: 'variable', file: W2, line: 18, column: 20, severity: 'warning' }],
    },
    {
      name: 'no server on port 80',
      base: 'solution',
      files: { [W2]: base.replace('listen 80', 'listen 8080') },
      errors: [{ messageId: 'no-server', file: W2, line: 1, column: 1 }],
    },
    { name: 'no config on web-02', base: 'solution', remove: [W2], errors: [{ messageId: 'not-found' }] },
  ],
});
