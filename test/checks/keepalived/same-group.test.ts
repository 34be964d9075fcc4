import check from '../../../labs/core/checks/keepalived/same-group';
import { run } from '../checkTester';
import { A, B, LAB, NO_INSTANCE, conf, pair, useFixtureLab } from './fixture';

useFixtureLab();
run(check, {
  valid: [
    { name: 'the correct pair', base: 'empty', lab: LAB, files: pair() },
    {
      name: 'false positive: auth_pass differs only after the 8th character',
      base: 'empty',
      lab: LAB,
      files: pair({ pass: 'Ku7xQ2paAAA' }, { pass: 'Ku7xQ2paBBB' }),
    },
    {
      name: 'false positive: the same VIP written with a device on one side only',
      base: 'empty',
      lab: LAB,
      files: pair({ vip: '10.9.0.100/24 dev eth0' }),
    },
  ],
  invalid: [
    {
      name: 'different virtual_router_id (split brain), reported on both lines',
      base: 'empty',
      lab: LAB,
      files: pair({ vrid: 101 }, { vrid: 102 }),
      errors: [
        {
          messageId: 'vrid',
          data: { host: 'edge-a', other: 'edge-b', value: '101', otherValue: '102' },
          file: A,
          line: 10,
          column: 23,
          related: [{ file: B, line: 10, column: 23 }],
        },
        {
          messageId: 'vrid',
          data: { host: 'edge-b', other: 'edge-a', value: '102', otherValue: '101' },
          file: B,
          line: 10,
          column: 23,
          related: [{ file: A, line: 10, column: 23 }],
        },
      ],
    },
    {
      name: 'different VIPs',
      base: 'empty',
      lab: LAB,
      files: pair({}, { vip: '10.9.0.200/24' }),
      errors: [
        { messageId: 'vips', file: A, line: 17, column: 5, related: [{ file: B, line: 17, column: 5 }] },
        { messageId: 'vips', file: B, line: 17, column: 5, related: [{ file: A, line: 17, column: 5 }] },
      ],
    },
    {
      name: 'auth_pass differs within the first 8 characters',
      base: 'empty',
      lab: LAB,
      files: pair({ pass: 'secret01' }, { pass: 'secret02' }),
      errors: [
        { messageId: 'auth-pass', file: A, line: 15, column: 19, related: [{ file: B, line: 15, column: 19 }] },
        { messageId: 'auth-pass', file: B, line: 15, column: 19, related: [{ file: A, line: 15, column: 19 }] },
      ],
    },
    {
      name: 'authentication on one side only',
      base: 'empty',
      lab: LAB,
      files: {
        [A]: conf(),
        [B]: conf({ state: 'BACKUP', priority: 100 }).replace(/    authentication \{\n.*\n.*\n    \}\n/, ''),
      },
      errors: [
        {
          messageId: 'auth-type',
          data: { host: 'edge-a', other: 'edge-b', value: 'PASS', otherValue: 'none' },
          file: A,
          line: 14,
          column: 19,
          related: [{ file: B, line: 7, column: 1 }],
        },
        {
          messageId: 'auth-type',
          data: { host: 'edge-b', other: 'edge-a', value: 'none', otherValue: 'PASS' },
          file: B,
          line: 7,
          column: 1,
          related: [{ file: A, line: 14, column: 19 }],
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
