import check from '../../../labs/core/checks/firewall/app-from-web-only';
import { run } from '../checkTester';
import { LAB, edit } from './lab2';

run(check, {
  valid: [
    { name: 'port 5000 from web-01 and web-02 (the reference)', base: 'solution', lab: LAB },
    {
      name: 'false positive: both web servers by their subnet',
      base: 'solution',
      lab: LAB,
      files: edit(
        'app-01',
        'sudo ufw allow proto tcp from 10.0.0.11 to any port 5000\nsudo ufw allow proto tcp from 10.0.0.12 to any port 5000',
        'sudo ufw allow proto tcp from 10.0.0.8/29 to any port 5000',
      ),
    },
    {
      name: 'no app-01 at all (optional): nothing to judge',
      base: 'solution',
      lab: LAB,
      remove: ['app-01/'],
    },
  ],
  invalid: [
    {
      name: 'web-02 forgotten',
      base: 'solution',
      lab: LAB,
      files: edit('app-01', 'sudo ufw allow proto tcp from 10.0.0.12 to any port 5000\n', ''),
      errors: [{ messageId: 'blocked', file: 'app-01/firewall.sh', line: 4, column: 1 }],
    },
    {
      name: 'open to everyone',
      base: 'solution',
      lab: LAB,
      files: edit('app-01', 'sudo ufw allow proto tcp from 10.0.0.11 to any port 5000', 'sudo ufw allow 5000/tcp'),
      errors: [{ messageId: 'open', file: 'app-01/firewall.sh', line: 8, column: 1 }],
    },
  ],
});
