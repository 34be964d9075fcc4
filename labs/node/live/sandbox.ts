/**
 * One live run's sandbox: a temp dir (/tmp/wil-<pid>-<rand>), the network namespaces (one per
 * host, a bridge in a namespace of its own, a client namespace for the probes), a private mount
 * and UTS namespace per host process, and the ProcessGroup of everything started. `teardown()`
 * stops every process by pid, kills what is left in each namespace, deletes the namespaces and
 * removes the temp dir (kept with WEB_INFRA_LAB_KEEP=1), then verifies nothing is left.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessGroup, WaitError, isAlive, killPid, sleep } from './proc';
import { findTool } from '../realtools';
import { type ToolSandbox, sandboxCommand, toolSandbox, writeSandboxEtc } from '../toolsandbox';

export const RUN_PREFIX = 'wil-';
const NETNS_DIR = '/run/netns';

export interface HostNet {
  name: string;
  address: string;
  /** Network namespace name (netns mode). */
  ns?: string;
}

export interface Mount {
  /** Host-side source folder (inside the run dir). */
  src: string;
  /** Path inside the host's private mount namespace (`/etc/nginx`). */
  target: string;
}

export interface TeardownReport {
  stoppedMs: number;
  /** ms per step: stop, netns, rm. */
  steps: Record<string, number>;
  killed: string[];
  leftovers: string[];
}

export function netnsSupported(): { ok: boolean; reason?: string } {
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return { ok: false, reason: 'not running as root' };
  const name = `${RUN_PREFIX}${process.pid}-probe-${Math.random().toString(36).slice(2, 6)}`;
  try {
    execFileSync('ip', ['netns', 'add', name], { stdio: 'pipe', timeout: 5000 });
    execFileSync('ip', ['netns', 'del', name], { stdio: 'pipe', timeout: 5000 });
  } catch (e) {
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'pipe', timeout: 5000 });
    } catch {
      /* never made */
    }
    return { ok: false, reason: `ip netns add failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}` };
  }
  try {
    execFileSync('unshare', ['--mount', '--uts', '--propagation', 'private', 'true'], { stdio: 'pipe', timeout: 5000 });
  } catch (e) {
    return {
      ok: false,
      reason: `unshare --mount --uts failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`,
    };
  }
  return { ok: true };
}

function pidOfRunName(name: string): number | undefined {
  const m = /^wil-(\d+)-/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** Pids whose network namespace is one of the named ones (one /proc scan, no spawn). */
export function pidsInNetns(names: string[]): number[] {
  const inodes = new Set<string>();
  for (const n of names) {
    try {
      inodes.add(`net:[${statSync(`${NETNS_DIR}/${n}`).ino}]`);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  if (!inodes.size) return out;
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (inodes.has(readlinkSync(`/proc/${p}/ns/net`))) out.push(Number(p));
    } catch {
      /* gone or not ours to read */
    }
  }
  return out;
}

/** Pids in a network namespace (`ip netns pids`). */
export function netnsPids(ns: string): number[] {
  try {
    return execFileSync('ip', ['netns', 'pids', ns], { stdio: 'pipe', timeout: 5000 })
      .toString()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

export function listRunNetns(prefix = RUN_PREFIX): string[] {
  try {
    return readdirSync(NETNS_DIR).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
}

export function listRunDirs(prefix = RUN_PREFIX): string[] {
  try {
    return readdirSync(tmpdir())
      .filter((n) => n.startsWith(prefix) && /^wil-\d+-/.test(n))
      .map((n) => join(tmpdir(), n));
  } catch {
    return [];
  }
}

async function killAll(pids: number[]): Promise<string[]> {
  const killed: string[] = [];
  const alive = pids.filter(isAlive);
  if (alive.length === 0) return killed;
  for (const p of alive) killPid(p, 'SIGTERM');
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && alive.some(isAlive)) await sleep(20);
  for (const p of alive.filter(isAlive)) {
    killPid(p, 'SIGKILL');
    killed.push(String(p));
  }
  const d2 = Date.now() + 2000;
  while (Date.now() < d2 && alive.some(isAlive)) await sleep(20);
  return killed;
}

async function deleteNetns(ns: string): Promise<string[]> {
  const killed = await killAll(netnsPids(ns));
  try {
    execFileSync('ip', ['netns', 'del', ns], { stdio: 'pipe', timeout: 5000 });
  } catch {
    /* already gone */
  }
  return killed;
}

/**
 * Removes what runs of dead processes left behind (an earlier run killed with SIGKILL): their
 * namespaces (and the processes still in them) and temp dirs without a `.keep` marker.
 */
export async function cleanupStale(): Promise<string[]> {
  const removed: string[] = [];
  for (const ns of listRunNetns()) {
    const pid = pidOfRunName(ns);
    if (pid !== undefined && pid !== process.pid && !isAlive(pid)) {
      await deleteNetns(ns);
      removed.push(`netns ${ns}`);
    }
  }
  for (const dir of listRunDirs()) {
    const pid = pidOfRunName(dir.slice(tmpdir().length + 1));
    if (pid !== undefined && pid !== process.pid && !isAlive(pid) && !existsSync(join(dir, '.keep'))) {
      rmSync(dir, { recursive: true, force: true });
      removed.push(`dir ${dir}`);
    }
  }
  return removed;
}

function sanitize(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 40);
}

/** Smallest prefix length (8..24) whose network holds every address. */
export function commonPrefix(addresses: string[]): number {
  const ints = addresses.map((a) => a.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0);
  for (let len = 24; len >= 8; len--) {
    const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
    const net = (ints[0] & mask) >>> 0;
    if (ints.every((i) => (i & mask) >>> 0 === net)) return len;
  }
  return 8;
}

/** Why loopback mode started nothing (jailLoopback's reason), in the learner's terms. */
export function noJailMessage(why: string): string {
  return `live mode without network namespaces runs every server in a bubblewrap sandbox, which cannot be made here (${why}): run as root, or install bubblewrap (Debian: apt-get install bubblewrap)`;
}

export class Sandbox {
  readonly group = new ProcessGroup();
  readonly id: string;
  readonly dir: string;
  readonly hosts = new Map<string, HostNet>();
  client?: HostNet;
  switchNs?: string;
  /** `net:[inode]` of every namespace of this run (a process left in one is found even after it was deleted). */
  netnsInodes: string[] = [];
  /** What the sandbox could not provide (reported as changes). */
  readonly notes: Array<{ host: string; what: string }> = [];
  private torn = false;
  /**
   * Loopback mode's file-system sandbox (issue 12): bubblewrap, as for the real tools, but keeping the
   * machine's network. Set by `jailLoopback()`; `onHost` refuses to start anything in loopback mode without it.
   */
  private jail?: { box: ToolSandbox; etcDir: string };

  constructor(
    readonly mode: 'netns' | 'loopback',
    readonly keep: boolean,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), `${RUN_PREFIX}${process.pid}-`));
    // servers drop privileges (mysql, www-data, haproxy): they must be able to traverse the run dir
    chmodSync(this.dir, 0o711);
    this.id = this.dir.slice(tmpdir().length + 1);
    if (keep) writeFileSync(join(this.dir, '.keep'), 'WEB_INFRA_LAB_KEEP=1\n');
    // A second Ctrl-C exits at once (exit status 130): nothing asynchronous runs then, so the run is
    // removed synchronously from the exit event (issue 12, item 8: it left a mariadbd, 8 namespaces and
    // the run folder for the next run to clean).
    process.once('exit', this.onExit);
  }

  /** Set when teardown has finished: the exit hook has nothing left to do. */
  private finished = false;

  private readonly onExit = (): void => {
    // (also in the middle of an interrupted teardown: the second Ctrl-C came while it waited)
    if (this.finished) return;
    this.finished = true;
    const pids = new Set<number>();
    for (const p of this.group.procs) if (!p.exit) pids.add(p.pid);
    const names = listRunNetns(`${this.id}-`);
    for (const pid of pidsInNetns(names)) pids.add(pid);
    for (const pid of pids) killPid(pid, 'SIGKILL');
    if (names.length) {
      try {
        execFileSync('sh', ['-c', names.map((n) => `ip netns del ${n}`).join('; ')], { stdio: 'pipe', timeout: 5_000 });
      } catch {
        /* best effort: the next run's cleanupStale removes the rest */
      }
    }
    if (!this.keep) {
      try {
        rmSync(this.dir, { recursive: true, force: true });
      } catch {
        /* a mount still busy: the next run removes it */
      }
    }
  };

  /** Folder of one host inside the run dir (created on demand). */
  hostDir(host: string, ...sub: string[]): string {
    const d = join(this.dir, sanitize(host), ...sub);
    mkdirSync(d, { recursive: true });
    return d;
  }

  /** Creates the namespaces: one per host with its address, a bridge namespace, a client namespace. */
  async createNetwork(hosts: Array<{ name: string; address: string }>, signal?: AbortSignal): Promise<void> {
    const addrs = hosts.map((h) => h.address);
    const len = commonPrefix(addrs);
    const used = new Set(addrs);
    const base = addrs[0].split('.').slice(0, 3).join('.');
    let clientAddr = '';
    for (let i = 250; i > 1; i--)
      if (!used.has(`${base}.${i}`)) {
        clientAddr = `${base}.${i}`;
        break;
      }
    for (const h of hosts) this.hosts.set(h.name, { ...h });
    this.client = { name: 'client', address: clientAddr };
    if (this.mode !== 'netns') return;
    const sw = `${this.id}-sw`;
    this.switchNs = sw;
    const lines = [`ip netns add ${sw}`, `ip -n ${sw} link add br0 type bridge`, `ip -n ${sw} link set br0 up`];
    const all = [...this.hosts.values(), this.client];
    all.forEach((h, i) => {
      h.ns = `${this.id}-${sanitize(h.name)}`;
      lines.push(
        `ip netns add ${h.ns}`,
        `ip link add eth0 netns ${h.ns} type veth peer name v${i} netns ${sw}`,
        `ip -n ${sw} link set v${i} master br0 up`,
        `ip -n ${h.ns} addr add ${h.address}/${len} dev eth0`,
        `ip -n ${h.ns} link set lo up`,
        `ip -n ${h.ns} link set eth0 up`,
      );
    });
    // not interrupted half-way (an `ip` left running after its shell was stopped could recreate a
    // namespace after teardown): it is short and bounded; the abort is noticed right after it
    const r = await this.group.run('netns-setup', ['sh', '-e', '-c', lines.join('\n')], { timeoutMs: 20_000 });
    for (const ns of listRunNetns(`${this.id}-`)) {
      try {
        this.netnsInodes.push(`net:[${statSync(`${NETNS_DIR}/${ns}`).ino}]`);
      } catch {
        /* not made */
      }
    }
    if (r.code !== 0) throw new Error(`network namespaces could not be created: ${r.output.trim()}`);
    if (signal?.aborted) throw new WaitError('network set-up: aborted', 'aborted');
  }

  /**
   * The argv that runs `argv` "on" a host: in its network namespace, in a private mount namespace
   * where `mounts` are bind-mounted over the stock paths, in a UTS namespace named after the host.
   * nsenter, unshare and sh all exec, so the returned process's pid is the server's own.
   */
  onHost(
    host: string,
    argv: string[],
    mounts: Mount[] = [],
    opts: { hostname?: string; /** another namespace of this run (addNetns) */ netns?: string } = {},
  ): string[] {
    if (this.mode !== 'netns') return this.inJail(host, argv);
    const h = this.hosts.get(host) ?? (host === 'client' ? this.client : undefined);
    if (!h?.ns) throw new Error(`unknown host ${host}`);
    const script = this.enterScript(host, mounts, opts.hostname ?? host);
    return [
      'nsenter',
      `--net=${NETNS_DIR}/${opts.netns ?? h.ns}`,
      'unshare',
      '--mount',
      '--uts',
      '--propagation',
      'private',
      '/bin/sh',
      script,
      ...argv,
    ];
  }

  /**
   * Loopback mode: finds the bubblewrap sandbox (once per process) and prepares this run's /etc files.
   * Returns why it cannot be made (then nothing may start: a server would see the machine's files).
   */
  async jailLoopback(): Promise<string | undefined> {
    if (this.mode !== 'loopback') return undefined;
    const p = await toolSandbox((n) => findTool(n));
    if (!p.ok) return p.reason;
    // root without setpriv would get a user namespace as nobody, where the servers' own user switch fails
    if (p.sandbox.kind === 'userns' && p.sandbox.uid !== undefined) return 'setpriv (util-linux) is not installed';
    const etcDir = join(this.dir, '.etc');
    mkdirSync(etcDir, { recursive: true, mode: 0o755 });
    writeSandboxEtc(etcDir);
    this.jail = { box: p.sandbox, etcDir };
    return undefined;
  }

  /**
   * The argv of a server in loopback mode: bubblewrap with the machine's network but a file system of its
   * own (the distribution's read-only files, scratch /tmp and /run, and this host's folder of the run,
   * writable), no other process visible, --die-with-parent. As root the argv's own setpriv switches user.
   */
  private inJail(host: string, argv: string[]): string[] {
    if (!this.jail) throw new Error('loopback mode starts servers only in the bubblewrap sandbox (jailLoopback)');
    const c = sandboxCommand(
      this.jail.box,
      {
        rw: [this.hostDir(host)],
        etcDir: this.jail.etcDir,
        cwd: '/',
        live: true,
        roTry: ['/etc/nsswitch.conf', '/etc/host.conf', '/etc/mime.types', '/etc/alternatives'],
        setpriv: findTool('setpriv'),
      },
      argv,
    );
    return [c.file, ...c.args];
  }

  /**
   * One more network namespace of this run, with only its loopback (`<run>-<suffix>`; removed by teardown
   * like the others): where work that must not touch a host's own namespace yet can run.
   */
  async addNetns(suffix: string): Promise<string> {
    if (this.mode !== 'netns') throw new Error('addNetns needs network namespaces');
    const ns = `${this.id}-${sanitize(suffix)}`;
    const r = await this.group.run('netns-add', ['sh', '-e', '-c', `ip netns add ${ns}\nip -n ${ns} link set lo up`], {
      timeoutMs: 10_000,
    });
    try {
      this.netnsInodes.push(`net:[${statSync(`${NETNS_DIR}/${ns}`).ino}]`);
    } catch {
      /* not made */
    }
    if (r.code !== 0) throw new Error(`network namespace ${ns} could not be created: ${r.output.trim()}`);
    return ns;
  }

  /** Only the network namespace (for client tools: curl, mariadb). */
  inNet(host: string, argv: string[]): string[] {
    if (this.mode !== 'netns') return argv;
    const h = this.hosts.get(host) ?? (host === 'client' ? this.client : undefined);
    if (!h?.ns) throw new Error(`unknown host ${host}`);
    return ['nsenter', `--net=${NETNS_DIR}/${h.ns}`, ...argv];
  }

  private enterScript(host: string, mounts: Mount[], hostname: string): string {
    const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    const lines = ['#!/bin/sh', 'set -e'];
    const tmpfsRoots = new Set<string>();
    // a mount that covers where the sources live (/tmp) goes last, or it would hide them
    const covers = (m: Mount): boolean => mounts.some((o) => o.src === m.target || o.src.startsWith(m.target + '/'));
    const ordered = [...mounts.filter((m) => !covers(m)), ...mounts.filter(covers)];
    for (const m of ordered) {
      // a target the machine does not have (/opt/app): a private tmpfs on its parent provides it
      if (!existsSync(m.target)) {
        const parent = m.target.replace(/\/[^/]+\/?$/, '') || '/';
        if (
          !['/opt', '/srv', '/var/www', '/var/log', '/run', '/tmp', '/var/lib'].includes(parent) &&
          !tmpfsRoots.has(parent)
        ) {
          // never created on the machine itself: the server runs without it (and says so if it needs it)
          this.notes.push({
            host,
            what: `${m.target} does not exist on this machine and cannot be provided: the server runs without it`,
          });
          continue;
        }
        if (!tmpfsRoots.has(parent) && !mounts.some((o) => o.target === parent)) {
          lines.push(`mount -t tmpfs -o mode=0755 wil ${q(parent)}`);
          tmpfsRoots.add(parent);
        }
        lines.push(`mkdir -p ${q(m.target)}`);
      }
      lines.push(`mount --bind ${q(m.src)} ${q(m.target)}`);
    }
    lines.push(`hostname ${q(hostname)}`);
    lines.push(
      ...newRootLines(
        mounts.map((m) => m.target),
        q,
      ),
    );
    lines.push('exec "$@"');
    const file = join(this.hostDir(host), `enter-${hashMounts(mounts)}.sh`);
    writeFileSync(file, lines.join('\n') + '\n', { mode: 0o755 });
    return file;
  }

  /** Stops everything, removes namespaces and (unless kept) the temp dir; lists what had to be killed or is left. */
  async teardown(opts: { quick?: boolean } = {}): Promise<TeardownReport> {
    const t0 = Date.now();
    const killed: string[] = [];
    const steps: Record<string, number> = {};
    if (this.torn) return { stoppedMs: 0, steps, killed, leftovers: [] };
    this.torn = true;
    this.group.close();
    let t = Date.now();
    // interrupted: a short grace (a mariadbd still starting ignored SIGTERM for 20 s), then SIGKILL
    await this.group.stopAll(opts.quick ? 1500 : undefined);
    steps.stop = Date.now() - t;
    t = Date.now();
    for (const p of this.group.procs) if (p.exit?.signal === 'SIGKILL') killed.push(p.name);
    // whatever is still inside a namespace of this run (workers, the app's children), then the
    // namespaces themselves: one shell for all (a spawn per namespace costs more than the work)
    const names = listRunNetns(`${this.id}-`);
    if (names.length) {
      const pids = pidsInNetns(names);
      killed.push(...(await killAll(pids)));
      try {
        execFileSync('sh', ['-c', names.map((n) => `ip netns del ${n}`).join('; ')], {
          stdio: 'pipe',
          timeout: 10_000,
        });
      } catch {
        /* verified below */
      }
      for (const ns of listRunNetns(`${this.id}-`)) await deleteNetns(ns);
    }
    steps.netns = Date.now() - t;
    t = Date.now();
    if (this.keep) {
      for (const p of this.group.procs) {
        try {
          writeFileSync(join(this.dir, `${sanitize(p.name)}-${p.pid}.log`), p.output());
        } catch {
          /* best effort */
        }
      }
    } else rmSync(this.dir, { recursive: true, force: true });
    steps.rm = Date.now() - t;
    this.finished = true;
    process.removeListener('exit', this.onExit);
    return { stoppedMs: Date.now() - t0, steps, killed, leftovers: this.leftovers() };
  }

  /** What of this run still exists: processes, namespaces, mounts, the temp dir (unless kept). */
  leftovers(): string[] {
    const out: string[] = [];
    for (const p of this.group.procs) if (isAlive(p.pid) && !p.exit) out.push(`process ${p.pid} (${p.name})`);
    for (const ns of listRunNetns(`${this.id}-`)) out.push(`netns ${ns}`);
    try {
      if (readFileSync('/proc/self/mountinfo', 'utf8').includes(this.dir)) out.push(`mount under ${this.dir}`);
    } catch {
      /* no /proc */
    }
    if (!this.keep && existsSync(this.dir)) out.push(`dir ${this.dir}`);
    return out;
  }
}

/**
 * The server's own file system (issue 12): a new root holding only the distribution's read-only files
 * (/usr, the loader cache, a few /etc files, /etc/ssl/certs), /dev, /proc and the host's private mounts
 * (its stock paths: /etc/nginx, /var/log, /run, /tmp...), then pivot_root into it. Nothing else of the
 * machine (home folders, /root, /var/tmp, other submissions, /etc/shadow) exists for the server, whatever its
 * configuration names. Shell lines run as root in the host's private mount namespace, after the binds.
 */
export function newRootLines(targets: string[], q: (s: string) => string): string[] {
  const R = '/run/.wil-root';
  const lines = [`R=${R}`, 'mkdir -p "$R"', 'mount -t tmpfs -o mode=0755 wilroot "$R"'];
  const ro = (p: string) =>
    lines.push(
      `if [ -e ${q(p)} ]; then if [ -d ${q(p)} ]; then mkdir -p "$R"${q(p)}; else mkdir -p "$(dirname "$R"${q(p)})"; : > "$R"${q(p)}; fi; mount --bind ${q(p)} "$R"${q(p)}; mount -o remount,bind,ro "$R"${q(p)}; fi`,
    );
  ro('/usr');
  for (const d of ['/bin', '/sbin', '/lib', '/lib64', '/lib32', '/libx32']) {
    lines.push(
      `if [ -L ${d} ]; then ln -s "$(readlink ${d})" "$R"${d}; elif [ -d ${d} ]; then mkdir -p "$R"${d}; mount --bind ${d} "$R"${d}; mount -o remount,bind,ro "$R"${d}; fi`,
    );
  }
  // (/etc/alternatives: Debian's /etc/mysql/my.cnf is a link through it)
  for (const f of [
    '/etc/passwd',
    '/etc/group',
    '/etc/hosts',
    '/etc/nsswitch.conf',
    '/etc/host.conf',
    '/etc/ld.so.cache',
    '/etc/localtime',
    '/etc/ssl/certs',
    '/etc/ssl/openssl.cnf',
    '/etc/mime.types',
    '/etc/alternatives',
  ])
    ro(f);
  lines.push('mkdir -p "$R/dev" "$R/proc"', 'mount --rbind /dev "$R/dev"', 'mount -t proc proc "$R/proc"');
  // the host's private mounts, at their stock paths (writable as the server's user makes them)
  for (const t of [...new Set(targets)].sort((a, b) => a.length - b.length)) {
    lines.push(`if [ -d ${q(t)} ]; then mkdir -p "$R"${q(t)}; mount --rbind ${q(t)} "$R"${q(t)}; fi`);
  }
  lines.push('cd "$R"', 'mkdir -p .old', 'pivot_root . .old', 'umount -l /.old', 'rmdir /.old', 'cd /');
  return lines;
}

function hashMounts(mounts: Mount[]): string {
  let h = 5381;
  for (const c of JSON.stringify(mounts)) h = ((h << 5) + h + c.charCodeAt(0)) >>> 0;
  return h.toString(36);
}
