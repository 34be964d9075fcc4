/**
 * Issue 12, item 9: learner bytes reach outputs escaped. A submission whose file names and lines hold an
 * ESC sequence, a CR, a newline followed by a `::error::` workflow command, and raw HTML, checked for real
 * (checkDir, no real tools), then written in every report format and in grade's feedback, Gradescope JSON
 * and HTML report: no raw control character, no injected workflow command line, no raw HTML tag.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDir } from '../../labs/node/check';
import { formatReport, type FormatName } from '../../labs/core/report/index';
import { codeSpan, fileName, noWorkflowCommands, visible } from '../../labs/core/report/escape';
import { feedbackMd, gradescopeJson, reportHtml } from '../../labs/node/grade/outputs';
import type { GradeRecord } from '../../labs/node/grade/journal';
import { solutionFiles } from '../checks/checkTester';

const work = mkdtempSync(join(tmpdir(), 'wil-hostile-out-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EVIL_NAME = 'notes\n::error file=x::pwned\u001b[2J\r.txt';
const HTML = '<img src=x onerror=alert(1)>';

async function hostileReport() {
  const dir = join(work, 'sub');
  for (const [rel, text] of Object.entries(solutionFiles())) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  writeFileSync(join(dir, 'web-01', EVIL_NAME), 'lorem ipsum dolor sit amet\n');
  // A line with an ESC sequence and raw HTML, that the Nginx parser reports (with a code frame).
  writeFileSync(
    join(dir, 'web-02', 'default'),
    solutionFiles()['web-02/default'].replace(/(server_name[^\n]*\n)/, `$1    ${HTML}\u001b[31m\r;\n`),
  );
  return checkDir(dir, { realTools: false });
}

describe('outputs escape what they did not write', () => {
  it('unit: visible, fileName, codeSpan, noWorkflowCommands', () => {
    expect(visible('a\u001b[31mb\rc\n')).toBe('a\\x1b[31mb\\x0dc\\x0a');
    expect(visible('a\nb', true)).toBe('a\nb');
    expect(visible('\u202eevil')).toBe('\\u202eevil');
    expect(fileName('web-01/default')).toBe('web-01/default');
    expect(fileName('a\nb')).toBe('"a\\x0ab"');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(noWorkflowCommands('ok\n  ::error::x\n::warning::y')).toBe('ok\n  \\x3a:error::x\n\\x3a:warning::y');
  });

  it("every report format, and grade's feedback, Gradescope JSON and HTML report", async () => {
    const r = await hostileReport();
    // The attack reached the report data (so the test can fail): the name and the HTML are in the findings.
    const raw = JSON.stringify(r.checks.flatMap((c) => c.findings));
    expect(raw).toContain('::error file=x::pwned');
    expect(raw).toContain('<img');
    const formats: FormatName[] = ['pretty', 'junit', 'sarif', 'github', 'gradescope'];
    const texts: Record<string, string> = {};
    for (const f of formats)
      texts[f] = formatReport(r, f, {
        color: false,
        sourceText: (file) =>
          file.startsWith('web-02')
            ? solutionFiles()['web-02/default'].replace(/(server_name[^\n]*\n)/, `$1    ${HTML}\u001b[31m\r;\n`)
            : undefined,
      });
    const record: GradeRecord = {
      type: 'record',
      learner: 'mallory',
      status: 'graded' as GradeRecord['status'],
      source: 'folder',
      notes: [],
      report: r,
      features: [],
    };
    texts.feedback = feedbackMd(record, 'distributed-web', r.maxScore);
    texts.gradescopeGrade = gradescopeJson(record, 'distributed-web');
    texts.html = reportHtml([record], 'distributed-web', []);
    for (const [name, t] of Object.entries(texts)) {
      // (JSON formats escape control characters themselves; check the decoded strings too)
      const decoded =
        name === 'gradescope' || name === 'gradescopeGrade' || name === 'sarif' ? JSON.stringify(JSON.parse(t)) : t;
      expect(t, name).not.toMatch(/[\u001b\r]/);
      expect(decoded, name).not.toMatch(/\\u001b|\\r(?![a-z])/);
      // No line but the format's own starts a workflow command.
      const commandLines = t.split('\n').filter((l) => /^\s*::/.test(l));
      if (name === 'github') expect(commandLines.length).toBe(t.trimEnd().split('\n').length);
      else expect(commandLines, name).toEqual([]);
    }
    for (const name of ['gradescope', 'gradescopeGrade', 'feedback', 'html'])
      expect(texts[name], name).not.toContain('<img');
    // GitHub: the injected command is inside one annotation's data, escaped, not a line of its own.
    expect(texts.github.split('\n').filter((l) => l.startsWith('::error file=x'))).toEqual([]);
    expect(texts.pretty).toContain('\\x1b');
  });
});
