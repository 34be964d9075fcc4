/**
 * Issue 12, items 3 and 11, in live mode (real servers in network namespaces, as root): a learner's
 * configuration cannot make a server write outside its sandbox as root, nor keep root.
 * - Nginx `user root;` + a *relative* `pid` climbing out of the prefix (the pre-start scanner reads only
 *   absolute paths, so only the user switch stops it);
 * - MariaDB `user = root` in [mysqld] + a relative `general_log_file` climbing out of the datadir;
 * - `daemon on;` in nginx.conf no longer fails as a "duplicate" blamed on the learner.
 * The canary folder is /var/tmp/<random> (root's, 0755: a root server could write there, no other user can;
 * /tmp would be the host's private /tmp).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryTree } from '../../labs/core/vfs';
import { runLive } from '../../labs/node/live';
import { loadLab } from '../../labs/node/specs';
import { SOLUTION, skipReason } from './helpers';

const lab = loadLab('distributed-web');
const sol = (p: string): string => readFileSync(join(SOLUTION, p), 'utf8');
const solutionWith = (files: Record<string, string>): MemoryTree => {
  const base: Record<string, string> = {};
  for (const p of [
    'lb-01/haproxy.cfg',
    'web-01/default',
    'web-02/default',
    'app-01/app.service',
    'db-primary/50-server.cnf',
    'db-primary/setup.sql',
    'db-replica/50-server.cnf',
    'db-replica/setup.sql',
    'inventory.yaml',
  ])
    base[p] = sol(p);
  return new MemoryTree({ ...base, ...files });
};
const canary = skipReason ? '' : mkdtempSync('/var/tmp/wil-canary-');
afterAll(() => {
  if (canary) rmSync(canary, { recursive: true, force: true });
});
/** nginx.conf around the learner's site (what a learner who writes a whole nginx.conf sends). */
const nginxConf = (head: string, site = sol('web-01/default')) =>
  `# /etc/nginx/nginx.conf\n${head}\nevents {}\nhttp {\n    include /etc/nginx/mime.types;\n    access_log off;\n${site.replace(/^#.*\n/gm, '')}}\n`;

describe.skipIf(!!skipReason)(`live: hostile configurations ${skipReason}`, () => {
  it(
    'item 4: the pre-start scan reads statements: an include split over two lines and a relative pid out of the prefix are refused before anything starts',
    { timeout: 90_000 },
    async () => {
      const site = sol('web-01/default').replace(/(server_name[^\n]*\n)/, '$1    include\n        /etc/shadow;\n');
      const tree = solutionWith({
        'web-01/default': site,
        'web-02/nginx.conf': nginxConf(`pid ../../..${canary}/nginx.pid;`),
      });
      const r = await runLive({ dir: 'x', tree, lab, tiers: ['web'], skipFailover: true });
      const vs = r.checks.find((c) => c.id === 'live/valid-start')!;
      const refused = vs.findings.filter((f) => f.messageId === 'refused').map((f) => [f.file, f.line]);
      expect(refused).toEqual(
        expect.arrayContaining([
          ['web-01/default', site.split('\n').findIndex((l) => l.includes('/etc/shadow')) + 1],
          ['web-02/nginx.conf', 2],
        ]),
      );
      expect(vs.findings.some((f) => f.messageId === 'started')).toBe(false);
      expect(readdirSync(canary)).toEqual([]);
      expect(r.debug.leftovers).toEqual([]);
    },
  );

  it(
    'item 3: nginx `user root;` + an access_log whose path has a variable (the scan cannot judge it): nothing written outside, nginx runs as www-data',
    { timeout: 90_000 },
    async () => {
      const site = sol('web-01/default').replace(/(server_name[^\n]*\n)/, `$1    access_log ${canary}/$status.log;\n`);
      const tree = solutionWith({
        'web-01/nginx.conf': nginxConf('user root;', site).replace('    access_log off;\n', ''),
      });
      const r = await runLive({ dir: 'x', tree, lab, tiers: ['web'], skipFailover: true });
      const vs = r.checks.find((c) => c.id === 'live/valid-start')!;
      expect(vs.status, vs.findings.map((f) => f.message).join('; ')).toBe('pass');
      // the probes did reach web-01 (round-robin), so the access log was tried
      expect(r.checks.find((c) => c.id === 'live/round-robin')!.status).toBe('pass');
      expect(readdirSync(canary)).toEqual([]);
      expect(r.live.changes.map((c) => c.what).join('\n')).toMatch(/master and workers as www-data/);
      expect(r.live.changes.some((c) => /`user` has no effect/.test(c.what))).toBe(true);
      expect(r.debug.leftovers).toEqual([]);
    },
  );

  it(
    "`daemon on;` in nginx.conf starts (the harness's own daemon off is not blamed on the learner), and the change is listed",
    { timeout: 90_000 },
    async () => {
      const tree = solutionWith({ 'web-01/nginx.conf': nginxConf('daemon on;') });
      const r = await runLive({ dir: 'x', tree, lab, tiers: ['web'], skipFailover: true });
      const vs = r.checks.find((c) => c.id === 'live/valid-start')!;
      expect(vs.findings.map((f) => f.message).join('\n')).not.toMatch(/duplicate/);
      expect(vs.status, vs.findings.map((f) => f.message).join('; ')).toBe('pass');
      expect(r.live.changes.some((c) => c.file === 'web-01/nginx.conf' && /`daemon` removed/.test(c.what))).toBe(true);
      expect(r.debug.leftovers).toEqual([]);
    },
  );

  it(
    'MariaDB: SET GLOBAL general_log_file built with CONCAT and run through PREPARE (the SQL scan cannot see it): nothing written outside',
    { timeout: 120_000 },
    async () => {
      const sql = `${sol('db-primary/setup.sql')}\nSET @q = CONCAT('SET GLOBAL general', '_log_file = ', QUOTE('${canary}/prepared.log'));\nPREPARE s FROM @q;\nEXECUTE s;\nSET GLOBAL general_log = 1;\n`;
      const r = await runLive({ dir: 'x', tree: solutionWith({ 'db-primary/setup.sql': sql }), lab, tiers: ['db'] });
      // the statement did run: the server (as mysql) refused a file it may not create
      const vs0 = r.checks.find((c) => c.id === 'live/valid-start')!;
      expect(vs0.findings.map((f) => f.message).join('; ')).toMatch(
        /general_log_file' can't be set to the value of '\/var\/tmp\/wil-canary-/,
      );
      expect(readdirSync(canary)).toEqual([]);
      expect(r.debug.leftovers).toEqual([]);
    },
  );

  it(
    'MariaDB `user = root` + relative general_log_file out of the datadir: nothing written outside',
    { timeout: 120_000 },
    async () => {
      const cnf = `${sol('db-primary/50-server.cnf')}user = root\ngeneral_log = 1\ngeneral_log_file = ../../..${canary}/general.log\n`;
      const r = await runLive({
        dir: 'x',
        tree: solutionWith({ 'db-primary/50-server.cnf': cnf }),
        lab,
        tiers: ['db'],
      });
      expect(existsSync(join(canary, 'general.log'))).toBe(false);
      expect(readdirSync(canary)).toEqual([]);
      expect(r.live.changes.map((c) => c.what).join('\n')).toMatch(/as the user mysql/);
      // the server did start with that configuration (general_log on): the log could not go outside
      expect(r.checks.find((c) => c.id === 'live/valid-start')!.status).toBe('pass');
      expect(r.debug.leftovers).toEqual([]);
    },
  );
});
