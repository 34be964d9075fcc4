/**
 * Content sniffing: what kind of file is this, by its content, whatever its name?
 *
 * Learners put an Nginx site in `haproxy.txt`, a provisioning script in `my.cnf`, a systemd unit
 * in `app.conf`. Each line adds evidence to the kinds it is typical of (a HAProxy section header,
 * an Nginx directive ending in `;` or `{`, a `[mysqld]` group, a SQL statement, a shell command,
 * a `ufw` rule...); the kind with the most evidence wins, with a confidence from how strong the
 * evidence is and how far ahead of the runner-up. The file name only breaks near-ties.
 *
 * Heredoc bodies in a shell script are not counted for the kinds they contain: a script that
 * writes haproxy.cfg with `cat <<EOF` is a shell script (the script wins). Neither are the lines of
 * a quoted string a shell command opens and closes on a later line (`CONFIG="...`, `echo '...`,
 * `printf "...`). A shell shebang (`#!/bin/bash`, `#!/usr/bin/env sh`, dash, zsh, ksh...) decides:
 * the file is a script (or a firewall script when it mostly runs ufw/iptables).
 */

export type FileKind =
  'haproxy' | 'nginx' | 'mycnf' | 'sql' | 'shell' | 'firewall' | 'answers' | 'inventory' | 'systemd' | 'unknown';

export interface SniffResult {
  kind: FileKind;
  /** 0..1 */
  confidence: number;
  reason: string;
}

type Scored = Exclude<FileKind, 'unknown'>;
const KINDS: Scored[] = ['haproxy', 'nginx', 'mycnf', 'sql', 'shell', 'firewall', 'answers', 'inventory', 'systemd'];

const MAX_LINES = 3000;

const HAPROXY_SECTION =
  /^(global|defaults|frontend|backend|listen|userlist|peers|resolvers|cache|program|http-errors|ring|mailers|crt-store|log-forward|fcgi-app|traces|dynamic-update)(\s|$)/;
const HAPROXY_KW = new Set([
  'mode',
  'bind',
  'server',
  'balance',
  'timeout',
  'option',
  'maxconn',
  'log',
  'default_backend',
  'use_backend',
  'acl',
  'http-request',
  'http-response',
  'stats',
  'daemon',
  'chroot',
  'errorfile',
  'retries',
  'cookie',
  'tcp-request',
  'http-check',
  'default-server',
  'ssl-default-bind-ciphers',
  'ssl-default-bind-options',
  'nbthread',
  'trace',
  'redirect',
  'stick-table',
  'stick',
  'capture',
  'monitor-uri',
]);
const NGINX_KW = new Set([
  'server',
  'listen',
  'server_name',
  'location',
  'root',
  'index',
  'proxy_pass',
  'try_files',
  'include',
  'events',
  'http',
  'upstream',
  'worker_processes',
  'worker_connections',
  'access_log',
  'error_log',
  'return',
  'add_header',
  'proxy_set_header',
  'sendfile',
  'keepalive_timeout',
  'ssl_certificate',
  'ssl_certificate_key',
  'gzip',
  'user',
  'pid',
  'default_type',
  'rewrite',
  'fastcgi_pass',
  'alias',
  'client_max_body_size',
  'tcp_nopush',
  'types_hash_max_size',
  'ssl_protocols',
  'proxy_http_version',
  'map',
  'if',
  'stream',
  'load_module',
  'types',
  'error_page',
  'env',
  'worker_rlimit_nofile',
  'proxy_redirect',
  'proxy_buffering',
  'ssl_ciphers',
  'set',
  'allow',
  'deny',
  'autoindex',
  'charset',
  'expires',
  'limit_req_zone',
  'resolver',
]);
const MYCNF_GROUP =
  /^\[\s*(mysqld|mysql|client|server|mariadb|mariadbd|mysqld_safe|safe_mysqld|mysqldump|galera|client-server|client-mariadb|embedded|mysqladmin|mysqld_multi|mysqlhotcopy|myisamchk|mysqlcheck|mysqlbinlog|mysqld-[\d.]+|mariadb-[\d.]+|mariadbd-[\d.]+)\s*\]/i;
const MYCNF_OPT =
  /^(loose[-_])?(server[-_]id|bind[-_]address|log[-_]bin|log[-_]error|datadir|socket|port|relay[-_]log|read[-_]only|super[-_]read[-_]only|binlog[-_]format|binlog[-_]do[-_]db|gtid[-_][\w-]+|innodb[-_][\w-]+|max[-_]connections|character[-_]set[-_]server|collation[-_]server|skip[-_]name[-_]resolve|skip[-_]networking|pid[-_]file|basedir|tmpdir|log[-_]slave[-_]updates|log[-_]replica[-_]updates|expire[-_]logs[-_]days|max[-_]binlog[-_]size|default[-_]character[-_]set|query[-_]cache[-_][\w-]+|slow[-_]query[-_]log[\w-]*|report[-_]host|sync[-_]binlog|auto[-_]increment[-_][\w-]+)\s*(=|$)/i;
const SYSTEMD_SECTION =
  /^\[(Unit|Service|Install|Socket|Timer|Mount|Automount|Path|Slice|Scope|Swap|Network|Match|Link|NetDev)\]\s*$/;
const SYSTEMD_KEY =
  /^(ExecStart|ExecStartPre|ExecStartPost|ExecStop|ExecReload|Description|Documentation|WantedBy|RequiredBy|After|Before|Requires|Wants|Restart|RestartSec|User|Group|Environment|EnvironmentFile|Type|WorkingDirectory|PIDFile|KillMode|TimeoutStartSec|LimitNOFILE|StandardOutput|StandardError|SyslogIdentifier|Alias|ListenStream|OnCalendar)\s*=/;
const SQL_START =
  /^(CREATE\s+(OR\s+REPLACE\s+)?(USER|DATABASE|SCHEMA|TABLE|INDEX|VIEW)\b|GRANT\s|REVOKE\s|CHANGE\s+(MASTER|REPLICATION\s+SOURCE)\b|START\s+(SLAVE|REPLICA|ALL\s+SLAVES)\b|STOP\s+(SLAVE|REPLICA)\b|RESET\s+(SLAVE|REPLICA|MASTER|BINARY)\b|SET\s+(GLOBAL|PERSIST|PERSIST_ONLY|SESSION|@@|NAMES|PASSWORD|sql_log_bin)\b|FLUSH\s+(TABLES|PRIVILEGES|LOGS|BINARY)\b|UNLOCK\s+TABLES\b|SHOW\s+(MASTER|SLAVE|REPLICA|BINARY|BINLOG|DATABASES|TABLES|GRANTS|VARIABLES|STATUS)\b|USE\s+`?\w+`?\s*;|SELECT\s|INSERT\s+INTO\s|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s|DROP\s+(USER|DATABASE|TABLE|SCHEMA)\b|ALTER\s+(USER|TABLE|DATABASE)\b)/i;
const SQL_REPLICATION =
  /^(CHANGE\s+(MASTER|REPLICATION)|START\s+(SLAVE|REPLICA)|GRANT\s+REPLICATION|CREATE\s+USER|SET\s+(GLOBAL|@@GLOBAL\.)\s*(super_)?read_only|FLUSH\s+TABLES\s+WITH\s+READ\s+LOCK|SHOW\s+(MASTER|BINARY\s+LOG)\s+STATUS)/i;
const SQL_OPTION = /^(MASTER|SOURCE)_[A-Z_]+\s*=/i;
const SHELL_CMD = new Set([
  'apt-get',
  'apt',
  'yum',
  'dnf',
  'systemctl',
  'service',
  'cat',
  'tee',
  'echo',
  'printf',
  'sed',
  'mv',
  'cp',
  'mkdir',
  'chmod',
  'chown',
  'export',
  'set',
  'cd',
  'curl',
  'wget',
  'ln',
  'rm',
  'touch',
  'useradd',
  'usermod',
  'if',
  'fi',
  'then',
  'else',
  'elif',
  'for',
  'do',
  'done',
  'while',
  'case',
  'esac',
  'exit',
  'source',
  'mysql',
  'mariadb',
  'mysqladmin',
  'nginx',
  'haproxy',
  'grep',
  'awk',
  'read',
  'local',
  'function',
  'return',
  'test',
  '[',
  '[[',
  'npm',
  'node',
  'pip',
  'git',
  'hostnamectl',
  'ssh',
  'scp',
  'openssl',
  'install',
  'unlink',
  'true',
  'false',
  'trap',
  'shift',
  'declare',
  'readonly',
  'sleep',
  'kill',
  'pkill',
  'ps',
  'netstat',
  'ss',
  'nc',
  'env',
  'bash',
  'sh',
  'su',
  'dd',
  'add-apt-repository',
  'hostname',
]);
const FIREWALL_CMD = new Set([
  'ufw',
  'iptables',
  'ip6tables',
  'nft',
  'firewall-cmd',
  'iptables-restore',
  'ip6tables-restore',
  'iptables-save',
  'netfilter-persistent',
]);
/**
 * keepalived.conf keywords (keepalived.conf(5)): not a built-in kind, but its `name {` blocks and braces
 * look like Nginx. Lines starting with one of these count for no built-in kind; a file that is mostly
 * them is left unclassified, for the registered keepalived kind (labs/core/kinds/keepalived.ts) to claim.
 */
const KEEPALIVED_KW = new Set([
  'global_defs',
  'vrrp_instance',
  'vrrp_script',
  'vrrp_track_process',
  'vrrp_sync_group',
  'virtual_ipaddress',
  'virtual_router_id',
  'advert_int',
  'authentication',
  'auth_type',
  'auth_pass',
  'track_script',
  'track_process',
  'track_interface',
  'unicast_src_ip',
  'unicast_peer',
  'enable_script_security',
  'script_user',
  'router_id',
  'notify_master',
  'notify_backup',
  'notify_fault',
  'real_server',
  'lb_algo',
  'lb_kind',
  'nopreempt',
]);

const ANSWER_KEYS =
  /^(spof|spofs|single_points_of_failure|algorithm|setup|writes|reads|issues|security_issues|monitoring|firewall|https|load_balancer|distribution)\s*:/;
const IPV4 = /^\s*[A-Za-z0-9][\w.-]*\s*:\s*["']?\d{1,3}(\.\d{1,3}){3}["']?\s*(#.*)?$/;

/** `#!/bin/bash`, `#!/usr/bin/env bash`, `#!/bin/sh`, `#!/usr/bin/env -S bash -e`, dash, zsh, ksh, ash, busybox sh. */
const SHELL_SHEBANG = /^#!\s*(\/\S*\/)?(env\s+(-\S+\s+)*)?(bash|sh|dash|zsh|ksh|mksh|ash|busybox\s+sh)(\s|$)/;

/**
 * The quote still open at the end of `line` (shell rules: `\` escapes outside single quotes, `#`
 * starts a comment outside quotes), starting inside `open`; undefined when every quote is closed.
 */
function quoteStateAfter(line: string, open: '"' | "'" | undefined): '"' | "'" | undefined {
  let q = open;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q === "'") {
      if (c === "'") q = undefined;
    } else if (q === '"') {
      if (c === '\\') i++;
      else if (c === '"') q = undefined;
    } else if (c === '\\') i++;
    else if (c === '"' || c === "'") q = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
  }
  return q;
}

function weakNameHint(path: string): Scored | undefined {
  const p = path.toLowerCase();
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (base.includes('haproxy')) return 'haproxy';
  if (base.endsWith('.cnf') || base === 'my.ini') return 'mycnf';
  if (base.endsWith('.sql')) return 'sql';
  if (base.endsWith('.sh') || base.endsWith('.bash')) return 'shell';
  if (/\.(service|socket|timer|mount|path|target)$/.test(base)) return 'systemd';
  if (
    base.includes('nginx') ||
    p.includes('sites-available/') ||
    p.includes('sites-enabled/') ||
    base.endsWith('.conf')
  )
    return 'nginx';
  if (
    base.includes('ufw') ||
    base.includes('iptables') ||
    base.includes('firewall') ||
    base.endsWith('.nft') ||
    base === 'rules.v4'
  )
    return 'firewall';
  if (base.startsWith('answers')) return 'answers';
  if (base.startsWith('inventory') || base.startsWith('hosts.y')) return 'inventory';
  return undefined;
}

class Evidence {
  readonly score = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Scored, number>;
  private readonly notes = Object.fromEntries(KINDS.map((k) => [k, new Map<string, number>()])) as Record<
    Scored,
    Map<string, number>
  >;
  add(kind: Scored, points: number, note: string): void {
    this.score[kind] += points;
    const m = this.notes[kind];
    m.set(note, (m.get(note) ?? 0) + 1);
  }
  reason(kind: Scored): string {
    return [...this.notes[kind].entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([n, c]) => (c > 1 ? `${c} ${n}` : n))
      .join(', ');
  }
}

/** Classifies a file by its content. Pure: never throws, never reads anything but `text`. */
export function sniff(path: string, text: string): SniffResult {
  try {
    return sniffInner(path, text);
  } catch {
    return { kind: 'unknown', confidence: 0, reason: 'could not be classified' };
  }
}

function sniffInner(path: string, text: string): SniffResult {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { kind: 'unknown', confidence: 1, reason: 'the file is empty' };
  if (text.indexOf('\0') !== -1)
    return { kind: 'unknown', confidence: 1, reason: 'the file is binary (it contains NUL bytes)' };
  const ev = new Evidence();
  let shellCmds = 0;
  let fwCmds = 0;
  let shebang: 'shell' | 'firewall' | undefined;
  let heredocEnd: string | undefined;
  let heredocTabs = false;
  /** Inside a quoted string a shell command opened on an earlier line: the quote that closes it. */
  let openQuote: '"' | "'" | undefined;
  let inChangeMaster = false;
  let keepalived = 0;
  const keepalivedSeen = new Set<string>();
  let luaIndent = -1; // inside an nginx *_by_lua_block: skip until its closing brace
  let lines = 0;
  let pos = 0;
  while (pos <= text.length && lines < MAX_LINES) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const raw = text.slice(pos, nl).replace(/\r$/, '');
    pos = nl + 1;
    lines++;
    if (heredocEnd !== undefined) {
      if ((heredocTabs ? raw.replace(/^\t+/, '') : raw) === heredocEnd) heredocEnd = undefined;
      continue;
    }
    if (openQuote !== undefined) {
      openQuote = quoteStateAfter(raw, openQuote);
      continue;
    }
    const t = raw.trim();
    if (t === '') continue;
    const indented = /^\s/.test(raw);
    const indent = raw.length - raw.trimStart().length;
    if (luaIndent >= 0) {
      if (t.startsWith('}') && indent <= luaIndent) luaIndent = -1;
      continue;
    }
    if (/^[a-z_]+_by_lua_block\s*\{\s*$/.test(t)) {
      ev.add('nginx', 3, 'Lua blocks (*_by_lua_block)');
      luaIndent = indent;
      continue;
    }
    if (lines === 1 && t.startsWith('#!')) {
      if (/\bnft\b/.test(t)) shebang = 'firewall';
      else if (SHELL_SHEBANG.test(t)) shebang = 'shell';
      continue;
    }
    if (t.startsWith('#')) continue;
    if (t.startsWith('--')) {
      ev.add('sql', 0.5, 'SQL comments');
      continue;
    }
    if (t.startsWith(';')) {
      ev.add('mycnf', 0.3, 'option-file comments');
      continue;
    }

    // Section headers.
    if (t.startsWith('[')) {
      if (SYSTEMD_SECTION.test(t)) ev.add('systemd', 4, 'systemd sections ([Unit]/[Service]/[Install])');
      else if (MYCNF_GROUP.test(t)) ev.add('mycnf', 4, 'MySQL option groups ([mysqld], [client]...)');
      continue;
    }
    if (!indented && /^\.(if|elif|else|endif|notice|warning|alert|diag)\b/.test(t))
      ev.add('haproxy', 1.5, 'HAProxy conditional blocks (.if/.endif)');
    if (!indented && HAPROXY_SECTION.test(t) && !/[;{]\s*$/.test(t))
      ev.add('haproxy', 3, 'HAProxy sections (global/defaults/frontend/backend/listen)');

    const firstWord = t.split(/\s+/, 1)[0];
    if (KEEPALIVED_KW.has(firstWord)) {
      keepalived += 2;
      keepalivedSeen.add(firstWord);
      continue;
    }
    const cmdWord = firstWord === 'sudo' ? (t.split(/\s+/)[1] ?? '') : firstWord;
    const endsDirective = /[;{]\s*(#.*)?$/.test(t) || t === '}';

    // Nginx: directives ending in ; or {, closing braces.
    if (t === '}' || t === '};') ev.add('nginx', 0.5, 'closing braces');
    else if (endsDirective && NGINX_KW.has(firstWord)) ev.add('nginx', 2, 'Nginx directives ending in ; or {');
    else if (/^[a-z_][a-z0-9_]*\s*\{\s*\}?\s*$/.test(t)) ev.add('nginx', 1.5, 'blocks (name {)');
    else if (endsDirective && /^[a-z_][a-z0-9_]*\s/.test(t) && !SQL_START.test(t))
      ev.add('nginx', 0.4, 'directive-like lines ending in ; or {');

    // HAProxy: indented keywords without ; or {.
    if (indented && HAPROXY_KW.has(firstWord) && !endsDirective) ev.add('haproxy', 1, 'indented HAProxy keywords');

    // Option files.
    if (MYCNF_OPT.test(t)) ev.add('mycnf', 1.5, 'MySQL options (server-id, bind-address, log_bin...)');
    else if (/^[a-z][a-z0-9_-]*\s*=\s*[^=]*$/.test(t) && !/[;{]$/.test(t)) ev.add('mycnf', 0.3, 'name = value lines');
    if (/^!include(dir)?\s/.test(t)) ev.add('mycnf', 2, '!include directives');

    // systemd keys.
    if (SYSTEMD_KEY.test(t)) ev.add('systemd', 1, 'systemd keys (ExecStart=, WantedBy=...)');

    // SQL.
    if (SQL_START.test(t)) {
      ev.add(
        'sql',
        SQL_REPLICATION.test(t) ? 4 : 3,
        SQL_REPLICATION.test(t) ? 'replication statements (CHANGE MASTER, GRANT, CREATE USER...)' : 'SQL statements',
      );
      inChangeMaster = /^CHANGE\s/i.test(t) && !t.endsWith(';');
    } else if (inChangeMaster && SQL_OPTION.test(t)) {
      ev.add('sql', 1, 'CHANGE MASTER options');
      if (t.endsWith(';')) inChangeMaster = false;
    }

    // Firewall rule files (iptables-save, nftables).
    if (
      /^\*(filter|nat|mangle|raw|security)$/.test(t) ||
      /^:[A-Z-]+ (ACCEPT|DROP|-)/.test(t) ||
      /^-A [A-Z]/.test(t) ||
      t === 'COMMIT'
    )
      ev.add('firewall', 2, 'iptables-save rules');
    // /etc/default/ufw (its policy lines; `IPV6=yes` alone is too vague)
    if (/^DEFAULT_(INPUT|OUTPUT|FORWARD|APPLICATION)_POLICY\s*=/.test(t))
      ev.add('firewall', 3, "ufw's policies (/etc/default/ufw)");
    if (/^table\s+(inet|ip|ip6|arp|bridge|netdev)\s+\S+\s*\{/.test(t) || /^(chain|type filter hook)\s/.test(t))
      ev.add('firewall', 3, 'nftables tables and chains');

    // Commands.
    if (FIREWALL_CMD.has(cmdWord)) {
      fwCmds++;
      ev.add('firewall', 3, `${cmdWord} commands`);
    } else if (endsDirective && NGINX_KW.has(firstWord)) {
      // `return 200;`, `set $x 1;`: Nginx, not shell
    } else if (
      SHELL_CMD.has(cmdWord) ||
      (/^[A-Za-z_][A-Za-z0-9_]*=\S*$/.test(t) && !SYSTEMD_KEY.test(t) && /^[A-Z_]+=/.test(t))
    ) {
      shellCmds++;
      ev.add(
        'shell',
        firstWord === 'sudo' ? 2.5 : SHELL_CMD.has(cmdWord) && cmdWord.length > 2 ? 2 : 1,
        'shell commands',
      );
    }
    // A command or assignment that opens a quoted string and leaves it open: the lines up to the
    // closing quote are the string's text (often a whole config), not evidence.
    if (
      (SHELL_CMD.has(cmdWord) && !(endsDirective && NGINX_KW.has(firstWord))) ||
      /^(export\s+|local\s+|readonly\s+)?[A-Za-z_][A-Za-z0-9_]*\+?=["']/.test(t)
    ) {
      const q = quoteStateAfter(raw, undefined);
      if (q !== undefined) {
        openQuote = q;
        ev.add('shell', 2, 'multi-line quoted strings');
      }
    }
    if (/\$\(|\$\{|&&|\|\||\s\|\s/.test(t) && !endsDirective) ev.add('shell', 0.5, 'shell expansions or pipes');
    const hd = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(t);
    if (hd && !SQL_START.test(t)) {
      heredocEnd = hd[3];
      heredocTabs = hd[1] === '-';
      ev.add('shell', 4, 'heredocs (cat <<EOF)');
      shellCmds++;
    }

    // YAML answers and inventories.
    if (!indented && ANSWER_KEYS.test(t)) ev.add('answers', 3, 'design-answer keys (spof, algorithm, setup...)');
    if (!indented && /^lab\s*:/.test(t)) {
      ev.add('answers', 1, 'a lab: key');
      ev.add('inventory', 1, 'a lab: key');
    }
    if (!indented && /^(hosts|all|servers|machines)\s*:\s*$/.test(t)) ev.add('inventory', 4, 'a hosts: key');
    if (IPV4.test(raw) && !/[;{]$/.test(t)) ev.add('inventory', 2, 'host names mapped to IP addresses');
    if (/^\s*ansible_host\s*:/.test(raw)) ev.add('inventory', 2, 'ansible_host entries');
    if (/^-\s+[\w-]+$/.test(t) && indented === false) ev.add('answers', 0.3, 'YAML list items');
    if (/^\s+-\s+[\w-]+\s*$/.test(raw)) ev.add('answers', 0.3, 'YAML list items');
  }

  // A shebang counts for the kind of commands the script runs.
  if (shebang === 'firewall') ev.add('firewall', 8, 'an nft shebang');
  else if (shebang === 'shell') {
    if (fwCmds > 0 && fwCmds >= shellCmds) ev.add('firewall', 6, 'a shell shebang over firewall commands');
    else {
      // a shell shebang decides: whatever config text the script holds, the file is the script
      ev.add('shell', 8, 'a shell shebang');
      const others = Math.max(...KINDS.filter((k) => k !== 'shell').map((k) => ev.score[k]));
      if (ev.score.shell <= others) ev.add('shell', others - ev.score.shell + 8, 'a shell shebang');
    }
  }
  // Firewall commands in a script that does much else: the script is a provisioning script.
  if (fwCmds > 0 && shellCmds > fwCmds)
    ev.add('shell', ev.score.firewall * 0.5, 'other commands around the firewall rules');

  const hint = weakNameHint(path);
  if (hint) ev.add(hint, 0.75, `its name (${path.slice(path.lastIndexOf('/') + 1)})`);

  const ranked = [...KINDS].sort((a, b) => ev.score[b] - ev.score[a]);
  const best = ranked[0];
  const top = ev.score[best];
  if (keepalivedSeen.size >= 2 && keepalived > top)
    return {
      kind: 'unknown',
      confidence: 0.9,
      reason: `keepalived configuration keywords (${[...keepalivedSeen].slice(0, 3).join(', ')}): not a built-in kind`,
    };
  const second = ev.score[ranked[1]];
  if (top < 2) {
    return {
      kind: 'unknown',
      confidence: Math.round((1 - top / 4) * 100) / 100,
      reason:
        top > 0
          ? `too little evidence (at most: ${ev.reason(best)})`
          : 'no recognisable configuration, SQL or shell syntax',
    };
  }
  const strength = 1 - Math.exp(-top / 6);
  const margin = top / (top + second);
  const confidence = Math.round(Math.min(1, strength * (0.5 + margin / 2) + 0.0001) * 100) / 100;
  const runnerUp =
    second > 0 ? `; next: ${ranked[1]} (${Math.round(second * 10) / 10} vs ${Math.round(top * 10) / 10})` : '';
  return { kind: best, confidence, reason: `${ev.reason(best)}${runnerUp}` };
}
