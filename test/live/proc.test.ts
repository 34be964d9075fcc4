import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  ProcessGroup,
  WaitError,
  descendants,
  isAlive,
  listening,
  netnsOf,
  procState,
  waitFor,
} from '../../labs/node/live/proc';

describe('process supervision', () => {
  it('stops a process by pid with TERM and reaps it', async () => {
    const g = new ProcessGroup();
    const p = g.spawn('sleeper', ['sleep', '30']);
    await waitFor('running', () => isAlive(p.pid), { timeoutMs: 2000 });
    const r = await g.stop(p, 2000);
    expect(r.killed).toBe(false);
    expect(p.exit?.signal).toBe('SIGTERM');
    expect(isAlive(p.pid)).toBe(false);
  });

  it('kills a process that ignores TERM after the bound, and its children', async () => {
    const g = new ProcessGroup();
    const p = g.spawn('stubborn', ['sh', '-c', 'trap "" TERM; sleep 30 & sleep 30 & wait']);
    await waitFor('children', () => descendants(p.pid).length >= 2 || undefined, { timeoutMs: 3000 });
    const kids = descendants(p.pid);
    const t0 = Date.now();
    const r = await g.stop(p, 300);
    expect(r.killed).toBe(true);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(p.exit?.signal).toBe('SIGKILL');
    await waitFor('children gone', () => kids.every((k) => !isAlive(k)) || undefined, { timeoutMs: 3000 });
  });

  it('sees a zombie as dead (/proc/PID/stat state Z)', async () => {
    // sh forks a child and execs `sleep`, which never reaps it: the child stays a zombie
    const g = new ProcessGroup();
    const p = g.spawn('zombie-maker', ['sh', '-c', 'true & exec sleep 5']);
    const zombie = await waitFor('zombie', () => descendants(p.pid).find((k) => procState(k) === 'Z'), {
      timeoutMs: 3000,
    });
    expect(procState(zombie)).toBe('Z');
    expect(isAlive(zombie)).toBe(false);
    await g.stopAll();
    expect(isAlive(p.pid)).toBe(false);
  });

  it('a wait notices a process that died instead of running to its timeout', async () => {
    const g = new ProcessGroup();
    const p = g.spawn('dies', ['sh', '-c', 'echo "bad config" >&2; exit 3']);
    const t0 = Date.now();
    const err = await waitFor('never ready', () => undefined, { timeoutMs: 10_000, watch: [p] }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WaitError);
    expect((err as WaitError).reason).toBe('died');
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(p.output()).toContain('bad config');
  });

  it('every wait is bounded, and an abort ends it at once', async () => {
    const t0 = Date.now();
    const e1 = await waitFor('never', () => undefined, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect((e1 as WaitError).reason).toBe('timeout');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const e2 = await waitFor('never', () => undefined, { timeoutMs: 10_000, signal: ac.signal }).catch(
      (e: unknown) => e,
    );
    expect((e2 as WaitError).reason).toBe('aborted');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('run() bounds a command that hangs and stops it', async () => {
    const g = new ProcessGroup();
    const r = await g.run('hang', ['sleep', '30'], { timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
    expect(g.procs.every((p) => p.exit)).toBe(true);
  });
});

describe('stopping a script stops what it started', () => {
  it('children of a stopped script (its server child) are stopped too', async () => {
    const g = new ProcessGroup();
    const p = g.spawn('script', ['sh', '-c', 'sleep 30 & sleep 31 & wait']);
    const kids = await waitFor('children', () => (descendants(p.pid).length >= 2 ? descendants(p.pid) : undefined), {
      timeoutMs: 3000,
    });
    await g.stop(p, 2000);
    await waitFor('children gone', () => kids.every((k) => !isAlive(k)) || undefined, { timeoutMs: 5000 });
  });
});

describe('listening: which sockets make a server ready', () => {
  // a listener in this test's own network namespace: what /proc/PID/net shows of a server that has not yet
  // entered its namespace (nsenter is still the caller's), while another run listens on the same port here
  const server = (host: string): string =>
    `const s=require('node:net').createServer();s.listen(0,'${host}',()=>console.log(s.address().port))`;

  it('counts a socket of this namespace only when the process is not started into one of its own', async () => {
    const g = new ProcessGroup();
    const p = g.spawn('listener', [process.execPath, '-e', server('127.0.0.1')]);
    try {
      const port = await waitFor('port', () => Number(p.output().trim()) || undefined, {
        timeoutMs: 5000,
        watch: [p],
      });
      await waitFor('listening', () => listening(p.pid, port) || undefined, { timeoutMs: 3000 });
      expect(listening(p.pid, port, { address: '127.0.0.1' })).toBe(true);
      // another host's address in loopback mode: not this server
      expect(listening(p.pid, port, { address: '127.0.0.2' })).toBe(false);
      // started into a namespace of its own but still in ours: not ready, whatever listens here
      expect(listening(p.pid, port, { entered: true })).toBe(false);
      expect(netnsOf(p.pid)).toBe(netnsOf(process.pid));
    } finally {
      await g.stopAll();
    }
  });

  it.skipIf(!unshareNet())('counts it once the process is in a namespace of its own', async () => {
    const g = new ProcessGroup();
    const p = g.spawn('listener', ['unshare', '--map-root-user', '--net', process.execPath, '-e', server('0.0.0.0')]);
    try {
      const port = await waitFor('port', () => Number(p.output().trim()) || undefined, {
        timeoutMs: 5000,
        watch: [p],
      });
      expect(netnsOf(p.pid)).not.toBe(netnsOf(process.pid));
      expect(listening(p.pid, port, { entered: true })).toBe(true);
    } finally {
      await g.stopAll();
    }
  });
});

/** Whether this machine lets a process make a user and network namespace of its own (unshare -rn). */
function unshareNet(): boolean {
  return spawnSync('unshare', ['--map-root-user', '--net', 'true']).status === 0;
}
