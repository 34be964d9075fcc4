import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FileKind, sniff } from '../../labs/core/parsers/sniff';
import { shared } from '../shared';

const root = join(__dirname, '../..');
const corpus = shared('conformance');
const conformance = corpus.path;
const solution = join(root, 'labs/specs/distributed-web/solution');

/** [name given to sniff, content, expected kind]. Names are deliberately misleading in places. */
const SAMPLES: Array<[string, string, FileKind]> = [
  [
    'haproxy.cfg',
    'global\n    log /dev/log local0\n    daemon\n\ndefaults\n    mode http\n    timeout connect 5s\n\nfrontend www\n    bind *:80\n    default_backend web\n\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n',
    'haproxy',
  ],
  [
    'answer.txt',
    'frontend http_front\n   bind *:80\n   stats uri /haproxy?stats\n   default_backend http_back\nbackend http_back\n   balance roundrobin\n   server 1234-web-01 35.196.1.1:80 check\n',
    'haproxy',
  ],
  [
    'lb.txt',
    'frontend www\nbind *:80\ndefault_backend web\nbackend web\nbalance roundrobin\nserver web-01 10.0.0.11:80 check\n',
    'haproxy',
  ],
  ['mysqld_safe.cnf', '[mysqld_safe]\nsocket = /var/run/mysqld/mysqld.sock\nnice = 0\n', 'mycnf'],
  ['fw.sh', 'sudo apt-get install -y ufw\nsudo ufw allow 22\nsudo ufw allow 80\nsudo ufw enable\n', 'firewall'],
  ['listen.cfg', 'listen web\n\tbind :80\n\tmode http\n\tbalance roundrobin\n\tserver a 10.0.0.11:80\n', 'haproxy'],
  [
    'default',
    'server {\n    listen 80 default_server;\n    root /var/www/html;\n    index index.html;\n    server_name _;\n    location / {\n        try_files $uri $uri/ =404;\n    }\n}\n',
    'nginx',
  ],
  [
    'haproxy.cfg',
    'upstream backend {\n    server 10.0.0.11:80;\n    server 10.0.0.12:80;\n}\nserver {\n    listen 80;\n    location / { proxy_pass http://backend; }\n}\n',
    'nginx',
  ],
  [
    'nginx.conf',
    'user www-data;\nworker_processes auto;\nevents {\n\tworker_connections 768;\n}\nhttp {\n\tsendfile on;\n\tinclude /etc/nginx/sites-enabled/*;\n}\n',
    'nginx',
  ],
  ['my.cnf', '[mysqld]\nserver-id = 1\nlog_bin = /var/log/mysql/mysql-bin.log\nbinlog_do_db = app\n', 'mycnf'],
  [
    '50-server.conf',
    '#\n# These groups are read by MariaDB server.\n[server]\n\n[mysqld]\nuser = mysql\npid-file = /run/mysqld/mysqld.pid\nbasedir = /usr\ndatadir = /var/lib/mysql\nbind-address = 127.0.0.1\n\n[embedded]\n\n[mariadb]\n\n[mariadb-10.11]\n',
    'mycnf',
  ],
  ['client.ini', '[client]\nport = 3306\nsocket = /run/mysqld/mysqld.sock\n!includedir /etc/mysql/conf.d/\n', 'mycnf'],
  [
    'setup.sql',
    "CREATE USER 'replicator'@'%' IDENTIFIED BY 'pw';\nGRANT REPLICATION SLAVE ON *.* TO 'replicator'@'%';\nFLUSH PRIVILEGES;\n",
    'sql',
  ],
  [
    'replica.txt',
    "CHANGE MASTER TO\n  MASTER_HOST='10.0.0.21',\n  MASTER_USER='replicator',\n  MASTER_PASSWORD='pw',\n  MASTER_LOG_FILE='mysql-bin.000001',\n  MASTER_LOG_POS=154;\nSTART SLAVE;\n",
    'sql',
  ],
  [
    'mysql8.sql',
    "-- replica\nCHANGE REPLICATION SOURCE TO SOURCE_HOST='db1', SOURCE_AUTO_POSITION=1;\nSTART REPLICA;\nSHOW REPLICA STATUS\\G\n",
    'sql',
  ],
  ['lock.sql', 'FLUSH TABLES WITH READ LOCK;\nSHOW MASTER STATUS;\nUNLOCK TABLES;\n', 'sql'],
  [
    'install.sh',
    '#!/usr/bin/env bash\nset -euo pipefail\napt-get update\napt-get install -y nginx\nsystemctl restart nginx\n',
    'shell',
  ],
  [
    '0-setup',
    'sudo apt-get -y update\nsudo apt-get -y install haproxy\necho "ENABLED=1" | sudo tee -a /etc/default/haproxy\nsudo service haproxy restart\n',
    'shell',
  ],
  [
    'haproxy.cfg',
    "#!/bin/bash\n# install and configure HAProxy\nsudo apt-get install -y haproxy\nsudo tee /etc/haproxy/haproxy.cfg > /dev/null <<'EOF'\nglobal\n    daemon\ndefaults\n    mode http\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\nEOF\nsudo systemctl restart haproxy\n",
    'shell',
  ],
  [
    'nginx.conf',
    'cat > /etc/nginx/sites-available/default <<EOF\nserver {\n    listen 80;\n    add_header X-Served-By \\$hostname;\n    location / { root /var/www/html; }\n}\nEOF\nnginx -t && service nginx reload\n',
    'shell',
  ],
  [
    'script',
    'sudo sed -i "s/# server_tokens off;/server_tokens off;/" /etc/nginx/nginx.conf\nsudo sed -i "/listen 80 default_server;/a add_header X-Served-By $HOSTNAME;" /etc/nginx/sites-available/default\nsudo service nginx restart\n',
    'shell',
  ],
  [
    'setup.sql',
    "#!/bin/bash\nmysql -u root <<EOF\nCREATE USER 'r'@'%' IDENTIFIED BY 'p';\nGRANT REPLICATION SLAVE ON *.* TO 'r'@'%';\nEOF\n",
    'shell',
  ],
  ['db.sh', 'mysql -uroot -e "CREATE DATABASE app;"\nmysql -uroot -e "GRANT ALL ON app.* TO \'a\'@\'%\';"\n', 'shell'],
  [
    'web.sh',
    'echo "server { listen 80; root /var/www/html; }" | sudo tee /etc/nginx/sites-available/default\nsudo nginx -t\n',
    'shell',
  ],
  [
    'firewall',
    'sudo ufw default deny incoming\nsudo ufw default allow outgoing\nsudo ufw allow 22/tcp\nsudo ufw allow 443/tcp\nsudo ufw allow 80/tcp\nsudo ufw enable\n',
    'firewall',
  ],
  [
    'rules.sh',
    '#!/bin/sh\niptables -P INPUT DROP\niptables -A INPUT -p tcp --dport 22 -j ACCEPT\niptables -A INPUT -p tcp --dport 80 -j ACCEPT\n',
    'firewall',
  ],
  [
    'rules.v4',
    '*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n',
    'firewall',
  ],
  [
    'nftables.conf',
    '#!/usr/sbin/nft -f\nflush ruleset\ntable inet filter {\n  chain input {\n    type filter hook input priority 0;\n    tcp dport { 22, 80, 443 } accept\n  }\n}\n',
    'firewall',
  ],
  ['answers.yaml', 'spof:\n  - load-balancer\nalgorithm: round-robin\nsetup: active-active\n', 'answers'],
  ['inventory.yaml', 'hosts:\n  web-01: 10.0.0.11\n  web-02: 10.0.0.12\n', 'inventory'],
  ['hosts', 'lb-01: 10.0.0.10\nweb-01: 10.0.0.11\nweb-02: 10.0.0.12\n', 'inventory'],
  [
    'app.conf',
    '[Unit]\nDescription=App\nAfter=network.target\n\n[Service]\nExecStart=/usr/bin/node /opt/app/server.js\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n',
    'systemd',
  ],
  ['my.cnf', '[Service]\nEnvironment=PORT=5000\nExecStart=/usr/bin/gunicorn app:app\n', 'systemd'],
  ['notes.txt', 'Hello, this is my answer.\nI think the SPOF is the load balancer.\n', 'unknown'],
  // a shell shebang decides, whatever config the script holds in a string
  [
    '1-install_load_balancer',
    '#!/usr/bin/env bash\nsudo apt-get install -y haproxy\nCONFIG="\\\nglobal\n    log /dev/log local0\n    daemon\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n"\necho "$CONFIG" | sudo tee /etc/haproxy/haproxy.cfg\n',
    'shell',
  ],
  [
    'lb',
    '#!/bin/bash\nprintf "global\n    log /dev/log local0\n    daemon\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n" > /etc/haproxy/haproxy.cfg\n',
    'shell',
  ],
  [
    'lb.cfg',
    '#!/bin/sh\nglobal\n    log /dev/log local0\n    daemon\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n',
    'shell',
  ],
  [
    'lb2',
    '#!/usr/bin/env sh\nglobal\n    log /dev/log local0\n    daemon\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n',
    'shell',
  ],
  [
    'lb3',
    '#! /bin/dash\nglobal\n    log /dev/log local0\n    daemon\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n',
    'shell',
  ],
  [
    'lb4',
    '#!/usr/bin/zsh\nglobal\n    log /dev/log local0\n    daemon\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n',
    'shell',
  ],
  [
    'site',
    '#!/usr/bin/env -S bash -e\nserver {\n    listen 80 default_server;\n    root /var/www/html;\n    index index.html;\n    add_header X-Served-By $hostname;\n    location / {\n        try_files $uri $uri/ =404;\n    }\n}\n',
    'shell',
  ],
  [
    'site.conf',
    "#!/usr/bin/env bash\necho 'server {\n    listen 80 default_server;\n    root /var/www/html;\n    index index.html;\n    add_header X-Served-By $hostname;\n    location / {\n        try_files $uri $uri/ =404;\n    }\n}\n' | sudo tee /etc/nginx/sites-available/default\n",
    'shell',
  ],
  // no shebang: the lines of a multi-line quoted string are not evidence for the config they hold
  [
    '2-setup',
    'sudo apt-get -y install nginx\nsudo apt-get -y install haproxy\nCONFIG="global\n    log /dev/log local0\n    daemon\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n"\necho "$CONFIG" | sudo tee /etc/haproxy/haproxy.cfg\n',
    'shell',
  ],
  [
    '3-setup',
    "sudo apt-get -y install nginx\necho 'server {\n    listen 80 default_server;\n    root /var/www/html;\n    index index.html;\n    add_header X-Served-By $hostname;\n    location / {\n        try_files $uri $uri/ =404;\n    }\n}\n' | sudo tee /etc/nginx/sites-available/default\nsudo service nginx restart\n",
    'shell',
  ],
  [
    '4-setup',
    `sudo apt-get -y install haproxy\nsudo bash -c "cat > /etc/haproxy/haproxy.cfg <<EOF\n${'global\n    daemon\ndefaults\n    mode http\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n'}EOF"\nsudo service haproxy restart\n`,
    'shell',
  ],
  [
    '5-setup',
    `sudo su -c 'echo "${'server {\n    listen 80;\n    add_header X-Served-By $hostname;\n    location / {\n        root /var/www/html;\n    }\n}\n'}" > /etc/nginx/sites-available/default'\n`,
    'shell',
  ],
  // not a shell shebang: no decision
  [
    'lb.py.cfg',
    '#!/usr/bin/python3\nglobal\n    log /dev/log local0\n    daemon\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n',
    'haproxy',
  ],
  [
    'site.conf',
    '#!/usr/bin/perl\nserver {\n    listen 80 default_server;\n    root /var/www/html;\n    index index.html;\n    add_header X-Served-By $hostname;\n    location / {\n        try_files $uri $uri/ =404;\n    }\n}\n',
    'nginx',
  ],
  // a quote in a config comment or directive does not hide the rest of the config
  [
    'default',
    "# don't touch\nserver {\n    listen 80 default_server;\n    root /var/www/html;\n    index index.html;\n    add_header X-Served-By $hostname;\n    location / {\n        try_files $uri $uri/ =404;\n    }\n}\n",
    'nginx',
  ],
  [
    'haproxy.cfg',
    'global\n    log /dev/log local0\n    daemon\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n    http-request set-header X-Who "it\'s\n',
    'haproxy',
  ],
  ['generic.ini', '[section]\nkey=value\n', 'unknown'],
  ['empty', '', 'unknown'],
  ['blank.cfg', '\n\n   \n', 'unknown'],
];

describe('sniff: samples', () => {
  for (const [name, text, kind] of SAMPLES) {
    it(`${name} -> ${kind}`, () => {
      const r = sniff(name, text);
      expect(r.kind, r.reason).toBe(kind);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      expect(r.reason.length).toBeGreaterThan(0);
    });
  }

  it('the name alone never decides: a misleading name loses to the content', () => {
    const cfg = SAMPLES[0][1];
    for (const name of ['my.cnf', 'setup.sql', 'nginx.conf', 'install.sh', 'app.service'])
      expect(sniff(name, cfg).kind).toBe('haproxy');
  });

  it('the name breaks a near-tie only', () => {
    // One ambiguous line: `server x;` ends like Nginx but has no other evidence.
    expect(sniff('x', 'port = 3306\n').kind).toBe('unknown');
    expect(sniff('my.cnf', '[mysqld]\n').kind).toBe('mycnf');
  });

  it('confidence is high for clear files and lower for mixed ones', () => {
    const clear = sniff('x', SAMPLES[0][1]);
    const mixed = sniff(
      'x',
      'server {\n  listen 80;\n}\nbackend web\n    server a 10.0.0.1:80 check\n    balance roundrobin\n',
    );
    expect(clear.confidence).toBeGreaterThan(0.8);
    expect(mixed.confidence).toBeLessThan(clear.confidence);
  });

  it('binary files and BOMs', () => {
    expect(sniff('x', 'ELF\0\0\u0001').kind).toBe('unknown');
    expect(sniff('x', '\uFEFF[mysqld]\nserver-id=1\n').kind).toBe('mycnf');
  });

  it('CRLF files', () => {
    expect(sniff('x', SAMPLES[0][1].replace(/\n/g, '\r\n')).kind).toBe('haproxy');
    const site = SAMPLES.find(([n]) => n === 'default')![1];
    expect(sniff('x', site.replace(/\n/g, '\r\n')).kind).toBe('nginx');
  });
});

describe.skipIf(!!corpus.missing)(`sniff: real files${corpus.missing ? ` (skipped: ${corpus.missing})` : ''}`, () => {
  it('every HAProxy conformance file is haproxy', () => {
    const dir = join(conformance, 'haproxy');
    const wrong = readdirSync(dir)
      .map((f) => [f, sniff('x', readFileSync(join(dir, f), 'latin1'))] as const)
      .filter(([, r]) => r.kind !== 'haproxy')
      .map(([f, r]) => `${f}: ${r.kind} (${r.reason})`);
    expect(wrong).toEqual([]);
  });

  it('Nginx conformance files with at least three directives are nginx', () => {
    const dir = join(conformance, 'nginx');
    const wrong: string[] = [];
    let seen = 0;
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else {
          const text = readFileSync(p, 'latin1');
          if (text.split('\n').filter((l) => /[;{}]\s*$/.test(l)).length < 3) continue;
          seen++;
          const r = sniff('x', text);
          if (r.kind !== 'nginx') wrong.push(`${p}: ${r.kind} (${r.reason})`);
        }
      }
    };
    walk(dir);
    expect(seen).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });

  it('the lab solution files', () => {
    const expected: Record<string, FileKind> = {
      'inventory.yaml': 'inventory',
      'answers.yaml': 'answers',
      'web-01/default': 'nginx',
      'web-02/default': 'nginx',
      'lb-01/haproxy.cfg': 'haproxy',
      'app-01/app.service': 'systemd',
      'db-primary/50-server.cnf': 'mycnf',
      'db-replica/50-server.cnf': 'mycnf',
      'db-primary/setup.sql': 'sql',
      'db-replica/setup.sql': 'sql',
    };
    for (const [f, kind] of Object.entries(expected)) {
      // Content only: the name is replaced by a neutral one.
      expect(sniff('file', readFileSync(join(solution, f), 'utf8')).kind, f).toBe(kind);
    }
  });
});

describe('sniff: properties', () => {
  it('any string: never throws, confidence in 0..1', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), fc.string({ maxLength: 20 }), (text, name) => {
        const r = sniff(name, text);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
        expect(typeof r.reason).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});
