/**
 * Option-file cases, one per tricky behaviour. The conformance test runs MariaDB's own reader
 * (`my_print_defaults --mariadbd`) on each and compares; the parser test asserts the values.
 * Includes stay in the case's own folder so that the server's path rule (relative to the working
 * directory, which the test sets to the case folder) and ours (relative to the including file) agree.
 */
export interface MyCnfCase {
  name: string;
  files: Record<string, string>;
  /** True when the server refuses the file (my_print_defaults exits non-zero). */
  fatal?: boolean;
}

export const CASES: MyCnfCase[] = [
  {
    name: 'lab-primary',
    files: {
      'my.cnf':
        '# db-primary\n[mysqld]\nserver-id     = 1\nlog_bin       = /var/log/mysql/mysql-bin.log\nbinlog_format = ROW\nbind-address  = 0.0.0.0\n',
    },
  },
  {
    name: 'comments-everywhere',
    files: {
      'my.cnf':
        '# full line\n; semicolon line\n   # indented\n[mysqld] # after header\nport=3306# no space\nsocket = /run/mysqld.sock ; not a comment\nname#x = 3\n',
    },
  },
  {
    name: 'quotes-and-escapes',
    files: {
      'my.cnf': [
        '[mysqld]',
        'a = "quoted # not a comment" # comment',
        "b = 'single\\tquoted'",
        'c = a\\nb\\sc\\\\d\\"e\\\'f\\qg',
        'd = "a\\"b" # x',
        'e = "a\\\\"  # y',
        'f = "\\"" #z',
        'g = "',
        'h = "a"b"',
        'i = "abc # def',
        "j = it's # not a comment either",
        'k = "  padded  "',
        'l =',
        'm = trailing\\',
        '',
      ].join('\n'),
    },
  },
  {
    name: 'bare-options-and-prefixes',
    files: {
      'my.cnf': '[mysqld]\nskip-name-resolve\nlog-bin\nloose-innodb_foo = 1\nLoose_Bar=2\nskip_log_bin\n',
    },
  },
  {
    name: 'group-names',
    files: {
      'my.cnf':
        '[client]\nuser=x\n[MYSQLD]\nupper=1\n[ mysqld ]\nspaced=1\n[mysqld  ]\ntrailing=1\n[server]\nsrv=1\n[mariadb]\nmdb=1\n[mariadbd-10.11]\nversioned=1\n[mysqld-8.0]\nmysql8=1\n[galera]\ng=1\n[client-server]\ncs=1\n[mysqld]junk after\njunk=1\n',
    },
  },
  {
    name: 'repeated-keys',
    files: { 'my.cnf': '[mysqld]\nserver-id = 1\n[server]\nserver_id = 2\n[mysqld]\nServer-Id = 3\n' },
  },
  {
    name: 'crlf-and-whitespace',
    files: { 'my.cnf': '[mysqld]\r\n  bind-address   =   0.0.0.0   \r\n\tport\t=\t3306\r\nlog_bin\r\n' },
  },
  {
    name: 'include-and-includedir',
    files: {
      'my.cnf': '[mysqld]\nbefore=1\n!include extra.cnf\nafter=1\n!includedir conf.d/\n',
      'extra.cnf': '[mysqld]\nextra=1\n[client]\nclient_only=1\n',
      'conf.d/z-last.cnf': '[mysqld]\nz=1\n',
      'conf.d/a-first.cnf': '[mysqld]\na=1\n',
      'conf.d/skipped.conf': '[mysqld]\nnot_read=1\n',
    },
  },
  {
    name: 'include-group-continues',
    files: {
      'my.cnf': '[mysqld]\na=1\n!include other.cnf\nb=2\n',
      'other.cnf': '[client]\nc=3\n',
    },
  },
  {
    name: 'include-missing-is-skipped',
    files: {
      'my.cnf': '[mysqld]\na=1\n!include nofile.cnf\nb=2\n!foo bar\n! include inc.cnf\n',
      'inc.cnf': '[mysqld]\nspaced_bang=1\n',
    },
  },
  { name: 'no-continuation-lines', files: { 'my.cnf': '[mysqld]\ne=5 \\\nf=6\n' } },
  { name: 'option-before-group', files: { 'my.cnf': 'server-id=1\n[mysqld]\nport=3306\n' }, fatal: true },
  { name: 'unclosed-group', files: { 'my.cnf': '[mysqld]\nport=1\n[client\nuser=x\n' }, fatal: true },
  { name: 'include-without-path', files: { 'my.cnf': '[mysqld]\n!include   \n' }, fatal: true },
  { name: 'includedir-missing', files: { 'my.cnf': '[mysqld]\n!includedir nodir\n' }, fatal: true },
];
