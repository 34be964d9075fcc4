import check from '../../../labs/core/checks/firewall/vrrp-allowed';
import { run } from '../checkTester';

const LAB = 'no-spof';
const fw = (...cmds: string[]) => `#!/usr/bin/env bash\n${cmds.join('\n')}\n`;
const BASE = ['sudo ufw default deny incoming', 'sudo ufw allow 22/tcp', 'sudo ufw allow 80/tcp'];
const both = (extra1: string[], extra2: string[], enable = 'sudo ufw --force enable') => ({
  'lb-01/firewall.sh': fw(...BASE, ...extra1, enable),
  'lb-02/firewall.sh': fw(...BASE, ...extra2, enable),
});

run(check, {
  valid: [
    {
      name: 'no firewall on either load balancer (the reference): a note',
      base: 'solution',
      lab: LAB,
      notes: [{ messageId: 'no-firewall' }],
    },
    {
      name: 'each allows the other proto vrrp (from X proto vrrp / proto vrrp from X)',
      base: 'solution',
      lab: LAB,
      files: both(['sudo ufw allow from 10.0.0.15 proto vrrp'], ['sudo ufw allow proto vrrp from 10.0.0.10']),
    },
    {
      name: 'false positive: to the VRRP group, from the private subnet, with `echo y | ufw enable`',
      base: 'solution',
      lab: LAB,
      files: both(
        ['ufw allow from 10.0.0.0/24 to 224.0.0.18'],
        ['ufw allow in on eth0 to 224.0.0.18 proto vrrp'],
        'echo y | ufw enable',
      ),
    },
    {
      name: 'false positive: rules set but ufw never enabled (a note)',
      base: 'solution',
      lab: LAB,
      files: { 'lb-01/firewall.sh': fw(...BASE) },
      notes: [{ messageId: 'not-enabled' }],
    },
    {
      name: 'false positive: before.rules lets VRRP in (written by the script)',
      base: 'solution',
      lab: LAB,
      files: {
        'lb-01/firewall.sh': fw(
          "sudo sed -i '/^# End required lines/a -A ufw-before-input -p vrrp -j ACCEPT' /etc/ufw/before.rules",
          ...BASE,
          'sudo ufw --force enable',
        ),
      },
    },
    {
      name: 'a variable in a rule: read as written, with a note',
      base: 'solution',
      lab: LAB,
      files: {
        'lb-01/firewall.sh': fw(
          ...BASE,
          "PEER=$(getent hosts lb-02 | awk '{print $1}')",
          'sudo ufw allow from "$PEER" proto vrrp',
          'sudo ufw --force enable',
        ),
      },
      notes: [
        { messageId: 'unknown', file: 'lb-01/firewall.sh', line: 6, column: 1 },
        { messageId: 'assumed', file: 'lb-01/firewall.sh', line: 6, column: 1 },
      ],
    },
    {
      name: "no inventory.yaml: lb-02's address is unknown, the rule's address is assumed to be it",
      base: 'solution',
      lab: LAB,
      remove: ['inventory.yaml'],
      files: {
        'lb-01/firewall.sh': fw(...BASE, 'sudo ufw allow from 10.0.0.15 proto vrrp', 'sudo ufw --force enable'),
      },
      notes: [{ messageId: 'assumed', file: 'lb-01/firewall.sh', line: 5, column: 1 }],
    },
  ],
  invalid: [
    {
      name: 'ufw on, ssh and web allowed, VRRP dropped by the default policy',
      base: 'solution',
      lab: LAB,
      files: { 'lb-02/firewall.sh': fw(...BASE, 'sudo ufw --force enable') },
      errors: [{ messageId: 'blocked', file: 'lb-02/firewall.sh', line: 2, column: 1 }],
    },
    {
      name: '`ufw allow 112` opens a port, not the protocol',
      base: 'solution',
      lab: LAB,
      files: { 'lb-01/firewall.sh': fw(...BASE, 'sudo ufw allow 112', 'sudo ufw --force enable') },
      errors: [
        { messageId: 'blocked', file: 'lb-01/firewall.sh', line: 2, column: 1 },
        { messageId: 'port-not-proto', file: 'lb-01/firewall.sh', line: 5, column: 1 },
      ],
    },
    {
      name: 'a deny from the subnet inserted before the allow: the first match wins',
      base: 'solution',
      lab: LAB,
      files: {
        'lb-01/firewall.sh': fw(
          ...BASE,
          'sudo ufw allow from 10.0.0.15 proto vrrp',
          'sudo ufw insert 1 deny from 10.0.0.0/24',
          'sudo ufw --force enable',
        ),
      },
      errors: [{ messageId: 'blocked', file: 'lb-01/firewall.sh', line: 6, column: 1 }],
    },
    {
      name: 'unicast: the allow names the multicast group, not this host',
      base: 'solution',
      lab: LAB,
      files: {
        'lb-01/keepalived.conf': '',
        'lb-02/firewall.sh': fw(...BASE, 'sudo ufw allow from 10.0.0.99 proto vrrp', 'sudo ufw --force enable'),
      },
      errors: [{ messageId: 'blocked', file: 'lb-02/firewall.sh', line: 2, column: 1 }],
    },
  ],
});
