import { describe, expect, it } from 'vitest';
import check from '../../../labs/core/checks/haproxy/valid-config';
import { checkSubmission } from '../../../labs/core/engine';
import { loadLab } from '../../../labs/node/specs';
import { buildTree, run, solutionFiles } from '../checkTester';

const F = 'lb-01/haproxy.cfg';
const base = solutionFiles()[F];
run(check, {
  valid: [
    { name: 'the reference solution' },
    { name: 'false positive: a # inside a quoted string is not a comment', files: { [F]: base.replace('    maxconn 2048', '    maxconn 2048\n    description "lab #1"') } },
  ],
  invalid: [
    { name: 'no final newline', files: { [F]: base.replace(/\n$/, '') }, errors: [{ messageId: 'parse', file: F, line: 28, column: 37 }] },
    { name: 'reqadd from an old tutorial', files: { [F]: base.replace('    default_backend web_servers', '    reqadd X-Forwarded-Proto:\\ http\n    default_backend web_servers') }, errors: [{ messageId: 'parse', file: F, line: 20, column: 5 }] },
    { name: 'no HAProxy file', remove: [F], errors: [{ messageId: 'not-found' }] },
  ],
});

describe('haproxy/valid-config with real-tool findings', () => {
  const lab = loadLab('distributed-web');
  const only = { ...lab, checks: lab.checks.filter((c) => c.id === 'haproxy/valid-config') };
  it('merges external findings (tool, tool-ok) mapped to the learner line', () => {
    const r = checkSubmission({
      tree: buildTree({ name: 'x' }),
      submission: 'x',
      lab: only,
      strict: true,
      external: { 'haproxy/valid-config': [{ messageId: 'tool', data: { tool: 'haproxy -c', detail: 'unknown keyword' }, loc: { file: F, line: 20, column: 1 } }] },
    });
    expect(r.checks[0].status).toBe('fail');
    expect(r.checks[0].findings.map((f) => [f.messageId, f.file, f.line])).toEqual([['tool', F, 20]]);
  });
  it('a tool-ok note keeps it passing', () => {
    const r = checkSubmission({ tree: buildTree({ name: 'x' }), submission: 'x', lab: only, strict: true, external: { 'haproxy/valid-config': [{ messageId: 'tool-ok', data: { tool: 'haproxy -c' }, severity: 'info' }] } });
    expect(r.checks[0].status).toBe('pass');
  });
});
