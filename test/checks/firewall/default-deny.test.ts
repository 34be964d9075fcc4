import check from '../../../labs/core/checks/firewall/default-deny';
import { run } from '../checkTester';
import { LAB, edit, script } from './lab2';

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
    {
      name: 'iptables rules without `-P INPUT DROP`: the chain keeps its built-in ACCEPT',
      base: 'solution',
      lab: LAB,
      remove: ['web-01/firewall.sh'],
      files: {
        'web-01/firewall.sh': script(
          'iptables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
          'iptables -A INPUT -p tcp -s 10.0.0.10 --dport 80 -j ACCEPT',
        ),
      },
      errors: [{ messageId: 'no-drop-policy', file: 'web-01/firewall.sh', line: 2, column: 1 }],
    },
    {
      name: 'an iptables-save dump with `:INPUT ACCEPT`',
      base: 'solution',
      lab: LAB,
      remove: ['web-01/firewall.sh'],
      files: { 'web-01/rules.v4': '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n' },
      errors: [{ messageId: 'default-allow', file: 'web-01/rules.v4', line: 2, column: 1 }],
    },
  ],
});
