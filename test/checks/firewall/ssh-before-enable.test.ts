import check from '../../../labs/core/checks/firewall/ssh-before-enable';
import { run } from '../checkTester';
import { LAB, edit } from './lab2';

run(check, {
  valid: [
    { name: 'ssh limited before enabling (the reference)', base: 'solution', lab: LAB },
    {
      name: "false positive: ssh from the admins' address only, `ufw allow OpenSSH`, `ufw allow ssh`-style 22/tcp",
      base: 'solution',
      lab: LAB,
      files: {
        ...edit('web-01', 'sudo ufw limit 22/tcp', 'sudo ufw allow from 198.51.100.7 to any port 22 proto tcp'),
        ...edit('web-02', 'sudo ufw limit 22/tcp', 'sudo ufw allow OpenSSH'),
      },
    },
  ],
  invalid: [
    {
      name: 'never allowed',
      base: 'solution',
      lab: LAB,
      files: edit('web-02', 'sudo ufw limit 22/tcp\n', ''),
      errors: [{ messageId: 'ssh-closed', file: 'web-02/firewall.sh', line: 4, column: 1 }],
    },
    {
      name: 'denied by an explicit rule',
      base: 'solution',
      lab: LAB,
      files: edit('app-01', 'sudo ufw limit 22/tcp', 'sudo ufw deny 22/tcp\nsudo ufw limit 22/tcp'),
      errors: [{ messageId: 'ssh-closed', file: 'app-01/firewall.sh', line: 7, column: 1 }],
    },
    {
      name: 'enabled before ssh is allowed (a warning)',
      base: 'solution',
      lab: LAB,
      files: edit('lb-01', 'sudo ufw limit 22/tcp', 'sudo ufw --force enable\nsudo ufw limit 22/tcp'),
      errors: [{ messageId: 'enabled-first', file: 'lb-01/firewall.sh', line: 7, column: 1, severity: 'warning' }],
      status: 'warn',
    },
  ],
});
