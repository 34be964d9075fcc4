import { describe, expect, it } from 'vitest';
import check from '../../../labs/core/checks/haproxy/valid-config';
import { checkSubmission } from '../../../labs/core/engine';
import { loadLab } from '../../../labs/node/specs';
import { buildTree, run, solutionFiles } from '../checkTester';

const F = 'lb-01/haproxy.cfg';
const base = solutionFiles()[F];
run(
  check,
  {
    valid: [
      { name: 'the reference solution', base: 'solution' },
      {
        name: 'false positive: a # inside a quoted string is not a comment',
        base: 'solution',
        files: { [F]: base.replace('    maxconn 2048', '    maxconn 2048\n    description "lab #1"') },
      },
    ],
    invalid: [
      {
        name: 'no final newline',
        base: 'solution',
        files: { [F]: base.replace(/\n$/, '') },
        errors: [{ messageId: 'parse', file: F, line: 28, column: 37 }],
      },
      {
        name: 'reqadd from an old tutorial',
        base: 'solution',
        files: {
          [F]: base.replace(
            '    default_backend web_servers',
            '    reqadd X-Forwarded-Proto:\\ http\n    default_backend web_servers',
          ),
        },
        errors: [{ messageId: 'parse', file: F, line: 20, column: 5 }],
      },
      {
        name: 'a server without an address',
        base: 'solution',
        files: { [F]: base.replace('server web-02 10.0.0.12:80 check', 'server web-02 check') },
        errors: [{ messageId: 'no-address', file: F, line: 28, column: 5 }],
      },
      { name: 'no HAProxy file', base: 'solution', remove: [F], errors: [{ messageId: 'not-found' }] },
    ],
  },
  {
    // real-tool messages come as external findings: the tests below feed them and assert them
    exercisedElsewhere: {
      tool: 'external findings test',
      'tool-ok': 'external findings test',
      'tool-note': 'external findings test',
    },
  },
);

describe('haproxy/valid-config with real-tool findings', () => {
  const lab = loadLab('distributed-web');
  const only = { ...lab, checks: lab.checks.filter((c) => c.id === 'haproxy/valid-config') };
  it('merges external findings (tool, tool-ok) mapped to the learner line', () => {
    const r = checkSubmission({
      tree: buildTree({ name: 'x', base: 'solution' }),
      submission: 'x',
      lab: only,
      strict: true,
      external: {
        'haproxy/valid-config': [
          {
            messageId: 'tool',
            data: { tool: 'haproxy -c', detail: 'unknown keyword' },
            loc: { file: F, line: 20, column: 1 },
          },
        ],
      },
    });
    expect(r.checks[0].status).toBe('fail');
    expect(r.checks[0].findings.map((f) => [f.messageId, f.file, f.line])).toEqual([['tool', F, 20]]);
  });
  it('tool-ok and tool-note (what the sandbox changed) keep it passing', () => {
    const r = checkSubmission({
      tree: buildTree({ name: 'x', base: 'solution' }),
      submission: 'x',
      lab: only,
      strict: true,
      external: {
        'haproxy/valid-config': [
          { messageId: 'tool-ok', data: { tool: 'haproxy -c' }, severity: 'info' },
          {
            messageId: 'tool-note',
            data: { detail: 'web-01 was given 10.0.0.11' },
            loc: { file: F, line: 27, column: 1 },
            severity: 'info',
          },
        ],
      },
    });
    expect(r.checks[0].status).toBe('pass');
    expect(r.checks[0].findings.map((f) => f.messageId)).toEqual(['tool-ok', 'tool-note']);
  });
  it('a tool error on a line the parser already reported is not repeated', () => {
    const r = checkSubmission({
      tree: buildTree({ name: 'x', base: 'solution', files: { [F]: base.replace(/\n$/, '') } }),
      submission: 'x',
      lab: only,
      strict: true,
      external: {
        'haproxy/valid-config': [
          {
            messageId: 'tool',
            data: { tool: 'haproxy -c', detail: 'Missing LF on last line' },
            loc: { file: F, line: 28, column: 1 },
            severity: 'error',
          },
        ],
      },
    });
    expect(r.checks[0].findings.map((f) => [f.messageId, f.line])).toEqual([['parse', 28]]);
  });
});
