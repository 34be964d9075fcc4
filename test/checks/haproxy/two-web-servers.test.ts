import check from '../../../labs/core/checks/haproxy/two-web-servers';
import { run, solutionFiles } from '../checkTester';

const F = 'lb-01/haproxy.cfg';
const base = solutionFiles()[F];
const inv = 'inventory.yaml';
run(check, {
  valid: [
    { name: 'the reference solution', base: 'solution' },
    {
      name: 'host names instead of addresses',
      base: 'solution',
      files: { [F]: base.replace('10.0.0.11:80', 'web-01:80').replace('10.0.0.12:80', 'web-02:80') },
    },
    {
      name: 'false positive: no port (inherits the client port 80)',
      base: 'solution',
      files: { [F]: base.replace('10.0.0.11:80', '10.0.0.11').replace('10.0.0.12:80', '10.0.0.12') },
    },
    {
      name: "false positive: no inventory.yaml, both servers named after web-01 (a copy slip): web-02 keeps the sandbox's default address, which judges nothing (a real answer)",
      base: 'solution',
      remove: [inv],
      files: {
        [F]: base
          .replace('server web-01 10.0.0.11:80', 'server 1234-web-01 203.0.113.45:80')
          .replace('server web-02 10.0.0.12:80', 'server 1234-web-01 203.0.113.46:80'),
      },
    },
    {
      name: "no inventory.yaml: the learner's own public addresses and server names",
      base: 'solution',
      remove: [inv],
      files: {
        [F]: base
          .replace('server web-01 10.0.0.11:80', 'server 1234-web-01 203.0.113.45:80')
          .replace('server web-02 10.0.0.12:80', 'server 1234-web-02 203.0.113.46:80'),
      },
    },
    {
      name: 'addresses follow the inventory',
      base: 'solution',
      files: {
        [inv]: 'lab: distributed-web\nhosts:\n  web-01: 192.168.1.11\n  web-02: 192.168.1.12\n',
        [F]: base.replace('10.0.0.11:80', '192.168.1.11:80').replace('10.0.0.12:80', '192.168.1.12:80'),
      },
    },
  ],
  invalid: [
    {
      name: 'one web server only',
      base: 'solution',
      files: { [F]: base.replace(/    server web-02.*\n/, '') },
      errors: [{ messageId: 'too-few', file: F, line: 22, column: 1 }],
    },
    {
      name: 'server line without an address',
      base: 'solution',
      files: { [F]: base.replace('server web-02 10.0.0.12:80 check', 'server web-02 check') },
      errors: [{ messageId: 'no-address', file: F, line: 28, column: 5 }],
    },
    {
      name: 'the same address twice',
      base: 'solution',
      files: { [F]: base.replace('server web-02 10.0.0.12:80', 'server web-02 10.0.0.11:80') },
      errors: [
        { messageId: 'same-address', file: F, line: 28, column: 19 },
        { messageId: 'missing-host', file: F, line: 22, column: 1 },
      ],
    },
    {
      name: 'an address that is not a web server',
      base: 'solution',
      files: { [F]: base.replace('10.0.0.12:80', '10.0.0.99:80') },
      errors: [
        { messageId: 'unknown-address', file: F, line: 28, column: 19 },
        { messageId: 'missing-host', file: F, line: 22, column: 1 },
      ],
    },
    {
      name: "no inventory.yaml: HAProxy's web-01 is not where web-01 listens",
      base: 'solution',
      remove: [inv],
      files: {
        [F]: base.replace('10.0.0.11:80', '203.0.113.45:80').replace('10.0.0.12:80', '203.0.113.46:80'),
        'web-01/default': solutionFiles()['web-01/default'].replace(
          /listen 80 default_server;/,
          'listen 198.51.100.7:80 default_server;',
        ),
      },
      errors: [
        { messageId: 'unknown-address', file: F, line: 27, column: 19 },
        { messageId: 'missing-host', file: F, line: 22, column: 1 },
      ],
    },
    {
      name: 'the wrong port',
      base: 'solution',
      files: { [F]: base.replace('10.0.0.12:80', '10.0.0.12:8080') },
      errors: [{ messageId: 'wrong-port', file: F, line: 28, column: 19 }],
    },
    {
      name: 'addresses not matching the inventory',
      base: 'solution',
      files: { [inv]: 'hosts:\n  web-02: 192.168.1.12\n' },
      errors: [
        { messageId: 'unknown-address', file: F, line: 28, column: 19 },
        { messageId: 'missing-host', file: F, line: 22, column: 1 },
      ],
    },
    {
      name: 'no backend',
      base: 'solution',
      files: { [F]: 'frontend www\n    bind *:80\n' },
      errors: [{ messageId: 'no-backend', file: F, line: 1, column: 1 }],
    },
    { name: 'no HAProxy file', base: 'solution', remove: [F], errors: [{ messageId: 'not-found' }] },
  ],
});
