import { describe, expect, it } from 'vitest';
import check from '../../../labs/core/checks/nginx/valid-config';
import { checkSubmission } from '../../../labs/core/engine';
import { loadLab } from '../../../labs/node/specs';
import { buildTree, run, solutionFiles } from '../checkTester';

const W1 = 'web-01/default';
const W2 = 'web-02/default';
const base = solutionFiles()[W1];
run(
  check,
  {
    valid: [
      { name: 'the reference solution (site files, read in the http context)', base: 'solution' },
      {
        name: 'a whole nginx.conf',
        base: 'solution',
        files: { [W1]: `events {}\nhttp {\n${base.replace(/^#.*\n/, '')}}\n` },
      },
      {
        name: 'false positive: a quoted brace and semicolon in an argument',
        base: 'solution',
        files: { [W1]: base.replace('    index index.html;', '    index index.html;\n    return 200 "{;}";') },
      },
      {
        name: 'an include resolved inside the host folder',
        base: 'solution',
        files: {
          [W1]: base.replace('    root /var/www/html;', '    include snippets/root.conf;'),
          'web-01/snippets/root.conf': 'root /var/www/html;\n',
        },
      },
    ],
    invalid: [
      {
        name: 'unknown directive (typo)',
        base: 'solution',
        files: { [W1]: base.replace('proxy_pass http', 'proxy_passs http') },
        errors: [{ messageId: 'parse', file: W1, line: 18, column: 9 }],
      },
      {
        name: 'missing semicolon before a closing brace',
        base: 'solution',
        files: { [W2]: base.replace('=404;', '=404') },
        errors: [{ messageId: 'parse', file: W2, line: 13, column: 9 }],
      },
      {
        name: 'directive in the wrong context',
        base: 'solution',
        files: { [W2]: base.replace('    server_name _;', '    server_name _;\n    worker_connections 10;') },
        errors: [{ messageId: 'parse', file: W2, line: 5, column: 5 }],
      },
      { name: 'no config on web-02', base: 'solution', remove: [W2], errors: [{ messageId: 'not-found' }] },
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

describe('nginx/valid-config with real-tool findings', () => {
  const lab = loadLab('distributed-web');
  const only = { ...lab, checks: lab.checks.filter((c) => c.id === 'nginx/valid-config') };
  const go = (ext: Parameters<typeof checkSubmission>[0]['external']) =>
    checkSubmission({
      tree: buildTree({ name: 'x', base: 'solution' }),
      submission: 'x',
      lab: only,
      strict: true,
      external: ext,
    }).checks[0];
  it('an nginx -t error mapped to the learner line fails the check', () => {
    const r = go({
      'nginx/valid-config': [
        {
          messageId: 'tool',
          data: { tool: 'nginx -t', detail: 'unknown directive' },
          loc: { file: W1, line: 18, column: 1 },
        },
      ],
    });
    expect([r.status, r.findings[0].file, r.findings[0].line]).toEqual(['fail', W1, 18]);
  });
  it('tool-ok and tool-note (what the sandbox changed) keep it passing', () => {
    const r = go({
      'nginx/valid-config': [
        { messageId: 'tool-ok', data: { tool: 'nginx -t', host: 'web-01' }, severity: 'info' },
        { messageId: 'tool-note', data: { detail: 'listen 80 ran as 127.0.0.1:40001' }, severity: 'info' },
      ],
    });
    expect(r.status).toBe('pass');
    expect(r.findings.map((f) => f.messageId)).toEqual(['tool-ok', 'tool-note']);
  });
});
