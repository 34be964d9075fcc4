// One folder per tricky case (test/parsers/haproxy/cases/<name>/): `haproxy.cfg` plus
// `expect.json` with the diagnostics the parser must give (code, line, optional column and
// severity; info diagnostics are not listed) and what haproxy 2.6 does with the file
// (`accept`/`reject`, checked against the real tool in real-haproxy.test.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../../labs/core/parsers/haproxy';
import type { CaseExpect } from './shared';
import { caseNames, casesDir } from './shared';

describe('haproxy tricky cases', () => {
  it('has the case folders', () => {
    expect(caseNames.length).toBeGreaterThanOrEqual(20);
  });
  it.each(caseNames)('%s', (name) => {
    const text = readFileSync(path.join(casesDir, name, 'haproxy.cfg'), 'utf8');
    const exp = JSON.parse(readFileSync(path.join(casesDir, name, 'expect.json'), 'utf8')) as CaseExpect;
    const { diagnostics } = parseHaproxy(`${name}/haproxy.cfg`, text);
    const got = diagnostics
      .filter((d) => d.severity !== 'info')
      .map((d) => ({ code: d.code, line: d.span.line, column: d.span.column, severity: d.severity }));
    const want = exp.diagnostics.map((d) => expect.objectContaining(d));
    expect(got).toEqual(want);
    for (const d of diagnostics) expect(d.span.file).toBe(`${name}/haproxy.cfg`);
    // Files haproxy accepts give no error-level diagnostic here, and files it rejects give at least one.
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (exp.haproxy === 'accept') expect(errors).toEqual([]);
    else expect(errors.length + diagnostics.filter((d) => d.severity === 'warning').length).toBeGreaterThan(0);
  });
});
