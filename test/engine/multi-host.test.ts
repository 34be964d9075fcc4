/**
 * Issue #13: "the first host of a role" is gone. A lab with two load balancers (lab 3's keepalived
 * pair) or two replicas has every one of them checked: each run of a check looks at one host
 * (checks/util.ts `eachHost`), and a lab with one host of the role is judged as before.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import type { LabSpec } from '../../labs/core/spec/types';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';
import { ROOT } from '../cli-build';

const SOL = join(ROOT, 'labs/specs/distributed-web/solution');
function solution(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(SOL, rel))) {
      const r = rel ? `${rel}/${e}` : e;
      if (statSync(join(SOL, r)).isDirectory()) walk(r);
      else out[r] = readFileSync(join(SOL, r), 'utf8');
    }
  };
  walk('');
  return out;
}

const base = loadLab('distributed-web');
const lab: LabSpec = {
  ...base,
  hosts: [
    ...base.hosts,
    { name: 'lb-02', role: 'load-balancer', address: '10.0.0.9', optional: false },
    { name: 'db-replica-2', role: 'db-replica', address: '10.0.0.23', optional: false },
  ],
};

function run(files: Record<string, string>, ids: string[]) {
  const r = checkSubmission({ tree: new MemoryTree(files), submission: 'pair', lab, strict: true, only: ids });
  return Object.fromEntries(r.checks.map((c) => [c.id, c]));
}

describe('every host of a role is checked', () => {
  const sol = solution();
  const lb = sol['lb-01/haproxy.cfg'];
  const replica = sol['db-replica/50-server.cnf'];

  it('both load balancers right, both replicas right: the same verdicts as one of each', () => {
    const r = run(
      {
        ...sol,
        'lb-02/haproxy.cfg': lb,
        'db-replica-2/50-server.cnf': replica.replace('server-id    = 2', 'server-id    = 3'),
        'db-replica-2/setup.sql': sol['db-replica/setup.sql'],
      },
      ['haproxy/*', 'mysql/replica-read-only', 'mysql/distinct-server-ids'],
    );
    for (const c of Object.values(r)) expect([c.id, c.status]).toEqual([c.id, 'pass']);
  });

  it("the second load balancer's mistakes are reported at its own file", () => {
    const lb2 = lb.replace(/balance\s+roundrobin/, 'balance leastconn').replace(/bind \*:80/, 'bind *:8080');
    expect(lb2).not.toBe(lb);
    const r = run(
      {
        ...sol,
        'lb-02/haproxy.cfg': lb2,
        'db-replica-2/50-server.cnf': replica,
        'db-replica-2/setup.sql': sol['db-replica/setup.sql'],
      },
      ['haproxy/frontend-port-80', 'haproxy/backend-roundrobin'],
    );
    expect(r['haproxy/frontend-port-80'].status).toBe('fail');
    expect(r['haproxy/frontend-port-80'].findings.map((f) => [f.messageId, f.file])).toEqual([
      ['wrong-port', 'lb-02/haproxy.cfg'],
    ]);
    expect(r['haproxy/backend-roundrobin'].findings.map((f) => [f.messageId, f.file])).toEqual([
      ['wrong-algorithm', 'lb-02/haproxy.cfg'],
    ]);
  });

  it('a load balancer without a configuration is named; so is a second replica that is writable', () => {
    const r = run(
      { ...sol, 'db-replica-2/50-server.cnf': replica.replace('read_only    = ON', 'read_only    = OFF') },
      ['haproxy/frontend-port-80', 'mysql/replica-read-only'],
    );
    expect(r['haproxy/frontend-port-80'].findings.map((f) => [f.messageId, f.data])).toEqual([
      ['not-found', { host: 'lb-02' }],
    ]);
    expect(r['mysql/replica-read-only'].status).toBe('fail');
    expect(
      r['mysql/replica-read-only'].findings.every((f) => f.file === undefined || f.file.startsWith('db-replica-2/')),
    ).toBe(true);
  });
});
