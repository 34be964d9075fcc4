import check from '../../../labs/core/checks/firewall/rule-order';
import { run } from '../checkTester';
import { LAB, edit, nftInput } from './lab2';

run(check, {
  valid: [
    { name: 'allows only, the default policy denies the rest (the reference)', base: 'solution', lab: LAB },
    {
      name: 'false positive: a specific deny before a broader allow (the deny is meant to win)',
      base: 'solution',
      lab: LAB,
      files: edit(
        'lb-01',
        'sudo ufw allow 80/tcp',
        'sudo ufw deny from 192.0.2.66 to any port 80 proto tcp\nsudo ufw allow 80/tcp',
      ),
    },
    {
      name: 'false positive: a deny after the allow for other addresses (`insert 1` puts the allow first)',
      base: 'solution',
      lab: LAB,
      files: edit('db-primary', 'sudo ufw --force enable', 'sudo ufw deny 3306/tcp\nsudo ufw --force enable'),
    },
    {
      name: "false positive: nftables, a drop for one address of a set before the set's accept (the others still get in)",
      base: 'solution',
      lab: LAB,
      remove: ['app-01/firewall.sh'],
      files: {
        'app-01/nftables.conf': nftInput(
          'ct state established,related accept',
          'tcp dport 22 accept',
          'ip saddr 10.0.0.12 tcp dport 5000 drop',
          'ip saddr { 10.0.0.11, 10.0.0.12 } tcp dport 5000 accept',
        ),
      },
    },
  ],
  invalid: [
    {
      name: '`deny 3306` before `allow from app`',
      base: 'solution',
      lab: LAB,
      files: edit(
        'db-replica',
        'sudo ufw allow proto tcp from 10.0.0.13',
        'sudo ufw deny 3306/tcp\nsudo ufw allow proto tcp from 10.0.0.13',
      ),
      errors: [{ messageId: 'shadowed', file: 'db-replica/firewall.sh', line: 9, column: 1 }],
    },
    {
      name: 'a broad `allow from the subnet` before a specific deny',
      base: 'solution',
      lab: LAB,
      files: edit(
        'web-01',
        'sudo ufw limit 22/tcp',
        'sudo ufw limit 22/tcp\nsudo ufw allow from 10.0.0.0/24\nsudo ufw deny from 10.0.0.13 to any port 80 proto tcp',
      ),
      errors: [{ messageId: 'shadowed', file: 'web-01/firewall.sh', line: 9, column: 1 }],
    },
    {
      name: 'nftables: a drop for a set of addresses before an accept for one of them',
      base: 'solution',
      lab: LAB,
      remove: ['app-01/firewall.sh'],
      files: {
        'app-01/nftables.conf': nftInput(
          'ct state established,related accept',
          'tcp dport 22 accept',
          'ip saddr { 10.0.0.11, 10.0.0.12 } tcp dport 5000 drop',
          'ip saddr 10.0.0.12 tcp dport 5000 accept',
        ),
      },
      errors: [{ messageId: 'shadowed', file: 'app-01/nftables.conf', line: 7, column: 1 }],
    },
  ],
});
