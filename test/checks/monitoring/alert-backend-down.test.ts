import check from '../../../labs/core/checks/monitoring/alert-backend-down';
import { durationSeconds, readAlertRules } from '../../../labs/core/monitoring/alerts';
import { describe, expect, it } from 'vitest';
import { run } from '../checkTester';
import { LAB, edit } from './lab2';

const A = 'monitor-01/alerts.yml';
const P = 'monitor-01/prometheus.yml';

run(
  check,
  {
    valid: [
      { name: 'BackendServerDown on haproxy_server_status (the reference)', base: 'solution', lab: LAB },
      {
        name: 'false positive: a block-scalar expr on the backend, the file loaded by a glob, other alerts beside it',
        base: 'solution',
        lab: LAB,
        files: {
          ...edit(P, '  - alerts.yml', "  - 'rules/*.yml'"),
          'monitor-01/rules/web.yml': `groups:
  - name: web
    rules:
      - record: job:up:sum
        expr: sum(up) by (job)
      - alert: HostDown
        expr: up == 0
      - alert: WebServerMissing
        expr: |
          haproxy_backend_active_servers{proxy="web_servers"}
            < 2
        for: 1m
`,
        },
        remove: [A],
      },
    ],
    invalid: [
      {
        name: 'no rules file at all',
        base: 'solution',
        lab: LAB,
        remove: [A],
        errors: [{ messageId: 'no-rules' }],
      },
      {
        name: 'rules written, but rule_files does not name them',
        base: 'solution',
        lab: LAB,
        files: edit(P, 'rule_files:\n  - alerts.yml\n', ''),
        errors: [{ messageId: 'not-loaded', file: A, line: 5, column: 7 }],
      },
      {
        name: "only the exporter's own `up` (fires when HAProxy's exporter is unreachable, not when a web server is down)",
        base: 'solution',
        lab: LAB,
        files: edit(A, 'haproxy_server_status{state="UP"} == 0', 'up{job="haproxy"} == 0'),
        errors: [{ messageId: 'no-backend-alert', file: A, line: 6, column: 9 }],
      },
      {
        name: '`for: 15m` (a real answer copied from a host-down alert)',
        base: 'solution',
        lab: LAB,
        files: edit(A, 'for: 30s', 'for: 15m'),
        errors: [{ messageId: 'for-long', file: A, line: 7, column: 9, severity: 'warning' }],
      },
    ],
  },
  {
    exercisedElsewhere: {
      fires: 'test/node/promtool-tool.test.ts (promtool test rules, for real)',
      silent: 'test/node/promtool-tool.test.ts',
      'false-alarm': 'test/node/promtool-tool.test.ts',
      tool: 'test/node/promtool-tool.test.ts',
    },
  },
);

describe('alert rules reader', () => {
  it('reads names, inline and block expressions, for: and durations', () => {
    const text = `groups:
- name: a
  rules:
  - alert: "Quoted"
    expr: 'x == 0'
    for: 1h30m
    labels: { severity: page }
  - alert: Folded
    expr: >-
      a
      > 1
    annotations:
      expr: not-this
`;
    const rules = readAlertRules({ path: 'r.yml', source: { text } } as never);
    expect(rules.map((r) => [r.name, r.expr, r.forSeconds])).toEqual([
      ['Quoted', 'x == 0', 5400],
      ['Folded', 'a > 1', undefined],
    ]);
    expect(durationSeconds('90s')).toBe(90);
    expect(durationSeconds('5 m')).toBeUndefined();
    // bounded: a huge file is read in linear time and gives at most 1,000 rules
    const big = 'groups:\n- name: a\n  rules:\n' + '  - alert: X\n    expr: up == 0\n'.repeat(5000);
    expect(readAlertRules({ path: 'r.yml', source: { text: big } } as never)).toHaveLength(1000);
  });
});
