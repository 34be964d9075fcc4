/**
 * When a server does not start, its own error output is the finding, mapped to the learner's file
 * and line; a config without timeouts cannot hang a probe.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTree } from '../../labs/core/vfs';
import { runLive } from '../../labs/node/live';
import { loadLab, loadVariant } from '../../labs/node/specs';
import { SOLUTION, leftovers, skipReason } from './helpers';

const lab = loadLab('distributed-web');
const sol = (p: string): string => readFileSync(join(SOLUTION, p), 'utf8');
const WEB = { tiers: ['web'] as Array<'web' | 'db'>, skipFailover: true };
const solutionWith = (files: Record<string, string>, drop: string[] = []): MemoryTree => {
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
    if (!drop.includes(p)) base[p] = sol(p);
  return new MemoryTree({ ...base, ...files });
};

describe.skipIf(!!skipReason)(`live: servers that do not start ${skipReason}`, () => {
  it(
    'HAProxy refusing `reqadd`: its alert is the finding, at the learner file and line',
    { timeout: 60_000 },
    async () => {
      const v = loadVariant('distributed-web', 'reqadd');
      const line =
        new TextDecoder()
          .decode(v.tree.read('lb-01/haproxy.cfg')!)
          .split('\n')
          .findIndex((l) => l.includes('reqadd')) + 1;
      const r = await runLive({ dir: 'reqadd', tree: v.tree, lab, ...WEB });
      const vs = r.checks.find((c) => c.id === 'live/valid-start')!;
      expect(vs.status).toBe('fail');
      const f = vs.findings.find((x) => x.messageId === 'failed')!;
      expect(f).toMatchObject({ file: 'lb-01/haproxy.cfg', line });
      expect(f.message).toMatch(/reqadd/);
      expect(r.checks.find((c) => c.id === 'live/round-robin')!.status).toBe('skip');
      expect(r.debug.leftovers).toEqual([]);
    },
  );

  it('nginx refusing an unknown directive: mapped to the site file and line', { timeout: 60_000 }, async () => {
    const bad = sol('web-01/default').replace('    index index.html;', '    index index.html;\n    served_by web-01;');
    const line = bad.split('\n').findIndex((l) => l.includes('served_by')) + 1;
    const r = await runLive({ dir: 'x', tree: solutionWith({ 'web-01/default': bad }), lab, ...WEB });
    const vs = r.checks.find((c) => c.id === 'live/valid-start')!;
    const f = vs.findings.find((x) => x.messageId === 'failed')!;
    expect(f).toMatchObject({ file: 'web-01/default', line });
    expect(f.message).toMatch(/unknown directive "served_by"/);
    expect(r.debug.leftovers).toEqual([]);
  });

  it('MariaDB refusing an unknown option: mapped to the option file line', { timeout: 90_000 }, async () => {
    const bad = sol('db-primary/50-server.cnf') + 'binlog_formatt = ROW\n';
    const line = bad.split('\n').findIndex((l) => l.startsWith('binlog_formatt')) + 1;
    const r = await runLive({ dir: 'x', tree: solutionWith({ 'db-primary/50-server.cnf': bad }), lab, tiers: ['db'] });
    const vs = r.checks.find((c) => c.id === 'live/valid-start')!;
    const f = vs.findings.find((x) => x.messageId === 'failed')!;
    expect(f).toMatchObject({ file: 'db-primary/50-server.cnf', line });
    expect(f.message).toMatch(/binlog_formatt/);
    expect(r.checks.find((c) => c.id === 'live/replication')!.status).toBe('skip');
    expect(r.debug.leftovers).toEqual([]);
  });

  it(
    'a load balancer without timeouts in front of a server that never answers cannot hang the probes',
    { timeout: 90_000 },
    async () => {
      // 10.0.0.99 is on the bridge's subnet but nobody has it: connects never complete, and there is no `timeout connect`
      const cfg =
        'global\n    maxconn 100\n\ndefaults\n    mode http\n\nfrontend www\n    bind *:80\n    default_backend web\n\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.99:80\n    server web-02 10.0.0.98:80\n';
      const t0 = Date.now();
      const r = await runLive({ dir: 'x', tree: solutionWith({ 'lb-01/haproxy.cfg': cfg }), lab, tiers: ['web'] });
      // every request of every probe is bounded: about 20 s here, where a hang would be for ever (the bound leaves
      // room for a loaded machine: 30.8 s once while another test suite ran)
      expect(Date.now() - t0).toBeLessThan(60_000);
      const rr = r.checks.find((c) => c.id === 'live/round-robin')!;
      expect(rr.status).toBe('fail');
      expect(rr.findings.map((f) => f.messageId)).toContain('errors');
      expect(r.checks.find((c) => c.id === 'live/app-path')!.status).toBe('fail');
      expect(r.debug.leftovers).toEqual([]);
      expect(leftovers({ owners: [process.pid], inodes: r.debug.netnsInodes, pids: r.debug.pids })).toEqual([]);
    },
  );
});
