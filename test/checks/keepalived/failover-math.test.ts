import check from '../../../labs/core/checks/keepalived/failover-math';
import { run } from '../checkTester';
import { A, B, LAB, NO_INSTANCE, conf, pair, useFixtureLab } from './fixture';

/** Both load balancers track HAProxy with weight `w` on the reference (line 21). */
const weight = (w: number) => `    track_process {\n        track_haproxy weight ${w}\n    }\n`;

useFixtureLab();
run(check, {
  valid: [
    {
      name: 'no weight: the master goes to FAULT (the correct pair)',
      base: 'empty',
      lab: LAB,
      files: pair(),
      notes: [
        {
          messageId: 'moves',
          data: {
            master: 'edge-a',
            backup: 'edge-b',
            backupPriority: '100',
            how: 'its instance goes to FAULT (track_haproxy has no weight) and releases the VIP',
          },
          file: A,
          line: 21,
          column: 9,
        },
      ],
    },
    {
      name: 'weight -60 with 150/100: 90 < 100',
      base: 'empty',
      lab: LAB,
      files: pair({ track: weight(-60) }, { track: weight(-60) }),
      notes: [
        {
          messageId: 'moves',
          data: {
            master: 'edge-a',
            backup: 'edge-b',
            backupPriority: '100',
            how: 'its priority becomes 150 + (-60) = 90, below 100',
          },
          file: A,
          line: 21,
          column: 9,
        },
      ],
    },
    {
      name: 'weight 60 on both with 150/100: the backup rises to 160 above 150',
      base: 'empty',
      lab: LAB,
      files: pair({ track: weight(60) }, { track: weight(60) }),
      notes: [
        {
          messageId: 'moves',
          data: {
            master: 'edge-a',
            backup: 'edge-b',
            backupPriority: '100 + 60 = 160',
            how: 'its priority becomes 150, below 160',
          },
          file: A,
          line: 21,
          column: 9,
        },
      ],
    },
    {
      name: 'false positive: both state BACKUP, the higher priority (edge-b) is the master',
      base: 'empty',
      lab: LAB,
      files: pair({ state: 'BACKUP', priority: 100 }, { priority: 150 }),
      notes: [
        {
          messageId: 'moves',
          data: {
            master: 'edge-b',
            backup: 'edge-a',
            backupPriority: '100',
            how: 'its instance goes to FAULT (track_haproxy has no weight) and releases the VIP',
          },
          file: B,
          line: 21,
          column: 9,
        },
      ],
    },
    {
      name: 'a script the checker cannot read is taken to be the HAProxy check (weight -60: 90 < 100)',
      base: 'empty',
      lab: LAB,
      files: pair({
        defs: 'vrrp_script chk_lb {\n    script "/usr/local/bin/check_lb.sh"\n    weight -60\n}\n',
        track: '    track_script {\n        chk_lb\n    }\n',
      }),
      notes: [
        {
          messageId: 'moves',
          data: {
            master: 'edge-a',
            backup: 'edge-b',
            backupPriority: '100',
            how: 'its priority becomes 150 + (-60) = 90, below 100',
          },
          file: A,
          line: 6,
          column: 5,
        },
      ],
    },
  ],
  invalid: [
    {
      name: 'weight 2 with priorities 150/100: the VIP never moves',
      base: 'empty',
      lab: LAB,
      files: pair({ track: weight(2) }, { track: weight(2) }),
      errors: [
        {
          messageId: 'stays',
          data: {
            master: 'edge-a',
            backup: 'edge-b',
            backupPriority: '100 + 2 = 102',
            down: '150',
            downValue: 150,
            backupValue: 102,
            advice:
              'A positive weight must be larger than the difference of the priorities (150 - 100 = 50): use a weight above 50, a negative weight of -51 or lower, or no weight (FAULT).',
          },
          file: A,
          line: 21,
          column: 9,
          related: [{ file: B, line: 11, column: 14 }],
        },
      ],
    },
    {
      name: 'weight 20 on the master only: the backup gains nothing',
      base: 'empty',
      lab: LAB,
      files: pair({ track: weight(20) }),
      errors: [{ messageId: 'stays', file: A, line: 21, column: 9, related: [{ file: B, line: 11, column: 14 }] }],
    },
    {
      name: 'weight -20 with 150/100: 130 is not below 100',
      base: 'empty',
      lab: LAB,
      files: pair({ track: weight(-20) }, { track: weight(-20) }),
      errors: [
        {
          messageId: 'stays',
          data: {
            master: 'edge-a',
            backup: 'edge-b',
            backupPriority: '100',
            down: '150 + (-20) = 130',
            downValue: 130,
            backupValue: 100,
            advice: 'Use a weight of -51 or lower, or no weight (FAULT).',
          },
          file: A,
          line: 21,
          column: 9,
          related: [{ file: B, line: 11, column: 14 }],
        },
      ],
    },
    {
      name: 'priority 255 with a weighted track: keepalived ignores the track',
      base: 'empty',
      lab: LAB,
      files: pair({ priority: 255, track: weight(-60) }),
      errors: [
        { messageId: 'owner', data: { master: 'edge-a', name: 'track_haproxy' }, file: A, line: 11, column: 14 },
      ],
    },
    {
      name: 'the master tracks nothing: skipped',
      base: 'empty',
      lab: LAB,
      files: pair({ track: '' }),
      errors: [{ messageId: 'no-track', data: { host: 'edge-a' }, severity: 'info' }],
      status: 'skip',
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
