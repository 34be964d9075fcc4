/**
 * Issue 12, item 5: every regular expression over learner text that this project touched is linear.
 * Before: `/^\s*(http|events)\s*\{/m` on a server block + 1,000,000 blank lines ran for over 10 minutes
 * (40,000 lines: 1.2 s), and the same shape in live mode (`user|uid`, `bind-address`). Each regex now
 * runs on 1 MB of blank lines (and other worst cases) in about 10 ms. The bounds below are what a quadratic
 * shape can never meet on these inputs (minutes), with room for a loaded CI machine (speed itself is
 * measured by `npm run bench`, not here): 2 s per regex, 3 s for sniff and rewriteBinds, 10 s for the live
 * plan of three such files, 8 s for buildModel on one and 20 s on the three.
 * No root, no tools: runs everywhere.
 */
import { describe, expect, it } from 'vitest';
import { planFromModel } from '../../labs/node/live/discover';
import { sniff } from '../../labs/core/parsers/sniff';
import { rewriteBinds } from '../../labs/node/live/loopback';
import { mysqlForMariadb, sqlForMariadb } from '../../labs/node/live/mysql-dialect';
import {
  BIND_ADDRESS_LINE,
  HAPROXY_PRIV_LINES,
  HAPROXY_USER_LINE,
  HTTP_BLOCK_LINE,
} from '../../labs/node/live/servers';
import { MemoryTree } from '../../labs/core/vfs';
import { buildModel } from '../../labs/core/model/build';
import { loadLab } from '../../labs/node/specs';
import { ufwState } from '../../labs/core/firewall/ufw';
import type { HostModel } from '../../labs/core/model/types';

const MB = 1_000_000;
const blank = '\n'.repeat(MB);
const inputs: Record<string, string> = {
  'server block + 1 MB of blank lines': `server {\n${blank}`,
  '1 MB of blank lines then a keyword without its brace': `${blank}http`,
  '1 MB of space-newline pairs': ' \n'.repeat(MB / 2),
  'keyword at every line start, nothing after': 'listen [::]\n'.repeat(MB / 12),
  'user at every line start, then blanks': `user${' \n'.repeat(MB / 2)}`,
  'IDENTIFIED WITH, then 1 MB of blanks': `IDENTIFIED WITH${' \n'.repeat(MB / 2)}`,
  'a comma and a clause name, again and again': ', SOURCE_AUTO_POSITION '.repeat(MB / 24),
};

function ms(fn: () => unknown): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

describe('linear regular expressions over learner text', () => {
  for (const [name, text] of Object.entries(inputs)) {
    it(`live-mode line patterns: ${name}`, () => {
      for (const re of [HAPROXY_USER_LINE, BIND_ADDRESS_LINE, HTTP_BLOCK_LINE])
        expect(
          ms(() => re.test(text)),
          String(re),
        ).toBeLessThan(2000);
      expect(ms(() => text.replace(HAPROXY_PRIV_LINES, '$1# $2$3'))).toBeLessThan(2000);
    });
    it(`MySQL 8 for MariaDB (option files and SQL): ${name}`, () => {
      expect(ms(() => sqlForMariadb(text))).toBeLessThan(2000);
      expect(ms(() => mysqlForMariadb('/etc/mysql/mysql.conf.d/mysqld.cnf', text))).toBeLessThan(2000);
    });
    it(`sniff and rewriteBinds: ${name}`, () => {
      expect(ms(() => sniff('web-01/default', text))).toBeLessThan(2000);
      for (const kind of ['nginx', 'haproxy', 'mycnf'] as const)
        expect(
          ms(() => rewriteBinds(kind, text, '10.0.0.11', '127.0.0.2')),
          kind,
        ).toBeLessThan(3000);
    });
  }

  it(
    'the live plan (the model sniffs, target paths, the pre-start scan) on 1 MB of blank lines after a server block',
    { timeout: 60_000 },
    () => {
      const tree = new MemoryTree({
        'web-01/default': inputs['server block + 1 MB of blank lines'],
        'lb-01/haproxy.cfg': `global\n${blank}user root\n`,
        'db-primary/my.cnf': `[mysqld]\n${blank}bind-address = 1.2.3.4\n`,
      });
      let model: ReturnType<typeof buildModel> | undefined;
      expect(ms(() => (model = buildModel(tree, loadLab('distributed-web'))))).toBeLessThan(20_000);
      let plan: ReturnType<typeof planFromModel> | undefined;
      const t = ms(() => (plan = planFromModel(model!, tree)));
      // the three hostile files are planned (so the target paths and the scan ran over them)
      expect(plan!.hosts.flatMap((h) => h.files.map((f) => `${h.name} ${f.kind} ${f.target}`)).sort()).toEqual([
        'db-primary mycnf /etc/mysql/my.cnf',
        'lb-01 haproxy /etc/haproxy/haproxy.cfg',
        'web-01 nginx /etc/nginx/sites-enabled/default',
      ]);
      expect(t).toBeLessThan(10_000); // 3 files of 1,000,000 lines each, line by line: ~0.9 s on a loaded 2-core machine
    },
  );

  it("buildModel's nginx entry detection (parseNginxEntry) on a server block + 1 MB of blank lines", () => {
    const lab = loadLab('distributed-web');
    const tree = new MemoryTree({ 'web-01/default': inputs['server block + 1 MB of blank lines'] });
    expect(ms(() => buildModel(tree, lab))).toBeLessThan(8000);
  });

  // found by the fuzz bench (15,000 lines took the ufw model 0.56 s): `^\s*` with the m flag, and `(^|\n)\s*`
  it('the ufw model (its file detection, ufw.conf, /etc/default/ufw, before.rules tables) on 1 MB of blank lines', () => {
    for (const [name, text] of Object.entries(inputs))
      for (const path of ['firewall.sh', 'ufw.conf', 'ufw', 'before.rules']) {
        const host = {
          name: 'web-01',
          files: [{ path: `web-01/${path}`, kind: 'firewall', source: { text } }],
          scripts: [],
        } as unknown as HostModel;
        expect(
          ms(() => ufwState(host)),
          `${path}: ${name}`,
        ).toBeLessThan(4000); // ~10-40 ms each here; quadratic was minutes for 1 MB (0.56 s for 15,000 lines)
      }
  });

  it("a systemd unit's Environment= lines (the app's address and port) after 1 MB of blank lines", () => {
    const lab = loadLab('distributed-web');
    const tree = new MemoryTree({ 'app-01/app.service': `[Service]\n${blank}Environmen` });
    expect(ms(() => buildModel(tree, lab))).toBeLessThan(8000);
  });
});
