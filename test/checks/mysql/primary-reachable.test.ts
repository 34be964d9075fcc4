import check from '../../../labs/core/checks/mysql/primary-reachable';
import { run, solutionFiles } from '../checkTester';

const P = 'db-primary/50-server.cnf';
const R = 'db-replica/50-server.cnf';
const base = solutionFiles()[P];
run(check, {
  valid: [
    { name: 'the reference solution (0.0.0.0)', base: 'solution' },
    {
      name: "the learner's own address, no inventory.yaml (the inventory is the learner's)",
      base: 'solution',
      remove: ['inventory.yaml'],
      files: { [P]: base.replace('bind-address  = 0.0.0.0', 'bind-address  = 172.31.5.9') },
    },
    {
      name: "the primary's own address",
      base: 'solution',
      files: { [P]: base.replace('bind-address  = 0.0.0.0', 'bind-address  = 10.0.0.21') },
    },
    {
      name: 'false positive: the replica bound to loopback is fine',
      base: 'solution',
      files: { [R]: solutionFiles()[R].replace('bind-address = 0.0.0.0', 'bind-address = 127.0.0.1') },
    },
    {
      name: "no bind-address: a note about Debian's stock file",
      base: 'solution',
      files: { [P]: base.replace(/bind-address.*\n/, '') },
      notes: [{ messageId: 'default-bind', file: P, line: 1, column: 1 }],
    },
  ],
  invalid: [
    {
      name: 'bind-address = 127.0.0.1',
      base: 'solution',
      files: { [P]: base.replace('bind-address  = 0.0.0.0', 'bind-address  = 127.0.0.1') },
      errors: [{ messageId: 'loopback', file: P, line: 7, column: 17 }],
    },
    {
      name: "another host's address",
      base: 'solution',
      files: { [P]: base.replace('bind-address  = 0.0.0.0', 'bind-address  = 10.0.0.22') },
      errors: [{ messageId: 'other-address', file: P, line: 7, column: 17 }],
    },
    {
      name: 'skip-networking',
      base: 'solution',
      files: { [P]: base + 'skip-networking\n' },
      errors: [{ messageId: 'skip-networking', file: P, line: 8, column: 1 }],
    },
    { name: 'no option file', base: 'solution', remove: [P], errors: [{ messageId: 'not-found' }] },
  ],
});
