import check from '../../../labs/core/checks/firewall/web-from-lb-only';
import { run } from '../checkTester';
import { LAB, edit } from './lab2';

run(check, {
  valid: [
    { name: 'port 80 from lb-01 (and the monitor) only (the reference)', base: 'solution', lab: LAB },
    {
      name: 'false positive: from the load balancer by interface-less short form `allow from 10.0.0.10`',
      base: 'solution',
      lab: LAB,
      files: edit(
        'web-02',
        'sudo ufw allow proto tcp from 10.0.0.10 to any port 80   # the load balancer',
        'sudo ufw allow from 10.0.0.10',
      ),
    },
  ],
  invalid: [
    {
      name: 'open to the world',
      base: 'solution',
      lab: LAB,
      files: edit(
        'web-01',
        'sudo ufw allow proto tcp from 10.0.0.10 to any port 80   # the load balancer',
        'sudo ufw allow 80/tcp',
      ),
      errors: [{ messageId: 'open', file: 'web-01/firewall.sh', line: 8, column: 1 }],
    },
    {
      name: "the load balancer's address mistyped: lb-01 is dropped",
      base: 'solution',
      lab: LAB,
      files: edit('web-02', 'from 10.0.0.10 to any port 80', 'from 10.0.0.100 to any port 80'),
      errors: [{ messageId: 'blocked', file: 'web-02/firewall.sh', line: 4, column: 1 }],
    },
  ],
});
