/**
 * Preparing and starting each host's server from the learner's files. Every host gets private
 * copies of the stock trees (/etc/nginx, /etc/haproxy, /etc/mysql) with the learner's files
 * placed where they say they go, plus private /run, /var/log, /tmp (and /var/lib/mysql...), all
 * bind-mounted in the host's own mount namespace: stock paths and includes work unchanged.
 * Each thing the harness adds or changes is recorded in `changes`.
 */
import { projectRoot } from '../paths';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { HostPlan, PlacedFile } from './discover';
import { type LoopbackMap, rewriteTree } from './loopback';
import type { Mount, Sandbox } from './sandbox';

import type { Change } from './change';

export type { Change };

export interface PreparedHost {
  plan: HostPlan;
  dir: string;
  mounts: Mount[];
  /** Host-side path for an absolute path inside the host (through the mounts), if mounted. */
  outside(p: string): string | undefined;
  /** Files placed: in-host target -> learner's file. */
  placed: PlacedFile[];
  /** The command that starts the server (inside the host's namespaces in netns mode). */
  argv: string[];
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** Learner files by their path in the run dir (for loopback rewrites, to name the file changed). */
function learnerMap(placed: PlacedFile[], outside: (p: string) => string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of placed) {
    const o = outside(f.target);
    if (o) m.set(o, f.source);
  }
  return m;
}

function uidOf(user: string): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${user}:`));
    if (!line) return undefined;
    const f = line.split(':');
    return { uid: Number(f[2]), gid: Number(f[3]) };
  } catch {
    return undefined;
  }
}

function chownTo(path: string, user: string): void {
  const u = uidOf(user);
  if (u && process.getuid?.() === 0) chownSync(path, u.uid, u.gid);
}

function mkdir(p: string, mode = 0o755, owner?: string): string {
  mkdirSync(p, { recursive: true });
  chmodSync(p, mode);
  if (owner) chownTo(p, owner);
  return p;
}

/**
 * The user switch a learner's configuration cannot override (issue 12, item 3): as root, the server
 * starts as `user` (setpriv: real, effective and saved ids, no supplementary groups), with no capability
 * but, for a web server or load balancer, the right to listen on ports below 1024, and `no_new_privs`.
 * Its `user root;` / `user = root` is then ignored by the server itself, and a relative `pid ../../x`
 * cannot create a file where that user may not write.
 */
export function asUser(user: string, argv: string[], lowPorts = true): string[] {
  if (!isRoot()) return argv;
  return [
    'setpriv',
    `--reuid=${user}`,
    `--regid=${user}`,
    '--clear-groups',
    ...(lowPorts ? ['--inh-caps=+net_bind_service', '--ambient-caps=+net_bind_service'] : []),
    '--no-new-privs',
    ...argv,
  ];
}

/** Gives a run-dir folder (and what is in it) to the server's user. */
function chownTree(path: string, user: string): void {
  if (!isRoot() || !existsSync(path)) return;
  chownTo(path, user);
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), user);
}

/** One-word statements (`daemon on;`) of an Nginx text named `name`, blanked (line breaks kept, so line numbers stay): how many. */
function blankNginxDirective(text: string, name: string): { text: string; count: number } {
  let count = 0;
  // (linear: after the name only blanks and one word, never "anything up to the next ;")
  const re = new RegExp(`(^|[;{}\\s])${name}\\s+["']?[A-Za-z]+["']?\\s*;`, 'g');
  const out = text.replace(re, (m, lead: string) => {
    count++;
    return lead + m.slice(lead.length).replace(/[^\n]/g, ' ');
  });
  return { text: out, count };
}

function mkOutside(mounts: Mount[]): (p: string) => string | undefined {
  return (p: string) => {
    const norm = p.replace(/^\/var\/run\//, '/run/');
    let best: Mount | undefined;
    for (const m of mounts)
      if ((norm === m.target || norm.startsWith(m.target + '/')) && (!best || m.target.length > best.target.length))
        best = m;
    return best ? best.src + norm.slice(best.target.length) : undefined;
  };
}

/** A throwaway self-signed EC certificate (PEM cert + key), made once per run. */
export function throwawayCert(sb: Sandbox): { pem: string; crt: string; key: string } {
  const d = sb.hostDir('_certs');
  const crt = join(d, 'site.crt');
  const key = join(d, 'site.key');
  const pem = join(d, 'site.pem');
  if (!existsSync(pem)) {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=lab.example.test',
        '-keyout',
        key,
        '-out',
        crt,
      ],
      { stdio: 'pipe', timeout: 10_000 },
    );
    writeFileSync(pem, readFileSync(crt, 'utf8') + readFileSync(key, 'utf8'), { mode: 0o600 });
  }
  return { pem, crt, key };
}

function placeFiles(hp: HostPlan, outside: (p: string) => string | undefined, changes: Change[]): PlacedFile[] {
  const placed: PlacedFile[] = [];
  for (const f of hp.files) {
    const o = outside(f.target);
    if (!o) {
      changes.push({
        host: hp.name,
        file: f.source,
        what: `not placed: ${f.target} is not under a path the sandbox provides`,
      });
      continue;
    }
    mkdirSync(dirname(o), { recursive: true });
    try {
      unlinkSync(o);
    } catch {
      /* not there */
    }
    writeFileSync(o, f.text);
    placed.push(f);
  }
  return placed;
}

/** Certificates the configs reference but the submission does not hold: a throwaway one in their place. */
function provideCerts(
  sb: Sandbox,
  hp: HostPlan,
  outside: (p: string) => string | undefined,
  changes: Change[],
  refs: Array<{ path: string; kind: 'pem' | 'crt' | 'key'; file: string }>,
  owner?: string,
): void {
  for (const r of refs) {
    const o = outside(r.path);
    if (!o || existsSync(o)) continue;
    const c = throwawayCert(sb);
    mkdirSync(dirname(o), { recursive: true });
    copyFileSync(r.kind === 'pem' ? c.pem : r.kind === 'crt' ? c.crt : c.key, o);
    chmodSync(o, 0o600);
    if (owner) chownTo(o, owner);
    changes.push({
      host: hp.name,
      file: r.file,
      what: `${r.path}: a throwaway self-signed EC certificate${r.kind === 'key' ? ' key' : ''} stands in for yours`,
    });
  }
}

function certRefs(hp: HostPlan): Array<{ path: string; kind: 'pem' | 'crt' | 'key'; file: string }> {
  const out: Array<{ path: string; kind: 'pem' | 'crt' | 'key'; file: string }> = [];
  for (const f of hp.files) {
    const text = f.text.replace(/(^|\s)#.*$/gm, '');
    if (f.kind === 'haproxy')
      for (const m of text.matchAll(/\bcrt\s+(\/\S+)/g)) out.push({ path: m[1], kind: 'pem', file: f.source });
    if (f.kind === 'nginx') {
      for (const m of text.matchAll(/\bssl_certificate\s+["']?(\/[^\s;"']+)/g))
        out.push({ path: m[1], kind: 'crt', file: f.source });
      for (const m of text.matchAll(/\bssl_certificate_key\s+["']?(\/[^\s;"']+)/g))
        out.push({ path: m[1], kind: 'key', file: f.source });
    }
  }
  return out;
}

function copyStock(src: string, dst: string): void {
  execFileSync('cp', ['-a', src, dst], { stdio: 'pipe', timeout: 10_000 });
}

export function prepareWeb(sb: Sandbox, hp: HostPlan, changes: Change[], lo?: LoopbackMap): PreparedHost {
  const dir = sb.hostDir(hp.name);
  copyStock('/etc/nginx', join(dir, 'etc-nginx'));
  const mounts: Mount[] = [
    { src: join(dir, 'etc-nginx'), target: '/etc/nginx' },
    { src: mkdir(join(dir, 'var-log')), target: '/var/log' },
    { src: mkdir(join(dir, 'var-lib-nginx')), target: '/var/lib/nginx' },
    { src: mkdir(join(dir, 'run')), target: '/run' },
    { src: mkdir(join(dir, 'tmp'), 0o1777), target: '/tmp' },
    { src: mkdir(join(dir, 'var-www')), target: '/var/www' },
    { src: mkdir(join(dir, 'etc-ssl-private'), 0o700), target: '/etc/ssl/private' },
  ];
  mkdir(join(dir, 'var-log', 'nginx'));
  const outside = mkOutside(mounts);
  const sites = hp.files.filter(
    (f) => /^\/etc\/nginx\/sites-(enabled|available)\//.test(f.target) || f.target.startsWith('/etc/nginx/conf.d/'),
  );
  if (
    sites.length &&
    !sites.some(
      (f) => f.target === '/etc/nginx/sites-enabled/default' || f.target === '/etc/nginx/sites-available/default',
    )
  ) {
    rmSync(join(dir, 'etc-nginx', 'sites-enabled', 'default'), { force: true });
    changes.push({
      host: hp.name,
      what: 'the stock default site (/etc/nginx/sites-enabled/default) was disabled: your site is the server',
    });
  }
  const placed = placeFiles(hp, outside, changes);
  for (const f of placed) {
    const m = /^\/etc\/nginx\/sites-available\/(.+)$/.exec(f.target);
    if (m) {
      const link = join(dir, 'etc-nginx', 'sites-enabled', m[1]);
      rmSync(link, { force: true });
      symlinkSync(f.target, link);
      if (m[1] !== 'default')
        changes.push({ host: hp.name, file: f.source, what: `enabled as /etc/nginx/sites-enabled/${m[1]}` });
    }
  }
  const html = mkdir(join(dir, 'var-www', 'html'));
  writeFileSync(join(html, 'index.html'), `<!doctype html><title>${hp.name}</title><p>${hp.name}</p>\n`);
  changes.push({
    host: hp.name,
    what: '/var/www/html/index.html: a small page was added so GET / (and the health check) finds content',
  });
  provideCerts(sb, hp, outside, changes, certRefs(hp), 'www-data');
  // The harness's own `-g 'daemon off;'` would make a learner's `daemon on;` a "duplicate" blamed on them.
  for (const f of placed.filter((x) => x.kind === 'nginx')) {
    const o = outside(f.target);
    if (!o) continue;
    const d = blankNginxDirective(readFileSync(o, 'utf8'), 'daemon');
    if (d.count) {
      writeFileSync(o, d.text);
      changes.push({
        host: hp.name,
        file: f.source,
        what: "`daemon` removed: the sandbox runs nginx in the foreground (`-g 'daemon off;'`)",
      });
    }
    if (isRoot() && /(^|[;{}\s])user\s+\S/.test(d.text.replace(/#.*$/gm, '')))
      changes.push({
        host: hp.name,
        file: f.source,
        what: '`user` has no effect: the sandbox runs nginx as www-data (a `user` directive cannot change it)',
      });
  }
  // nginx runs as www-data (asUser): its private writable folders are www-data's.
  for (const w of ['var-log', 'var-lib-nginx', 'run', 'etc-ssl-private']) chownTree(join(dir, w), 'www-data');
  let argv = ['nginx', '-g', 'daemon off;'];
  if (lo) {
    const conf = join(dir, 'etc-nginx', 'nginx.conf');
    rewriteTree(hp, join(dir, 'etc-nginx'), 'nginx', mounts, lo, learnerMap(placed, outside), changes);
    // the compiled-in temp paths (/var/lib/nginx/...) must not be used on the machine itself
    const tmp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((k) => `${k}_temp_path ${join(dir, 'var-lib-nginx', k)};`)
      .join(' ');
    const text = readFileSync(conf, 'utf8');
    if (HTTP_BLOCK_LINE.test(text)) {
      writeFileSync(conf, text.replace(/^([^\S\n]*http\s*\{)/m, `$1 ${tmp} # added by live mode (loopback)`));
      changes.push({ host: hp.name, what: 'loopback mode: temp paths of the http block point into the run dir' });
    }
    argv = ['nginx', '-c', conf, '-e', join(dir, 'var-log', 'nginx', 'error.log'), '-g', 'daemon off;'];
  }
  changes.push({
    host: hp.name,
    what: `started as \`nginx -g 'daemon off;'\` (foreground, so the harness holds its pid)${isRoot() ? ', master and workers as www-data with only the right to listen on ports below 1024 (no_new_privs)' : ''}`,
  });
  return { plan: hp, dir, mounts, outside, placed, argv: asUser('www-data', argv) };
}

/**
 * Regular expressions over learner text, linear (issue 12, item 5): a line's leading blanks are
 * `[^\S\n]*`, never `\s*` (with /m, `^\s*` re-reads every following blank line from every line start).
 */
export const HAPROXY_USER_LINE = /^[^\S\n]*(user|uid)[^\S\n]+\S/m;
export const BIND_ADDRESS_LINE = /^[^\S\n]*bind[-_]address[^\S\n]*=/im;
export const HTTP_BLOCK_LINE = /^[^\S\n]*http\s*\{/m;
export const HAPROXY_PRIV_LINES = /^([^\S\n]*)(user|group|chroot|uid|gid)\b(.*)$/gm;

export function prepareLb(
  sb: Sandbox,
  hp: HostPlan,
  changes: Change[],
  lo?: LoopbackMap,
): PreparedHost & { harnessCfg: string; statsSocket: string; configFiles: string[] } {
  const dir = sb.hostDir(hp.name);
  copyStock('/etc/haproxy', join(dir, 'etc-haproxy'));
  const mounts: Mount[] = [
    { src: join(dir, 'etc-haproxy'), target: '/etc/haproxy' },
    { src: mkdir(join(dir, 'var-log')), target: '/var/log' },
    { src: mkdir(join(dir, 'run')), target: '/run' },
    { src: mkdir(join(dir, 'tmp'), 0o1777), target: '/tmp' },
    { src: mkdir(join(dir, 'etc-ssl-private'), 0o700), target: '/etc/ssl/private' },
  ];
  mkdir(join(dir, 'run', 'haproxy'));
  const wil = mkdir(join(dir, 'run', 'wil'), 0o700);
  const outside = mkOutside(mounts);
  const placed = placeFiles(hp, outside, changes);
  const harness = sb.mode === 'netns' ? '/run/wil/harness.cfg' : join(wil, 'harness.cfg');
  const sock = sb.mode === 'netns' ? '/run/wil/admin.sock' : join(wil, 'admin.sock');
  // As root HAProxy starts as haproxy (asUser): its own user/group/chroot lines are removed below, none is added.
  writeFileSync(
    join(wil, 'harness.cfg'),
    `# added by web-infra-lab live mode: a stats socket to read the servers' state\nglobal\n    stats socket ${sock} mode 600 level admin\n`,
  );
  changes.push({
    host: hp.name,
    what: `a second config file adds a stats socket (${sock}) so the harness can read the servers' state; started as \`haproxy -db\` (foreground)`,
  });
  provideCerts(sb, hp, outside, changes, certRefs(hp), 'haproxy');
  let configFiles = placed.filter((f) => f.kind === 'haproxy').map((f) => f.target);
  if (isRoot()) {
    for (const f of placed.filter((x) => x.kind === 'haproxy')) {
      const o = outside(f.target);
      if (!o) continue;
      const text = readFileSync(o, 'utf8');
      const out = text.replace(HAPROXY_PRIV_LINES, '$1# $2$3 (removed by live mode: HAProxy runs as haproxy)');
      if (out !== text) {
        writeFileSync(o, out);
        changes.push({
          host: hp.name,
          file: f.source,
          what: '`user`, `group`, `chroot` commented out: the sandbox starts HAProxy as haproxy (with only the right to listen on ports below 1024, no_new_privs); a `user` line cannot change it',
        });
      }
    }
    for (const w of ['run', 'var-log', 'tmp', 'etc-ssl-private']) chownTree(join(dir, w), 'haproxy');
    changes.push({
      host: hp.name,
      what: 'the sandbox runs HAProxy as the unprivileged user haproxy (setpriv: only the right to listen on ports below 1024, no_new_privs)',
    });
  }
  if (lo) {
    rewriteTree(hp, join(dir, 'etc-haproxy'), 'haproxy', mounts, lo, learnerMap(placed, outside), changes);
    configFiles = configFiles.map((t) => outside(t) ?? t);
    if (!isRoot()) {
      for (const f of configFiles) {
        const text = readFileSync(f, 'utf8');
        const out = text.replace(HAPROXY_PRIV_LINES, '$1# $2$3 (removed by live mode: not root)');
        if (out !== text) {
          writeFileSync(f, out);
          changes.push({ host: hp.name, what: 'loopback mode without root: `user`, `group`, `chroot` commented out' });
        }
      }
    }
  }
  const argv = asUser('haproxy', ['haproxy', '-db', ...configFiles.flatMap((f) => ['-f', f]), '-f', harness]);
  return {
    plan: hp,
    dir,
    mounts,
    outside,
    placed,
    harnessCfg: harness,
    statsSocket: join(wil, 'admin.sock'),
    configFiles,
    argv,
  };
}

export function prepareApp(
  sb: Sandbox,
  hp: HostPlan,
  appSource: string,
  changes: Change[],
): PreparedHost & { scriptPath: string } {
  const dir = sb.hostDir(hp.name);
  const exec = hp.unit?.execStart ?? '';
  const m = /(\/(?:opt|srv)\/[\w./-]+\.js)\b/.exec(exec);
  const scriptPath = m ? m[1] : '/opt/app/server.js';
  const appDir = dirname(scriptPath);
  const mounts: Mount[] = [
    { src: mkdir(join(dir, 'app')), target: appDir },
    { src: mkdir(join(dir, 'run')), target: '/run' },
    { src: mkdir(join(dir, 'tmp'), 0o1777), target: '/tmp' },
    { src: mkdir(join(dir, 'var-log')), target: '/var/log' },
  ];
  copyFileSync(appSource, join(dir, 'app', scriptPath.slice(appDir.length + 1)));
  chmodSync(join(dir, 'app', scriptPath.slice(appDir.length + 1)), 0o644);
  if (!m)
    changes.push({
      host: hp.name,
      file: hp.unit?.source,
      what: `the lab's app server runs as ${scriptPath}${exec ? ` (instead of \`${exec}\`)` : ''}`,
    });
  else
    changes.push({
      host: hp.name,
      file: hp.unit?.source,
      what: `${scriptPath} is the lab's app server (${relative(projectRoot, appSource)})`,
    });
  const outside = mkOutside(mounts);
  const script = sb.mode === 'netns' ? scriptPath : (outside(scriptPath) ?? scriptPath);
  const user = hp.unit?.user ?? 'www-data';
  const argv = isRoot()
    ? ['setpriv', `--reuid=${user}`, `--regid=${user}`, '--clear-groups', process.execPath, script]
    : [process.execPath, script];
  return { plan: hp, dir, mounts, outside, placed: [], scriptPath, argv };
}

/* ------------------------------------------------------------------ MariaDB */

const TEMPLATE_OPTS = ['--innodb-log-file-size=8M'];
export const MARIADBD_SANDBOX_OPTS = [
  '--innodb-buffer-pool-size=32M',
  '--innodb-log-file-size=8M',
  '--secure-file-priv=/run/mysqld/files',
];

/**
 * A pre-initialised datadir (mariadb-install-db once per installed server binary), copied per
 * run (`cp -a`, ~80 ms instead of ~600 ms). Built under a temp name and renamed: concurrent runs
 * never see a half-made template.
 */
export async function ensureTemplate(
  run: (argv: string[]) => Promise<{ code: number | null; output: string }>,
): Promise<string> {
  const st = statSync('/usr/sbin/mariadbd');
  const cache = join(tmpdir(), 'web-infra-lab-cache');
  const dir = join(cache, `mariadb-${st.size}-${Math.floor(st.mtimeMs)}`);
  if (existsSync(join(dir, 'mysql', 'user.frm')) || existsSync(join(dir, 'mysql', 'global_priv.frm'))) return dir;
  mkdir(cache, 0o755);
  const build = `${dir}.build-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  mkdir(build, 0o755, 'mysql');
  let r: { code: number | null; output: string };
  try {
    r = await run([
      'mariadb-install-db',
      '--no-defaults',
      `--datadir=${build}`,
      '--user=mysql',
      '--skip-test-db',
      '--auth-root-authentication-method=socket',
      ...TEMPLATE_OPTS,
    ]);
  } catch (e) {
    rmSync(build, { recursive: true, force: true }); // aborted half-way: never leave a half-made template
    throw e;
  }
  if (r.code !== 0) {
    rmSync(build, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed: ${r.output.trim().split('\n').slice(-5).join(' | ')}`);
  }
  try {
    renameSync(build, dir);
  } catch {
    rmSync(build, { recursive: true, force: true }); // another run won the race
  }
  return dir;
}

export async function prepareDb(
  sb: Sandbox,
  hp: HostPlan,
  template: string,
  changes: Change[],
  signal?: AbortSignal,
  lo?: LoopbackMap,
): Promise<PreparedHost & { socket: string }> {
  const dir = sb.hostDir(hp.name);
  copyStock('/etc/mysql', join(dir, 'etc-mysql'));
  // asynchronous: the web tier keeps probing while the datadirs are copied
  const cp = await sb.group.run(`${hp.name}/copy-datadir`, ['cp', '-a', template, join(dir, 'var-lib-mysql')], {
    timeoutMs: 60_000,
    signal,
  });
  if (cp.code !== 0) throw new Error(`copying the template datadir failed: ${cp.output.trim()}`);
  const mounts: Mount[] = [
    { src: join(dir, 'etc-mysql'), target: '/etc/mysql' },
    { src: join(dir, 'var-lib-mysql'), target: '/var/lib/mysql' },
    { src: mkdir(join(dir, 'run')), target: '/run' },
    { src: mkdir(join(dir, 'var-log')), target: '/var/log' },
    { src: mkdir(join(dir, 'tmp'), 0o1777), target: '/tmp' },
  ];
  mkdir(join(dir, 'run', 'mysqld'), 0o755, 'mysql');
  mkdir(join(dir, 'run', 'mysqld', 'files'), 0o750, 'mysql');
  mkdir(join(dir, 'var-log', 'mysql'), 0o750, 'mysql');
  const outside = mkOutside(mounts);
  const placed = placeFiles(hp, outside, changes);
  // the socket the server will use: the learner's `socket =` in a server group, else Debian's default
  let sockIn = '/run/mysqld/mysqld.sock';
  for (const f of placed) {
    let group = '';
    for (const line of f.text.split('\n')) {
      const g = /^\s*\[([^\]]+)\]/.exec(line);
      if (g) group = g[1].toLowerCase();
      const s = /^\s*socket\s*=\s*(\S+)/.exec(line);
      if (s && /^(mysqld|mariadb|mariadbd|server)/.test(group)) sockIn = s[1].replace(/^["']|["']$/g, '');
    }
  }
  let socket = outside(sockIn) ?? join(dir, 'run', 'mysqld', 'mysqld.sock');
  // mariadbd starts as mysql (asUser): a learner's `user = root` in [mysqld] is ignored by the server
  // ("one can only use the --user switch if running as root").
  for (const w of ['run', 'var-log']) chownTree(join(dir, w), 'mysql');
  let argv = ['mariadbd', ...MARIADBD_SANDBOX_OPTS];
  if (lo) {
    rewriteTree(hp, join(dir, 'etc-mysql'), 'mycnf', mounts, lo, learnerMap(placed, outside), changes);
    socket = join(dir, 'run', 'mysqld', 'mysqld.sock');
    const all =
      placed.map((f) => f.text).join('\n') +
      readFileSync(join(dir, 'etc-mysql', 'mariadb.conf.d', '50-server.cnf'), 'utf8').toString();
    const own = lo.addr.get(hp.origAddress ?? hp.address) ?? hp.address;
    argv = [
      'mariadbd',
      `--defaults-file=${join(dir, 'etc-mysql', 'my.cnf')}`,
      `--datadir=${join(dir, 'var-lib-mysql')}`,
      `--socket=${socket}`,
      `--pid-file=${join(dir, 'run', 'mysqld', 'mysqld.pid')}`,
      `--tmpdir=${join(dir, 'tmp')}`,
      ...MARIADBD_SANDBOX_OPTS.map((o) => o.replace('/run/mysqld/files', join(dir, 'run', 'mysqld', 'files'))),
      ...(BIND_ADDRESS_LINE.test(all) ? [] : [`--bind-address=${own}`]),
    ];
    changes.push({
      host: hp.name,
      what: `loopback mode: datadir, socket, pid file and tmpdir in the run dir${BIND_ADDRESS_LINE.test(all) ? '' : `; no bind-address set: bound to ${own} (not every interface)`}`,
    });
  }
  changes.push({
    host: hp.name,
    what: `a fresh datadir (pre-initialised by mariadb-install-db); started as \`mariadbd ${MARIADBD_SANDBOX_OPTS.join(' ')}\`${isRoot() ? ' as the user mysql (no_new_privs; a `user =` option cannot change it)' : ''} (smaller buffers for the sandbox, file access confined)`,
  });
  return { plan: hp, dir, mounts, outside, placed, socket, argv: asUser('mysql', argv, false) };
}

/* ------------------------------------------------------------------ clients */

/** One command to the HAProxy stats socket (bounded). */
export function haproxyCommand(socket: string, cmd: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const c = createConnection(socket);
    const t = setTimeout(() => {
      c.destroy();
      reject(new Error(`stats socket: no answer to "${cmd}" within ${timeoutMs} ms`));
    }, timeoutMs);
    c.on('connect', () => c.write(cmd + '\n'));
    c.on('data', (d) => (out += d.toString('utf8')));
    c.on('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
    c.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
  });
}

export interface StatRow {
  pxname: string;
  svname: string;
  status: string;
  check_status: string;
  addr: string;
  [k: string]: string;
}

export function parseShowStat(csv: string): StatRow[] {
  const lines = csv.split('\n').filter(Boolean);
  const head = lines.find((l) => l.startsWith('# '));
  if (!head) return [];
  const cols = head.slice(2).split(',');
  return lines
    .filter((l) => !l.startsWith('#'))
    .map((l) => {
      const v = l.split(',');
      const row: Record<string, string> = {};
      cols.forEach((c, i) => (row[c] = v[i] ?? ''));
      return row as StatRow;
    });
}

export function parseVertical(out: string): Record<string, string> {
  const r: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^\s*(\w+): ?(.*)$/.exec(line);
    if (m) r[m[1]] = m[2];
  }
  return r;
}
