import check from '../../../labs/core/checks/keepalived/one-master';
import { run } from '../checkTester';
import { A, B, LAB, NO_INSTANCE, conf, pair, useFixtureLab } from './fixture';

const weighted = `    track_process {\n        track_haproxy weight -60\n    }\n`;

useFixtureLab();
run(check, {
  valid: [
    { name: 'the correct pair: MASTER 150, BACKUP 100', base: 'empty', lab: LAB, files: pair() },
    {
      name: 'false positive: both MASTER with different priorities (the priority decides)',
      base: 'empty',
      lab: LAB,
      files: pair({}, { state: 'MASTER', priority: 100 }),
    },
    {
      name: 'false positive: both BACKUP with different priorities (for nopreempt)',
      base: 'empty',
      lab: LAB,
      files: pair({ state: 'BACKUP' }),
    },
    {
      name: 'false positive: priority 255 with an unweighted track',
      base: 'empty',
      lab: LAB,
      files: pair({ priority: 255 }),
    },
  ],
  invalid: [
    {
      name: 'both MASTER with the same priority',
      base: 'empty',
      lab: LAB,
      files: pair({}, { state: 'MASTER', priority: 150 }),
      errors: [
        {
          messageId: 'two-masters',
          data: { host: 'edge-a', other: 'edge-b', priority: 150 },
          file: A,
          line: 8,
          column: 11,
        },
        {
          messageId: 'two-masters',
          data: { host: 'edge-b', other: 'edge-a', priority: 150 },
          file: B,
          line: 8,
          column: 11,
        },
      ],
    },
    {
      name: 'both BACKUP with the same priority',
      base: 'empty',
      lab: LAB,
      files: pair({ state: 'BACKUP', priority: 100 }),
      errors: [
        { messageId: 'equal-priorities', file: B, line: 11, column: 14, related: [{ file: A, line: 11, column: 14 }] },
      ],
    },
    {
      name: 'the BACKUP has the higher priority (hojat-gazestani/DevOps: MASTER 100, BACKUP 200)',
      base: 'empty',
      lab: LAB,
      files: pair({ priority: 100 }, { priority: 200 }),
      errors: [
        {
          messageId: 'master-not-highest',
          data: { host: 'edge-a', priority: 100, other: 'edge-b', otherState: 'BACKUP', otherPriority: 200 },
          file: A,
          line: 11,
          column: 14,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'priority 255 with a weighted track',
      base: 'empty',
      lab: LAB,
      files: pair({ priority: 255, track: weighted }),
      errors: [
        {
          messageId: 'owner-weights',
          data: { host: 'edge-a', name: 'track_haproxy', weight: -60 },
          file: A,
          line: 11,
          column: 14,
          related: [{ file: A, line: 21, column: 9 }],
        },
      ],
    },
    {
      name: 'state MASTER without a priority is 255 (keepalived 2.2.7) with a weighted track',
      base: 'empty',
      lab: LAB,
      files: pair({ priority: null, track: weighted }),
      errors: [
        {
          messageId: 'owner-weights',
          data: { host: 'edge-a', name: 'track_haproxy', weight: -60 },
          file: A,
          line: 8,
          column: 11,
          related: [{ file: A, line: 20, column: 9 }],
        },
      ],
    },
    {
      name: 'no keepalived.conf on edge-a',
      base: 'empty',
      lab: LAB,
      files: { [B]: conf({ state: 'BACKUP', priority: 100 }) },
      errors: [{ messageId: 'not-found', data: { host: 'edge-a' } }],
    },
    {
      name: 'a keepalived.conf without a vrrp_instance',
      base: 'empty',
      lab: LAB,
      files: { [A]: NO_INSTANCE, [B]: conf({ state: 'BACKUP', priority: 100 }) },
      errors: [{ messageId: 'no-instance', data: { host: 'edge-a' }, file: A, line: 1, column: 1 }],
    },
  ],
});
