import check from '../../../labs/core/checks/firewall/tcp-only';
import { run } from '../checkTester';
import { LAB, edit } from './lab2';

run(check, {
  valid: [
    { name: 'every port rule says tcp (the reference)', base: 'solution', lab: LAB },
    {
      name: 'false positive: a deny without protocol, an application profile, `proto tcp` in the full syntax',
      base: 'solution',
      lab: LAB,
      files: edit(
        'web-01',
        'sudo ufw limit 22/tcp',
        'sudo ufw deny 23\nsudo ufw allow OpenSSH\nsudo ufw allow proto tcp to any port 8080',
      ),
    },
  ],
  invalid: [
    {
      name: '`ufw allow 22`',
      base: 'solution',
      lab: LAB,
      files: edit('app-01', 'sudo ufw limit 22/tcp', 'sudo ufw allow 22'),
      errors: [{ messageId: 'udp-too', file: 'app-01/firewall.sh', line: 7, column: 1 }],
    },
    {
      name: '`ufw allow from X to any port 3306` (no proto)',
      base: 'solution',
      lab: LAB,
      files: edit(
        'db-replica',
        'sudo ufw allow proto tcp from 10.0.0.13 to any port 3306',
        'sudo ufw allow from 10.0.0.13 to any port 3306',
      ),
      errors: [{ messageId: 'udp-too', file: 'db-replica/firewall.sh', line: 8, column: 1 }],
    },
  ],
});
