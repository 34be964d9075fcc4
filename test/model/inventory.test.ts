/**
 * The inventory is the learner's (model/inventory.ts): inventory.yaml when present, else inferred from
 * the submission; the lab's sandbox addresses are never taken for the learner's.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../labs/core/model/build';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';
import { fullYaml } from '../checks/checkTester';

const lab = loadLab('distributed-web');
const model = (files: Record<string, string>) => buildModel(new MemoryTree(files), lab, [], { yaml: fullYaml });
const entry = (files: Record<string, string>, host: string) => model(files).inventory.entries[host];

const HAPROXY = `defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend www
    bind *:80
    default_backend web
backend web
    balance roundrobin
    server 1234-web-02 203.0.113.46:80 check
    server 1234-web-01 203.0.113.45:80 check
`;

describe('inventory inference', () => {
  it("takes HAProxy server names to place the learner's addresses (not the order)", () => {
    const files = { 'lb-01/haproxy.cfg': HAPROXY };
    expect(entry(files, 'web-01')).toMatchObject({ address: '203.0.113.45', origin: 'inferred' });
    expect(entry(files, 'web-02')).toMatchObject({ address: '203.0.113.46', origin: 'inferred' });
    expect(entry(files, 'web-01').from).toContain('lb-01/haproxy.cfg:12');
  });

  it('places servers with other names in order', () => {
    const files = { 'lb-01/haproxy.cfg': HAPROXY.replace('1234-web-02', 'alpha').replace('1234-web-01', 'beta') };
    expect(entry(files, 'web-01').address).toBe('203.0.113.46');
    expect(entry(files, 'web-02').address).toBe('203.0.113.45');
  });

  it("prefers the host's own listen address to what HAProxy says, and does not hand a server named after web-01 to web-02", () => {
    const files = {
      'lb-01/haproxy.cfg': HAPROXY.replace('1234-web-01', 'web-01'),
      'web-01/default': 'server {\n    listen 198.51.100.7:80;\n}\n',
    };
    expect(entry(files, 'web-01')).toMatchObject({ address: '198.51.100.7', origin: 'inferred' });
    expect(entry(files, 'web-02').address).toBe('203.0.113.46');
  });

  it("reads the primary from its bind-address, else from the replica's MASTER_HOST", () => {
    const cnf = (id: number, bind?: string) =>
      `[mysqld]\nserver-id = ${id}\nlog_bin = /var/log/mysql/mysql-bin.log\n${bind ? `bind-address = ${bind}\n` : ''}`;
    expect(entry({ 'db-primary/mysqld.cnf': cnf(1, '172.31.5.9') }, 'db-primary')).toMatchObject({
      address: '172.31.5.9',
      origin: 'inferred',
    });
    expect(entry({ 'db-primary/mysqld.cnf': cnf(1, '0.0.0.0') }, 'db-primary').origin).toBe('default');
    const sql =
      "CHANGE MASTER TO MASTER_HOST='54.1.2.3', MASTER_USER='replica_user', MASTER_PASSWORD='x', MASTER_USE_GTID=slave_pos;\nSTART SLAVE;\n";
    expect(entry({ 'db-primary/mysqld.cnf': cnf(1), 'db-replica/setup.sql': sql }, 'db-primary')).toMatchObject({
      address: '54.1.2.3',
      origin: 'inferred',
    });
  });

  it('takes the application server from proxy_pass, never from a loopback or an upstream name', () => {
    const site = (target: string) =>
      `server {\n    listen 80;\n    location /api/ { proxy_pass http://${target}:5000; }\n}\n`;
    expect(entry({ 'web-01/default': site('172.16.4.4') }, 'app-01')).toMatchObject({
      address: '172.16.4.4',
      origin: 'inferred',
    });
    expect(entry({ 'web-01/default': site('127.0.0.1') }, 'app-01').origin).toBe('default');
    expect(
      entry({ 'web-01/default': `upstream app { server 172.16.4.4:5000; }\n${site('app')}` }, 'app-01').origin,
    ).toBe('default');
  });

  it('inventory.yaml wins, and hosts nothing names keep the sandbox address marked as default', () => {
    const files = {
      'lb-01/haproxy.cfg': HAPROXY,
      'inventory.yaml': 'lab: distributed-web\nhosts:\n  web-01: 192.168.1.11\n',
    };
    const m = model(files);
    expect(m.inventory.entries['web-01']).toMatchObject({
      address: '192.168.1.11',
      origin: 'inventory',
      from: 'inventory.yaml',
    });
    expect(m.hosts['web-01'].address).toBe('192.168.1.11');
    // 203.0.113.45 is web-01's by name, but the declared inventory says otherwise: not given to web-02
    expect(m.inventory.entries['web-02']).toMatchObject({ address: '203.0.113.46', origin: 'inferred' });
    expect(m.inventory.entries['db-replica']).toMatchObject({ address: '10.0.0.22', origin: 'default' });
    expect(m.hosts['db-replica'].addressOrigin).toBe('default');
  });
});

describe('an inventory.yaml that cannot count is said, never ignored', () => {
  const problems = (text: string) =>
    model({ 'inventory.yaml': text })
      .diagnostics.filter((d) => d.code.startsWith('inventory/'))
      .map((d) => `${d.code} ${d.span.line}`);
  it('invalid YAML, no hosts mapping, an unknown host, an entry without an address', () => {
    expect(problems('hosts: [web-01\n')).toEqual([expect.stringMatching(/^inventory\/invalid /)]);
    expect(problems('lab: distributed-web\n')).toEqual(['inventory/no-hosts 1']);
    expect(problems('hosts:\n  web-1: 10.1.1.1\n  web-02:\n')).toEqual([
      'inventory/unknown-host 2',
      'inventory/no-address 3',
    ]);
  });
  it('a valid one says nothing', () => {
    expect(problems('lab: distributed-web\nhosts:\n  web-01: 10.1.1.1\n')).toEqual([]);
  });
});
