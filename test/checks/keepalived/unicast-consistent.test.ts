import check from '../../../labs/core/checks/keepalived/unicast-consistent';
import { run } from '../checkTester';
import { A, B, LAB, NO_INSTANCE, conf, useFixtureLab } from './fixture';

/** unicast_src_ip (line 23) and unicast_peer { } (lines 24-26) after the track block. */
const uni = (src: string, peer: string) => `    unicast_src_ip ${src}\n    unicast_peer {\n        ${peer}\n    }\n`;
/** The learner's own addresses (not the lab's sandbox defaults 10.9.0.1/10.9.0.2). */
const INVENTORY = { 'inventory.yaml': 'hosts:\n  edge-a: 192.168.56.11\n  edge-b: 192.168.56.12\n' };
const backup = (extra: string) => conf({ state: 'BACKUP', priority: 100, instanceExtra: extra });

useFixtureLab();
run(check, {
  valid: [
    {
      name: 'multicast on both (no unicast_peer)',
      base: 'empty',
      lab: LAB,
      files: { [A]: conf(), [B]: backup('') },
    },
    {
      name: "unicast with the inventory's addresses",
      base: 'empty',
      lab: LAB,
      files: {
        ...INVENTORY,
        [A]: conf({ instanceExtra: uni('192.168.56.11', '192.168.56.12') }),
        [B]: backup(uni('192.168.56.12', '192.168.56.11')),
      },
    },
    {
      name: 'false positive: no inventory, the two files agree with each other (never the sandbox defaults)',
      base: 'empty',
      lab: LAB,
      files: {
        [A]: conf({ instanceExtra: uni('172.16.0.5', '172.16.0.6') }),
        [B]: backup(uni('172.16.0.6', '172.16.0.5')),
      },
    },
  ],
  invalid: [
    {
      name: 'unicast on one side only',
      base: 'empty',
      lab: LAB,
      files: { ...INVENTORY, [A]: conf({ instanceExtra: uni('192.168.56.11', '192.168.56.12') }), [B]: backup('') },
      errors: [
        {
          messageId: 'one-sided',
          data: { host: 'edge-a', other: 'edge-b' },
          file: A,
          line: 24,
          column: 5,
          related: [{ file: B, line: 7, column: 1 }],
        },
      ],
    },
    {
      name: "edge-b's peer is not edge-a's address (the inventory's)",
      base: 'empty',
      lab: LAB,
      files: {
        ...INVENTORY,
        [A]: conf({ instanceExtra: uni('192.168.56.11', '192.168.56.12') }),
        [B]: backup(uni('192.168.56.12', '192.168.56.13')),
      },
      errors: [
        {
          messageId: 'peer-missing',
          data: {
            host: 'edge-b',
            other: 'edge-a',
            address: '192.168.56.11',
            from: 'inventory.yaml',
            peers: '192.168.56.13',
          },
          file: B,
          line: 24,
          column: 5,
        },
      ],
    },
    {
      name: 'no inventory: the peers do not name the other side',
      base: 'empty',
      lab: LAB,
      files: {
        [A]: conf({ instanceExtra: uni('172.16.0.5', '172.16.0.7') }),
        [B]: backup(uni('172.16.0.6', '172.16.0.5')),
      },
      errors: [{ messageId: 'peer-missing', file: A, line: 24, column: 5 }],
    },
    {
      name: 'a load balancer lists itself as its peer',
      base: 'empty',
      lab: LAB,
      files: {
        ...INVENTORY,
        [A]: conf({ instanceExtra: uni('192.168.56.11', '192.168.56.11') }),
        [B]: backup(uni('192.168.56.12', '192.168.56.11')),
      },
      errors: [
        {
          messageId: 'peer-self',
          data: { host: 'edge-a', address: '192.168.56.11', other: 'edge-b' },
          file: A,
          line: 25,
          column: 9,
        },
        {
          messageId: 'peer-missing',
          data: {
            host: 'edge-a',
            other: 'edge-b',
            address: '192.168.56.12',
            from: 'inventory.yaml',
            peers: '192.168.56.11',
          },
          file: A,
          line: 24,
          column: 5,
        },
      ],
    },
    {
      name: "unicast_src_ip is not the load balancer's own address",
      base: 'empty',
      lab: LAB,
      files: {
        ...INVENTORY,
        [A]: conf({ instanceExtra: uni('192.168.56.13', '192.168.56.12') }),
        [B]: backup(uni('192.168.56.12', '192.168.56.11')),
      },
      errors: [
        {
          messageId: 'src-not-own',
          data: { host: 'edge-a', address: '192.168.56.13', own: '192.168.56.11', from: 'inventory.yaml' },
          file: A,
          line: 23,
          column: 20,
        },
      ],
    },
    {
      name: 'no keepalived.conf on edge-b',
      base: 'empty',
      lab: LAB,
      files: { [A]: conf() },
      errors: [{ messageId: 'not-found', data: { host: 'edge-b' } }],
    },
    {
      name: 'a keepalived.conf without a vrrp_instance',
      base: 'empty',
      lab: LAB,
      files: { [A]: conf(), [B]: NO_INSTANCE },
      errors: [{ messageId: 'no-instance', data: { host: 'edge-b' }, file: B, line: 1, column: 1 }],
    },
  ],
});
