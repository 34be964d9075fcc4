import check from '../../../labs/core/checks/haproxy/binds-vip';
import { run, solutionFiles } from '../checkTester';

const LAB = 'no-spof';
const S = solutionFiles(LAB);
const cfg = (h: 'lb-01' | 'lb-02', bind: string) => ({
  [`${h}/haproxy.cfg`]: S[`${h}/haproxy.cfg`].replace('    bind *:80', `    bind ${bind}`),
});
const SYSCTL = '# /etc/sysctl.d/99-vip.conf\nnet.ipv4.ip_nonlocal_bind = 1\n';

run(check, {
  valid: [
    { name: 'both bind *:80 (the reference)', base: 'solution', lab: LAB },
    {
      name: 'false positive: both bind the VIP with ip_nonlocal_bind set (sysctl.d file)',
      base: 'solution',
      lab: LAB,
      files: {
        ...cfg('lb-01', '10.0.0.100:80'),
        ...cfg('lb-02', '10.0.0.100:80'),
        'lb-01/99-vip.conf': SYSCTL,
        'lb-02/99-vip.conf': SYSCTL,
      },
      notes: [
        { messageId: 'vip-ok', file: 'lb-01/haproxy.cfg', line: 21, column: 5 },
        { messageId: 'vip-ok', file: 'lb-02/haproxy.cfg', line: 21, column: 5 },
      ],
    },
    {
      name: 'false positive: ip_nonlocal_bind set by a script (sysctl -w) and a second frontend on the own address',
      base: 'solution',
      lab: LAB,
      files: {
        ...cfg('lb-01', '10.0.0.100:80\n    bind 10.0.0.10:80'),
        'lb-01/setup.sh': '#!/bin/bash\nsudo sysctl -w net.ipv4.ip_nonlocal_bind=1\n',
      },
      notes: [{ messageId: 'vip-ok', file: 'lb-01/haproxy.cfg', line: 21, column: 5 }],
    },
    {
      name: "no keepalived.conf on lb-02: the pair's VIP is still the one to accept",
      base: 'solution',
      lab: LAB,
      remove: ['lb-02/keepalived.conf'],
    },
  ],
  invalid: [
    {
      name: 'no keepalived.conf at all: no VIP, skipped',
      base: 'solution',
      lab: LAB,
      remove: ['lb-01/keepalived.conf', 'lb-02/keepalived.conf'],
      status: 'skip',
      errors: [
        { messageId: 'no-keepalived', severity: 'info' },
        { messageId: 'no-keepalived', severity: 'info' },
      ],
    },
    {
      name: "lb-02 without keepalived.conf binds lb-01's address: judged against the pair's VIP",
      base: 'solution',
      lab: LAB,
      remove: ['lb-02/keepalived.conf'],
      files: cfg('lb-02', '10.0.0.10:80'),
      errors: [{ messageId: 'other-host', file: 'lb-02/haproxy.cfg', line: 21, column: 5 }],
    },
    {
      name: 'the VIP without ip_nonlocal_bind',
      base: 'solution',
      lab: LAB,
      files: cfg('lb-02', '10.0.0.100:80'),
      errors: [{ messageId: 'no-nonlocal-bind', file: 'lb-02/haproxy.cfg', line: 21, column: 5 }],
    },
    {
      name: "lb-02 binds lb-01's address (inventory.yaml says whose it is)",
      base: 'solution',
      lab: LAB,
      files: cfg('lb-02', '10.0.0.10:80'),
      errors: [{ messageId: 'other-host', file: 'lb-02/haproxy.cfg', line: 21, column: 5 }],
    },
    {
      name: 'lb-01 binds its own address only',
      base: 'solution',
      lab: LAB,
      files: cfg('lb-01', '10.0.0.10:80'),
      errors: [{ messageId: 'own-address', file: 'lb-01/haproxy.cfg', line: 21, column: 5 }],
    },
    {
      name: 'an address that is neither a host nor the VIP',
      base: 'solution',
      lab: LAB,
      files: cfg('lb-01', '192.168.1.50:80'),
      errors: [{ messageId: 'not-vip', file: 'lb-01/haproxy.cfg', line: 21, column: 5 }],
    },
    {
      name: 'no frontend on port 80',
      base: 'solution',
      lab: LAB,
      files: cfg('lb-01', '*:8080'),
      errors: [{ messageId: 'no-frontend', file: 'lb-01/haproxy.cfg', line: 1, column: 1 }],
    },
    {
      name: 'no HAProxy config on lb-02',
      base: 'solution',
      lab: LAB,
      remove: ['lb-02/haproxy.cfg'],
      errors: [{ messageId: 'not-found' }],
    },
  ],
});
