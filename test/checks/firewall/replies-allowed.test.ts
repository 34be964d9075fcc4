/**
 * firewall/replies-allowed: a plain iptables or nftables firewall with a default drop must accept the answers
 * to its host's own connections (web-01 -> app-01:5000, lb-01 -> web-0x:80...), which come back to a port the
 * kernel picked. ufw accepts them in before.rules, so the reference (ufw everywhere) passes as it is.
 */
import check from '../../../labs/core/checks/firewall/replies-allowed';
import { run } from '../checkTester';
import { LAB, filterDump, nftInput, script } from './lab2';

const web01 = (...lines: string[]) => ({ 'web-01/firewall.sh': script(...lines) });
const LB_ONLY = [
  'iptables -F INPUT',
  'iptables -A INPUT -i lo -j ACCEPT',
  'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
  'iptables -A INPUT -p tcp -s 10.0.0.10 --dport 80 -j ACCEPT',
];
const nft = (...rules: string[]) =>
  nftInput('iif lo accept', ...rules, 'tcp dport 22 accept', 'ip saddr 10.0.0.10 tcp dport 80 accept');
const base = { base: 'solution' as const, lab: LAB, remove: ['web-01/firewall.sh'] };

run(check, {
  valid: [
    { name: 'ufw on every host (the reference): before.rules accepts the replies', base: 'solution', lab: LAB },
    {
      name: 'iptables commands with a conntrack ESTABLISHED rule',
      ...base,
      files: web01(
        ...LB_ONLY,
        'iptables -I INPUT 2 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        'iptables -P INPUT DROP',
      ),
    },
    {
      name: 'the older state match (-m state --state ESTABLISHED,RELATED)',
      ...base,
      files: web01(
        ...LB_ONLY,
        'iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT',
        'iptables -P INPUT DROP',
      ),
    },
    {
      name: 'an iptables-save dump with the conntrack rule',
      ...base,
      files: {
        'web-01/rules.v4': filterDump(
          ':INPUT DROP [0:0]',
          ':FORWARD DROP [0:0]',
          ':OUTPUT ACCEPT [0:0]',
          '-A INPUT -i lo -j ACCEPT',
          '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
          '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
          '-A INPUT -s 10.0.0.10/32 -p tcp -m tcp --dport 80 -j ACCEPT',
        ),
      },
    },
    {
      name: 'nftables: ct state established,related accept',
      ...base,
      files: { 'web-01/nftables.conf': nft('ct state established,related accept') },
    },
    {
      name: 'nftables: a verdict map (ct state vmap { established : accept, ... })',
      ...base,
      files: {
        'web-01/nftables.conf': nft('ct state vmap { established : accept, related : accept, invalid : drop }'),
      },
    },
    {
      name: 'false positive: no state rule, but everything from the app server is accepted (its answers too)',
      ...base,
      files: web01(...LB_ONLY, 'iptables -A INPUT -s 10.0.0.13 -j ACCEPT', 'iptables -P INPUT DROP'),
    },
    {
      name: 'false positive: no state rule and a default accept (nothing is dropped; default-deny says so)',
      ...base,
      files: web01(...LB_ONLY),
    },
  ],
  invalid: [
    {
      name: 'iptables commands without a state rule: the answers of app-01:5000 are dropped',
      ...base,
      files: web01(...LB_ONLY, 'iptables -P INPUT DROP'),
      errors: [{ messageId: 'replies-dropped', file: 'web-01/firewall.sh', line: 6, column: 1 }],
    },
    {
      name: 'a stateless reply rule for the wrong port (--sport 80 instead of 5000)',
      ...base,
      files: web01(...LB_ONLY, 'iptables -A INPUT -p tcp --sport 80 -j ACCEPT', 'iptables -P INPUT DROP'),
      errors: [{ messageId: 'replies-dropped', file: 'web-01/firewall.sh', line: 7, column: 1 }],
    },
    {
      name: 'nftables without ct state: the default drop takes the answers',
      ...base,
      files: { 'web-01/nftables.conf': nft() },
      errors: [{ messageId: 'replies-dropped', file: 'web-01/nftables.conf', line: 3, column: 1 }],
    },
    {
      name: 'nftables: only invalid packets matched by ct state (no established accept)',
      ...base,
      files: { 'web-01/nftables.conf': nft('ct state invalid drop') },
      errors: [{ messageId: 'replies-dropped', file: 'web-01/nftables.conf', line: 3, column: 1 }],
    },
    {
      name: "the load balancer as a dump without the state rule: every web server's answers are dropped",
      base: 'solution',
      lab: LAB,
      remove: ['lb-01/firewall.sh'],
      files: {
        'lb-01/rules.v4': filterDump(':INPUT DROP [0:0]', '-A INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT'),
      },
      errors: [{ messageId: 'replies-dropped', file: 'lb-01/rules.v4', line: 2, column: 1 }],
    },
  ],
});
