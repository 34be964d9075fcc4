/**
 * The sandbox every real tool (`haproxy -c`, `nginx -t`) runs in: bubblewrap (`bwrap`) with
 *
 * - an unprivileged user: the tool runs as `nobody` (65534) when the caller is root, else as the caller;
 *   `no_new_privs` is set (bwrap always sets it), so no set-uid binary gives the privileges back;
 * - every namespace unshared (`--unshare-all`: no network but a loopback, no IPC, no other process);
 * - a file system of its own: the distribution's read-only files the tools need (/usr, the loader cache,
 *   the stock /etc/nginx files, /etc/ssl/certs, /etc/haproxy/errors), a synthetic /etc/passwd and
 *   /etc/group (system accounts only) and /etc/hosts, and the run folder (writable) holding the learner's
 *   rewritten configs. Nothing else of the host exists: `include /etc/shadow`, `acl -f /root/secret`,
 *   `load_module /home/x/evil.so` find no file;
 * - `--die-with-parent`, `--new-session` (no TIOCSTI into the caller's terminal).
 *
 * Where no variant works (bwrap missing, user namespaces off and not root), `toolSandbox()` says why and
 * the caller does not run the tool at all: never unsandboxed.
 */
import { execFile } from 'node:child_process';
import {
  chownSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolSandbox {
  bwrap: string;
  /** `setpriv` (caller root): bwrap runs as root without a user namespace and setpriv drops to nobody
   *  inside; `userns`: bwrap itself runs unprivileged (the caller, or nobody) in a user namespace. */
  kind: 'userns' | 'setpriv';
  setpriv?: string;
  /** The uid/gid bwrap is started with (userns, caller root), or setpriv switches to. */
  uid?: number;
  gid?: number;
}

export type SandboxProbe = { ok: true; sandbox: ToolSandbox } | { ok: false; reason: string };

export const NOBODY = 65534;

/** Folders/files of the distribution a tool may read, bound read-only when present. */
const RO_TRY = [
  '/etc/ld.so.cache',
  '/etc/localtime',
  '/etc/ssl/certs',
  '/etc/ssl/openssl.cnf',
  '/etc/haproxy/errors',
  ...[
    'mime.types',
    'fastcgi_params',
    'fastcgi.conf',
    'proxy_params',
    'scgi_params',
    'uwsgi_params',
    'koi-utf',
    'koi-win',
    'win-utf',
    'snippets',
    'modules-available',
    'modules-enabled',
  ].map((f) => `/etc/nginx/${f}`),
];

function firstExisting(paths: string[]): string | undefined {
  for (const p of paths) {
    try {
      lstatSync(p);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** Root-level entries: a symbolic link (merged /usr) is recreated as one; a real folder is bound. */
export function rootArgs(): string[] {
  const out = ['--ro-bind', '/usr', '/usr'];
  for (const d of ['/bin', '/sbin', '/lib', '/lib64', '/lib32', '/libx32']) {
    let st;
    try {
      st = lstatSync(d);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) out.push('--symlink', readlinkSync(d), d);
    else if (st.isDirectory()) out.push('--ro-bind', d, d);
  }
  return out;
}

/**
 * The synthetic /etc files of a run (written into `etcDir`): passwd and group with the host's system
 * accounts only (uid < 1000 or nobody; no home folders, no shells), and a loopback /etc/hosts.
 */
export function writeSandboxEtc(etcDir: string): void {
  const keep = (text: string, idField: number) =>
    text
      .split('\n')
      .map((l) => l.split(':'))
      .filter(
        (f) =>
          f.length > idField &&
          /^[a-z_][a-z0-9_.-]*\$?$/i.test(f[0]) &&
          (Number(f[idField]) < 1000 || Number(f[idField]) === NOBODY),
      );
  let passwd = 'root:x:0:0::/nonexistent:/usr/sbin/nologin\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n';
  let group = 'root:x:0:\nnogroup:x:65534:\n';
  try {
    passwd =
      keep(readFileSync('/etc/passwd', 'utf8'), 2)
        .map((f) => `${f[0]}:x:${f[2]}:${f[3]}::/nonexistent:/usr/sbin/nologin`)
        .join('\n') + '\n';
    group =
      keep(readFileSync('/etc/group', 'utf8'), 2)
        .map((f) => `${f[0]}:x:${f[2]}:`)
        .join('\n') + '\n';
  } catch {
    /* the defaults */
  }
  writeFileSync(join(etcDir, 'passwd'), passwd);
  writeFileSync(join(etcDir, 'group'), group);
  writeFileSync(join(etcDir, 'hosts'), '127.0.0.1 localhost\n::1 localhost\n');
}

/**
 * bwrap's arguments for running `argv` with `rw` folders writable and `ro` folders readable (each at its
 * own path), /etc files from `etcDir`, in folder `cwd`.
 */
export function sandboxCommand(
  sb: ToolSandbox,
  opts: {
    rw: string[];
    ro?: string[];
    etcDir: string;
    cwd: string;
    /**
     * Network interfaces to create in the sandbox's own (empty) network namespace before the tool runs
     * (`keepalived -t` checks that the interfaces it names exist): a dummy link, else one end of a veth
     * pair. Only that step has CAP_NET_ADMIN, over that namespace only; the tool runs with no capability.
     * Names must be valid interface names (the caller checks them; they are passed as arguments, never
     * as shell text).
     */
    links?: string[];
    /** setpriv's path, for `links` in a user namespace (the caller finds it). */
    setpriv?: string;
    /**
     * Live servers in loopback mode (issue 12): the machine's network namespace is kept (the servers listen
     * on 127.x.y.z), the environment given to the spawn is kept (the harness writes it), and `argv` does its
     * own user switch (as root: `setpriv` to www-data, haproxy, mysql...), so none is added.
     */
    live?: boolean;
    /** More distribution files bound read-only when present. */
    roTry?: string[];
  },
  argv: string[],
): { file: string; args: string[]; uid?: number; gid?: number } {
  // As root (setpriv), no user namespace: setpriv's switch to nobody is then a real one (the host's uid
  // 65534, no capability anywhere), not a name inside a namespace root owns.
  const unshare =
    sb.kind === 'setpriv'
      ? [
          '--unshare-ipc',
          '--unshare-pid',
          ...(opts.live ? [] : ['--unshare-net']),
          '--unshare-uts',
          '--unshare-cgroup-try',
        ]
      : ['--unshare-all', ...(opts.live ? ['--share-net'] : [])];
  const args = [...unshare, '--die-with-parent', '--new-session', ...rootArgs()];
  // bwrap (as root) makes missing parent folders 0700: make them 0755 first, so nobody can reach its files.
  const made = new Set<string>([
    '/',
    '/usr',
    '/tmp',
    '/run',
    '/proc',
    '/dev',
    '/var/lib/nginx',
    '/var/log/nginx',
    '/var/lib/haproxy',
  ]);
  const parents = (p: string) => {
    const parts = p.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const d = '/' + parts.slice(0, i).join('/');
      if (made.has(d)) continue;
      made.add(d);
      args.push('--perms', '0755', '--dir', d);
    }
  };
  // Empty writable scratch folders where the tools' compiled-in defaults write (nginx's temp folders and
  // log, pid files): inside the sandbox only, gone with it.
  args.push(
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--perms',
    '01777',
    '--tmpfs',
    '/tmp',
    '--perms',
    '01777',
    '--tmpfs',
    '/run',
  );
  for (const d of ['/var/lib/nginx', '/var/log/nginx', '/var/lib/haproxy']) {
    parents(d);
    args.push('--perms', '01777', '--tmpfs', d);
  }
  const roTry = [...RO_TRY, ...(opts.roTry ?? [])];
  for (const p of ['/etc/passwd', '/etc/group', '/etc/hosts', ...roTry]) parents(p);
  for (const p of roTry) args.push('--ro-bind-try', p, p);
  args.push(
    '--ro-bind',
    join(opts.etcDir, 'passwd'),
    '/etc/passwd',
    '--ro-bind',
    join(opts.etcDir, 'group'),
    '/etc/group',
    '--ro-bind',
    join(opts.etcDir, 'hosts'),
    '/etc/hosts',
  );
  for (const p of [...(opts.ro ?? []), ...opts.rw]) parents(p);
  for (const p of opts.ro ?? []) args.push('--ro-bind', p, p);
  for (const p of opts.rw) args.push('--bind', p, p);
  args.push('--chdir', opts.cwd);
  if (!opts.live) args.push('--clearenv', '--setenv', 'PATH', '/usr/sbin:/usr/bin:/sbin:/bin', '--setenv', 'LANG', 'C');
  if (opts.links?.length) {
    // sh -c LINKS_SCRIPT sh IF1 IF2 ... -- setpriv (drop everything) -- argv
    const drop =
      sb.kind === 'userns'
        ? [opts.setpriv ?? '/usr/bin/setpriv', '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--']
        : [
            sb.setpriv!,
            `--reuid=${sb.uid}`,
            `--regid=${sb.gid}`,
            '--clear-groups',
            '--inh-caps=-all',
            '--bounding-set=-all',
            '--no-new-privs',
            '--',
          ];
    const script = LINKS_SCRIPT;
    if (sb.kind === 'userns')
      args.push('--uid', '0', '--gid', '0', '--cap-add', 'CAP_NET_ADMIN', '--cap-add', 'CAP_SETPCAP');
    args.push('--', '/bin/sh', '-c', script, 'sh', ...opts.links, '--', ...drop, ...argv);
    return sb.kind === 'userns' ? { file: sb.bwrap, args, uid: sb.uid, gid: sb.gid } : { file: sb.bwrap, args };
  }
  if (sb.kind === 'userns') {
    args.push('--cap-drop', 'ALL', '--', ...argv);
    return { file: sb.bwrap, args, uid: sb.uid, gid: sb.gid };
  }
  // (a live argv that does not switch user itself still runs as nobody)
  if (opts.live && /(^|\/)setpriv$/.test(argv[0] ?? '')) {
    args.push('--', ...argv);
    return { file: sb.bwrap, args };
  }
  args.push(
    '--',
    sb.setpriv!,
    `--reuid=${sb.uid}`,
    `--regid=${sb.gid}`,
    '--clear-groups',
    '--inh-caps=-all',
    '--bounding-set=-all',
    '--no-new-privs',
    '--',
    ...argv,
  );
  return { file: sb.bwrap, args };
}

/**
 * Creates each interface named before `--` (a dummy link, else a veth pair whose other end is `wilpeerN`),
 * brings it up, then runs what follows `--`. Exit 97: an interface could not be made.
 */
const LINKS_SCRIPT =
  'while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do ' +
  '{ ip link add "$1" type dummy 2>/dev/null || ip link add "$1" type veth peer name "wilpeer$#"; } || exit 97; ' +
  'ip link set "$1" up || exit 97; shift; done; shift; exec "$@"';

/** Makes the run folder the sandbox's user's (a root caller's tool runs as nobody). */
export function handOver(sb: ToolSandbox, dir: string): void {
  if (sb.uid === undefined) return;
  const walk = (p: string) => {
    chownSync(p, sb.uid!, sb.gid!);
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
  };
  walk(dir);
}

function run(
  file: string,
  args: string[],
  uid?: number,
  gid?: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const opts: import('node:child_process').ExecFileOptions = {
      timeout: 10_000,
      killSignal: 'SIGKILL',
      env: { PATH: '/usr/bin:/bin' },
      cwd: '/',
    };
    if (uid !== undefined) Object.assign(opts, { uid, gid });
    execFile(file, args, opts, (err, _out, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
      resolve({
        code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
        stderr: String(stderr || (e && typeof e.code === 'string' ? e.code : '')),
      });
    });
  });
}

let probe: Promise<SandboxProbe> | undefined;

/** Finds a working sandbox once per process (a few milliseconds): each variant must run `true`. */
export function toolSandbox(findTool: (name: string) => string | undefined): Promise<SandboxProbe> {
  if (probe) return probe;
  probe = (async (): Promise<SandboxProbe> => {
    const override = process.env.WEB_INFRA_LAB_BWRAP;
    const bwrap = override !== undefined ? override && firstExisting([override]) : findTool('bwrap');
    if (!bwrap)
      return { ok: false, reason: 'bubblewrap (bwrap) is not installed (Debian: apt-get install bubblewrap)' };
    const trueBin = firstExisting(['/usr/bin/true', '/bin/true']) ?? '/usr/bin/true';
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    const etc = mkdtempSync(join(tmpdir(), `web-infra-lab-probe-${process.pid}-`));
    try {
      writeSandboxEtc(etc);
      // Root: bwrap as root (it can bind folders under a private TMPDIR) and setpriv to nobody inside;
      // else bwrap started as nobody in a user namespace (needs every parent folder searchable by nobody).
      const variants: ToolSandbox[] = [];
      const setpriv = findTool('setpriv');
      if (root && setpriv) variants.push({ bwrap, kind: 'setpriv', setpriv, uid: NOBODY, gid: NOBODY });
      variants.push({ bwrap, kind: 'userns', ...(root ? { uid: NOBODY, gid: NOBODY } : {}) });
      const errors: string[] = [];
      for (const sb of variants) {
        if (root) chownSync(etc, NOBODY, NOBODY);
        for (const f of readdirSync(etc)) if (root) chownSync(join(etc, f), NOBODY, NOBODY);
        const c = sandboxCommand(sb, { rw: [], etcDir: etc, cwd: '/' }, [trueBin]);
        const r = await run(c.file, c.args, c.uid, c.gid);
        if (r.code === 0) return { ok: true, sandbox: sb };
        errors.push(`${sb.kind}: ${r.stderr.trim().split('\n')[0] || `exit ${r.code}`}`);
      }
      return {
        ok: false,
        reason: `bubblewrap cannot make a sandbox here (${errors.join('; ')}); user namespaces may be disabled`,
      };
    } finally {
      rmSync(etc, { recursive: true, force: true });
    }
  })();
  return probe;
}

/** Tests: forget the cached probe (e.g. after changing WEB_INFRA_LAB_BWRAP). */
export function resetToolSandbox(): void {
  probe = undefined;
}
