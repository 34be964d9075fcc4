import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lexStatements, normalizeChangeOption, parseSql } from '../../../labs/core/parsers/sql';
import type {
  ChangeSourceStatement,
  CreateUserStatement,
  GrantStatement,
  SetGlobalStatement,
  SqlStatement,
} from '../../../labs/core/parsers/sql';

const kinds = (r: { ast: { statements: SqlStatement[] } }) => r.ast.statements.map((s) => s.kind);
const codes = (r: { diagnostics: Array<{ code: string; span: { line: number } }> }) =>
  r.diagnostics.map((d) => `${d.span.line}:${d.code}`);
const solution = join(__dirname, '../../../labs/specs/distributed-web/solution');

describe('sql: tokens and statement splitting', () => {
  it('splits on ; outside quotes and comments', () => {
    const { statements } = lexStatements(
      'SELECT \';\' ; -- a ; comment\nSELECT "a;b" /* ; */ ; # x ; y\nSELECT `we;ird`',
    );
    expect(statements.map((s) => s.tokens.map((t) => `${t.type}:${t.value}`))).toEqual([
      ['word:SELECT', 'string:;'],
      ['word:SELECT', 'string:a;b'],
      ['word:SELECT', 'ident:we;ird'],
    ]);
  });

  it('unescapes strings as MySQL does', () => {
    const { statements } = lexStatements(
      String.raw`SELECT 'it''s', 'a\'b', "q\"q", 'n\nt\t0\0z\Z', 'keep\%\_\x', ` + '`a``b`',
    );
    expect(statements[0].tokens.filter((t) => t.type !== 'punct').map((t) => t.value)).toEqual([
      'SELECT',
      "it's",
      "a'b",
      'q"q',
      'n\nt\t0\0z\x1a',
      'keep\\%\\_x',
      'a`b',
    ]);
  });

  it('treats -- as a comment only before whitespace', () => {
    const { statements, comments } = lexStatements('SELECT 1--2;\nSELECT 3 --\n;');
    expect(statements[0].tokens.map((t) => t.value)).toEqual(['SELECT', '1', '-', '-', '2']);
    expect(statements[1].tokens.map((t) => t.value)).toEqual(['SELECT', '3']);
    expect(comments.map((c) => c.value)).toEqual(['--']);
  });

  it('reads executable comments as code', () => {
    const { statements } = lexStatements('/*!40101 SET GLOBAL read_only = 1 */;\n/*M!100100 SET GLOBAL x = 2 */;');
    expect(statements.map((s) => s.tokens.map((t) => t.value).join(' '))).toEqual([
      'SET GLOBAL read_only = 1',
      'SET GLOBAL x = 2',
    ]);
  });

  it('reports unterminated strings and comments with their start', () => {
    const r = parseSql('s.sql', "SELECT 1;\nSELECT 'abc;\nSELECT 2;");
    expect(codes(r)).toEqual(['2:sql/unterminated-string']);
    expect(r.diagnostics[0].span.column).toBe(8);
    expect(codes(parseSql('s.sql', 'SELECT 1; /* never'))).toEqual(['1:sql/unterminated-comment']);
    expect(codes(parseSql('s.sql', 'SELECT `x'))).toEqual(['1:sql/unterminated-identifier']);
  });
});

describe('sql: statements', () => {
  it('parses the lab primary script', () => {
    const r = parseSql('db-primary/setup.sql', readFileSync(join(solution, 'db-primary/setup.sql'), 'utf8'));
    expect(r.diagnostics).toEqual([]);
    expect(kinds(r)).toEqual(['create-database', 'create-user', 'grant', 'create-user', 'grant']);
    const [db, user, grant] = r.ast.statements as [
      SqlStatement & { name: string },
      CreateUserStatement,
      GrantStatement,
    ];
    expect(db.name).toBe('app_db');
    expect(user).toMatchObject({
      ifNotExists: false,
      hasPassword: true,
      accounts: [{ user: 'replicator', host: '10.0.0.22' }],
    });
    expect(user.span).toMatchObject({ line: 4, column: 1 });
    expect(user.text).toBe("CREATE USER 'replicator'@'10.0.0.22' IDENTIFIED BY 'replica-password'");
    expect(grant).toMatchObject({
      privileges: ['REPLICATION SLAVE'],
      on: '*.*',
      to: [{ user: 'replicator', host: '10.0.0.22' }],
      withGrantOption: false,
    });
    expect(grant.to[0].span).toMatchObject({ line: 5, column: 35 });
  });

  it('parses the lab replica script (MariaDB spelling)', () => {
    const r = parseSql('db-replica/setup.sql', readFileSync(join(solution, 'db-replica/setup.sql'), 'utf8'));
    expect(r.diagnostics).toEqual([]);
    expect(kinds(r)).toEqual(['change-source', 'start-replica']);
    const cm = r.ast.statements[0] as ChangeSourceStatement;
    expect(cm.syntax).toBe('CHANGE MASTER TO');
    expect(cm.options.map((o) => [o.name, o.value])).toEqual([
      ['host', '10.0.0.21'],
      ['port', '3306'],
      ['user', 'replicator'],
      ['password', 'replica-password'],
      ['use_gtid', 'slave_pos'],
      ['connect_retry', '10'],
    ]);
    expect(cm.options[0]).toMatchObject({ rawName: 'MASTER_HOST', span: { line: 3, column: 3 } });
    expect(r.ast.statements[1]).toMatchObject({ kind: 'start-replica', syntax: 'START SLAVE', span: { line: 9 } });
  });

  it('parses MySQL 8 spelling: CHANGE REPLICATION SOURCE, START REPLICA, channels', () => {
    const r = parseSql(
      'r.sql',
      `CHANGE REPLICATION SOURCE TO SOURCE_HOST='db1', SOURCE_PORT=3306, SOURCE_USER='r', SOURCE_PASSWORD='p',
         SOURCE_AUTO_POSITION=1, SOURCE_SSL=1, SOURCE_SSL_CA='/ca.pem', GET_SOURCE_PUBLIC_KEY=1, IGNORE_SERVER_IDS=(3, 4) FOR CHANNEL 'ch1';
       START REPLICA; STOP REPLICA; RESET REPLICA ALL; STOP SLAVE; RESET SLAVE;`,
    );
    expect(r.diagnostics).toEqual([]);
    expect(kinds(r)).toEqual([
      'change-source',
      'start-replica',
      'stop-replica',
      'reset-replica',
      'stop-replica',
      'reset-replica',
    ]);
    const cs = r.ast.statements[0] as ChangeSourceStatement & { channel?: string };
    expect(cs.syntax).toBe('CHANGE REPLICATION SOURCE TO');
    expect(cs.options.map((o) => `${o.name}=${o.value}`)).toEqual([
      'host=db1',
      'port=3306',
      'user=r',
      'password=p',
      'auto_position=1',
      'ssl=1',
      'ssl_ca=/ca.pem',
      'get_public_key=1',
      'ignore_server_ids=3,4',
    ]);
    expect(cs.channel).toBe('ch1');
    expect(r.ast.statements[1]).toMatchObject({ syntax: 'START REPLICA' });
  });

  it('MariaDB multi-source connection names', () => {
    const r = parseSql(
      'r.sql',
      "CHANGE MASTER 'east' TO MASTER_HOST='h', MASTER_LOG_FILE='mysql-bin.000001', MASTER_LOG_POS=4; START SLAVE 'east';",
    );
    const cm = r.ast.statements[0] as ChangeSourceStatement;
    expect(cm.connection).toBe('east');
    expect(cm.options.map((o) => o.name)).toEqual(['host', 'log_file', 'log_pos']);
    expect(r.ast.statements[1]).toMatchObject({ kind: 'start-replica', connection: 'east' });
  });

  it('normalises option names', () => {
    expect(normalizeChangeOption('MASTER_SSL_VERIFY_SERVER_CERT')).toBe('ssl_verify_server_cert');
    expect(normalizeChangeOption('master_auto_position')).toBe('auto_position');
    expect(normalizeChangeOption('MASTER_USE_GTID')).toBe('use_gtid');
    expect(normalizeChangeOption('RELAY_LOG_FILE')).toBe('relay_log_file');
  });

  it('reports what the server itself rejects in CHANGE MASTER', () => {
    const r = parseSql(
      'r.sql',
      "CHANGE MASTER TO\n  MASTER_HOST=10.0.0.21,\n  MASTER_PORT='3306'\n  MASTER_USER='r',\n  MASTER_PASSWORD;",
    );
    expect(codes(r)).toEqual(['2:sql/option-type', '3:sql/option-type', '4:sql/missing-comma', '5:sql/syntax']);
    expect(r.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(r.diagnostics[2].span).toMatchObject({ line: 4, column: 3 });
  });

  it('CREATE USER variants', () => {
    const r = parseSql(
      'u.sql',
      `CREATE USER IF NOT EXISTS repl@'10.0.0.%' IDENTIFIED WITH mysql_native_password BY 'x', 'b'@localhost;
       CREATE OR REPLACE USER 'r'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('p');
       CREATE USER 'nopw'@'h';
       CREATE USER "dq"@"h" IDENTIFIED BY 'p' REQUIRE SSL;`,
    );
    const users = r.ast.statements as CreateUserStatement[];
    expect(users.map((u) => [u.ifNotExists, u.hasPassword, u.accounts.map((a) => `${a.user}@${a.host}`)])).toEqual([
      [true, true, ['repl@10.0.0.%', 'b@localhost']],
      [false, true, ['r@%']],
      [false, false, ['nopw@h']],
      [false, true, ['dq@h']],
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('GRANT variants', () => {
    const r = parseSql(
      'g.sql',
      "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'r'@'%' WITH GRANT OPTION; grant replication replica on *.* to r; GRANT SELECT (a, b), INSERT ON `app`.`t` TO 'a'@'h', 'b'@'h'; GRANT ALL PRIVILEGES ON app_db.* TO 'x'@'y' IDENTIFIED BY 'p'; GRANT role1 TO 'u'@'h';",
    );
    expect(kinds(r)).toEqual(['grant', 'grant', 'grant', 'grant', 'unparsed']);
    const gs = r.ast.statements.slice(0, 4) as Array<GrantStatement & { hasPassword?: boolean }>;
    expect(gs.map((g) => [g.privileges, g.on, g.to.map((a) => `${a.user}@${a.host}`), g.withGrantOption])).toEqual([
      [['REPLICATION SLAVE', 'REPLICATION CLIENT'], '*.*', ['r@%'], true],
      [['REPLICATION REPLICA'], '*.*', ['r@%'], false],
      [['SELECT', 'INSERT'], 'app.t', ['a@h', 'b@h'], false],
      [['ALL PRIVILEGES'], 'app_db.*', ['x@y'], false],
    ]);
    expect(gs[3].hasPassword).toBe(true);
  });

  it('SET GLOBAL / @@GLOBAL / PERSIST; session SETs stay unparsed', () => {
    const r = parseSql(
      's.sql',
      "SET GLOBAL read_only = ON; SET @@GLOBAL.super_read_only=1; SET PERSIST read_only = 1, GLOBAL x = 'y'; SET @@persist_only.z = 2; SET NAMES utf8; SET sql_log_bin = 0; SET @a = 1; SET SESSION read_only = 1",
    );
    expect(kinds(r)).toEqual([
      'set-global',
      'set-global',
      'set-global',
      'set-global',
      'set-global',
      'unparsed',
      'unparsed',
      'unparsed',
      'unparsed',
    ]);
    const sets = r.ast.statements.slice(0, 5) as Array<SetGlobalStatement & { scope: string }>;
    expect(sets.map((s) => `${s.scope}:${s.variable}=${s.value}`)).toEqual([
      'GLOBAL:read_only=ON',
      'GLOBAL:super_read_only=1',
      'PERSIST:read_only=1',
      'GLOBAL:x=y',
      'PERSIST_ONLY:z=2',
    ]);
  });

  it('simple statements', () => {
    const r = parseSql(
      'x.sql',
      'FLUSH TABLES WITH READ LOCK; UNLOCK TABLES; SHOW MASTER STATUS; SHOW BINARY LOG STATUS; SHOW BINLOG STATUS; CREATE SCHEMA IF NOT EXISTS `shop`; USE shop; SHOW SLAVE STATUS; FLUSH PRIVILEGES',
    );
    expect(kinds(r)).toEqual([
      'flush-tables-with-read-lock',
      'unlock-tables',
      'show-master-status',
      'show-master-status',
      'show-master-status',
      'create-database',
      'use',
      'unparsed',
      'unparsed',
    ]);
    expect(r.ast.statements[5]).toMatchObject({ name: 'shop' });
    expect(r.ast.statements[6]).toMatchObject({ name: 'shop' });
    expect(r.diagnostics).toEqual([]);
  });

  it('keeps unknown statements with spans and text, never an error', () => {
    const r = parseSql('x.sql', "INSERT INTO t VALUES (1, 'a;b');\n  DROP TABLE t");
    expect(r.ast.statements).toMatchObject([
      { kind: 'unparsed', text: "INSERT INTO t VALUES (1, 'a;b')", span: { line: 1, column: 1 } },
      { kind: 'unparsed', text: 'DROP TABLE t', span: { line: 2, column: 3 } },
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('warns about DELIMITER (a client command)', () => {
    expect(codes(parseSql('x.sql', 'DELIMITER $$\nSELECT 1'))).toEqual(['1:sql/delimiter']);
  });

  it('bad input: empty, BOM-prefixed, CRLF', () => {
    expect(parseSql('e.sql', '')).toEqual({ ast: { file: 'e.sql', statements: [] }, diagnostics: [] });
    const bom = parseSql('b.sql', '\uFEFFSTART SLAVE;');
    expect(kinds(bom)).toEqual(['start-replica']);
    const crlf = parseSql('c.sql', "STOP SLAVE;\r\nCHANGE MASTER TO\r\n MASTER_HOST = 'h';\r\n");
    expect(crlf.ast.statements[1]).toMatchObject({ kind: 'change-source', span: { line: 2, column: 1 } });
    expect((crlf.ast.statements[1] as ChangeSourceStatement).options[0].span).toMatchObject({ line: 3, column: 2 });
  });
});

describe('sql: properties', () => {
  it('any string: no throw, spans inside the input', () => {
    const sqlish = fc
      .array(
        fc.constantFrom(
          'CHANGE',
          'MASTER',
          'TO',
          'GRANT',
          'ON',
          'CREATE',
          'USER',
          'SET',
          'GLOBAL',
          '@@',
          '@',
          "'",
          '"',
          '`',
          ';',
          ',',
          '=',
          '(',
          ')',
          '--',
          ' ',
          '\n',
          '#',
          '/*',
          '*/',
          '/*!',
          'x',
          '1',
          '\\',
        ),
        { maxLength: 60 },
      )
      .map((a) => a.join(' '));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), sqlish), (text) => {
        const r = parseSql('f.sql', text);
        const lines = text.split('\n').length;
        const spans = [
          ...r.ast.statements.flatMap((s) => [
            s.span,
            ...('accounts' in s ? s.accounts.map((a) => a.span) : []),
            ...('to' in s ? s.to.map((a) => a.span) : []),
            ...('options' in s ? s.options.map((o) => o.span) : []),
          ]),
          ...r.diagnostics.map((d) => d.span),
        ];
        for (const sp of spans) {
          expect(sp.line).toBeGreaterThanOrEqual(1);
          expect(sp.line).toBeLessThanOrEqual(lines);
          expect(sp.offset!).toBeGreaterThanOrEqual(0);
          expect(sp.endOffset!).toBeLessThanOrEqual(text.length);
        }
        for (const s of r.ast.statements) expect(text.slice(s.span.offset, s.span.endOffset)).toBe(s.text);
        expect(r.diagnostics.filter((d) => d.code === 'sql/internal')).toEqual([]);
      }),
      { numRuns: 600 },
    );
  });

  it('statement texts joined with ; re-parse to the same statements (round trip)', () => {
    const gen = fc.array(
      fc.constantFrom(
        "CREATE USER 'r'@'h' IDENTIFIED BY 'p'",
        "GRANT REPLICATION SLAVE ON *.* TO 'r'@'h'",
        "CHANGE MASTER TO MASTER_HOST='h', MASTER_PORT=3306, MASTER_USE_GTID=slave_pos",
        'START SLAVE',
        'SET GLOBAL read_only = ON',
        'SELECT 1',
        "INSERT INTO t VALUES ('a;b')",
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(gen, (stmts) => {
        const a = parseSql('a.sql', stmts.join(';\n') + ';');
        const b = parseSql('b.sql', a.ast.statements.map((s) => s.text).join(';\n'));
        const strip = (s: SqlStatement) => JSON.stringify(s, (k, v) => (k === 'span' || k === 'file' ? undefined : v));
        expect(b.ast.statements.map(strip)).toEqual(a.ast.statements.map(strip));
        expect(a.ast.statements).toHaveLength(stmts.length);
      }),
    );
  });
});

describe('sql: many problems', () => {
  it('lists the first 100 of one kind, then one summary', () => {
    const r = parseSql('x.sql', "CHANGE MASTER TO MASTER_PORT='1';\n".repeat(150));
    const d = r.diagnostics.filter((x) => x.code === 'sql/option-type');
    expect(d).toHaveLength(101);
    expect(d[100].message).toContain('50 more');
  });
});
