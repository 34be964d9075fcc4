/**
 * Process supervision for live mode: every server is started by the harness, tracked by its pid,
 * and stopped by that pid (TERM, then KILL after a bound; an nginx master is never SIGKILLed
 * before it had its chance to stop its workers). Waits are bounded and notice a process that died.
 *
 * "Alive" is read from /proc/PID/stat: a zombie (state Z, exited but not yet reaped) is dead, which
 * `kill -0` alone would not tell (the prototype's pitfall 8).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A process the harness started. Its output (stdout + stderr) is kept, bounded. */
export interface ManagedProcess {
  /** Harness label, e.g. `web-01/nginx`. */
  name: string;
  pid: number;
  argv: string[];
  child: ChildProcess;
  /** How to stop it: `nginx` gets TERM (fast shutdown) and is never SIGKILLed first. */
  stopSignal: NodeJS.Signals;
  /** How long to wait after the stop signal before SIGKILL. */
  graceMs: number;
  startedAt: number;
  exit?: ExitInfo;
  exited: Promise<ExitInfo>;
  /** Its output pipes are closed (all read), or it could not start. */
  closed?: Promise<void>;
  output(): string;
}

const MAX_OUTPUT = 64 * 1024;

export class WaitError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'died' | 'aborted',
    readonly process?: ManagedProcess,
  ) {
    super(message);
  }
}

/** The state letter of /proc/PID/stat (`R`, `S`, `Z`...), or undefined when there is no such process. */
export function procState(pid: number): string | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may hold spaces and parentheses: the state follows the LAST ')'.
    return s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** True when the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  const st = procState(pid);
  return st !== undefined && st !== 'Z' && st !== 'X';
}

/** Parent pid from /proc/PID/stat. */
export function parentPid(pid: number): number | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(rest[1]);
  } catch {
    return undefined;
  }
}

/** Every live descendant of a pid (children, grandchildren...), from one /proc scan. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of safeReaddir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = Number(name);
    const pp = parentPid(p);
    if (pp === undefined) continue;
    const list = children.get(pp) ?? [];
    list.push(p);
    children.set(pp, list);
  }
  const out: number[] = [];
  const stack = [...(children.get(pid) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Peak resident memory (VmHWM, kB) of a pid, 0 when gone. */
export function peakRssKb(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Current resident memory (VmRSS, kB) of a pid, 0 when gone. */
export function rssKb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new WaitError('aborted', 'aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new WaitError('aborted', 'aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface SpawnOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  stopSignal?: NodeJS.Signals;
  graceMs?: number;
  /** Text written to stdin, then stdin is closed. */
  input?: string;
}

/**
 * All processes of one live run. `spawn` records every pid before anything else can fail;
 * `stopAll` stops every one still running, in reverse start order.
 */
export class ProcessGroup {
  readonly procs: ManagedProcess[] = [];
  /** Peak RSS (kB) seen per pid, sampled by `sampleMemory` (kept after the process exits). */
  readonly peakKb = new Map<number, number>();
  /** Set by teardown: nothing may start after it (a probe still running when an abort came). */
  closed = false;

  close(): void {
    this.closed = true;
  }

  spawn(name: string, argv: string[], opts: SpawnOptions = {}): ManagedProcess {
    if (this.closed) throw new WaitError(`${name}: not started, the run is being torn down`, 'aborted');
    const child = spawn(argv[0], argv.slice(1), {
      cwd: opts.cwd,
      env: (opts.env ?? process.env) as NodeJS.ProcessEnv,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: false,
    });
    let buf = '';
    const take = (d: Buffer): void => {
      buf += d.toString('utf8');
      if (buf.length > MAX_OUTPUT) buf = buf.slice(buf.length - MAX_OUTPUT);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    if (opts.input !== undefined) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(opts.input);
    }
    let resolveExit!: (e: ExitInfo) => void;
    const exited = new Promise<ExitInfo>((r) => (resolveExit = r));
    // every pipe read to its end ('exit' can come before the last output has been read)
    const closed = new Promise<void>((r) => child.on('close', () => r()));
    const mp: ManagedProcess = {
      name,
      pid: child.pid ?? -1,
      argv,
      child,
      stopSignal: opts.stopSignal ?? 'SIGTERM',
      graceMs: opts.graceMs ?? 5000,
      startedAt: Date.now(),
      exited,
      closed,
      output: () => buf,
    };
    child.on('error', (err) => {
      take(Buffer.from(`${String(err)}\n`));
      if (!mp.exit) {
        mp.exit = { code: 127, signal: null };
        resolveExit(mp.exit);
      }
    });
    child.on('exit', (code, signal) => {
      if (!mp.exit) {
        mp.exit = { code, signal };
        resolveExit(mp.exit);
      }
    });
    this.procs.push(mp);
    return mp;
  }

  /** Runs a command to completion (bounded), returning its exit code and output. */
  async run(
    name: string,
    argv: string[],
    opts: SpawnOptions & { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<{ code: number | null; output: string; timedOut: boolean }> {
    const p = this.spawn(name, argv, { ...opts, graceMs: opts.graceMs ?? 1000 });
    const timeoutMs = opts.timeoutMs ?? 30_000;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => void this.stop(p);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const limit = new Promise<void>((r) => {
      timer = setTimeout(() => {
        timedOut = true;
        r();
      }, timeoutMs);
    });
    await Promise.race([p.exited, limit]);
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    if (!p.exit) await this.stop(p);
    // let the pipes drain: to their end ('exit' may come first under load, and output read then was cut
    // short), bounded (a daemon the command left behind may hold them open)
    await Promise.race([p.closed ?? Promise.resolve(), sleep(500)]);
    await new Promise((r) => setImmediate(r));
    if (opts.signal?.aborted) throw new WaitError(`${name}: aborted`, 'aborted', p);
    return { code: p.exit?.code ?? null, output: p.output(), timedOut };
  }

  /**
   * Stops one process by its pid: its stop signal, then SIGKILL after its grace period (its
   * descendants too, so an nginx master's workers never outlive it). Resolves once it is reaped.
   */
  async stop(p: ManagedProcess, graceMs: number = p.graceMs): Promise<{ killed: boolean; ms: number }> {
    const t0 = Date.now();
    if (p.exit) return { killed: false, ms: 0 };
    // its children too (a script's server child, e.g. mariadb-install-db's bootstrap), once it is gone
    const kidsBefore = descendants(p.pid);
    try {
      p.child.kill(p.stopSignal);
    } catch {
      /* already gone */
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      p.exited.then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs))),
    ]);
    clearTimeout(timer);
    let killed = false;
    if (timedOut && !p.exit) {
      killed = true;
      const kids = descendants(p.pid);
      try {
        p.child.kill('SIGKILL');
      } catch {
        /* gone */
      }
      for (const k of kids) killPid(k, 'SIGKILL');
      await Promise.race([p.exited, sleep(2000)]);
    }
    const orphans = kidsBefore.filter(isAlive);
    if (orphans.length) {
      for (const k of orphans) killPid(k, 'SIGTERM');
      const deadline = Date.now() + Math.min(graceMs, 3000);
      while (Date.now() < deadline && orphans.some(isAlive)) await sleep(20);
      for (const k of orphans.filter(isAlive)) killPid(k, 'SIGKILL');
    }
    return { killed, ms: Date.now() - t0 };
  }

  /** Stops every process still running, newest first; independent ones in parallel per batch. */
  async stopAll(maxGraceMs?: number): Promise<void> {
    const running = this.procs.filter((p) => !p.exit).reverse();
    await Promise.all(
      running.map((p) => this.stop(p, maxGraceMs === undefined ? p.graceMs : Math.min(p.graceMs, maxGraceMs))),
    );
  }

  /** Highest sum of VmRSS over everything of this run running at one moment (sampled). */
  peakConcurrentKb = 0;

  /**
   * Samples memory: VmHWM (peak RSS) per server process and its descendants (nginx workers...),
   * and the sum of current RSS of everything running now (servers and short-lived clients).
   */
  sampleMemory(isServer: (p: ManagedProcess) => boolean = () => true): void {
    let now = 0;
    for (const p of this.procs) {
      if (p.exit) continue;
      for (const pid of [p.pid, ...descendants(p.pid)]) {
        now += rssKb(pid);
        if (!isServer(p)) continue;
        const kb = peakRssKb(pid);
        if (kb > (this.peakKb.get(pid) ?? 0)) this.peakKb.set(pid, kb);
      }
    }
    if (now > this.peakConcurrentKb) this.peakConcurrentKb = now;
  }

  /** Sum of the peak RSS (VmHWM) of every server process seen (what the prototype measured). */
  peakTotalKb(): number {
    let s = 0;
    for (const v of this.peakKb.values()) s += v;
    return s;
  }
}

export function killPid(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* gone */
  }
}

/**
 * Polls `probe` until it returns a value other than undefined/false, at most `timeoutMs`.
 * Fails early (reason `died`) when one of `watch` exits, and on abort.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  opts: { timeoutMs: number; intervalMs?: number; signal?: AbortSignal; watch?: ManagedProcess[] },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 50;
  for (;;) {
    if (opts.signal?.aborted) throw new WaitError(`${what}: aborted`, 'aborted');
    for (const p of opts.watch ?? []) {
      if (p.exit)
        throw new WaitError(`${what}: ${p.name} exited (${p.exit.signal ?? `code ${p.exit.code}`})`, 'died', p);
    }
    const v = await probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() >= deadline) throw new WaitError(`${what}: not within ${opts.timeoutMs} ms`, 'timeout');
    await sleep(Math.min(interval, Math.max(1, deadline - Date.now())), opts.signal);
  }
}

/** `net:[inode]` of a process's network namespace (undefined once it is gone). */
export function netnsOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return undefined;
  }
}

let ownNetns: string | undefined;

/**
 * True when a process's network namespace has a TCP socket listening on `port` (from
 * /proc/PID/net/tcp{,6}: no process to spawn, works for any namespace the pid is in).
 * `address`: only a socket on it (or a wildcard) counts: in loopback mode every host shares the machine's
 * network, and another host's server on the same port must not count.
 * `entered`: the process is started into a network namespace of its own (nsenter): until it has left this
 * process's namespace, /proc/PID/net is the machine's, where another run may listen on the same port.
 */
export function listening(pid: number, port: number, where: { address?: string; entered?: boolean } = {}): boolean {
  const { address } = where;
  if (where.entered) {
    ownNetns ??= netnsOf(process.pid);
    const n = netnsOf(pid);
    if (!n || n === ownNetns) return false;
  }
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  // /proc/net/tcp writes IPv4 addresses as little-endian hex (127.0.0.1 -> 0100007F)
  const le = (a: string): string =>
    a
      .split('.')
      .reverse()
      .map((o) => Number(o).toString(16).toUpperCase().padStart(2, '0'))
      .join('');
  const addrs =
    address && /^\d+\.\d+\.\d+\.\d+$/.test(address)
      ? new Set([le(address), '00000000', '00000000000000000000000000000000'])
      : undefined;
  for (const f of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${f}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (
        cols.length > 3 &&
        cols[3] === '0A' &&
        cols[1].endsWith(`:${hex}`) &&
        (!addrs || addrs.has(cols[1].split(':')[0]))
      )
        return true;
    }
  }
  return false;
}
