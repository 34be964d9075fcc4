/**
 * Answers written for MySQL 8 (Ubuntu's and Oracle's packages) run on the MariaDB 10.11 of live mode
 * (labs/node/live/discover.ts, mysqlForMariadb): a file MySQL reads from /etc/mysql/mysql.conf.d/ is placed
 * where MariaDB reads it, and MySQL-only options run under MariaDB's name or as `loose-` options. Before, the
 * shipped `mysqlx-bind-address` of a full mysqld.cnf stopped mariadbd ("unknown variable"), and a script's
 * mysqld.cnf was never read, while the static checks passed both; and MySQL 8's SQL for a replication user and
 * its replica (`IDENTIFIED WITH mysql_native_password BY`, `CHANGE REPLICATION SOURCE TO ... SOURCE_AUTO_POSITION`)
 * was a syntax error on MariaDB.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { OTHER_STOCK } from '../../labs/core/parsers/shell/stock/other';
import { MemoryTree } from '../../labs/core/vfs';
import { runLive } from '../../labs/node/live';
import { mysqlForMariadb, sqlForMariadb } from '../../labs/node/live/mysql-dialect';
import { loadLab } from '../../labs/node/specs';
import { SOLUTION, leftovers, skipReason } from './helpers';

const CNF = '/etc/mysql/mysql.conf.d/mysqld.cnf';
const UBUNTU = OTHER_STOCK[CNF]!.text;

describe('mysqlForMariadb: a MySQL option file for the MariaDB of live mode', () => {
  it('places mysql.conf.d files in mariadb.conf.d; other paths stay', () => {
    expect(mysqlForMariadb(CNF, '[mysqld]\n').target).toBe('/etc/mysql/mariadb.conf.d/mysqld.cnf');
    expect(mysqlForMariadb('/etc/mysql/conf.d/x.cnf', '[mysqld]\n').target).toBe('/etc/mysql/conf.d/x.cnf');
    expect(mysqlForMariadb('/etc/mysql/mariadb.conf.d/50-server.cnf', '').notes).toEqual([]);
  });

  it('renames what MariaDB names differently, makes the rest loose, keeps every line where it was', () => {
    const text =
      '[mysqld]\nmysqlx-bind-address\t= 127.0.0.1\n  gtid_mode = ON\nenforce-gtid-consistency\nsuper_read_only = 1\nlog_replica_updates\nloose-mysqlx_port = 1\nserver-id = 2 # mysqlx_port\n';
    const r = mysqlForMariadb('/etc/mysql/my.cnf', text);
    expect(r.text.split('\n')).toEqual([
      '[mysqld]',
      'loose-mysqlx-bind-address\t= 127.0.0.1',
      '  loose-gtid_mode = ON',
      'loose-enforce-gtid-consistency',
      'read_only = 1',
      'log_slave_updates',
      'loose-mysqlx_port = 1',
      'server-id = 2 # mysqlx_port',
      '',
    ]);
    expect(r.notes.join('\n')).toMatch(/`super_read_only` as `read_only`.*\n.*`mysqlx-bind-address`, `gtid_mode`/);
  });

  it('leaves what MariaDB knows, and names it does not know that MySQL does not either (a typo)', () => {
    const text = '[mysqld]\nbinlog_formatt = ROW\nsymbolic-links = 0\nbinlog_expire_logs_seconds = 3600\n';
    expect(mysqlForMariadb('/etc/mysql/my.cnf', text)).toEqual({ target: '/etc/mysql/my.cnf', text, notes: [] });
  });
});

describe('sqlForMariadb: MySQL 8 SQL for the MariaDB of live mode', () => {
  it("rewrites what MariaDB refuses into MariaDB's statement, line for line", () => {
    const sql = [
      "CREATE USER 'replica_user'@'%' IDENTIFIED WITH mysql_native_password BY 'pw';",
      "ALTER USER 'u'@'%' IDENTIFIED WITH 'caching_sha2_password' BY 'x';",
      'CHANGE REPLICATION SOURCE TO',
      "  SOURCE_HOST='10.0.0.21', SOURCE_USER='replica_user', SOURCE_PASSWORD='pw',",
      '  SOURCE_AUTO_POSITION = 1,',
      '  GET_SOURCE_PUBLIC_KEY=1;',
      'SET GLOBAL super_read_only = ON;',
      'SHOW BINARY LOG STATUS;',
      "CHANGE MASTER TO MASTER_HOST='h', MASTER_LOG_FILE='mysql-bin.000001', MASTER_LOG_POS=157, MASTER_AUTO_POSITION=0;",
      '',
    ].join('\n');
    const r = sqlForMariadb(sql);
    expect(r.text.split('\n')).toEqual([
      "CREATE USER 'replica_user'@'%' IDENTIFIED BY 'pw';",
      "ALTER USER 'u'@'%' IDENTIFIED BY 'x';",
      'CHANGE MASTER TO',
      "  MASTER_HOST='10.0.0.21', MASTER_USER='replica_user', MASTER_PASSWORD='pw',",
      '  MASTER_USE_GTID = slave_pos',
      ';',
      'SET GLOBAL read_only = ON;',
      'SHOW MASTER STATUS;',
      "CHANGE MASTER TO MASTER_HOST='h', MASTER_LOG_FILE='mysql-bin.000001', MASTER_LOG_POS=157;",
      '',
    ]);
    expect(r.rewrites).toHaveLength(8);
  });

  it('never touches strings or comments, and leaves MariaDB SQL as it is', () => {
    const sql =
      "-- CHANGE REPLICATION SOURCE TO is MySQL's\nINSERT INTO t VALUES ('SOURCE_HOST = x', \"super_read_only\");\n/* SHOW BINARY LOG STATUS */\n";
    expect(sqlForMariadb(sql)).toEqual({ text: sql, rewrites: [] });
    const maria = readFileSync(join(SOLUTION, 'db-replica/setup.sql'), 'utf8');
    expect(sqlForMariadb(maria)).toEqual({ text: maria, rewrites: [] });
  });
});

const lab = loadLab('distributed-web');
const sol = (p: string): string => readFileSync(join(SOLUTION, p), 'utf8');

/** The primary: Ubuntu's whole mysqld.cnf, edited as learners do (mysqlx-bind-address left as shipped). */
const primaryCnf = UBUNTU.replace('bind-address\t\t= 127.0.0.1', 'bind-address\t\t= 0.0.0.0')
  .replace('# server-id\t\t= 1', 'server-id\t\t= 1')
  .replace('# log_bin', 'log_bin')
  .replace('max_binlog_size   = 100M', 'max_binlog_size   = 100M\nbinlog_format = ROW');
/** The replica: a script that edits the shipped file in place, with MySQL 8's names. */
const replicaScript = `#!/bin/bash
sudo apt-get install -y mysql-server
sudo sed -i 's/127.0.0.1/0.0.0.0/' ${CNF}
sudo sed -i 's/^# server-id.*/server-id = 2/' ${CNF}
echo 'relay_log = /var/log/mysql/mysql-relay-bin.log' | sudo tee -a ${CNF}
echo 'super_read_only = ON' | sudo tee -a ${CNF}
echo 'log_replica_updates = ON' | sudo tee -a ${CNF}
sudo systemctl restart mysql
`;

const answer = (): Record<string, string> => ({
  'lb-01/haproxy.cfg': sol('lb-01/haproxy.cfg'),
  'web-01/default': sol('web-01/default'),
  'web-02/default': sol('web-02/default'),
  'app-01/app.service': sol('app-01/app.service'),
  'db-primary/mysqld.cnf': primaryCnf,
  'db-primary/setup.sql': sol('db-primary/setup.sql').replace(
    "IDENTIFIED BY 'replica-password'",
    "IDENTIFIED WITH mysql_native_password BY 'replica-password'",
  ),
  'db-replica/setup_replica.sh': replicaScript,
  'db-replica/setup.sql': `-- MySQL 8.0.23 and later
CHANGE REPLICATION SOURCE TO
  SOURCE_HOST = '10.0.0.21',
  SOURCE_USER = 'replicator',
  SOURCE_PASSWORD = 'replica-password',
  SOURCE_AUTO_POSITION = 1,
  GET_SOURCE_PUBLIC_KEY = 1;
START REPLICA;
`,
  'inventory.yaml': sol('inventory.yaml'),
});

describe('a MySQL 8 answer, statically', () => {
  it('passes the MySQL checks', () => {
    const r = checkSubmission({
      tree: new MemoryTree(answer()),
      submission: 'x',
      lab,
      includeHidden: true,
      strict: true,
    });
    const mysql = r.checks.filter((c) => c.id.startsWith('mysql/'));
    expect(mysql.length).toBeGreaterThan(5);
    expect(mysql.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
  });
});

describe.skipIf(!!skipReason)(`live: a MySQL 8 answer on MariaDB ${skipReason}`, () => {
  it('starts, replicates and keeps the replica read-only, saying what it changed', { timeout: 120_000 }, async () => {
    const r = await runLive({ dir: 'x', tree: new MemoryTree(answer()), lab, tiers: ['db'] });
    const status = (id: string) => r.checks.find((c) => c.id === id)!;
    expect(status('live/valid-start').findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(status('live/replication').status).toBe('pass');
    expect(status('live/replica-read-only').status).toBe('pass');
    const said = r.live!.changes.map((c) => `${c.host} ${c.file ?? ''} ${c.what}`).join('\n');
    expect(said).toMatch(/db-primary db-primary\/mysqld.cnf .*loose-.*`mysqlx-bind-address`/);
    expect(said).toMatch(/db-replica db-replica\/setup_replica.sh MySQL reads \/etc\/mysql\/mysql.conf.d\/mysqld.cnf/);
    expect(said).toMatch(/`super_read_only` as `read_only`, `log_replica_updates` as `log_slave_updates`/);
    expect(said).toMatch(
      /db-primary db-primary\/setup.sql MySQL 8 SQL .*`IDENTIFIED WITH <plugin> BY` as `IDENTIFIED BY`/,
    );
    expect(said).toMatch(
      /db-replica db-replica\/setup.sql MySQL 8 SQL .*`CHANGE REPLICATION SOURCE TO` as `CHANGE MASTER TO`/,
    );
    expect(r.debug.leftovers).toEqual([]);
    expect(leftovers({ owners: [process.pid], inodes: r.debug.netnsInodes, pids: r.debug.pids })).toEqual([]);
  });
});
