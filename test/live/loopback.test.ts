/**
 * The fallback without namespaces: every host on its own 127.x.y.z address, the learner's files
 * rewritten to match, each rewrite reported.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLive } from '../../labs/node/live';
import { loopbackMap, rewriteBinds, rewriteSql } from '../../labs/node/live/loopback';
import { loadLab, loadVariant } from '../../labs/node/specs';
import { SOLUTION, asNobodyTs, input, leftovers, skipReason } from './helpers';

const ROOT = join(__dirname, '..', '..');

describe('loopback rewrites', () => {
  const map = loopbackMap([{ address: '10.0.0.10' }, { address: '10.0.0.21' }, { address: '10.0.0.22' }]);
  const lb = map.addr.get('10.0.0.10')!;
  it('gives each host 127.A.B.<its last octet>', () => {
    expect(lb).toMatch(/^127\.\d+\.\d+\.10$/);
    expect(map.addr.get('10.0.0.22')).toBe(lb.replace(/10$/, '22'));
  });
  it('binds wildcard listens to the host address, never to every interface', () => {
    expect(rewriteBinds('haproxy', 'frontend f\n    bind *:80\n    bind :443 ssl crt /x\n', lb, 'L').text).toBe(
      `frontend f\n    bind ${lb}:80\n    bind ${lb}:443 ssl crt /x\n`,
    );
    expect(
      rewriteBinds('nginx', 'server {\n    listen 80 default_server;\n    listen [::]:80;\n}\n', lb, 'L').text,
    ).toContain(`listen ${lb}:80 default_server;`);
    expect(rewriteBinds('mycnf', '[mysqld]\nbind-address = 0.0.0.0\nserver-id=1\n', lb, 'L').text).toBe(
      `[mysqld]\nbind-address = ${lb}\nserver-id=1\n`,
    );
    // "this host only" stays unreachable from the other hosts
    expect(rewriteBinds('mycnf', '[mysqld]\nbind-address = 127.0.0.1\n', lb, '127.9.9.10').text).toBe(
      '[mysqld]\nbind-address = 127.9.9.10\n',
    );
  });
  it('rewrites SQL account hosts to where loopback clients come from, and addresses elsewhere', () => {
    const r = rewriteSql(
      "CREATE USER 'r'@'10.0.0.22' IDENTIFIED BY 'x';\nGRANT SELECT ON a.* TO 'a'@'10.0.0.%';\nCHANGE MASTER TO MASTER_HOST='10.0.0.21';\n",
      map,
    );
    expect(r.text).toContain("'r'@'127.0.0.1'");
    expect(r.text).toContain("'a'@'127.%'");
    expect(r.text).toContain(`MASTER_HOST='${map.addr.get('10.0.0.21')}'`);
    expect(r.rewrites.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!!skipReason)(`live in loopback mode ${skipReason}`, () => {
  it(
    'runs the reference solution on 127.x.y.z: every probe passes, every rewrite is reported',
    { timeout: 90_000 },
    async () => {
      const r = await runLive({ ...(await input(SOLUTION)), mode: 'loopback' });
      expect(r.live.mode).toBe('loopback');
      expect(
        r.checks
          .filter((c) => c.status !== 'pass')
          .map((c) => `${c.id}: ${c.findings.map((f) => f.message).join('; ')}`),
      ).toEqual([]);
      const what = r.live.changes.map((c) => `${c.host} ${c.file ?? ''} ${c.what}`).join('\n');
      expect(what).toMatch(/web-01 web-01\/default loopback mode rewrote it: .*\$hostname/);
      expect(what).toMatch(/lb-01 lb-01\/haproxy.cfg loopback mode rewrote it: .*10\.0\.0\.11 -> 127\./);
      expect(what).toMatch(/db-replica db-replica\/setup.sql loopback mode rewrote it/);
      // the names the web servers gave came from the rewrite, not from the machine's hostname
      expect(r.checks.find((c) => c.id === 'live/round-robin')!.findings[0].message).toMatch(/web-01, web-02, web-01/);
      expect(r.debug.leftovers).toEqual([]);
      expect(leftovers({ owners: [process.pid], pids: r.debug.pids })).toEqual([]);
    },
  );

  it(
    'a primary bound to 127.0.0.1 stays unreachable for the replica on loopback too',
    { timeout: 90_000 },
    async () => {
      const v = loadVariant('distributed-web', 'primary-bind-loopback');
      const r = await runLive({
        dir: v.dir,
        tree: v.tree,
        lab: loadLab('distributed-web'),
        mode: 'loopback',
        tiers: ['db'],
      });
      expect(r.checks.find((c) => c.id === 'live/replication')!.status).toBe('fail');
      expect(r.checks.find((c) => c.id === 'live/replica-read-only')!.status).toBe('pass');
      expect(r.debug.leftovers).toEqual([]);
    },
  );

  it(
    'without root it falls back to loopback mode and says why it cannot listen on port 80',
    { timeout: 60_000 },
    () => {
      const portStart = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
      const [cmd, ...args] = asNobodyTs(join(ROOT, 'labs', 'node', 'live', 'cli.ts'), SOLUTION, '--tiers', 'web');
      const r = spawnSync(cmd, args, {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 50_000,
      });
      const out = JSON.parse(r.stdout) as {
        live: { mode: string };
        checks: Array<{ id: string; status: string; findings: string[] }>;
      };
      expect(out.live.mode).toBe('loopback');
      expect(leftovers({ owners: [r.pid!] })).toEqual([]);
      if (portStart > 80) {
        const vs = out.checks.find((c) => c.id === 'live/valid-start')!;
        expect(vs.status).toBe('error');
        expect(vs.findings.join(' ')).toMatch(/ip_unprivileged_port_start is \d+/);
      }
      expect(leftovers()).toEqual([]);
    },
  );
});
