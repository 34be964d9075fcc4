/**
 * The parser against MariaDB's own option-file reader: `my_print_defaults --mariadbd` prints the
 * options mariadbd would read (its groups, in order, quotes and escapes applied). CI installs
 * mariadb-client, so there the tool must exist; elsewhere the test skips with a reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMyCnf, serverGroups } from '../../../labs/core/parsers/mycnf';
import { MemoryTree } from '../../../labs/core/vfs';
import { CASES } from './cases';

const tool = spawnSync('my_print_defaults', ['--help'], { encoding: 'utf8' });
const haveTool = !tool.error;
const inCI = process.env.CI === 'true';
const base = mkdtempSync(join(tmpdir(), 'wil-mycnf-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

// Codes for which MariaDB refuses the file; any of them must be present exactly when it does.
const FATAL = new Set([
  'mycnf/option-outside-group',
  'mycnf/bad-group-header',
  'mycnf/include-missing-path',
  'mycnf/includedir-not-found',
]);

describe.skipIf(!haveTool && !inCI)('my.cnf conformance with my_print_defaults (MariaDB)', () => {
  it('the tool is installed (CI installs mariadb-client)', () => {
    expect(haveTool, 'my_print_defaults is missing: install mariadb-client').toBe(true);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const dir = join(base, c.name);
      for (const [p, t] of Object.entries(c.files)) {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), t);
      }
      const r = spawnSync('my_print_defaults', ['--defaults-file=my.cnf', '--mariadbd'], {
        cwd: dir,
        encoding: 'utf8',
      });
      const ours = parseMyCnf(new MemoryTree(c.files), 'my.cnf');
      const fatal = ours.diagnostics.filter((d) => FATAL.has(d.code));
      if (r.status !== 0) {
        expect(c.fatal, `my_print_defaults refused it: ${r.stderr}`).toBe(true);
        expect(fatal.length).toBeGreaterThan(0);
        return;
      }
      expect(c.fatal ?? false).toBe(false);
      expect(fatal).toEqual([]);
      const groups = new Set(serverGroups('10.11'));
      const printed = ours.ast.options
        .filter((o) => groups.has(o.group))
        .map((o) => `--${o.rawName}${o.value === undefined ? '' : `=${o.value}`}\n`)
        .join('');
      expect(printed).toBe(r.stdout);
    });
  }
});
