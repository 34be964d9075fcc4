import check from '../../../labs/core/checks/keepalived/tracks-haproxy';
import { run } from '../checkTester';
import { A, B, LAB, NO_INSTANCE, conf, pair, useFixtureLab } from './fixture';

const killall = `vrrp_script chk_haproxy {\n    script "killall -0 haproxy"\n}\n`;
const checkLb = `vrrp_script chk_lb {\n    script "/usr/local/bin/check_lb.sh"\n}\n`;
const trackScript = (name: string) => `    track_script {\n        ${name}\n    }\n`;

useFixtureLab();
run(check, {
  valid: [
    { name: 'the correct pair (vrrp_track_process haproxy)', base: 'empty', lab: LAB, files: pair() },
    {
      name: 'a vrrp_script with killall -0 haproxy',
      base: 'empty',
      lab: LAB,
      files: pair(
        { defs: killall, track: trackScript('chk_haproxy') },
        { defs: killall, track: trackScript('chk_haproxy') },
      ),
    },
    {
      name: 'false positive: a script that requests the local frontend with curl',
      base: 'empty',
      lab: LAB,
      files: pair({
        defs: `vrrp_script chk_lb {\n    script "/usr/bin/curl -sf http://127.0.0.1/"\n}\n`,
        track: trackScript('chk_lb'),
      }),
    },
    {
      name: 'false positive: the script it runs is in the submission and checks HAProxy',
      base: 'empty',
      lab: LAB,
      files: {
        ...pair({ defs: checkLb, track: trackScript('chk_lb') }),
        'edge-a/check_lb.sh': '#!/bin/sh\npidof haproxy >/dev/null || exit 1\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the script it runs is not in the submission: cannot be checked (a warning)',
      base: 'empty',
      lab: LAB,
      files: pair({ defs: checkLb, track: trackScript('chk_lb') }),
      errors: [
        {
          messageId: 'opaque',
          data: { host: 'edge-a', name: 'chk_lb', command: '/usr/local/bin/check_lb.sh' },
          file: A,
          line: 5,
          column: 5,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'the script it runs is in the submission and checks something else',
      base: 'empty',
      lab: LAB,
      files: {
        ...pair({ defs: checkLb, track: trackScript('chk_lb') }),
        'edge-a/check_lb.sh': '#!/bin/sh\npidof nginx >/dev/null || exit 1\n',
      },
      errors: [{ messageId: 'missing', data: { host: 'edge-a', name: 'VI_1' }, file: A, line: 7, column: 1 }],
    },
    {
      name: 'a typo in track_script (track script chk_haproxyy not found)',
      base: 'empty',
      lab: LAB,
      files: pair(
        { defs: killall, track: trackScript('chk_haproxyy') },
        { defs: killall, track: trackScript('chk_haproxy') },
      ),
      errors: [
        {
          messageId: 'unknown-ref-near',
          data: {
            host: 'edge-a',
            list: 'track_script',
            block: 'vrrp_script',
            ref: 'chk_haproxyy',
            near: 'chk_haproxy',
          },
          file: A,
          line: 21,
          column: 9,
        },
      ],
    },
    {
      name: 'track_process names a block that does not exist',
      base: 'empty',
      lab: LAB,
      files: pair({ track: `    track_process {\n        web_check\n    }\n` }),
      errors: [
        {
          messageId: 'unknown-ref',
          data: { host: 'edge-a', list: 'track_process', block: 'vrrp_track_process', ref: 'web_check' },
          file: A,
          line: 21,
          column: 9,
        },
        {
          messageId: 'not-referenced',
          data: {
            host: 'edge-a',
            block: 'vrrp_track_process',
            script: 'track_haproxy',
            name: 'VI_1',
            list: 'track_process',
          },
          file: A,
          line: 4,
          column: 1,
        },
      ],
    },
    {
      name: 'the HAProxy check is defined but not listed in the instance',
      base: 'empty',
      lab: LAB,
      files: pair({}, { track: '' }),
      errors: [
        {
          messageId: 'not-referenced',
          data: {
            host: 'edge-b',
            block: 'vrrp_track_process',
            script: 'track_haproxy',
            name: 'VI_1',
            list: 'track_process',
          },
          file: B,
          line: 4,
          column: 1,
        },
      ],
    },
    {
      name: 'nothing watches HAProxy (only nginx is tracked)',
      base: 'empty',
      lab: LAB,
      files: pair({ defs: `vrrp_track_process track_haproxy {\n    process nginx\n}\n` }),
      errors: [{ messageId: 'missing', data: { host: 'edge-a', name: 'VI_1' }, file: A, line: 7, column: 1 }],
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
