/**
 * The catalogue-wide meta-test (ESLint's checkRuleFiles): for every check, a unique id, metadata
 * beside the logic, a docs page, a test file with valid, invalid and false-positive cases, and
 * its test file running the check tester (which asserts every messageId is produced by a case).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks, staticChecks } from '../../labs/core/checks/index';
import { docsPath } from '../../labs/core/checks/types';
import { projectRoot } from '../../labs/node/paths';

describe('check catalogue', () => {
  it('ids are unique and well formed', () => {
    const ids = checks.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
  });

  it('has every check issue 3 asks for', () => {
    const ids = new Set(checks.map((c) => c.meta.id));
    for (const id of [
      'haproxy/frontend-port-80',
      'haproxy/backend-roundrobin',
      'haproxy/two-web-servers',
      'haproxy/health-checks',
      'haproxy/active-active',
      'haproxy/timeouts',
      'haproxy/valid-config',
      'nginx/listen-80',
      'nginx/x-served-by',
      'nginx/serves-app',
      'nginx/identical-servers',
      'nginx/valid-config',
      'mysql/primary-server-id',
      'mysql/distinct-server-ids',
      'mysql/primary-binlog',
      'mysql/primary-reachable',
      'mysql/replicated-database',
      'mysql/replica-read-only',
      'mysql/replication-user',
      'mysql/replica-source',
      'design/answers',
    ])
      expect(ids.has(id), id).toBe(true);
  });

  for (const c of staticChecks) {
    const m = c.meta;
    describe(m.id, () => {
      it('metadata: component matches the id, kind static, a hint, a message table, points >= 0', () => {
        expect(m.id.split('/')[0]).toBe(m.component);
        expect(m.kind).toBe('static');
        expect(m.title.length).toBeGreaterThan(5);
        expect(m.hint.length).toBeGreaterThan(10);
        expect(Object.keys(m.messages).length).toBeGreaterThan(0);
        expect(m.points).toBeGreaterThanOrEqual(0);
        expect(typeof c.run).toBe('function');
      });

      it('has a docs page', () => {
        const rel = docsPath(m.id).replace(/^\/docs\//, 'docs/');
        const found = ['.md', '.mdx'].some((ext) => existsSync(join(projectRoot, rel + ext)));
        expect(found, `${rel}.md(x)`).toBe(true);
      });

      const testFile = join(projectRoot, 'test', 'checks', `${m.id}.test.ts`);
      it('has a test file with valid, invalid and false-positive cases', () => {
        expect(existsSync(testFile), testFile).toBe(true);
        const text = readFileSync(testFile, 'utf8');
        expect(text).toMatch(/valid:\s*\[/);
        expect(text).toMatch(/invalid:\s*\[/);
        expect(text).toMatch(/name: ['"`](false positive|the reference)/);
        expect(text).toMatch(/false positive/);
      });

      it('its test file runs the check tester, which asserts that its cases produce every message of the table', () => {
        // (checkTester.run records the messageIds the cases produced and fails the file when one is missing)
        const text = existsSync(testFile) ? readFileSync(testFile, 'utf8') : '';
        expect(text).toMatch(/\brun\(\s*check,\s*\{/);
      });
    });
  }
});
