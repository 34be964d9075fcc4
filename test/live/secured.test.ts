/**
 * Lab 2's live probes for real (root, haproxy, nginx, openssl): the reference passes every probe with the
 * harness's throwaway CA, and each broken variant fails the probe that should catch it. Every run leaves
 * nothing behind.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../labs/core/report/types';
import { loadSubmission } from '../../labs/node/fs';
import { runLive } from '../../labs/node/live';
import { SANDBOX_PEM, SECURED_PROBES } from '../../labs/node/live/secured';
import { join } from 'node:path';
import { loadLab, loadVariant } from '../../labs/node/specs';
import { leftovers, skipReason } from './helpers';
import { filterDump } from '../checks/firewall/lab2';

const only = new Set(SECURED_PROBES);
/** The HTTPS probes alone (the firewall matrix and live/metrics take seconds more: they are run where they are the point). */
const HTTPS = SECURED_PROBES.filter((id) => id !== 'live/firewall-matrix' && id !== 'live/metrics');
const METRICS = new Set(['live/metrics']);
const httpsOnly = new Set(HTTPS);

const ufwMissing = spawnSync('sh', ['-c', 'command -v ufw && command -v iptables'], { stdio: 'ignore' }).status !== 0;
/** In CI a missing ufw is a failure, never a skip. */
if (ufwMissing && !skipReason && process.env.CI === 'true')
  throw new Error('the live firewall matrix cannot run in CI: ufw (or iptables) is not installed');
const hostRules = (): string => {
  try {
    return execFileSync('iptables', ['-S'], { encoding: 'utf8' });
  } catch {
    return '';
  }
};

async function run(name: 'solution' | `broken/${string}`, probes: ReadonlySet<string> = httpsOnly) {
  const lab = loadLab('secured-monitored');
  const sub =
    name === 'solution'
      ? await (async () => {
          const dir = join(__dirname, '..', '..', 'labs', 'specs', 'secured-monitored', 'solution');
          return { dir, tree: (await loadSubmission(dir)).tree };
        })()
      : loadVariant('secured-monitored', name.slice('broken/'.length));
  const t = Date.now();
  const r = await runLive({ dir: sub.dir, tree: sub.tree, lab, only: probes });
  const ms = Date.now() - t;
  const by = Object.fromEntries(r.checks.map((c) => [c.id, c])) as Record<string, CheckResult>;
  const show = r.checks.map((c) => `${c.id} ${c.status}: ${c.findings.map((f) => f.message).join(' / ')}`).join('\n');
  return { r, by, show, ms };
}

describe.skipIf(!!skipReason)(`live: lab 2 (HTTPS at the load balancer) ${skipReason}`, () => {
  it('the reference passes every probe through its TLS frontend, and leaves nothing', { timeout: 60_000 }, async () => {
    const rules = hostRules();
    const { r, by, show, ms } = await run('solution', only);
    expect(r.checks.map((c) => c.id)).toEqual([...SECURED_PROBES]);
    for (const id of HTTPS) expect(by[id].status, show).toBe('pass');
    expect(by['live/firewall-matrix'].status, show).toBe(ufwMissing ? 'skip' : 'pass');
    // live/metrics: monitor-01 scrapes HAProxy's exporter; the node and nginx exporters are not run, and say so
    const mt = by['live/metrics'];
    expect(mt.status, show).toBe('pass');
    const scraped = mt.findings.filter((f) => f.messageId === 'scraped');
    expect(scraped.map((f) => f.data!.target)).toEqual(['10.0.0.10:8405']);
    expect(scraped[0]).toMatchObject({ file: 'monitor-01/prometheus.yml', line: 12 });
    expect(mt.findings.filter((f) => f.messageId === 'not-tried').map((f) => f.data!.job)).toEqual(['nginx', 'node']);
    expect(mt.findings.map((f) => f.messageId)).toContain(ufwMissing ? 'internet-not-tried' : 'internet-none');
    // web-01 stopped: DOWN in HAProxy's metrics within fall 2 x inter 1 s (+ the margin)
    const down = mt.findings.find((f) => f.messageId === 'down-seen')!;
    expect(down, show).toBeDefined();
    expect(down.data).toMatchObject({ web: 'web-01', server: 'web-01', proxy: 'web_servers', fall: 2, inter: 1000 });
    expect(Number(down.data!.ms)).toBeLessThanOrEqual(Number(down.data!.limit));
    // the learner's ufw ran in the sandbox's namespaces only: the machine's own rules are as they were
    expect(hostRules()).toBe(rules);
    // ...as nobody (root only in a user namespace of its own), web-02 sharing web-01's run (the same commands)
    if (!ufwMissing) {
      const ufwNotes = r.live.changes.filter((c) => /ufw commands applied by the real ufw/.test(c.what));
      expect(ufwNotes.length).toBeGreaterThan(3);
      for (const c of ufwNotes) expect(c.what).toMatch(/\(as nobody, root only in a user namespace of its own/);
      expect(ufwNotes.find((c) => c.host === 'web-02')?.what).toMatch(/the same commands as web-01: ufw ran once/);
    }
    const rr = by['live/https-round-robin'].findings[0];
    expect(rr.messageId).toBe('sequence');
    expect(rr.data).toMatchObject({ url: 'https://www.lab.test/' });
    expect(String(rr.data!.sequence)).toMatch(/^web-0([12]), web-0(?!\1)[12], web-0\1/);
    expect(by['live/redirect'].findings[0].data).toMatchObject({ status: 301 });
    expect(by['live/hsts'].findings[0].data).toMatchObject({ age: 63072000 });
    expect(by['live/x-forwarded-proto'].findings.map((f) => f.data!.web).sort()).toEqual(['web-01', 'web-02']);
    expect(by['live/tls-versions'].findings[0].message).toMatch(
      /TLS 1\.0 refused.*TLS 1\.1 refused.*TLS 1\.2 accepted.*TLS 1\.3 accepted/,
    );
    // the certificate rewrite is a change the report shows
    expect(
      r.live.changes.some(
        (c) => c.file === 'lb-01/haproxy.cfg' && c.what.includes(SANDBOX_PEM) && /www\.lab\.test/.test(c.what),
      ),
    ).toBe(true);
    expect(r.debug.leftovers).toEqual([]);
    expect(leftovers()).toEqual([]);
    console.log(`lab 2 reference: live cycle ${ms} ms; timings ${JSON.stringify(r.debug.timings)}\n${show}`);
  });

  it(
    'interrupted while the servers start: every probe says so, nothing is left behind',
    { timeout: 60_000 },
    async () => {
      const ac = new AbortController();
      const lab = loadLab('secured-monitored');
      const dir = join(__dirname, '..', '..', 'labs', 'specs', 'secured-monitored', 'solution');
      const { tree } = await loadSubmission(dir);
      const timer = setTimeout(() => ac.abort(), 700);
      const r = await runLive({ dir, tree, lab, only: httpsOnly, signal: ac.signal }).finally(() =>
        clearTimeout(timer),
      );
      if (ac.signal.aborted)
        for (const c of r.checks) expect(c.status === 'skip' || c.status === 'error', c.id).toBe(true);
      expect(r.debug.leftovers).toEqual([]);
      expect(leftovers()).toEqual([]);
    },
  );

  it('a redirect without `code`: live/redirect fails with 302', { timeout: 60_000 }, async () => {
    const { by, show } = await run('broken/redirect-302');
    expect(by['live/redirect'].status, show).toBe('fail');
    expect(by['live/redirect'].findings[0]).toMatchObject({ messageId: 'not-permanent', data: { status: 302 } });
    for (const id of HTTPS.filter((x) => x !== 'live/redirect')) expect(by[id].status, show).toBe('pass');
    expect(leftovers()).toEqual([]);
  });

  it('HSTS for one day: live/hsts fails and reports the max-age', { timeout: 60_000 }, async () => {
    const { by, show } = await run('broken/hsts-one-day');
    expect(by['live/hsts'].status, show).toBe('fail');
    expect(by['live/hsts'].findings[0]).toMatchObject({ messageId: 'short', data: { age: 86400, days: 1 } });
    expect(leftovers()).toEqual([]);
  });

  it('`X_Forwarded-Proto`: the web servers receive no X-Forwarded-Proto', { timeout: 60_000 }, async () => {
    const { by, show } = await run('broken/xfp-typo');
    expect(by['live/x-forwarded-proto'].status, show).toBe('fail');
    expect(by['live/x-forwarded-proto'].findings.map((f) => f.messageId)).toEqual(['missing', 'missing']);
    expect(by['live/https-round-robin'].status, show).toBe('pass');
    expect(leftovers()).toEqual([]);
  });

  it('no HTTPS bind: no TLS handshake, TLS 1.2 and 1.3 refused', { timeout: 60_000 }, async () => {
    const { by, show } = await run('broken/no-https-bind');
    expect(by['live/https-round-robin'].status, show).toBe('fail');
    expect(by['live/https-round-robin'].findings[0].messageId).toBe('no-tls');
    expect(by['live/tls-versions'].status, show).toBe('fail');
    expect(by['live/tls-versions'].findings.map((f) => f.messageId)).toContain('modern-refused');
    expect(by['live/hsts'].status, show).toBe('fail');
    expect(leftovers()).toEqual([]);
  });

  it.skipIf(ufwMissing)(
    "the metrics port open to everyone: live/metrics alone applies the firewalls, the internet reads HAProxy's metrics",
    { timeout: 90_000 },
    async () => {
      const { by, show, ms } = await run('broken/lb-metrics-open', METRICS);
      const mt = by['live/metrics'];
      expect(mt.status, show).toBe('fail');
      const read = mt.findings.filter((f) => f.messageId === 'internet-read');
      expect(read.map((f) => f.data!.url)).toEqual(['http://10.0.0.10:8405/metrics']);
      expect(read[0].message).toMatch(/haproxy_\* series: only the monitoring host \(monitor-01\) should/);
      // the rest of the probe still ran: the monitor scraped, web-01 went down
      expect(mt.findings.map((f) => f.messageId)).toEqual(expect.arrayContaining(['scraped', 'down-seen']));
      expect(by['live/firewall-matrix'].status).toBe('skip');
      expect(leftovers()).toEqual([]);
      console.log(`lab 2 live/metrics alone: ${ms} ms`);
    },
  );

  it.skipIf(ufwMissing)(
    "the exporter in the public frontend: monitor-01's target on 8405 is refused, the internet reads https://lb/metrics",
    { timeout: 90_000 },
    async () => {
      const { by, show } = await run('broken/exporter-on-public-frontend', METRICS);
      const mt = by['live/metrics'];
      expect(mt.status, show).toBe('fail');
      const refused = mt.findings.find((f) => f.messageId === 'not-scraped')!;
      expect(refused, show).toBeDefined();
      expect(refused).toMatchObject({ file: 'monitor-01/prometheus.yml', data: { target: '10.0.0.10:8405' } });
      expect(String(refused.data!.error)).toMatch(/ECONNREFUSED/);
      const read = mt.findings.filter((f) => f.messageId === 'internet-read').map((f) => f.data!.url);
      expect(read).toContain('https://10.0.0.10/metrics');
      expect(mt.findings.find((f) => f.messageId === 'down-not-tried')?.message).toMatch(
        /monitor-01 could scrape no HAProxy metrics/,
      );
      expect(leftovers()).toEqual([]);
    },
  );

  it.skipIf(ufwMissing)(
    'the web servers open to the world: the real ufw lets the internet in, the rule is named',
    { timeout: 90_000 },
    async () => {
      const { by, show } = await run('broken/web-open-to-world', new Set(['live/firewall-matrix']));
      const fw = by['live/firewall-matrix'];
      expect(fw.status, show).toBe('fail');
      expect(fw.findings.map((f) => f.messageId)).toContain('open');
      expect(fw.findings.find((f) => f.messageId === 'open')!.message).toMatch(
        /the internet -> web-0[12]:80\/tcp \(open\).*`ufw allow 80\/tcp`/,
      );
      expect(leftovers()).toEqual([]);
    },
  );

  it.skipIf(ufwMissing)(
    'a deny 3306 before the allows: the real ufw drops the application and the replica',
    { timeout: 90_000 },
    async () => {
      const { by, show } = await run('broken/deny-3306-before-allow', new Set(['live/firewall-matrix']));
      const fw = by['live/firewall-matrix'];
      expect(fw.status, show).toBe('fail');
      const blocked = fw.findings.filter((f) => f.messageId === 'blocked').map((f) => f.message);
      expect(
        blocked.some((m) => /^app-01 -> db-primary:3306\/tcp/.test(m)),
        show,
      ).toBe(true);
      expect(
        blocked.some((m) => /^db-replica -> db-primary:3306\/tcp/.test(m)),
        show,
      ).toBe(true);
      expect(leftovers()).toEqual([]);
    },
  );
  it.skipIf(ufwMissing)(
    'without user namespaces (the root staging namespace): the same verdicts, nothing left behind',
    { timeout: 90_000 },
    async () => {
      const before = hostRules();
      process.env.WEB_INFRA_LAB_UFW_STAGING = 'root';
      try {
        const { r, by, show } = await run('broken/deny-3306-before-allow', new Set(['live/firewall-matrix']));
        const fw = by['live/firewall-matrix'];
        expect(fw.status, show).toBe('fail');
        const blocked = fw.findings.filter((f) => f.messageId === 'blocked').map((f) => f.message);
        expect(
          blocked.some((m) => /^app-01 -> db-primary:3306\/tcp/.test(m)),
          show,
        ).toBe(true);
        // ufw ran as root in a staging namespace of the run, not unprivileged
        const applied = r.live.changes.filter((c) => /applied by the real ufw/.test(c.what));
        expect(applied.length).toBeGreaterThan(0);
        for (const c of applied) expect(c.what).toMatch(/as root with no capability but CAP_NET_ADMIN/);
        expect(r.debug.leftovers).toEqual([]);
      } finally {
        delete process.env.WEB_INFRA_LAB_UFW_STAGING;
      }
      expect(leftovers()).toEqual([]);
      expect(hostRules()).toBe(before);
    },
  );
  it.skipIf(ufwMissing)(
    'plain iptables instead of ufw: a dump and a script loaded by the real iptables, judged like ufw',
    { timeout: 90_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wil-ipt-'));
      try {
        cpSync(join(__dirname, '..', '..', 'labs', 'specs', 'secured-monitored', 'solution'), dir, { recursive: true });
        rmSync(join(dir, 'web-01', 'firewall.sh'));
        rmSync(join(dir, 'web-02', 'firewall.sh'));
        // web-01: right, as an iptables-save dump; web-02: a script that lets everyone in on port 80, and
        // without a conntrack rule: the answers to its own connections (to app-01:5000) are dropped
        writeFileSync(
          join(dir, 'web-01', 'rules.v4'),
          filterDump(
            ':INPUT DROP [0:0]',
            ':FORWARD DROP [0:0]',
            ':OUTPUT ACCEPT [0:0]',
            '-A INPUT -i lo -j ACCEPT',
            '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
            '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
            '-A INPUT -s 10.0.0.10/32 -p tcp -m tcp --dport 80 -j ACCEPT',
            '-A INPUT -s 10.0.0.30/32 -p tcp -m tcp --dport 9100 -j ACCEPT',
          ),
        );
        writeFileSync(
          join(dir, 'web-02', 'firewall.sh'),
          [
            '#!/bin/bash',
            'iptables -A INPUT -i lo -j ACCEPT',
            'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
            'iptables -A INPUT -p tcp --dport 80 -j ACCEPT',
            'iptables -A INPUT -s 10.0.0.30 -p tcp --dport 9100 -j ACCEPT',
            'iptables -P INPUT DROP',
            '',
          ].join('\n'),
        );
        // app-01: right, as an nftables ruleset (/etc/nftables.conf)
        rmSync(join(dir, 'app-01', 'firewall.sh'));
        writeFileSync(
          join(dir, 'app-01', 'nftables.conf'),
          [
            '#!/usr/sbin/nft -f',
            'flush ruleset',
            'table inet filter {',
            '    chain input {',
            '        type filter hook input priority filter; policy drop;',
            '        iif lo accept',
            '        ct state established,related accept',
            '        tcp dport 22 accept',
            '        ip saddr { 10.0.0.11, 10.0.0.12 } tcp dport 5000 accept',
            '        ip saddr 10.0.0.30 tcp dport 9100 accept',
            '    }',
            '}',
            '',
          ].join('\n'),
        );
        const r = await runLive({
          dir,
          tree: (await loadSubmission(dir)).tree,
          lab: loadLab('secured-monitored'),
          only: new Set(['live/firewall-matrix']),
        });
        const fw = r.checks.find((c) => c.id === 'live/firewall-matrix')!;
        const bad = fw.findings.filter((f) => f.severity === 'error');
        expect(bad.map((f) => f.message).sort()).toEqual([
          expect.stringMatching(
            /^the internet -> web-02:80\/tcp \(open\) was accepted by the real firewall, .*`iptables -A INPUT -p tcp --dport 80 -j ACCEPT` decides it/,
          ),
          // app-01 lets web-02 in; web-02's own INPUT chain drops app-01's answer
          expect.stringMatching(
            /^web-02 -> app-01:5000\/tcp \(.*\) was dropped by the real firewall, .*app-01 lets it in, but web-02's own rules drop the answer \(the default policy \(`iptables -P INPUT DROP`\); see firewall\/replies-allowed\)/,
          ),
        ]);
        const loaded = r.live.changes
          .filter((c) => /your firewall \(.*\) loaded by the real iptables/.test(c.what))
          .map((c) => c.host);
        expect(loaded.sort()).toEqual(['web-01', 'web-02']);
        expect(r.debug.leftovers).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      expect(leftovers()).toEqual([]);
    },
  );
});
