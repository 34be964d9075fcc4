/**
 * Answers written for MySQL 8 (Ubuntu's and Oracle's packages), run on the MariaDB 10.11 of live mode. Debian 12
 * has no MySQL, and a learner's server often is one: so that such an answer is judged on what it configures,
 * not on the server it was written for, its option files and SQL are carried over to MariaDB's equivalents,
 * and each change is reported. What has no equivalent is left for MariaDB to refuse, as MySQL would.
 * Every MySQL-only name here was checked against this MariaDB (`mariadbd --help --verbose`, and a start or a
 * statement with it).
 */

/**
 * MySQL 8.0 server options that the MariaDB 10.11 live mode runs does not have (each checked against
 * `mariadbd --help --verbose` and a start with it: "unknown variable"): MariaDB refuses to start on any of them.
 * Those with a MariaDB option of the same meaning run as that option; the others as `loose-NAME`, which MariaDB
 * skips with a warning. A name on neither list that MariaDB does not know (a typo) still stops the server, as it
 * would stop MySQL.
 */
const MYSQL_RENAMED: Record<string, string> = {
  log_replica_updates: 'log_slave_updates',
  skip_replica_start: 'skip_slave_start',
  replica_skip_errors: 'slave_skip_errors',
  replica_net_timeout: 'slave_net_timeout',
  replica_parallel_workers: 'slave_parallel_workers',
  source_verify_checksum: 'master_verify_checksum',
  sync_source_info: 'sync_master_info',
  // MySQL: super_read_only = ON also turns read_only on; MariaDB 10.11's read_only already holds SUPER back
  super_read_only: 'read_only',
};
const MYSQL_ONLY = new Set([
  'admin_address',
  'admin_port',
  'authentication_policy',
  'binlog_encryption',
  'binlog_rows_query_log_events',
  'binlog_transaction_dependency_tracking',
  'caching_sha2_password_auto_generate_rsa_keys',
  'create_admin_listener_thread',
  'default_authentication_plugin',
  'disabled_storage_engines',
  'enforce_gtid_consistency',
  'gtid_mode',
  'innodb_dedicated_server',
  'log_bin_basename',
  'log_error_verbosity',
  'master_info_repository',
  'mysql_native_password',
  'mysqlx',
  'persisted_globals_load',
  'relay_log_info_repository',
  'replica_parallel_type',
  'replica_preserve_commit_order',
  'slave_parallel_type',
  'slave_preserve_commit_order',
  'transaction_write_set_extraction',
]);

/**
 * A MySQL option file as the MariaDB of live mode needs it: a file MySQL reads from /etc/mysql/mysql.conf.d/
 * (Ubuntu's and Oracle's packages) is placed in /etc/mysql/mariadb.conf.d/, the folder MariaDB's my.cnf
 * includes last, as MySQL's includes mysql.conf.d; and MySQL-only options run as their MariaDB equivalent or
 * as `loose-` options. Each change is a note. Lines keep their numbers.
 */
export function mysqlForMariadb(target: string, text: string): { target: string; text: string; notes: string[] } {
  const notes: string[] = [];
  const dir = /^\/etc\/mysql\/mysql\.conf\.d\/([^/]+)$/.exec(target);
  if (dir) {
    notes.push(
      `MySQL reads ${target}; the MariaDB live mode runs reads /etc/mysql/mariadb.conf.d/ instead (after Debian's 50-server.cnf, as MySQL reads mysql.conf.d last): placed there`,
    );
    target = `/etc/mysql/mariadb.conf.d/${dir[1]}`;
  }
  const renamed: string[] = [];
  const loose: string[] = [];
  const out = text.split('\n').map((line) => {
    const m = /^(\s*)((?:loose[-_])?)([A-Za-z][\w-]*)(?=\s*(?:=|$|#))/.exec(line);
    if (!m || m[2]) return line;
    const name = m[3]!.toLowerCase().replace(/-/g, '_');
    const to = MYSQL_RENAMED[name];
    if (to) {
      renamed.push(`\`${m[3]}\` as \`${to}\``);
      return m[1] + to + line.slice(m[0].length);
    }
    if (MYSQL_ONLY.has(name) || name.startsWith('mysqlx_')) {
      loose.push(`\`${m[3]}\``);
      return `${m[1]}loose-${m[3]}${line.slice(m[0].length)}`;
    }
    return line;
  });
  if (renamed.length)
    notes.push(`MySQL options MariaDB names differently ran under MariaDB's name: ${[...new Set(renamed)].join(', ')}`);
  if (loose.length)
    notes.push(
      `MySQL options MariaDB does not have (it would refuse to start) ran as \`loose-\` options, which MariaDB skips: ${[...new Set(loose)].join(', ')}`,
    );
  return { target, text: out.join('\n'), notes };
}

/** Where in `text` code is (not in a quoted string or a comment): a mask by character. */
function codeMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const two = text.slice(i, i + 2);
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' && c !== '`' ? 2 : 1;
      i = j + 1;
    } else if (two === '/*') {
      const j = text.indexOf('*/', i + 2);
      i = j < 0 ? text.length : j + 2;
    } else if (c === '#' || (two === '--' && /[\s]/.test(text[i + 2] ?? ' '))) {
      const j = text.indexOf('\n', i);
      i = j < 0 ? text.length : j;
    } else {
      mask[i] = 1;
      i++;
    }
  }
  return mask;
}

/** MySQL 8 SQL and MariaDB's for the same thing (each rule: pattern, replacement, what the report says). */
const SQL_RULES: Array<[RegExp, string | ((...m: string[]) => string), string]> = [
  [
    /\bIDENTIFIED\s+WITH\s+[`'"]?(?:mysql_native_password|caching_sha2_password|sha256_password)[`'"]?\s+BY\b/gi,
    'IDENTIFIED BY',
    "`IDENTIFIED WITH <plugin> BY` as `IDENTIFIED BY` (MariaDB's native password)",
  ],
  [
    /\bCHANGE\s+REPLICATION\s+SOURCE\s+TO\b/gi,
    'CHANGE MASTER TO',
    '`CHANGE REPLICATION SOURCE TO` as `CHANGE MASTER TO`',
  ],
  [
    /\b(?:MASTER|SOURCE)_AUTO_POSITION\s*=\s*1\b/gi,
    'MASTER_USE_GTID = slave_pos',
    '`SOURCE_AUTO_POSITION = 1` as `MASTER_USE_GTID = slave_pos` (GTID auto-positioning)',
  ],
  [
    /(?:,\s*\b(?:MASTER|SOURCE)_AUTO_POSITION\s*=\s*0\b|\b(?:MASTER|SOURCE)_AUTO_POSITION\s*=\s*0\s*,?)/gi,
    '',
    '`SOURCE_AUTO_POSITION = 0` dropped (file and position, as MariaDB does by default)',
  ],
  [
    /(?:,\s*\bGET_(?:MASTER|SOURCE)_PUBLIC_KEY\s*=\s*[01]\b|\bGET_(?:MASTER|SOURCE)_PUBLIC_KEY\s*=\s*[01]\s*,?)/gi,
    '',
    '`GET_SOURCE_PUBLIC_KEY` dropped (a caching_sha2_password key exchange MariaDB does not need)',
  ],
  [
    /\bSOURCE_(HOST|USER|PASSWORD|PORT|LOG_FILE|LOG_POS|CONNECT_RETRY|RETRY_COUNT|DELAY|HEARTBEAT_PERIOD|SSL(?:_CA|_CAPATH|_CERT|_KEY|_CIPHER|_CRL|_CRLPATH|_VERIFY_SERVER_CERT)?)\b(?=\s*=)/gi,
    (_m: string, k: string) => `MASTER_${k.toUpperCase()}`,
    '`SOURCE_*` options as `MASTER_*`',
  ],
  [/\bsuper_read_only\b/gi, 'read_only', '`super_read_only` as `read_only` (on MariaDB 10.11 it holds back SUPER too)'],
  [/\bSHOW\s+BINARY\s+LOG\s+STATUS\b/gi, 'SHOW MASTER STATUS', '`SHOW BINARY LOG STATUS` as `SHOW MASTER STATUS`'],
  [/\bRESET\s+BINARY\s+LOGS\s+AND\s+GTIDS\b/gi, 'RESET MASTER', '`RESET BINARY LOGS AND GTIDS` as `RESET MASTER`'],
];

/**
 * MySQL 8 SQL that MariaDB 10.11 refuses (a syntax error, an unknown variable), as MariaDB's statement with the
 * same effect: `CHANGE REPLICATION SOURCE TO ... SOURCE_AUTO_POSITION = 1` becomes `CHANGE MASTER TO ...
 * MASTER_USE_GTID = slave_pos`, `IDENTIFIED WITH mysql_native_password BY` becomes `IDENTIFIED BY`. Strings and
 * comments are never touched; line breaks are kept, so MariaDB's `at line N` still points at the learner's line.
 */
export function sqlForMariadb(text: string): { text: string; rewrites: string[] } {
  const rewrites: string[] = [];
  let out = text;
  for (const [re, to, what] of SQL_RULES) {
    const mask = codeMask(out);
    let hit = false;
    out = out.replace(re, (...args: unknown[]) => {
      const m = args[0] as string;
      const at = args[args.length - 2] as number;
      if (!mask[at]) return m;
      hit = true;
      const rep = typeof to === 'string' ? to : to(...(args.slice(0, -2) as string[]));
      // keep the line breaks of what is replaced (a clause removed over two lines leaves its newline)
      return rep + '\n'.repeat((m.match(/\n/g) ?? []).length);
    });
    if (hit) rewrites.push(what);
  }
  return { text: out, rewrites };
}
