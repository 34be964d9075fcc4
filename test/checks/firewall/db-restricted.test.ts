import check from '../../../labs/core/checks/firewall/db-restricted';
import { run } from '../checkTester';
import { LAB, edit } from './lab2';

run(check, {
  valid: [
    { name: '3306 from app-01 (and the replica, on the primary) only (the reference)', base: 'solution', lab: LAB },
    {
      name: 'false positive: no inventory.yaml (addresses inferred from the files)',
      base: 'solution',
      lab: LAB,
      remove: ['inventory.yaml'],
    },
  ],
  invalid: [
    {
      name: 'the replica cannot reach the primary',
      base: 'solution',
      lab: LAB,
      files: edit('db-primary', 'sudo ufw allow proto tcp from 10.0.0.22 to any port 3306   # the replica\n', ''),
      errors: [{ messageId: 'blocked', file: 'db-primary/firewall.sh', line: 4, column: 1 }],
    },
    {
      name: '3306 open to everyone on the replica',
      base: 'solution',
      lab: LAB,
      files: edit('db-replica', 'sudo ufw allow proto tcp from 10.0.0.13 to any port 3306', 'sudo ufw allow 3306/tcp'),
      errors: [{ messageId: 'open', file: 'db-replica/firewall.sh', line: 8, column: 1 }],
    },
  ],
});
