import check from '../../../labs/core/checks/firewall/default-deny';
import { run } from '../checkTester';
import { LAB, edit } from './lab2';

run(check, {
  valid: [
    { name: '`ufw default deny incoming` everywhere (the reference)', base: 'solution', lab: LAB },
    {
      name: "false positive: no `default` line at all (ufw's default is deny), `default reject`, `default allow outgoing`",
      base: 'solution',
      lab: LAB,
      files: {
        ...edit('web-01', 'sudo ufw default deny incoming\n', ''),
        ...edit('web-02', 'sudo ufw default deny incoming', 'sudo ufw default reject incoming'),
      },
    },
  ],
  invalid: [
    {
      name: '`ufw default allow incoming`',
      base: 'solution',
      lab: LAB,
      files: edit('db-replica', 'sudo ufw default deny incoming', 'sudo ufw default allow incoming'),
      errors: [{ messageId: 'default-allow', file: 'db-replica/firewall.sh', line: 4, column: 1 }],
    },
    {
      name: '`ufw default allow` (no direction: incoming)',
      base: 'solution',
      lab: LAB,
      files: edit('app-01', 'sudo ufw default deny incoming', 'sudo ufw default allow'),
      errors: [{ messageId: 'default-allow', file: 'app-01/firewall.sh', line: 4, column: 1 }],
    },
  ],
});
