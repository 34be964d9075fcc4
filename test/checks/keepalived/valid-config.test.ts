import { describe, expect, it } from 'vitest';
import check from '../../../labs/core/checks/keepalived/valid-config';
import { checkSubmission } from '../../../labs/core/engine';
import { loadLab } from '../../../labs/node/specs';
import { buildTree, run } from '../checkTester';
import { A, B, LAB, NO_INSTANCE, conf, pair, useFixtureLab } from './fixture';

useFixtureLab();
run(
  check,
  {
    valid: [
      { name: 'the correct pair', base: 'empty', lab: LAB, files: pair() },
      {
        name: 'false positive: an unknown top-level keyword is a note (keepalived ignores it)',
        base: 'empty',
        lab: LAB,
        files: pair({ extraGlobal: '}\nmy_extension yes\nglobal_defs {\n' }),
        notes: [{ messageId: 'parse', file: A, line: 4, column: 1 }],
      },
      {
        name: 'false positive: braces on the next line, ! comments, a quoted script',
        base: 'empty',
        lab: LAB,
        files: {
          [A]: conf({
            defs: 'vrrp_script chk\n{\n    script "/usr/bin/pgrep -x haproxy" ! the check\n}\n',
            track: '    track_script\n    {\n        chk\n    }\n',
            extraGlobal: '    enable_script_security\n    script_user root\n',
          }),
          [B]: conf({ state: 'BACKUP', priority: 100 }),
        },
      },
    ],
    invalid: [
      {
        name: 'state SLAVE (unknown state, defaulting to BACKUP)',
        base: 'empty',
        lab: LAB,
        files: pair({}, { state: 'SLAVE' }),
        errors: [
          {
            messageId: 'parse',
            data: {
              detail:
                "unknown state 'SLAVE': keepalived says \"unknown state 'SLAVE', defaulting to BACKUP\", so this instance starts as BACKUP",
              code: 'keepalived/unknown-state',
            },
            file: B,
            line: 8,
            column: 11,
          },
        ],
      },
      {
        name: 'auth_pass longer than 8 characters (keepalived -t: "Truncating auth_pass to 8 characters", status 5)',
        base: 'empty',
        lab: LAB,
        files: pair({ pass: 'mysecurepassword' }, { pass: 'mysecurepassword' }),
        errors: [
          { messageId: 'parse', file: A, line: 15, column: 19 },
          { messageId: 'parse', file: B, line: 15, column: 19 },
        ],
      },
      {
        name: 'an empty virtual_ipaddress block, an unclosed instance',
        base: 'empty',
        lab: LAB,
        files: {
          [A]: conf({ vip: '' }),
          [B]: conf({ state: 'BACKUP', priority: 100 }).replace(/\}\n$/, ''),
        },
        errors: [
          { messageId: 'parse', file: A, line: 17, column: 5 },
          { messageId: 'parse', file: B, line: 7, column: 1 },
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
  },
  {
    // real-tool messages come as external findings (labs/node/tools/keepalived.ts): fed and asserted below
    exercisedElsewhere: {
      tool: 'external findings test',
      'tool-ok': 'external findings test',
      'tool-note': 'external findings test',
    },
  },
);

describe('keepalived/valid-config with keepalived -t findings', () => {
  const lab = () => {
    const l = loadLab(LAB);
    return { ...l, checks: l.checks.filter((c) => c.id === 'keepalived/valid-config') };
  };
  const report = (files: Record<string, string>, external: never[]) =>
    checkSubmission({
      tree: buildTree({ name: 'x', base: 'empty', files }),
      submission: 'x',
      lab: lab(),
      strict: true,
      catalogue: [check as never],
      external: { 'keepalived/valid-config': external },
    }).checks[0];

  it('a tool error fails the check at its line; tool-ok and tool-note keep a clean answer passing', () => {
    const bad = report(pair(), [
      {
        messageId: 'tool',
        data: { tool: 'keepalived -t', detail: "Unknown keyword 'foo'" },
        loc: { file: B, line: 12, column: 1 },
      },
    ] as never[]);
    expect(bad.status).toBe('fail');
    expect(bad.findings.map((f) => [f.messageId, f.file, f.line])).toEqual([['tool', B, 12]]);
    const ok = report(pair(), [
      { messageId: 'tool-ok', data: { tool: 'keepalived -t' }, severity: 'info' },
      {
        messageId: 'tool-note',
        data: { detail: 'interface eth0 was made for the run' },
        loc: { file: A, line: 9, column: 1 },
        severity: 'info',
      },
    ] as never[]);
    expect(ok.status).toBe('pass');
    expect(ok.findings.map((f) => f.messageId)).toEqual(['tool-ok', 'tool-note']);
  });

  it('a tool error on a line the parser already reported is not repeated', () => {
    const r = report(pair({}, { state: 'SLAVE' }), [
      {
        messageId: 'tool',
        data: { tool: 'keepalived -t', detail: "(VI_1) unknown state 'SLAVE', defaulting to BACKUP" },
        loc: { file: B, line: 8, column: 1 },
        severity: 'error',
      },
    ] as never[]);
    expect(r.findings.map((f) => [f.messageId, f.line])).toEqual([['parse', 8]]);
  });
});
