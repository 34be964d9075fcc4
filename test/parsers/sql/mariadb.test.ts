/**
 * The SQL parser's errors against MariaDB's own grammar: a throwaway mariadbd (temp datadir,
 * socket only, no network) runs each statement; the parser must report an error exactly for the
 * statements the server rejects with a syntax error (ER_PARSE_ERROR, 1064), and recognise the
 * rest. CI installs mariadb-server, so there the tools must exist; elsewhere the test skips.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSql } from '../../../labs/core/parsers/sql';

const tools = ['mariadbd', 'mariadb-install-db', 'mariadb', 'mariadb-admin'];
const have = tools.every((t) => !spawnSync('sh', ['-c', `command -v ${t}`]).status);
const inCI = process.env.CI === 'true';

/** [statement, kind the parser must give]. All MariaDB 10.11 spelling. */
const CASES: Array<[string, string]> = [
  [
    "CHANGE MASTER TO MASTER_HOST='10.0.0.21', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='pw', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=10",
    'change-source',
  ],
  [
    "CHANGE MASTER TO MASTER_HOST='h', MASTER_LOG_FILE='mysql-bin.000001', MASTER_LOG_POS=4, MASTER_USE_GTID=no",
    'change-source',
  ],
  [
    "CHANGE MASTER 'east' TO MASTER_HOST='h', MASTER_SSL=1, MASTER_SSL_CA='/etc/ca.pem', MASTER_SSL_VERIFY_SERVER_CERT=0",
    'change-source',
  ],
  [
    "CHANGE MASTER TO MASTER_HOST='h', MASTER_HEARTBEAT_PERIOD=5, IGNORE_SERVER_IDS=(3, 4), MASTER_DELAY=10",
    'change-source',
  ],
  ["CHANGE MASTER TO MASTER_HOST='h', MASTER_PORT='3306'", 'change-source'],
  ['CHANGE MASTER TO MASTER_HOST=10.0.0.21', 'change-source'],
  ["CHANGE MASTER TO MASTER_HOST='h' MASTER_PORT=3306", 'change-source'],
  ["CHANGE MASTER TO MASTER_SSL='1'", 'change-source'],
  ["CHANGE MASTER TO MASTER_LOG_POS='4'", 'change-source'],
  ['CHANGE MASTER TO MASTER_USER=repl', 'change-source'],
  ["CHANGE MASTER TO MASTER_HOST='h', MASTER_PASSWORD", 'change-source'],
  ['CHANGE MASTER TO', 'change-source'],
  ["CREATE USER IF NOT EXISTS 'repl'@'10.0.0.%' IDENTIFIED BY 'pw'", 'create-user'],
  ["CREATE OR REPLACE USER 'r2'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('p')", 'create-user'],
  ["GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'10.0.0.%'", 'grant'],
  ["GRANT SELECT, INSERT ON app_db.* TO 'repl'@'10.0.0.%' WITH GRANT OPTION", 'grant'],
  ['SET GLOBAL read_only = ON', 'set-global'],
  ['SET @@GLOBAL.read_only = 0', 'set-global'],
  ['FLUSH TABLES WITH READ LOCK', 'flush-tables-with-read-lock'],
  ['UNLOCK TABLES', 'unlock-tables'],
  ['SHOW MASTER STATUS', 'show-master-status'],
  ['SHOW BINLOG STATUS', 'show-master-status'],
  ['CREATE DATABASE IF NOT EXISTS app_db', 'create-database'],
  ['STOP SLAVE', 'stop-replica'],
  ['RESET SLAVE ALL', 'reset-replica'],
  ['SELECT 1', 'unparsed'],
];

let dir = '';
let server: ChildProcess | undefined;
let cnf = '';

function sql(q: string): { ok: boolean; parseError: boolean; stderr: string } {
  const r = spawnSync('mariadb', [`--defaults-file=${cnf}`, '-N', '-B', '-e', q], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { ok: r.status === 0, parseError: /ERROR 1064 /.test(r.stderr), stderr: r.stderr };
}

describe.skipIf(!have && !inCI)('SQL parser vs MariaDB grammar (a throwaway mariadbd)', () => {
  beforeAll(async () => {
    if (!have) return;
    dir = mkdtempSync(join(tmpdir(), 'wil-mariadb-'));
    cnf = join(dir, 'my.cnf');
    writeFileSync(
      cnf,
      [
        '[mariadbd]',
        `datadir=${dir}/data`,
        `socket=${dir}/sock`,
        `pid-file=${dir}/pid`,
        `log-error=${dir}/err.log`,
        'skip-networking',
        `user=${userInfo().username}`,
        'server-id=1',
        '[client]',
        `socket=${dir}/sock`,
        `user=${userInfo().username === 'root' ? 'root' : userInfo().username}`,
        '',
      ].join('\n'),
    );
    const inst = spawnSync(
      'mariadb-install-db',
      [`--defaults-file=${cnf}`, '--skip-test-db', '--auth-root-authentication-method=socket'],
      { encoding: 'utf8', timeout: 90_000 },
    );
    if (inst.status !== 0) throw new Error(`mariadb-install-db failed: ${inst.stdout}${inst.stderr}`);
    server = spawn('mariadbd', [`--defaults-file=${cnf}`], { stdio: 'ignore' });
    let exited = false;
    server.on('exit', () => (exited = true));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited) throw new Error(`mariadbd exited at start-up:\n${readFileSync(join(dir, 'err.log'), 'utf8')}`);
      if (spawnSync('mariadb-admin', [`--defaults-file=${cnf}`, 'ping'], { timeout: 5000 }).status === 0) break;
      if (Date.now() > deadline) throw new Error('mariadbd did not answer within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const done = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([done, new Promise((r) => setTimeout(r, 15_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the tools are installed (CI installs mariadb-server and mariadb-client)', () => {
    expect(have, `missing one of ${tools.join(', ')}`).toBe(true);
  });

  for (const [q, kind] of CASES) {
    it(q, () => {
      const ours = parseSql('t.sql', q);
      expect(ours.ast.statements.map((s) => s.kind)).toEqual([kind]);
      const ourError = ours.diagnostics.some((d) => d.severity === 'error');
      const real = sql(q);
      expect(
        { parseError: ourError },
        `server said: ${real.stderr || 'OK'}; we said: ${ours.diagnostics.map((d) => d.code).join(', ') || 'nothing'}`,
      ).toEqual({ parseError: real.parseError });
    });
  }
});
