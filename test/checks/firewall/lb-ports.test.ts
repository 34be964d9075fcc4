import check from '../../../labs/core/checks/firewall/lb-ports';
import { run } from '../checkTester';
import { LAB, edit } from './lab2';

run(check, {
  valid: [
    { name: '80 and 443 open, metrics from the monitor only (the reference)', base: 'solution', lab: LAB },
    {
      name: "false positive: `ufw allow 'Nginx Full'`-style multiport, and `allow 80,443/tcp`",
      base: 'solution',
      lab: LAB,
      files: edit('lb-01', 'sudo ufw allow 80/tcp\nsudo ufw allow 443/tcp', 'sudo ufw allow 80,443/tcp'),
    },
    {
      name: 'false positive: service names from /etc/services (`allow http/tcp`, `port https`), as real answers write them',
      base: 'solution',
      lab: LAB,
      files: edit(
        'lb-01',
        'sudo ufw allow 80/tcp\nsudo ufw allow 443/tcp',
        'sudo ufw allow http/tcp\nsudo ufw allow proto tcp from any to any port https',
      ),
    },
  ],
  invalid: [
    {
      name: 'HTTPS not allowed',
      base: 'solution',
      lab: LAB,
      files: edit('lb-01', 'sudo ufw allow 443/tcp\n', ''),
      errors: [{ messageId: 'blocked', file: 'lb-01/firewall.sh', line: 4, column: 1 }],
    },
    {
      name: 'the metrics port open to everyone',
      base: 'solution',
      lab: LAB,
      files: edit('lb-01', 'sudo ufw allow proto tcp from 10.0.0.30 to any port 8405', 'sudo ufw allow 8405/tcp'),
      errors: [{ messageId: 'open', file: 'lb-01/firewall.sh', line: 10, column: 1 }],
    },
  ],
});
