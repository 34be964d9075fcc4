/**
 * Issue 12, item 6: adversarial inputs under the 10 MB limit end in a precise diagnostic, in bounded
 * time and memory, and their result serialises (before: RangeError "Invalid string length" after 19 s and
 * 1.7 GB for 1,000,000 `;` lines as HAProxy; 88 s and 4.3 GB for 10 MB of `;` as Nginx; a V8 heap abort for
 * 5,000,000 lines `a` as HAProxy; 3.9 s, 1.6 GB and a 447 MB JSON for 3,000,000 `a;` as SQL).
 * The inputs are generated here. Time bounds are loose (a loaded 2-core machine); each was minutes before.
 */
import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../labs/core/parsers/haproxy';
import { MAX_PHYSICAL_LINES } from '../../labs/core/parsers/haproxy/parser';
import { MAX_CONFIG_LINES } from '../../labs/core/parsers/haproxy/lexer';
import { parseNginxText } from '../../labs/core/parsers/nginx';
import { MAX_STATEMENTS } from '../../labs/core/parsers/nginx/parser';
import { parseSql } from '../../labs/core/parsers/sql';
import type { Diagnostic } from '../../labs/core/source';

function run<T extends { diagnostics: Diagnostic[] }>(fn: () => T): { r: T; cpuMs: number; json: number } {
  const c0 = process.cpuUsage();
  const r = fn();
  const c = process.cpuUsage(c0);
  return { r, cpuMs: (c.user + c.system) / 1000, json: JSON.stringify(r).length };
}

describe('parser budgets', () => {
  it('HAProxy: 1,000,000 lines of `;` stop at the line budget, 200 findings of a kind + a count', () => {
    const { r, cpuMs, json } = run(() => parseHaproxy('lb.cfg', ';\n'.repeat(1_000_000)));
    const stop = r.diagnostics.find((d) => d.code === 'haproxy/too-many-lines')!;
    expect(stop.severity).toBe('error');
    expect(stop.span.line).toBe(MAX_CONFIG_LINES + 1);
    expect(stop.message).toMatch(/parsing stopped here: more than 20,000 lines/);
    expect(
      r.diagnostics.filter((d) => d.code === 'haproxy/unknown-keyword' || /unknown keyword/.test(d.message)).length,
    ).toBeLessThanOrEqual(200);
    expect(r.diagnostics.find((d) => d.code === 'haproxy/too-many-findings')?.message).toMatch(/^19,800 more findings/);
    expect(r.ast.lineCount).toBe(1_000_000);
    expect(r.diagnostics.length).toBeLessThan(300);
    expect(json).toBeLessThan(50_000_000);
    expect(cpuMs).toBeLessThan(5000);
  });

  it('HAProxy: 5,000,000 lines `a` (10 MB) end with the same diagnostic, no heap abort', () => {
    const { r, cpuMs } = run(() => parseHaproxy('lb.cfg', 'a\n'.repeat(5_000_000)));
    expect(r.diagnostics.map((d) => d.code)).toContain('haproxy/too-many-lines');
    expect(r.ast.lineCount).toBe(5_000_000);
    expect(cpuMs).toBeLessThan(8000);
  });

  it('HAProxy: past 1,000,000 physical lines (blank ones included) nothing is read', () => {
    const { r, cpuMs } = run(() => parseHaproxy('lb.cfg', `global\n${'\n'.repeat(1_200_000)}    maxconn 10\n`));
    expect(r.diagnostics.map((d) => [d.code, d.span.line])).toEqual([
      ['haproxy/too-many-lines', MAX_PHYSICAL_LINES + 1],
    ]);
    expect(r.ast.lineCount).toBe(1_200_002);
    expect(cpuMs).toBeLessThan(3000);
  });

  it('HAProxy: a file within the budget is read whole (no stop)', () => {
    const { r } = run(() => parseHaproxy('lb.cfg', 'global\n' + '    maxconn 10\n'.repeat(MAX_CONFIG_LINES - 1)));
    expect(r.diagnostics.map((d) => d.code)).not.toContain('haproxy/too-many-lines');
  });

  it('Nginx: 10 MB of `;` stops at the statement budget with nginx/too-many-statements', () => {
    const { r, cpuMs, json } = run(() => parseNginxText('web.conf', ';'.repeat(10_000_000)));
    const stop = r.diagnostics.find((d) => d.code === 'nginx/too-many-statements')!;
    expect(stop.message).toMatch(/more than 50,000 statements/);
    expect(stop.span.column).toBe(2 * MAX_STATEMENTS + 1); // each statement is a `;` name and its `;`
    expect(r.diagnostics.length).toBeLessThan(300);
    expect(json).toBeLessThan(100_000_000);
    expect(cpuMs).toBeLessThan(5000);
  });

  it('Nginx: 3,000,000 statements `a;` stop the same way', () => {
    const { r } = run(() => parseNginxText('web.conf', 'a;\n'.repeat(3_000_000)));
    expect(r.diagnostics.find((d) => d.code === 'nginx/too-many-statements')?.span.line).toBe(MAX_STATEMENTS + 1);
  });

  it('SQL: 3,000,000 statements `a;` stop at sql/too-many-statements; the JSON stays small', () => {
    const { r, cpuMs, json } = run(() => parseSql('db.sql', 'a;\n'.repeat(3_000_000)));
    const stop = r.diagnostics.find((d) => d.code === 'sql/too-many-statements')!;
    expect(stop.span.line).toBe(50_001);
    expect(r.ast.statements.length).toBe(50_000);
    expect(json).toBeLessThan(20_000_000);
    expect(cpuMs).toBeLessThan(5000);
  });
});
