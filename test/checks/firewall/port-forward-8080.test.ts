import check from '../../../labs/core/checks/firewall/port-forward-8080';
import { run } from '../checkTester';
import { LAB } from './lab2';

/** Debian 12's /etc/ufw/before.rules, cut to its structure, with `nat` (the learner's section) on top. */
const beforeRules = (nat: string, filterEnd = 'COMMIT') =>
  `# rules.before
${nat}
*filter
:ufw-before-input - [0:0]
:ufw-before-output - [0:0]
:ufw-before-forward - [0:0]
:ufw-not-local - [0:0]
-A ufw-before-input -i lo -j ACCEPT
-A ufw-before-input -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A ufw-before-input -m conntrack --ctstate INVALID -j DROP
${filterEnd}
`;
const NAT = `*nat
:PREROUTING ACCEPT [0:0]
-A PREROUTING -p tcp --dport 8080 -j REDIRECT --to-port 80
COMMIT`;
const F = 'web-01/before.rules';

run(check, {
  valid: [
    {
      name: 'a *nat section on top of before.rules (the ALX answer)',
      base: 'solution',
      lab: LAB,
      files: { [F]: beforeRules(NAT) },
    },
    {
      name: 'false positive: `*nat :PREROUTING ACCEPT [0:0]` on one line (iptables-restore reads the table and goes on; a real answer)',
      base: 'solution',
      lab: LAB,
      files: { [F]: beforeRules(NAT.replace('*nat\n', '*nat ')) },
    },
    {
      name: 'false positive: written by a script with a heredoc into /etc/ufw/before.rules, `--to-ports`, `-I`',
      base: 'solution',
      lab: LAB,
      files: {
        'web-01/100-port_forwarding.sh': `#!/usr/bin/env bash
sudo tee /etc/ufw/before.rules > /dev/null <<'EOF'
${beforeRules(NAT.replace('-A PREROUTING', '-I PREROUTING').replace('--to-port 80', '--to-ports 80'))}EOF
sudo ufw reload
`,
      },
    },
    {
      name: 'false positive: DNAT to port 80 of this host (`--to-destination :80`, the same as REDIRECT)',
      base: 'solution',
      lab: LAB,
      files: {
        [F]: beforeRules(
          NAT.replace('-m tcp ', '').replace('-j REDIRECT --to-port 80', '-j DNAT --to-destination :80'),
        ),
      },
    },
    {
      name: "false positive: DNAT to the host's own address (inventory.yaml: web-01 is 10.0.0.11)",
      base: 'solution',
      lab: LAB,
      files: { [F]: beforeRules(NAT.replace('-j REDIRECT --to-port 80', '-j DNAT --to-destination 10.0.0.11:80')) },
    },
  ],
  invalid: [
    {
      name: 'DNAT to another host: a forward, not a redirect to this port',
      base: 'solution',
      lab: LAB,
      files: { [F]: beforeRules(NAT.replace('-j REDIRECT --to-port 80', '-j DNAT --to-destination 10.0.0.12:80')) },
      errors: [
        {
          messageId: 'wrong-port',
          file: F,
          line: 4,
          column: 1,
          data: {
            rule: '-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.12:80',
            fromPort: 8080,
            toPort: 80,
            what: 'TCP port 8080 to port 80 of 10.0.0.12, not of web-01',
          },
        },
      ],
    },
    {
      name: 'no redirect at all (the reference of lab 2 does not ask for it)',
      base: 'solution',
      lab: LAB,
      errors: [{ messageId: 'missing', file: 'web-01/firewall.sh', line: 4, column: 1 }],
    },
    {
      name: 'the answer is /etc/default/ufw with DEFAULT_FORWARD_POLICY="ACCEPT" (a real answer)',
      base: 'solution',
      lab: LAB,
      files: {
        'web-01/100-port_forwarding':
          '# /etc/default/ufw\nIPV6=yes\nDEFAULT_INPUT_POLICY="DROP"\nDEFAULT_FORWARD_POLICY="ACCEPT"\n',
      },
      errors: [{ messageId: 'forward-policy', file: 'web-01/100-port_forwarding', line: 4, column: 1 }],
    },
    {
      name: 'the *nat section without its COMMIT: ufw cannot start',
      base: 'solution',
      lab: LAB,
      files: { [F]: beforeRules(NAT.replace(/\nCOMMIT$/, '')) },
      errors: [{ messageId: 'no-commit', file: F, line: 2, column: 1 }],
    },
    {
      name: 'the REDIRECT line pasted into the *filter section',
      base: 'solution',
      lab: LAB,
      files: {
        [F]: beforeRules('', '-A PREROUTING -p tcp --dport 8080 -j REDIRECT --to-port 80\nCOMMIT'),
      },
      errors: [{ messageId: 'not-nat', file: F, line: 11, column: 1 }],
    },
    {
      name: 'OUTPUT instead of PREROUTING: only local connections are redirected',
      base: 'solution',
      lab: LAB,
      files: { [F]: beforeRules(NAT.replace(':PREROUTING', ':OUTPUT').replace('-A PREROUTING', '-A OUTPUT')) },
      errors: [{ messageId: 'not-prerouting', file: F, line: 4, column: 1 }],
    },
    {
      name: 'the ports the wrong way round (80 to 8080)',
      base: 'solution',
      lab: LAB,
      files: {
        [F]: beforeRules(NAT.replace('--dport 8080 -j REDIRECT --to-port 80', '--dport 80 -j REDIRECT --to-port 8080')),
      },
      errors: [{ messageId: 'wrong-port', file: F, line: 4, column: 1 }],
    },
  ],
});
