/**
 * Lab 3's live probes for real (root, keepalived, haproxy, nginx): the reference passes every probe, and
 * each broken variant fails the probe that should catch it. Every run leaves nothing behind.
 */
import { type Server, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../labs/core/report/types';
import { runLive } from '../../labs/node/live';
import { NO_SPOF_PROBES } from '../../labs/node/live/no-spof';
import { leftovers } from './helpers';
import { kaSkipReason, submission } from './no-spof-helpers';

const only = new Set(NO_SPOF_PROBES);

/** A listener on 127.0.0.1:`port` in this process's namespace (undefined when something already listens there). */
function listenHere(port: number): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve(undefined) : reject(e)));
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

async function run(name: Parameters<typeof submission>[0]) {
  const t = Date.now();
  const r = await runLive({ ...submission(name), only });
  const ms = Date.now() - t;
  const by = Object.fromEntries(r.checks.map((c) => [c.id, c])) as Record<string, CheckResult>;
  const show = r.checks.map((c) => `${c.id} ${c.status}: ${c.findings.map((f) => f.message).join(' / ')}`).join('\n');
  return { r, by, show, ms };
}

describe.skipIf(!!kaSkipReason)(`live: lab 3 (keepalived pair) ${kaSkipReason}`, () => {
  it(
    'the reference passes every probe, with the failover measured, and leaves nothing',
    { timeout: 90_000 },
    async () => {
      const { r, by, show, ms } = await run('solution');
      expect(r.checks.map((c) => c.id)).toEqual([...NO_SPOF_PROBES]);
      for (const id of NO_SPOF_PROBES) expect(by[id].status, show).toBe('pass');
      expect(by['live/vip-owner'].findings[0].data).toMatchObject({ host: 'lb-01', vip: '10.0.0.100' });
      const fo = by['live/failover'].findings[0];
      expect(fo.messageId).toBe('moved');
      expect(Number(fo.data!.ms)).toBeLessThanOrEqual(Number(fo.data!.limit));
      expect(Number(fo.data!.total)).toBeGreaterThan(0);
      expect(by['live/recovery'].findings[0].messageId).toBe('preempted');
      expect(by['live/backup-serves'].findings[0].message).toMatch(/web-0[12]/);
      expect(r.live.changes.some((c) => /vrrp_track_process track_haproxy/.test(c.what))).toBe(true);
      expect(r.debug.leftovers).toEqual([]);
      expect(leftovers()).toEqual([]);
      console.log(`lab 3 reference: live cycle ${ms} ms; timings ${JSON.stringify(r.debug.timings)}\n${show}`);
    },
  );

  it(
    '--only live/failover in lab 3: the VIP failover, with the requests after the move counted',
    { timeout: 90_000 },
    async () => {
      const r = await runLive({ ...submission('solution'), only: new Set(['live/failover']) });
      const fo = r.checks.find((c) => c.id === 'live/failover')!;
      expect(fo.status).toBe('pass');
      const f = fo.findings[0];
      expect(f.messageId, f.message).toBe('moved');
      // the client is answered again through the backup before the run ends
      expect(Number(f.data!.failed)).toBeLessThan(Number(f.data!.total));
      expect(r.debug.leftovers).toEqual([]);
      expect(leftovers()).toEqual([]);
    },
  );

  it('different virtual_router_id on lb-02: two masters, no-split-brain fails', { timeout: 90_000 }, async () => {
    const { by, show } = await run('broken/vrid-differs');
    expect(by['live/no-split-brain'].status, show).toBe('fail');
    expect(by['live/vip-owner'].status, show).toBe('fail');
    expect(by['live/vip-owner'].findings[0].messageId).toBe('both');
    expect(leftovers()).toEqual([]);
  });

  it(
    "lb-02's unicast_peer is itself: lb-01 never hears lb-02, and no-split-brain says so",
    { timeout: 90_000 },
    async () => {
      const { by, show } = await run('broken/unicast-peer-self');
      // every event of the run still moves the VIP as it should
      for (const id of ['live/vip-owner', 'live/failover', 'live/link-failover', 'live/recovery'])
        expect(by[id].status, show).toBe('pass');
      const split = by['live/no-split-brain'];
      expect(split.status, show).toBe('fail');
      expect(split.findings.map((f) => [f.messageId, f.data?.master, f.data?.peer])).toEqual([
        ['unheard', 'lb-02', 'lb-01'],
      ]);
      expect(split.findings[0].file).toMatch(/^lb-02\/keepalived.conf$/);
      expect(leftovers()).toEqual([]);
    },
  );

  it(
    'two MASTERs at priority 150: vip-owner fails the tie, recovery warns whichever way it went',
    { timeout: 90_000 },
    async () => {
      const { by, show } = await run('broken/two-masters');
      expect(by['live/vip-owner'].status, show).toBe('fail');
      expect(by['live/vip-owner'].findings[0].messageId).toBe('tie');
      expect(by['live/failover'].status, show).toBe('pass');
      expect(by['live/recovery'].status, show).toBe('warn');
      expect(by['live/recovery'].findings[0].message).toMatch(
        /(returned to|stayed on) lb-0[12].*both load balancers at priority 150/,
      );
      expect(by['live/no-split-brain'].status, show).toBe('pass');
      expect(leftovers()).toEqual([]);
    },
  );

  it('weight 2 with priorities 150/100: failover fails, the VIP stays on lb-01', { timeout: 90_000 }, async () => {
    const { by, show } = await run('broken/weight-2');
    expect(by['live/vip-owner'].status, show).toBe('pass');
    expect(by['live/failover'].status, show).toBe('fail');
    expect(by['live/failover'].findings[0].messageId).toBe('not-moved');
    expect(by['live/failover'].findings[0].message).toMatch(/150 against lb-02's 102/);
    expect(by['live/no-split-brain'].status, show).toBe('pass');
    // the link cut still moves it, and the backup then serves
    expect(by['live/link-failover'].status, show).toBe('pass');
    expect(by['live/backup-serves'].status, show).toBe('pass');
    expect(leftovers()).toEqual([]);
  });

  it('nopreempt on both: recovery says the VIP stays, as the configuration says', { timeout: 90_000 }, async () => {
    const { by, show } = await run('fixture/nopreempt');
    expect(by['live/failover'].status, show).toBe('pass');
    expect(by['live/recovery'].status, show).toBe('pass');
    expect(by['live/recovery'].findings[0].messageId).toBe('stayed');
    expect(by['live/recovery'].findings[0].message).toMatch(/nopreempt/);
    expect(leftovers()).toEqual([]);
  });

  it('both HAProxys bind the VIP without ip_nonlocal_bind: the backup cannot serve', { timeout: 90_000 }, async () => {
    // with a socket on port 80 in the machine's own namespace (another run in loopback mode, as in CI): a
    // HAProxy still being moved into its namespace must not look ready by it
    const other = await listenHere(80);
    const { by, show, r } = await run('broken/vip-bind-no-nonlocal').finally(() => other?.close());
    expect(by['live/backup-serves'].status, show).toBe('fail');
    expect(by['live/backup-serves'].findings[0].message).toMatch(/lb-02's HAProxy is not running.*cannot bind/);
    // both HAProxys fail (neither holds the VIP at start), both keepalived go to FAULT: nobody takes the VIP,
    // and vip-owner names the cause on each load balancer
    expect(by['live/vip-owner'].status, show).toBe('fail');
    expect(by['live/vip-owner'].findings.map((f) => [f.messageId, f.data?.host])).toEqual([
      ['not-started', 'lb-01'],
      ['not-started', 'lb-02'],
    ]);
    expect(by['live/vip-owner'].findings[0].message).toMatch(/lb-01: HAProxy did not start: .*cannot bind/);
    expect(r.live.changes.some((c) => c.host === 'lb-02' && /HAProxy did not start/.test(c.what))).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('the same with ip_nonlocal_bind = 1 in /etc/sysctl.d: every probe passes', { timeout: 90_000 }, async () => {
    const { by, show, r } = await run('broken/vip-bind-nonlocal');
    for (const id of NO_SPOF_PROBES) expect(by[id].status, show).toBe('pass');
    expect(r.live.changes.some((c) => /ip_nonlocal_bind=1 set in lb-02/.test(c.what))).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it(
    'a killall -0 track with a negative weight (vrrp-script variant): every probe passes',
    { timeout: 90_000 },
    async () => {
      const { by, show, r } = await run('broken/vrrp-script');
      for (const id of NO_SPOF_PROBES) expect(by[id].status, show).toBe('pass');
      // no learner command ran: the script was replaced, and said so
      expect(r.live.changes.some((c) => /killall -0 haproxy.*replaced by the sandbox's own check/.test(c.what))).toBe(
        true,
      );
      expect(by['live/failover'].findings[0].message).toMatch(/master-down timer/);
    },
  );

  it("lb-02's HAProxy bound to lb-01's address: backup-serves fails", { timeout: 90_000 }, async () => {
    const { by, show } = await run('broken/lb-02-binds-lb-01');
    expect(by['live/backup-serves'].status, show).toBe('fail');
    expect(by['live/backup-serves'].findings[0].message).toMatch(/10\.0\.0\.10:80/);
    expect(leftovers()).toEqual([]);
  });

  it(
    'a public VIP is never configured: it runs as a sandbox address, and the report says so',
    { timeout: 90_000 },
    async () => {
      const { by, show, r } = await run('fixture/public-vip');
      for (const id of NO_SPOF_PROBES) expect(by[id].status, show).toBe('pass');
      expect(by['live/vip-owner'].findings[0].data).toMatchObject({ vip: '10.0.0.100' });
      expect(r.live.changes.some((c) => /your VIP 203\.0\.113\.100 .* runs as 10\.0\.0\.100/.test(c.what))).toBe(true);
      expect(JSON.stringify(r.checks)).not.toContain('203.0.113.100');
    },
  );
});
