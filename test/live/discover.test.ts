import { describe, expect, it } from 'vitest';
import { MemoryTree } from '../../labs/core/vfs';
import { healthParams, planFromModel, sqlAccounts } from '../../labs/node/live/discover';
import { runLive } from '../../labs/node/live';
import { buildModel } from '../../labs/core/model/build';
import type { LabSpec } from '../../labs/core/spec/types';
import { loadLab } from '../../labs/node/specs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOLUTION } from './helpers';

const lab = loadLab('distributed-web');
const sol = (p: string): string => readFileSync(join(SOLUTION, p), 'utf8');
/** The live plan as runLive makes it: from the model the static checks read. */
const discover = (tree: MemoryTree, spec: LabSpec = lab) => planFromModel(buildModel(tree, spec), tree);

describe('the live plan, from the model', () => {
  it('places the reference solution files where their hosts read them', () => {
    const tree = new MemoryTree({
      'lb-01/haproxy.cfg': sol('lb-01/haproxy.cfg'),
      'web-01/default': sol('web-01/default'),
      'db-primary/50-server.cnf': sol('db-primary/50-server.cnf'),
      'db-primary/setup.sql': sol('db-primary/setup.sql'),
      'app-01/app.service': sol('app-01/app.service'),
    });
    const plan = discover(tree);
    const by = (n: string) => plan.hosts.find((h) => h.name === n)!;
    expect(by('lb-01').files.map((f) => f.target)).toEqual(['/etc/haproxy/haproxy.cfg']);
    expect(by('web-01').files.map((f) => f.target)).toEqual(['/etc/nginx/sites-available/default']);
    expect(by('db-primary').files.map((f) => f.target)).toEqual(['/etc/mysql/mariadb.conf.d/50-server.cnf']);
    expect(by('db-primary').sql).toHaveLength(1);
    expect(by('app-01').unit?.env).toEqual({ HOST: '10.0.0.13', PORT: '5000' });
    expect(plan.refusals).toEqual([]);
  });

  it('reads files by content, whatever the name (the model sniffs them)', () => {
    const plan = discover(
      new MemoryTree({
        'lb-01/conf':
          'frontend www\n    bind *:80\n    default_backend web\nbackend web\n    server web-01 10.0.0.11:80 check\n',
        'web-01/site': 'server {\n listen 80;\n}\n',
        'db-primary/my': '[mysqld]\nserver-id=1\n',
        'db-replica/repl': "CHANGE MASTER TO MASTER_HOST='10.0.0.21';\n",
      }),
    );
    const by = (n: string) => plan.hosts.find((h) => h.name === n)!;
    expect(by('lb-01').files.map((f) => [f.kind, f.target])).toEqual([['haproxy', '/etc/haproxy/haproxy.cfg']]);
    expect(by('web-01').files.map((f) => [f.kind, f.target])).toEqual([['nginx', '/etc/nginx/sites-enabled/site']]);
    expect(by('db-primary').files.map((f) => [f.kind, f.target])).toEqual([
      ['mycnf', '/etc/mysql/mariadb.conf.d/my.cnf'],
    ]);
    expect(by('db-replica').sql.map((s) => s.source)).toEqual(['db-replica/repl']);
  });

  it('roles come from the spec, never from host names', () => {
    const renamed: LabSpec = {
      ...lab,
      hosts: lab.hosts.map((h) =>
        h.name === 'web-02' ? { ...h, name: 'replica-web' } : h.name === 'lb-01' ? { ...h, name: 'db-front' } : h,
      ),
    };
    const plan = discover(new MemoryTree({}), renamed);
    expect(plan.hosts.map((h) => [h.name, h.role])).toEqual([
      ['db-front', 'lb'],
      ['web-01', 'web'],
      ['replica-web', 'web'],
      ['app-01', 'app'],
      ['db-primary', 'db-primary'],
      ['db-replica', 'db-replica'],
    ]);
    const other: LabSpec = {
      ...lab,
      roles: { ...lab.roles, monitor: { kinds: ['shell'] } },
      hosts: [...lab.hosts, { name: 'mon-01', role: 'monitor', address: '10.0.0.30', optional: true }],
    };
    expect(discover(new MemoryTree({}), other).hosts.find((h) => h.name === 'mon-01')?.role).toBe('other');
  });

  it('learner files run as written (terminal artefacts included); script outputs at their target; a package stock config is not placed', () => {
    const pasted = `ubuntu@lb-01:~$ cat /etc/haproxy/haproxy.cfg\n${sol('lb-01/haproxy.cfg')}`;
    const plan = discover(
      new MemoryTree({
        'lb-01/haproxy.cfg': pasted,
        'web-01/setup.sh':
          "#!/bin/bash\napt-get install -y nginx\ncat > /etc/nginx/conf.d/extra.conf <<'EOF'\nserver_tokens off;\nEOF\n",
        'web-02/setup.sh': '#!/bin/bash\napt-get install -y nginx\nsystemctl restart nginx\n',
        'web-02/notes.bin': 'just some words\n',
      }),
    );
    const by = (n: string) => plan.hosts.find((h) => h.name === n)!;
    expect(by('lb-01').files.map((f) => f.text)).toEqual([pasted]);
    expect(by('web-01').files.map((f) => [f.source, f.target, f.text])).toEqual([
      ['web-01/setup.sh', '/etc/nginx/conf.d/extra.conf', 'server_tokens off;\n'],
    ]);
    expect(by('web-01').files[0].origin?.[0]).toMatchObject({ file: 'web-01/setup.sh', line: 4 });
    expect(by('web-02').files).toEqual([]);
    expect(plan.notes).toEqual([
      { host: 'web-02', file: 'web-02/notes.bin', what: 'not recognised as a configuration this host uses: not used' },
    ]);
  });

  it.each([
    ['web-01/default', 'server {\n    listen 80;\n    include /etc/shadow;\n}\n', 'web-01/default', 3, '/etc/shadow'],
    [
      'web-01/default',
      'server {\n    listen 80;\n    ssl_certificate_key /root/key.pem;\n}\n',
      'web-01/default',
      3,
      '/root/key.pem',
    ],
    [
      'db-primary/50-server.cnf',
      '[mysqld]\nserver-id = 1\n!includedir /root\n',
      'db-primary/50-server.cnf',
      3,
      '/root',
    ],
    [
      'db-primary/50-server.cnf',
      '[mysqld]\nlog_bin = /home/me/bin.log\n',
      'db-primary/50-server.cnf',
      2,
      '/home/me/bin.log',
    ],
    [
      'lb-01/haproxy.cfg',
      'frontend www\n    bind *:443 ssl crt /root/site.pem\n',
      'lb-01/haproxy.cfg',
      2,
      '/root/site.pem',
    ],
    ['lb-01/haproxy.cfg', 'global\n    lua-load /tmp/x.lua\n', 'lb-01/haproxy.cfg', 2, 'lua-load'],
    ['db-primary/setup.sql', "SELECT LOAD_FILE('/etc/shadow');\n", 'db-primary/setup.sql', 1, 'LOAD_FILE('],
    [
      'web-01/default',
      'server {\n    listen 80;\n    error_log /etc/ssl/oops.log;\n}\n',
      'web-01/default',
      3,
      '/etc/ssl/oops.log',
    ],
    [
      'lb-01/haproxy.cfg',
      'global\n    stats socket /var/lib/haproxy/admin.sock\n',
      'lb-01/haproxy.cfg',
      2,
      '/var/lib/haproxy/admin.sock',
    ],
    ['db-primary/setup.sql', 'CREATE DATABASE a;\n\\! rm -rf /\n', 'db-primary/setup.sql', 2, '\\!'],
  ])('refuses %s referencing %s outside the stock paths', (path, text, file, line, what) => {
    const plan = discover(new MemoryTree({ [path]: text }));
    expect(plan.refusals.length).toBeGreaterThan(0);
    expect(plan.refusals[0]).toMatchObject({ file, line });
    expect(plan.refusals[0].path).toContain(what);
  });

  it('does not refuse stock paths and relative includes (false positives)', () => {
    const plan = discover(
      new MemoryTree({
        'web-01/nginx.conf':
          'user www-data;\npid /run/nginx.pid;\nevents {}\nhttp {\n include mime.types;\n include /etc/nginx/sites-enabled/*;\n access_log /var/log/nginx/access.log;\n server { listen 80; location /api/ { proxy_pass http://10.0.0.13:5000; } root /srv/site; }\n}\n',
        'lb-01/haproxy.cfg':
          'global\n    chroot /var/lib/haproxy\n    stats socket /run/haproxy/admin.sock mode 660\n    log /dev/log local0\nbackend b\n    option httpchk GET /\n    http-request redirect location /x\n',
        'db-primary/my.cnf':
          '[mysqld]\nlog_bin = /var/log/mysql/mysql-bin.log\ndatadir = /var/lib/mysql\n!includedir /etc/mysql/conf.d/\n',
      }),
    );
    expect(plan.refusals).toEqual([]);
  });

  it('issue 12: code loading and relative escapes are refused by the pre-start scan; the stock plugin folder and relative stock paths are not', () => {
    const plan = discover(
      new MemoryTree({
        'web-01/nginx.conf':
          'events {}\nhttp {\n include\n   /etc/shadow;\n access_log logs/../../../../root/x.log;\n server { listen 80; }\n}\n',
        'lb-01/haproxy.cfg':
          'global\n    ssl-provider-path /home/x/providers\n    pidfile ../root/h.pid\nbackend b\n    acl a src -f etc/shadow\n',
        'db-primary/my.cnf': '[mysqld]\nplugin_dir = /var/tmp/plugins\nplugin_load_add = /var/tmp/evil.so\n',
        'db-replica/my.cnf': '[mysqld]\nplugin_dir = /usr/lib/mysql/plugin/\nplugin_load_add = auth_ed25519\n',
      }),
    );
    expect(plan.refusals.map((r) => `${r.file}:${r.line} ${r.path}`).sort()).toEqual([
      'db-primary/my.cnf:2 /var/tmp/plugins',
      'db-primary/my.cnf:3 /var/tmp/evil.so',
      'lb-01/haproxy.cfg:2 /home/x/providers',
      'lb-01/haproxy.cfg:3 ../root/h.pid',
      'lb-01/haproxy.cfg:5 etc/shadow',
      'web-01/nginx.conf:4 /etc/shadow',
      'web-01/nginx.conf:5 logs/../../../../root/x.log',
    ]);
  });

  it('reads fall x inter from the learner config, else HAProxy defaults', () => {
    const cfg = sol('lb-01/haproxy.cfg');
    expect(healthParams(cfg, { name: 'web-02', address: '10.0.0.12' })).toMatchObject({
      inter: 1000,
      fall: 2,
      rise: 2,
    });
    expect(
      healthParams('backend b\n    server web-02 10.0.0.12:80 check\n', { name: 'web-02', address: '10.0.0.12' }),
    ).toMatchObject({ inter: 2000, fall: 3, rise: 2 });
    expect(
      healthParams('defaults\n    default-server inter 500ms\nbackend b\n    server w2 10.0.0.12:80 check fall 1\n', {
        name: 'web-02',
        address: '10.0.0.12',
      }),
    ).toMatchObject({ inter: 500, fall: 1 });
  });

  it('finds the application user and the replication user in the SQL', () => {
    const acc = sqlAccounts(sol('db-primary/setup.sql'));
    expect(acc.find((a) => a.replication)).toMatchObject({
      user: 'replicator',
      host: '10.0.0.22',
      password: 'replica-password',
    });
    expect(acc.find((a) => !a.replication)).toMatchObject({ user: 'app', host: '10.0.0.13', password: 'app-password' });
  });

  it('a refused configuration starts nothing: live/valid-start fails with the reason and the line', async () => {
    const tree = new MemoryTree({
      'lb-01/haproxy.cfg': sol('lb-01/haproxy.cfg'),
      'web-01/default': 'server {\n    listen 80;\n    include /etc/shadow;\n}\n',
    });
    const r = await runLive({ dir: '.', tree, lab });
    const vs = r.checks.find((c) => c.id === 'live/valid-start')!;
    expect(vs.status).toBe('fail');
    expect(vs.findings[0]).toMatchObject({ messageId: 'refused', file: 'web-01/default', line: 3 });
    expect(r.debug.pids).toEqual([]);
    expect(r.checks.filter((c) => c.id !== 'live/valid-start').every((c) => c.status === 'skip')).toBe(true);
  });
});
