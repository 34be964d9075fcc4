/**
 * The live plan, read from the model the static checks read (model/build.ts): each host of the lab with
 * its spec role, the files the model recognised there placed where the host reads them
 * (`/etc/nginx/sites-enabled/default`...), its SQL and its app unit. Learner files run as the learner
 * wrote them (their bytes, not the model's text without terminal artefacts); files a learner's script
 * writes run as the model reconstructed them, at their target. Also the safety scan: a config that
 * references a file outside the submission and the stock paths is refused before anything starts.
 */
import type { FileTree } from '../../core/vfs';
import { basename } from '../../core/vfs';
import type { Model, ModelFile } from '../../core/model/types';
import { parseNginxText, type NginxDirective } from '../../core/parsers/nginx';
import { posix } from 'node:path';
import { mysqlForMariadb } from './mysql-dialect';

export { mysqlForMariadb };

export type Role = 'lb' | 'web' | 'app' | 'db-primary' | 'db-replica' | 'other';
/** The kinds of file live mode places on a host (SQL and the app unit are kept apart). */
export type FileKind = 'haproxy' | 'nginx' | 'mycnf';

export interface PlacedFile {
  /** Submission-relative path of the learner's file (the script, for reconstructed files). */
  source: string;
  /** Absolute path on the host (inside its private mount namespace). */
  target: string;
  kind: FileKind;
  text: string;
  /** For reconstructed files: line i+1 came from origin[i] in the learner's script. */
  origin?: Array<{ file: string; line: number } | undefined>;
}

export interface HostPlan {
  name: string;
  role: Role;
  /** Where the host runs (the lab's sandbox address; in loopback mode its 127.x.y.z stand-in). */
  address: string;
  /** The sandbox address the files use, in loopback mode. */
  origAddress?: string;
  files: PlacedFile[];
  sql: Array<{ source: string; text: string }>;
  unit?: { source: string; env: Record<string, string>; execStart?: string; user?: string };
}

export interface Refusal {
  host: string;
  file: string;
  line: number;
  column: number;
  path: string;
  why: string;
}

export interface Plan {
  hosts: HostPlan[];
  refusals: Refusal[];
  notes: Array<{ host: string; file?: string; what: string }>;
}

/** The live role of a spec role (never guessed from a host's name). */
const ROLES: Record<string, Role> = {
  'load-balancer': 'lb',
  web: 'web',
  app: 'app',
  'db-primary': 'db-primary',
  'db-replica': 'db-replica',
};
export function liveRole(specRole: string): Role {
  return Object.prototype.hasOwnProperty.call(ROLES, specRole) ? ROLES[specRole] : 'other';
}

const dec = new TextDecoder('utf-8');

/** An absolute path named in a header comment (`# web-01: /etc/nginx/sites-available/default`). */
function headerPath(text: string, under: string): string | undefined {
  for (const line of text.split('\n').slice(0, 5)) {
    if (!/^\s*(#|--|;)/.test(line)) continue;
    const m = new RegExp(`(${under.replace(/\//g, '\\/')}[\\w./-]*[\\w-])`).exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** Where a learner's own file goes on its host: a path in its header comment, else by its content and name. */
function targetOf(kind: FileKind, path: string, text: string): string {
  const name = basename(path);
  switch (kind) {
    case 'haproxy':
      return headerPath(text, '/etc/haproxy/') ?? '/etc/haproxy/haproxy.cfg';
    case 'nginx': {
      const h = headerPath(text, '/etc/nginx/');
      if (h) return h;
      const stripped = text.replace(/#.*$/gm, '');
      if (/^[^\S\n]*(http|events)\s*\{/m.test(stripped)) return '/etc/nginx/nginx.conf';
      if (/^[^\S\n]*server\s*\{/m.test(stripped)) return `/etc/nginx/sites-enabled/${name}`;
      return `/etc/nginx/conf.d/${name.endsWith('.conf') ? name : name + '.conf'}`;
    }
    case 'mycnf': {
      const h = headerPath(text, '/etc/mysql/');
      if (h) return h;
      if (name === 'my.cnf') return '/etc/mysql/my.cnf';
      return `/etc/mysql/mariadb.conf.d/${name.endsWith('.cnf') ? name : name + '.cnf'}`;
    }
  }
}

function parseUnit(text: string): { env: Record<string, string>; execStart?: string; user?: string } {
  const env: Record<string, string> = {};
  let execStart: string | undefined;
  let user: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = /^Environment\s*=\s*(.*)$/.exec(line);
    if (m) {
      for (const part of m[1].match(/"[^"]*"|\S+/g) ?? []) {
        const kv = part.replace(/^"|"$/g, '');
        const i = kv.indexOf('=');
        if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
      }
    }
    const e = /^ExecStart\s*=\s*(.*)$/.exec(line);
    if (e) execStart = e[1];
    const u = /^User\s*=\s*(\S+)/.exec(line);
    if (u) user = u[1];
    // gunicorn / flask style bind in ExecStart: --bind 10.0.0.13:5000
    const b = /--bind[= ]\s*([\d.]+):(\d+)/.exec(line);
    if (b) {
      env.HOST ??= b[1];
      env.PORT ??= b[2];
    }
  }
  return { env, execStart, user };
}

const placedKind = (k: string): FileKind | undefined =>
  k === 'haproxy' || k === 'nginx' || k === 'mycnf' ? k : undefined;

/** Kinds the model recognises that live mode does not run and that need no note (a script's outputs are planned on their own). */
const QUIET_KINDS = new Set(['shell', 'firewall', 'readme']);

/**
 * The live plan of a submission from its model: per host of the lab (its spec role, its sandbox
 * address), the files the model holds there. Files the model did not place on the host (unknown
 * content, a kind the host's role does not hold) are noted as not used; files the model adds as
 * installed by a package and left as shipped are not placed (the sandbox starts from the stock tree).
 */
export function planFromModel(model: Model, tree: FileTree): Plan {
  const plan: Plan = { hosts: [], refusals: [], notes: [] };
  const unused = new Map<ModelFile, Model['unrecognised'][number]['reason']>(
    model.unrecognised.map((u) => [u.file, u.reason]),
  );
  const raw = (path: string): string | undefined => {
    const bytes = tree.read(path);
    return bytes ? dec.decode(bytes) : undefined;
  };
  for (const h of model.lab.hosts) {
    const hp: HostPlan = { name: h.name, role: liveRole(h.role), address: h.address, files: [], sql: [] };
    for (const mf of model.hosts[h.name]?.files ?? []) {
      if (mf.fromScript && mf.reason.startsWith('installed by')) continue;
      const why = unused.get(mf);
      if (
        why ||
        mf.kind === 'unknown' ||
        (!QUIET_KINDS.has(mf.kind) && !['haproxy', 'nginx', 'mycnf', 'sql', 'systemd'].includes(mf.kind))
      ) {
        // (a script's outputs that are not configurations were never noted)
        if (!mf.fromScript)
          plan.notes.push({
            host: h.name,
            file: mf.path,
            what:
              why === 'unexpected-kind'
                ? `a ${mf.kind} file, which a ${h.role} host does not hold: not used`
                : 'not recognised as a configuration this host uses: not used',
          });
        continue;
      }
      const source = mf.fromScript ?? mf.path;
      const text = mf.fromScript ? mf.source.text : raw(mf.path);
      if (text === undefined) continue;
      const kind = placedKind(mf.kind);
      if (kind) {
        let target = mf.fromScript && mf.target ? mf.target : targetOf(kind, mf.path, text);
        let body = text;
        if (kind === 'mycnf') {
          const m = mysqlForMariadb(target, text);
          target = m.target;
          body = m.text;
          for (const what of m.notes) plan.notes.push({ host: h.name, file: source, what });
        }
        if (mf.fromScript && mf.target) {
          // lines from the distribution's stock files point at `stock:...`: not the learner's
          const origin = mf.source.origin?.map((o) => (o && !o.file.startsWith('stock:') ? o : undefined));
          hp.files.push({ source, target, kind, text: body, ...(origin ? { origin } : {}) });
        } else hp.files.push({ source, target, kind, text: body });
      } else if (mf.kind === 'sql') hp.sql.push({ source, text });
      else if (mf.kind === 'systemd') hp.unit = { source, ...parseUnit(text) };
    }
    plan.hosts.push(hp);
  }
  for (const hp of plan.hosts) for (const f of hp.files) plan.refusals.push(...scanFile(hp.name, f));
  for (const hp of plan.hosts) for (const s of hp.sql) plan.refusals.push(...scanSql(hp.name, s.source, s.text));
  return plan;
}

/* ------------------------------------------------------------------ safety scan */

const ALLOWED: Record<'nginx' | 'haproxy' | 'mycnf', string[]> = {
  nginx: [
    '/etc/nginx/',
    '/var/log/nginx/',
    '/var/lib/nginx/',
    '/run/',
    '/var/run/',
    '/var/www/',
    '/usr/share/nginx/',
    '/usr/lib/nginx/',
    '/tmp/',
    '/dev/null',
    '/dev/stderr',
    '/dev/stdout',
    '/etc/ssl/',
  ],
  haproxy: [
    '/etc/haproxy/',
    '/var/lib/haproxy',
    '/run/',
    '/var/run/',
    '/etc/ssl/',
    '/dev/log',
    '/usr/share/haproxy/',
    '/tmp/',
  ],
  mycnf: [
    '/etc/mysql/',
    '/var/lib/mysql',
    '/var/log/mysql',
    '/run/mysqld',
    '/var/run/mysqld',
    '/tmp',
    '/usr/share/mysql',
    '/usr/share/mariadb',
    '/usr/lib/mysql',
    '/usr/lib/x86_64-linux-gnu/mariadb',
    '/usr',
    '/dev/null',
  ],
};

/** Where a server may WRITE (create a log, a pid file, a socket): only the folders each host has privately. */
const WRITABLE: Record<'nginx' | 'haproxy', string[]> = {
  nginx: [
    '/var/log/',
    '/run/',
    '/var/run/',
    '/tmp/',
    '/var/lib/nginx/',
    '/etc/nginx/',
    '/var/www/',
    '/dev/null',
    '/dev/stderr',
    '/dev/stdout',
  ],
  haproxy: ['/run/', '/var/run/', '/tmp/', '/etc/haproxy/'],
};
const NGINX_WRITES = new Set([
  'access_log',
  'error_log',
  'pid',
  'lock_file',
  'client_body_temp_path',
  'proxy_temp_path',
  'fastcgi_temp_path',
  'uwsgi_temp_path',
  'scgi_temp_path',
  'proxy_cache_path',
  'fastcgi_cache_path',
  'uwsgi_cache_path',
  'scgi_cache_path',
  'working_directory',
]);
const HAPROXY_WRITES = new Set(['socket', 'pidfile']);

function under(list: string[], p: string): boolean {
  if (p.includes('/../') || p.endsWith('/..')) return false;
  return list.some((a) => p === a.replace(/\/$/, '') || p.startsWith(a.endsWith('/') ? a : a + '/') || p === a);
}

function allowed(kind: 'nginx' | 'haproxy' | 'mycnf', p: string, write = false): boolean {
  return under(write && kind !== 'mycnf' ? WRITABLE[kind] : ALLOWED[kind], p);
}

/** Words of a line, with their columns, quotes removed. */
function words(line: string): Array<{ w: string; col: number }> {
  const out: Array<{ w: string; col: number }> = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s;{}]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push({ w: m[1] ?? m[2] ?? m[3], col: m.index + 1 });
  return out;
}

const NGINX_FILE_DIRECTIVES = new Set([
  'include',
  'ssl_certificate',
  'ssl_certificate_key',
  'ssl_trusted_certificate',
  'ssl_client_certificate',
  'ssl_dhparam',
  'ssl_password_file',
  'ssl_crl',
  'ssl_stapling_file',
  'ssl_session_ticket_key',
  'auth_basic_user_file',
  'access_log',
  'error_log',
  'pid',
  'load_module',
  'client_body_temp_path',
  'proxy_temp_path',
  'fastcgi_temp_path',
  'uwsgi_temp_path',
  'scgi_temp_path',
  'proxy_cache_path',
  'fastcgi_cache_path',
  'uwsgi_cache_path',
  'scgi_cache_path',
  'working_directory',
  'lock_file',
  'proxy_ssl_certificate',
  'proxy_ssl_certificate_key',
  'proxy_ssl_trusted_certificate',
  'proxy_ssl_password_file',
  'geoip_country',
  'geoip_city',
  'geoip_org',
  'js_import',
  'js_include',
  'js_path',
  'perl_modules',
  'perl_require',
]);

const HAPROXY_PATH_AFTER = new Set([
  'crt',
  'crt-list',
  'ca-file',
  'crl-file',
  '-f',
  'ca-verify-file',
  'issuers-chain-path',
  'ssl-dh-param-file',
  'server-state-file',
  'ca-base',
  'crt-base',
  'chroot',
  'pidfile',
  'errorfile',
  'socket',
  'ssl-provider-path',
]);

function scanFile(host: string, f: PlacedFile): Refusal[] {
  const out: Refusal[] = [];
  const lines = f.text.split('\n');
  const at = (i: number, col: number): { file: string; line: number; column: number } => {
    const o = f.origin?.[i];
    return o ? { file: o.file, line: o.line, column: 1 } : { file: f.source, line: i + 1, column: col };
  };
  const refuse = (i: number, col: number, path: string, why: string): void => {
    out.push({ host, ...at(i, col), path, why });
  };
  if (f.kind === 'nginx') {
    // Statements, not lines (issue 12, item 4): `include` NEWLINE `/etc/shadow;` is one statement. Relative
    // paths are resolved as nginx resolves them: includes from /etc/nginx/, the rest from the prefix
    // /usr/share/nginx/ (`pid ../../../x` is /x).
    const parse = parseNginxText(f.source, f.text);
    const walk = (ds: NginxDirective[]): void => {
      for (const d of ds) {
        if (d.block) walk(d.block);
        if (d.span.file !== parse.configs[0]?.file) continue;
        const name = d.directive;
        if (name === 'perl_modules' || name === 'perl_require' || name === 'js_import')
          refuse(d.span.line - 1, d.span.column, name, 'code loading is not allowed in the sandbox');
        if (!NGINX_FILE_DIRECTIVES.has(name)) continue;
        for (const a of d.argv) {
          const v = a.value;
          if (
            !v ||
            v.includes('$') ||
            v.startsWith('syslog:') ||
            v.startsWith('data:') ||
            v === 'off' ||
            v === 'stderr'
          )
            break;
          const p = posix.normalize(
            v.startsWith('/') ? v : (name === 'include' ? '/etc/nginx/' : '/usr/share/nginx/') + v,
          );
          if (!allowed('nginx', p, NGINX_WRITES.has(name))) {
            refuse(
              a.span.line - 1,
              a.span.column,
              v,
              NGINX_WRITES.has(name)
                ? `nginx \`${name}\` would write outside the folders the sandbox gives this host`
                : `nginx \`${name}\` names a file outside the stock nginx paths`,
            );
          }
          break; // the path is the first argument
        }
      }
    };
    walk(parse.configs[0]?.parsed ?? []);
  } else if (f.kind === 'haproxy') {
    let section = '';
    lines.forEach((raw, i) => {
      const line = raw.replace(/(^|\s)#.*$/, '');
      const ws = words(line);
      if (!ws.length) return;
      const kw = ws[0].w;
      if (
        /^(global|defaults|frontend|backend|listen|program|userlist|peers|resolvers|cache|ring|mailers|http-errors)$/.test(
          kw,
        )
      )
        section = kw;
      if (kw === 'program')
        refuse(i, ws[0].col, 'program', 'HAProxy `program` sections run commands: not allowed in the sandbox');
      if (/^lua-/.test(kw)) refuse(i, ws[0].col, kw, 'Lua code is not loaded in the sandbox');
      if (kw === 'external-check' || (kw === 'option' && ws[1]?.w === 'external-check'))
        refuse(i, ws[0].col, 'external-check', 'external checks run commands: not allowed in the sandbox');
      if (kw === 'log' && ws[1]?.w.startsWith('/') && !allowed('haproxy', ws[1].w))
        refuse(i, ws[1].col, ws[1].w, 'HAProxy `log` to a socket outside the stock paths');
      ws.forEach((w, j) => {
        if (j > 0 && HAPROXY_PATH_AFTER.has(ws[j - 1].w)) {
          const p = w.w;
          const target = kw === 'errorfile' ? ws[2] : w;
          if (kw === 'errorfile' && j !== 2) return;
          const writes = HAPROXY_WRITES.has(ws[j - 1].w);
          // (a relative path is resolved from HAProxy's working folder, /)
          if (
            target &&
            target.w &&
            !target.w.includes('$') &&
            (target.w.includes('..') ||
              !allowed('haproxy', target.w.startsWith('/') ? target.w : `/${target.w}`, writes))
          )
            refuse(
              i,
              target.col,
              target.w,
              writes
                ? `HAProxy \`${ws[j - 1].w}\` would create a file outside the folders the sandbox gives this host`
                : `HAProxy \`${ws[j - 1].w}\` names a file outside the stock paths`,
            );
          void p;
        }
        for (const m of w.w.matchAll(/\bmap(?:_\w+)?\(([^),]+)/g))
          if (m[1].startsWith('/') && !allowed('haproxy', m[1]))
            refuse(i, w.col, m[1], 'a map file outside the stock paths');
      });
      void section;
    });
  } else if (f.kind === 'mycnf') {
    lines.forEach((raw, i) => {
      const inc = /^!(include|includedir)\s+(.+)$/.exec(raw.trim());
      if (inc) {
        const p = inc[2].startsWith('/') ? inc[2] : `/etc/mysql/${inc[2]}`;
        if ((!p.startsWith('/etc/mysql/') && p !== '/etc/mysql') || p.includes('..'))
          refuse(i, raw.indexOf(inc[2]) + 1, inc[2], `\`!${inc[1]}\` reads outside /etc/mysql`);
        return;
      }
      const kv = /^([A-Za-z][\w-]*)[^\S\n]*=[^\S\n]*(.*)$/.exec(raw.trim());
      if (!kv) return;
      const name = kv[1]
        .toLowerCase()
        .replace(/-/g, '_')
        .replace(/^loose_/, '');
      const value = kv[2].replace(/^["']|["']$/g, '');
      if (name === 'init_file' || (name === 'init_connect' && /\bLOAD_FILE|OUTFILE/i.test(value)))
        refuse(i, 1, value, `\`${kv[1]}\` runs SQL from a file at start-up: not allowed in the sandbox`);
      // Code loading: only the distribution's plugins (by name, from the stock plugin folder)
      else if (name === 'plugin_dir' && value.replace(/\/+$/, '') !== '/usr/lib/mysql/plugin')
        refuse(
          i,
          raw.indexOf(kv[2]) + 1,
          value,
          `\`${kv[1]}\` loads server plugins (code) from outside the distribution's plugin folder`,
        );
      else if ((name === 'plugin_load' || name === 'plugin_load_add') && /[/\\]/.test(value))
        refuse(
          i,
          raw.indexOf(kv[2]) + 1,
          value,
          `\`${kv[1]}\` names a plugin by path: only the distribution's plugins, by name, are loaded`,
        );
      else if (value.startsWith('/') && !allowed('mycnf', value))
        refuse(i, raw.indexOf(kv[2]) + 1, value, `\`${kv[1]}\` names a path outside the stock MariaDB paths`);
    });
  }
  return out;
}

export function scanSql(host: string, file: string, text: string): Refusal[] {
  const out: Refusal[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/--\s.*$|#.*$/, '');
    const checks: Array<[RegExp, string]> = [
      [/\bINTO\s+(OUT|DUMP)FILE\b/i, 'writes a file on the server'],
      [/\bLOAD\s+(DATA|XML)\b/i, 'reads a file on the server'],
      [/\bLOAD_FILE\s*\(/i, 'reads a file on the server'],
      [/\b(general_log_file|slow_query_log_file|plugin_dir|secure_file_priv)\b/i, 'points the server at a file'],
      [/\bINSTALL\s+(PLUGIN|SONAME)\b/i, 'loads server code'],
      [
        /^\s*(\\!|system\b|\\\.|source\b|tee\b|\\T|pager\b|\\P)/i,
        'is a client command that runs programs or touches files',
      ],
    ];
    for (const [re, why] of checks) {
      const m = re.exec(line);
      if (m)
        out.push({
          host,
          file,
          line: i + 1,
          column: (m.index ?? 0) + 1,
          path: m[0].trim(),
          why: `\`${m[0].trim()}\` ${why}: not allowed in the sandbox`,
        });
    }
  });
  return out;
}

/* ------------------------------------------------------------------ small readers */

/** `1s`, `500ms`, `2m`, `3000` (ms) -> ms. */
export function haproxyTime(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const m = /^(\d+(?:\.\d+)?)(us|ms|s|m|h|d)?$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const mult: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };
  return n * mult[m[2] ?? 'ms'];
}

export interface HealthParams {
  inter: number;
  fall: number;
  rise: number;
  /** Where each came from (for the finding). */
  from: string;
}

/**
 * inter/fall/rise of a server (by name or address) as HAProxy would use them: the server line,
 * else `default-server` of its section, else of `defaults`; HAProxy's own defaults inter 2s fall 3 rise 2.
 */
export function healthParams(cfg: string, server: { name: string; address: string }): HealthParams {
  let section = '';
  const defaultsDs: Record<string, string> = {};
  let sectionDs: Record<string, string> = {};
  let found: { own: Record<string, string>; ds: Record<string, string> } | undefined;
  const opts = (ws: string[]): Record<string, string> => {
    const o: Record<string, string> = {};
    for (let i = 0; i < ws.length - 1; i++)
      if (ws[i] === 'inter' || ws[i] === 'fall' || ws[i] === 'rise') o[ws[i]] = ws[i + 1];
    return o;
  };
  for (const raw of cfg.split('\n')) {
    const ws = raw
      .replace(/(^|\s)#.*$/, '')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    if (!ws.length) continue;
    if (/^(global|defaults|frontend|backend|listen)$/.test(ws[0])) {
      section = ws[0];
      sectionDs = {};
      continue;
    }
    if (ws[0] === 'default-server') {
      Object.assign(section === 'defaults' ? defaultsDs : sectionDs, opts(ws));
    } else if (ws[0] === 'server' && !found) {
      const addr = (ws[2] ?? '').replace(/:\d+$/, '');
      if (ws[1] === server.name || addr === server.address) found = { own: opts(ws), ds: { ...sectionDs } };
    }
  }
  const pick = (k: string): [string | undefined, string] => {
    if (found?.own[k]) return [found.own[k], 'server line'];
    if (found?.ds[k]) return [found.ds[k], 'default-server'];
    if (defaultsDs[k]) return [defaultsDs[k], 'defaults default-server'];
    return [undefined, 'HAProxy default'];
  };
  const [i, fi] = pick('inter');
  const [f, ff] = pick('fall');
  const [r] = pick('rise');
  return {
    inter: haproxyTime(i) ?? 2000,
    fall: Number(f ?? 3) || 3,
    rise: Number(r ?? 2) || 2,
    from: `inter from ${fi}, fall from ${ff}`,
  };
}

/** Accounts created by a SQL script with their passwords and whether they got replication rights. */
export function sqlAccounts(
  text: string,
): Array<{ user: string; host: string; password?: string; replication: boolean; privileges: string[]; line: number }> {
  const accounts: Array<{
    user: string;
    host: string;
    password?: string;
    replication: boolean;
    privileges: string[];
    line: number;
  }> = [];
  const strip = text.replace(/--\s.*$|#.*$/gm, '');
  const q = `[\`'"]?([^\`'"@\\s]+)[\`'"]?`;
  const createRe = new RegExp(
    `CREATE\\s+USER\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${q}(?:@${q})?(?:\\s+IDENTIFIED\\s+(?:WITH\\s+\\S+\\s+)?BY\\s+(?:PASSWORD\\s+)?'([^']*)')?`,
    'gi',
  );
  let m: RegExpExecArray | null;
  while ((m = createRe.exec(strip))) {
    accounts.push({
      user: m[1],
      host: m[2] ?? '%',
      password: m[3],
      replication: false,
      privileges: [],
      line: strip.slice(0, m.index).split('\n').length,
    });
  }
  const grantRe = new RegExp(
    `GRANT\\s+([\\s\\S]+?)\\s+ON\\s+(\\S+)\\s+TO\\s+${q}(?:@${q})?(?:\\s+IDENTIFIED\\s+BY\\s+'([^']*)')?`,
    'gi',
  );
  while ((m = grantRe.exec(strip))) {
    const privs = m[1]
      .toUpperCase()
      .split(',')
      .map((s) => s.trim().replace(/\s+/g, ' '));
    let a = accounts.find((x) => x.user === m![3] && x.host === (m![4] ?? '%'));
    if (!a) {
      a = {
        user: m[3],
        host: m[4] ?? '%',
        password: m[5],
        replication: false,
        privileges: [],
        line: strip.slice(0, m.index).split('\n').length,
      };
      accounts.push(a);
    }
    a.privileges.push(...privs.map((p) => `${p} ON ${m![2]}`));
    if (privs.some((p) => /^REPLICATION (SLAVE|REPLICA)$/.test(p))) a.replication = true;
  }
  return accounts;
}

/** Databases a SQL script creates. */
export function sqlDatabases(text: string): string[] {
  return [
    ...text
      .replace(/--\s.*$|#.*$/gm, '')
      .matchAll(/CREATE\s+(?:DATABASE|SCHEMA)\s+(?:IF\s+NOT\s+EXISTS\s+)?[`'"]?(\w+)/gi),
  ].map((m) => m[1]);
}
