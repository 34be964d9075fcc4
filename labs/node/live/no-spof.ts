/**
 * Lab 3's live probes, one group over one topology: both load balancers (the learner's HAProxy and
 * keepalived, each in its own network namespace), lab 1's web tier (web servers and app, the database
 * hosts are not needed) and a client namespace that requests http://VIP/ every 100 ms throughout, while
 * the VIP's owner is sampled every 100 ms. Phases, in order:
 *
 *   start -> live/vip-owner -> live/failover (the master's HAProxy killed) -> live/backup-serves ->
 *   live/recovery (the master's HAProxy back) -> live/link-failover (the holder's link cut);
 *   live/no-split-brain from the samples of the whole run.
 *
 * Servers start through lab 1's pieces (servers.ts: prepareWeb, prepareApp, prepareLb; sandbox.ts: one
 * network namespace per host on a bridge of its own, a private mount namespace and root per server),
 * keepalived with the configuration vrrp.ts rewrites from the parsed one (no command of the learner
 * runs). Every wait is bounded; the sandbox's teardown stops every process and removes the namespaces
 * and the run folder, also on abort (SIGINT/SIGTERM through the caller's AbortSignal).
 */
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { liveMetas, liveValidStart } from '../../core/checks/live';
import { noSpofGroupMetas, noSpofMetas } from '../../core/checks/live/no-spof';
import type { CheckMeta } from '../../core/checks/types';
import type { Model } from '../../core/model/types';
import type { KeepalivedConf } from '../../core/parsers/keepalived/types';
import type { Span } from '../../core/source';
import { labFolder } from '../paths';
import { learnerAddressMap, mapAddresses, substituteHostName } from './addresses';
import type { Change } from './change';
import { type HostPlan, planFromModel } from './discover';
import { ProbeResult as Res, errorText, groupOutput, liveOption as option, memorySampler } from './group';
import type { LiveInput, LiveOutput, Timeline } from './index';
import { type ManagedProcess, WaitError, killPid, listening, sleep, waitFor } from './proc';
import { Sandbox, cleanupStale, commonPrefix, netnsSupported } from './sandbox';
import { type PreparedHost, prepareApp, prepareLb, prepareWeb } from './servers';
import {
  CHECK_SCRIPT_PATH,
  CHECK_SCRIPT_TEXT,
  type InstancePlan,
  type Prediction,
  holdsAddress,
  planInstance,
  predict,
  sandboxVip,
  setsNonlocalBind,
} from './vrrp';

/** The group's probe ids (report order). */
export const NO_SPOF_PROBES: readonly string[] = noSpofGroupMetas.map((m) => m.id);
/** Ids only this group has (`live/failover` is lab 1's too). */
const OWN_IDS = new Set(noSpofMetas.map((m) => m.id));

/**
 * Whether a live run is a keepalived lab's: the selection names one of this group's own probes, or the lab's
 * spec scores them (then `--only live/failover` is the VIP failover, not lab 1's), or (no selection, no such
 * spec) the model holds keepalived configurations.
 */
export function isKeepalivedRun(
  only: ReadonlySet<string> | undefined,
  model: Model,
  lab?: { checks?: ReadonlyArray<{ id: string }> },
): boolean {
  if (only && [...only].some((id) => OWN_IDS.has(id))) return true;
  if (lab?.checks?.some((c) => OWN_IDS.has(c.id))) return !only || [...only].some((id) => NO_SPOF_PROBES.includes(id));
  if (only) return false;
  return Object.values(model.hosts).some((h) => (h.units.keepalived?.length ?? 0) > 0);
}

const KEEPALIVED_USER = [
  'setpriv',
  '--reuid=nobody',
  '--regid=nogroup',
  '--clear-groups',
  // keepalived needs CAP_NET_ADMIN (addresses, netlink) and CAP_NET_RAW (VRRP's raw socket, gratuitous
  // ARP) in its namespace; CAP_SETGID only because it calls setgroups() before running its check
  // script as script_user (nobody: no uid change, so no CAP_SETUID). Nothing else: not root, every other
  // capability out of the bounding set, no_new_privs.
  '--inh-caps=-all,+net_admin,+net_raw,+setgid',
  '--ambient-caps=+net_admin,+net_raw,+setgid',
  '--bounding-set=-all,+net_admin,+net_raw,+setgid',
  '--no-new-privs',
];
const NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--no-new-privs'];

interface Lb {
  plan: HostPlan;
  conf: KeepalivedConf;
  confFile: string;
  inst?: InstancePlan;
  prep?: ReturnType<typeof prepareLb>;
  haproxy?: ManagedProcess;
  haproxyError?: string;
  keepalived?: ManagedProcess;
  holder?: ManagedProcess;
  /** Index of its veth on the bridge (`v<i>` in the switch namespace). */
  veth: number;
}

interface Sample {
  t: number;
  held: boolean[];
  phase: string;
}

interface ClientLine {
  t: number;
  ms: number;
  status: number;
  by: string;
}

const CLIENT_SCRIPT = `'use strict';
// web-infra-lab live mode: GET the VIP every 100 ms (1 s timeout each), one JSON line per request, for at
// most argv[4] ms or argv[5] requests. SIGTERM: the request in flight finishes (at most 1 s), then it exits.
const http = require('http');
const url = process.argv[2];
const header = (process.argv[3] || '').toLowerCase();
const end = Date.now() + Number(process.argv[4] || 120000);
let left = Number(process.argv[5] || 1e9);
let stopping = false;
let inflight = false;
process.on('SIGTERM', () => {
  stopping = true;
  if (!inflight) process.exit(0);
});
function once() {
  const t = Date.now();
  if (stopping || t > end || left-- <= 0) process.exit(0);
  inflight = true;
  let done = false;
  const fin = (status, by) => {
    if (done) return;
    done = true;
    inflight = false;
    process.stdout.write(JSON.stringify([t, Date.now() - t, status, by]) + '\\n');
    if (stopping) process.exit(0);
    setTimeout(once, Math.max(0, 100 - (Date.now() - t)));
  };
  const req = http.get(url, { timeout: 1000, agent: false, headers: { Connection: 'close' } }, (res) => {
    const by = header ? String(res.headers[header] || '') : '';
    res.resume();
    res.on('end', () => fin(res.statusCode, by));
    res.on('error', () => fin(0, 'error'));
  });
  req.on('timeout', () => { req.destroy(); fin(0, 'timeout'); });
  req.on('error', (e) => fin(0, e.code || 'error'));
}
once();
`;

export async function runNoSpof(input: LiveInput & { model: Model }): Promise<LiveOutput> {
  const t0 = Date.now();
  const { signal, model, lab } = input;
  const keep = input.keep ?? process.env.WEB_INFRA_LAB_KEEP === '1';
  const timings: Record<string, number> = {};
  const mark = (k: string, since: number): void => void (timings[k] = Date.now() - since);
  const changes: Change[] = [];
  const R = Object.fromEntries(noSpofGroupMetas.map((m) => [m.id, new Res(m, model)])) as Record<string, Res>;
  const owner = R['live/vip-owner'];
  const fo = R['live/failover'];
  const link = R['live/link-failover'];
  const split = R['live/no-split-brain'];
  const serves = R['live/backup-serves'];
  const rec = R['live/recovery'];
  // lab 1's other probes, if a keepalived lab selects them: not run in this topology
  const others = [...(input.only ?? [])].filter((id) => !NO_SPOF_PROBES.includes(id));
  const otherRes = others
    .map((id) => liveMetas.find((m) => m.id === id) ?? (id === liveValidStart.id ? liveValidStart : undefined))
    .filter((m): m is CheckMeta => !!m)
    .map((m) => new Res(m, model));
  /** A probe the lab selected (all of them when it selects none). */
  const want = (r: Res): boolean => !input.only || input.only.has(r.meta.id);
  const skipAll = (reason: string): void => {
    for (const r of Object.values(R)) r.skip(reason);
  };

  let sb: Sandbox | undefined;
  let mode: 'netns' | 'loopback' = 'netns';
  let leftovers: string[] = [];
  const events: Timeline['events'] = [];
  const ev = (name: string, host?: string): void =>
    void events.push({ name, t: Date.now(), ...(host ? { host } : {}) });
  /** The run's timeline, once the client and the sampler exist (set below). */
  let timelineOf = (): Timeline | undefined => undefined;
  const finish = (): LiveOutput => {
    for (const r of Object.values(R)) {
      r.skip('not reached');
      r.done();
    }
    for (const r of otherRes) r.skip("lab 1's probe: not run in the keepalived lab's topology");
    const checks = [...noSpofGroupMetas.map((m) => R[m.id].toCheck()), ...otherRes.map((r) => r.toCheck())];
    return groupOutput({
      metas: noSpofGroupMetas,
      input,
      checks,
      mode,
      changes,
      t0,
      sb,
      leftovers,
      timings,
      timeline: timelineOf(),
    });
  };

  // 1. the plan, from the model (lab 1's planFromModel: hosts, roles, files at their targets)
  const plan = planFromModel(model, input.tree);
  const kaFiles = new Set<string>();
  for (const h of Object.values(model.hosts)) for (const u of h.units.keepalived ?? []) kaFiles.add(u.file.path);
  for (const n of plan.notes)
    if (!n.file || !kaFiles.has(n.file)) changes.push({ host: n.host, file: n.file, what: n.what });
  if (plan.refusals.length) {
    const r = plan.refusals[0];
    owner.fail('not-started', { host: r.host, server: 'the servers', error: `refused: ${r.path} ${r.why}` });
    skipAll('a configuration was refused (see live/vip-owner)');
    return finish();
  }
  const ns = input.mode === 'loopback' ? { ok: false, reason: 'loopback mode requested' } : netnsSupported();
  if (!ns.ok) {
    mode = 'loopback';
    skipAll(`VRRP and a virtual IP need network namespaces (root), and this run has none: ${ns.reason}`);
    return finish();
  }
  if (spawnSync('sh', ['-c', 'command -v keepalived'], { stdio: 'ignore' }).status !== 0) {
    skipAll('keepalived is not installed (apt-get install keepalived)');
    return finish();
  }
  const lbPlans = plan.hosts.filter((h) => h.role === 'lb');
  const lbsFound = lbPlans
    .map((p) => ({ p, u: model.hosts[p.name]?.units.keepalived?.[0] }))
    .filter((x) => x.u && (x.u.ast as KeepalivedConf).instances?.length);
  if (lbPlans.length < 2 || lbsFound.length < 2) {
    for (const p of lbPlans) if (!lbsFound.some((x) => x.p === p)) owner.fail('no-config', { host: p.name });
    if (lbPlans.length < 2) skipAll('the lab has fewer than two load balancers');
    else skipAll('both load balancers need a keepalived configuration (see live/vip-owner)');
    return finish();
  }

  // 2. addresses: every host at its sandbox address; the learner's VIP only if it lies in the sandbox subnet
  const webPlans = plan.hosts.filter((h) => h.role === 'web');
  const appPlan = plan.hosts.find((h) => h.role === 'app');
  const topo = [...lbPlans.slice(0, 2), ...webPlans, ...(appPlan ? [appPlan] : [])];
  const skippedHosts = plan.hosts.filter((h) => !topo.includes(h)).map((h) => h.name);
  if (skippedHosts.length)
    changes.push({
      host: '*',
      what: `not started for the keepalived probes (they go through the load balancers to the web servers only): ${skippedHosts.join(', ')}`,
    });
  const addrs = topo.map((h) => h.address);
  const len = commonPrefix(addrs);
  const base = addrs[0].split('.').slice(0, 3).join('.');
  let clientAddr = '';
  for (let i = 250; i > 1; i--)
    if (!addrs.includes(`${base}.${i}`)) {
      clientAddr = `${base}.${i}`;
      break;
    }
  const mapping = learnerAddressMap(model, lab.hosts);
  const addressMap = new Map(mapping.map);
  const lbs: Lb[] = lbsFound.slice(0, 2).map((x, i) => ({
    plan: x.p,
    conf: x.u!.ast as KeepalivedConf,
    confFile: x.u!.file.path,
    veth: topo.indexOf(x.p),
  }));
  // the VIP the probes watch: lb-01's first; every other VIP of either instance is mapped the same way
  // (none of the learner's addresses is ever configured unless it lies in the sandbox's subnet)
  const learnerVips = [
    ...lbs.map((l) => l.conf.instances[0].vips[0]?.address),
    ...lbs.flatMap((l) => l.conf.instances[0].vips.map((v) => v.address)),
  ].filter((v): v is string => !!v);
  const vipOf = new Map<string, string>();
  for (const v of new Set(learnerVips)) {
    const fromInventory = addressMap.get(v.toLowerCase());
    const s = sandboxVip(fromInventory ?? v, addrs, len, [clientAddr, ...vipOf.values()]);
    vipOf.set(v, s.vip);
    if (s.vip !== v) {
      addressMap.set(v.toLowerCase(), s.vip);
      changes.push({
        host: '*',
        what: `your VIP ${v} ${s.mapped ? `is not a free address of the sandbox's subnet (${base}.0/${len})` : 'maps onto the sandbox'}: it runs as ${s.vip} (in your keepalived.conf and haproxy.cfg alike)`,
      });
    }
  }
  const vip = vipOf.get(learnerVips[0] ?? '') ?? '';
  if (!vip) {
    owner.fail('none', { vip: '(none)', ms: 0, detail: `${lbs[0].plan.name}'s virtual_ipaddress block is empty` });
    skipAll('no VIP configured (see live/vip-owner)');
    return finish();
  }
  for (const h of topo) {
    let mapped = 0;
    let named = 0;
    for (const f of h.files) {
      const a = mapAddresses(f.text, addressMap);
      const n = substituteHostName(a.text, h.name);
      f.text = n.text;
      mapped += a.count;
      named += n.count;
    }
    if (h.unit)
      for (const [k, v] of Object.entries(h.unit.env)) {
        const a = mapAddresses(v, addressMap);
        h.unit.env[k] = a.text;
        mapped += a.count;
      }
    if (named) changes.push({ host: h.name, what: `your script's $(hostname) is ${h.name} here (${named}x)` });
    if (mapped)
      changes.push({ host: h.name, what: `your addresses in its files mapped onto the sandbox's (${mapped}x)` });
  }
  if (mapping.lines.length)
    changes.push({
      host: '*',
      what: `the sandbox runs each host at its own address, never yours: ${mapping.lines.join(', ')}`,
    });

  // 3. the keepalived configurations the sandbox runs, and what they predict
  for (const l of lbs) {
    l.inst = planInstance({
      host: l.plan.name,
      address: l.plan.address,
      conf: l.conf,
      addressMap,
      iface: 'eth0',
      hostName: l.plan.name,
    });
    for (const what of l.inst?.changes ?? []) changes.push({ host: l.plan.name, file: l.confFile, what });
  }
  const pred: Prediction = predict(lbs[0].inst!, lbs[1].inst!);
  const byHost = (h: string): Lb => lbs.find((l) => l.plan.name === h)!;
  const other = (l: Lb): Lb => (l === lbs[0] ? lbs[1] : lbs[0]);
  const lbPort = Number(option(lab, 'lbPort') ?? 80);
  const webPort = Number(option(lab, 'webPort') ?? 80);
  const headerName = String(option(lab, 'header') ?? '');
  const url = `http://${vip}${lbPort === 80 ? '' : `:${lbPort}`}/`;

  await cleanupStale().catch(() => []);
  sb = new Sandbox('netns', keep);
  const box = sb;
  const stopMemory = memorySampler(box);
  const samples: Sample[] = [];
  let phase = 'start';
  let isolated: Lb | undefined;
  /** The load balancers whose VRRP packets from the other are counted (nft in their namespace). */
  const counting = new Set<Lb>();
  let sampler: NodeJS.Timeout | undefined;
  const holds = (l: Lb): boolean => {
    const pid = l.holder?.pid;
    if (!pid || l.holder?.exit) return false;
    try {
      return holdsAddress(readFileSync(`/proc/${pid}/net/fib_trie`, 'utf8'), vip);
    } catch {
      return false;
    }
  };
  const held = (): Lb[] => lbs.filter(holds);
  /** Findings that need the client's whole record (written once it stopped, its last request finished). */
  const deferred: Array<() => void> = [];
  let failoverEnd = Number.MAX_SAFE_INTEGER;
  let webDone: Promise<void> | undefined;
  let client: ManagedProcess | undefined;
  const clientLines = (p: ManagedProcess | undefined = client): ClientLine[] =>
    (p?.output() ?? '')
      .split('\n')
      .map((l) => {
        try {
          const a = JSON.parse(l) as [number, number, number, string];
          return { t: a[0], ms: a[1], status: a[2], by: a[3] };
        } catch {
          return undefined;
        }
      })
      .filter((x): x is ClientLine => !!x);
  timelineOf = () => ({
    events,
    requests: clientLines(),
    owners: samples.map((x) => ({ t: x.t, held: lbs.filter((_, i) => x.held[i]).map((l) => l.plan.name) })),
  });
  const failed = (c: ClientLine): boolean => c.status === 0 || c.status >= 500;
  /** Client requests started in [from, to]: how many, how many failed, and the outage they saw. */
  const clientStats = (from: number, to: number): { total: number; failed: number; downtime: string } => {
    const xs = clientLines().filter((c) => c.t >= from && c.t <= to);
    const bad = xs.filter(failed);
    let downtime = 'no failed request';
    if (bad.length) {
      const first = bad[0].t;
      const after = xs.find((c) => c.t > first && !failed(c));
      downtime = after
        ? `failures from ${first - from} ms to ${after.t - from} ms after the event`
        : `failures from ${first - from} ms, none answered after`;
    }
    return { total: xs.length, failed: bad.length, downtime };
  };
  const bounded = async <T>(p: Promise<T>): Promise<T | false> =>
    p.catch((e) => {
      if (e instanceof WaitError && e.reason === 'aborted') throw e;
      return false as const;
    });
  /** Waits (bounded) until exactly `who` holds the VIP (and the others not); ms since `since`, or undefined. */
  const untilHeld = async (who: Lb, since: number, timeoutMs: number): Promise<number | undefined> => {
    const ok = await bounded(
      waitFor(
        `VIP on ${who.plan.name}`,
        () => (holds(who) && (isolated === other(who) || !holds(other(who))) ? true : undefined),
        { timeoutMs, intervalMs: 20, signal },
      ),
    );
    return ok ? Date.now() - since : undefined;
  };

  try {
    let t = Date.now();
    await box.createNetwork(
      topo.map((h) => ({ name: h.name, address: h.address })),
      signal,
    );
    mark('network', t);

    // 4. lab 1's web tier: the web servers and the app (no database)
    t = Date.now();
    const start = (
      host: string,
      server: string,
      prep: PreparedHost,
      argv: string[],
      env: Record<string, string> = {},
    ) =>
      box.group.spawn(`${host}/${server}`, box.onHost(host, argv, prep.mounts, { hostname: host }), {
        env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/tmp', LANG: 'C', ...env },
        cwd: '/',
        graceMs: 3000,
      });
    const ready = async (p: ManagedProcess, port: number, ms: number): Promise<boolean> =>
      !!(await bounded(
        waitFor(`${p.name} listening`, () => listening(p.pid, port, { entered: mode === 'netns' }) || undefined, {
          timeoutMs: ms,
          signal,
          watch: [p],
        }),
      ));
    // 5. the load balancers: ip_nonlocal_bind as the learner's files set it, HAProxy, then keepalived
    const lbJobs = lbs.map(async (l) => {
      const h = l.plan.name;
      // VRRP heard: a counter, in each load balancer's namespace, of the VRRP packets (IP protocol 112,
      // multicast or unicast) from the other one, read at the end for live/no-split-brain (only when it runs)
      if (want(split)) {
        const peer = other(l).plan.address;
        const nft = await box.group.run(
          'nft',
          box.inNet(h, [
            'nft',
            `add table ip wil_vrrp; add chain ip wil_vrrp heard { type filter hook prerouting priority -300; policy accept; }; add rule ip wil_vrrp heard ip protocol 112 ip saddr ${peer} counter`,
          ]),
          { timeoutMs: 5000, signal },
        );
        if (nft.code !== 0)
          changes.push({
            host: h,
            what: `the VRRP packets from ${other(l).plan.name} could not be counted: ${nft.output.trim()}`,
          });
        else counting.add(l);
      }
      const setter = (model.hosts[h]?.files ?? []).find((f) => {
        const text = f.fromScript ? f.source.text : f.source?.text;
        return typeof text === 'string' && setsNonlocalBind(text);
      });
      if (setter) {
        const r = await box.group.run('sysctl', box.inNet(h, ['sysctl', '-qw', 'net.ipv4.ip_nonlocal_bind=1']), {
          timeoutMs: 5000,
          signal,
        });
        changes.push({
          host: h,
          file: setter.fromScript ?? setter.path,
          what:
            r.code === 0
              ? `net.ipv4.ip_nonlocal_bind=1 set in ${h}'s network namespace, as your file says`
              : `net.ipv4.ip_nonlocal_bind=1 could not be set: ${r.output.trim()}`,
        });
      }
      if (!l.plan.files.some((f) => f.kind === 'haproxy')) {
        l.haproxyError = 'no HAProxy configuration found in this host folder';
        return;
      }
      const tp = Date.now();
      l.prep = prepareLb(box, l.plan, changes);
      mark(`${h}_prepare`, tp);
      l.haproxy = start(h, 'haproxy', l.prep, l.prep.argv);
      const ok = await ready(l.haproxy, lbPort, 5000);
      mark(`${h}_haproxy`, tp);
      if (!ok) {
        for (let i = 0; i < 20 && !l.haproxy.exit; i++) await sleep(50, signal);
        l.haproxyError = l.haproxy.exit
          ? errorText(l.haproxy.output())
          : `started but does not listen on port ${lbPort} within 5 s`;
      }
    });
    const startWeb = (): Array<Promise<void>> =>
      webPlans.map(async (wp) => {
        if (!wp.files.length) {
          changes.push({ host: wp.name, what: 'no Nginx configuration found: the web server is not started' });
          return;
        }
        const prep = prepareWeb(box, wp, changes);
        const p = start(wp.name, 'nginx', prep, prep.argv);
        if (!(await ready(p, webPort, 4000)))
          changes.push({ host: wp.name, what: `nginx did not start: ${errorText(p.output())}` });
      });
    const startApp = async (): Promise<void> => {
      const folder = labFolder(lab.id);
      if (!appPlan || !lab.app || !folder) return;
      const prep = prepareApp(box, appPlan, join(folder, lab.app), changes);
      const host = appPlan.unit?.env.HOST ?? appPlan.address;
      const port = appPlan.unit?.env.PORT ?? String(option(lab, 'appPort') ?? 5000);
      const p = start(appPlan.name, 'app', prep, prep.argv, { HOST: host, PORT: port });
      if (!(await ready(p, Number(port), 4000)))
        changes.push({ host: appPlan.name, what: `the app server did not start: ${errorText(p.output())}` });
    };

    // keepalived starts as soon as both HAProxys are up (its check needs them), while the web tier starts
    await Promise.all(lbJobs);
    mark('haproxy_up', t);

    // keepalived: the rewritten configuration and the harness's check, root-owned, in a private /etc/keepalived
    for (const l of lbs) {
      const h = l.plan.name;
      const dir = box.hostDir(h);
      const etc = join(dir, 'etc-keepalived');
      mkdirSync(etc, { recursive: true });
      chmodSync(etc, 0o755);
      writeFileSync(join(etc, 'keepalived.conf'), l.inst!.text, { mode: 0o644 });
      writeFileSync(join(etc, CHECK_SCRIPT_PATH.split('/').pop()!), CHECK_SCRIPT_TEXT, { mode: 0o755 });
      const run = join(dir, 'run', 'keepalived');
      mkdirSync(run, { recursive: true });
      chownSync(run, 65534, 65534);
      const mounts = [...(l.prep?.mounts ?? []), { src: etc, target: '/etc/keepalived' }];
      if (!l.prep) {
        const r = join(dir, 'run');
        chmodSync(r, 0o755);
        mounts.push({ src: r, target: '/run' }, { src: join(dir, 'tmp'), target: '/tmp' });
        mkdirSync(join(dir, 'tmp'), { recursive: true, mode: 0o1777 });
      }
      l.keepalived = box.group.spawn(
        `${h}/keepalived`,
        box.onHost(
          h,
          [
            ...KEEPALIVED_USER,
            // line-buffered: its log reaches the harness while it runs (a pipe is block-buffered otherwise)
            'stdbuf',
            '-oL',
            '-eL',
            'keepalived',
            '-n',
            '-l',
            '-D',
            '-P',
            '-f',
            '/etc/keepalived/keepalived.conf',
            '-p',
            '/run/keepalived/keepalived.pid',
            '-r',
            '/run/keepalived/vrrp.pid',
          ],
          mounts,
          { hostname: h },
        ),
        // stopped with TERM, then KILL after 50 ms (with its VRRP child): its graceful goodbye (priority-0
        // adverts, releasing the VIP) takes about 1 s and is of no use in a namespace about to be deleted
        { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' }, cwd: '/', graceMs: 50 },
      );
      // a process that stays in the host's namespace: its /proc/PID/net shows the host's addresses
      l.holder = box.group.spawn(`${h}/sampler`, box.inNet(h, [...NOBODY, 'sleep', '300']), { graceMs: 500 });
      changes.push({
        host: h,
        file: l.confFile,
        what: `keepalived runs as \`keepalived -n -l -D -P\` (foreground, VRRP only, its own pid files in /run/keepalived) as nobody with only CAP_NET_ADMIN, CAP_NET_RAW and CAP_SETGID, from the rewritten configuration (/etc/keepalived/keepalived.conf in its sandbox)`,
      });
    }
    const tKa = Date.now();
    ev('keepalived started');
    const clientDir = box.hostDir('client');
    writeFileSync(join(clientDir, 'vip-client.js'), CLIENT_SCRIPT, { mode: 0o644 });
    // the client runs as nobody when node is where nobody can run it (not under /root or a home folder)
    const asNobody = process.getuid?.() === 0 && /^\/(usr|opt)\//.test(process.execPath) ? NOBODY : [];
    client = box.group.spawn(
      'client/vip-loop',
      box.inNet('client', [...asNobody, process.execPath, join(clientDir, 'vip-client.js'), url, headerName, '120000']),
      { graceMs: 500 },
    );
    sampler = setInterval(() => {
      samples.push({ t: Date.now(), held: lbs.map(holds), phase });
    }, 100);
    // lab 1's web tier, while keepalived elects its master (the first requests need it; the election does not)
    webDone = Promise.all([...startWeb(), startApp()]).then(
      () => mark('servers_up', t),
      (e) => {
        if (e instanceof WaitError && e.reason === 'aborted') throw e;
        changes.push({ host: '*', what: `the web tier could not be started: ${String((e as Error)?.message ?? e)}` });
      },
    );
    webDone.catch(() => undefined);

    // 6. live/vip-owner
    // when each keepalived entered its first state, noted as it happens (the settle below counts from it)
    const readyAt = new Map<Lb, number>();
    const noteReady = (): void => {
      for (const l of lbs)
        if (
          !readyAt.has(l) &&
          /Entering (?:BACKUP|MASTER|FAULT) STATE|VRRP_Script\(\S+\) failed/i.test(l.keepalived!.output())
        )
          readyAt.set(l, Date.now());
    };
    const advert = Math.max(pred.master.advertS, pred.backup.advertS);
    const first = await bounded(
      waitFor(
        'a VIP owner',
        () => {
          noteReady();
          return held().length ? true : undefined;
        },
        {
          // master-down timer (3 x advert_int + skew) after keepalived's start and its first check, with room
          // for a loaded machine (measured 4.5-8.7 s at load 3-6 on 2 cores)
          timeoutMs: (4 * advert + 8) * 1000,
          intervalMs: 20,
          signal,
          watch: lbs.map((l) => l.keepalived!),
        },
      ),
    );
    const firstMs = Date.now() - tKa;
    // settle. On a loaded machine one keepalived may start a second after the other (its sandbox takes
    // that long): the early one becomes master, and the later, higher-priority one takes the VIP only when
    // its own master-down timer runs out. So: wait until both have entered their first state (BACKUP once
    // their HAProxy check passed; a failing check keeps one in FAULT), then until the later one's
    // master-down timer (3 x advert_int + skew) has run out, and until the owner set has not changed for
    // the difference of their skews (one advert when they tie or both start as MASTER: a second master
    // gives way within one advert), plus 0.4 s.
    const [ia, ib] = [lbs[0].inst!, lbs[1].inst!];
    const tie = ia.ok === ib.ok || (ia.inst.state === 'MASTER' && ib.inst.state === 'MASTER');
    const settleMs = Math.round((tie ? advert : (Math.abs(ia.ok - ib.ok) / 256) * advert) * 1000) + 400;
    const downMs = Math.round((3 * advert + ((256 - Math.min(ia.ok, ib.ok, 255)) / 256) * advert) * 1000) + 400;
    if (first) {
      let last = held()
        .map((l) => l.plan.name)
        .join();
      let since = Date.now();
      const end = Date.now() + (3 * advert + 5) * 1000;
      for (;;) {
        noteReady();
        const lastReady = readyAt.size === lbs.length ? Math.max(...readyAt.values()) : undefined;
        const timerRun = lastReady !== undefined && Date.now() - lastReady >= downMs;
        if (Date.now() >= end || (timerRun && Date.now() - since >= settleMs)) break;
        await sleep(50, signal);
        const now = held()
          .map((l) => l.plan.name)
          .join();
        if (now !== last) {
          last = now;
          since = Date.now();
        }
      }
    }
    mark('first_master', tKa);
    const kaErr = lbs.find((l) => l.keepalived!.exit);
    const owners = held();
    const masterLoc = (l: Lb): Span | undefined => l.inst!.inst.prioritySpan ?? l.inst!.inst.span;
    for (const l of lbs)
      if (l.haproxyError) changes.push({ host: l.plan.name, what: `HAProxy did not start: ${l.haproxyError}` });
    let master: Lb | undefined;
    if (kaErr) {
      owner.fail('not-started', {
        host: kaErr.plan.name,
        server: 'keepalived',
        error: errorText(kaErr.keepalived!.output()),
      });
    } else if (owners.length === 2) {
      owner.fail('both', { hosts: lbs.map((l) => l.plan.name).join(' and '), vip, ms: firstMs }, masterLoc(lbs[1]));
    } else if (owners.length === 0 && lbs.every((l) => l.haproxyError)) {
      // every instance tracks a HAProxy that never started: that, not keepalived, keeps the VIP from everyone
      for (const l of lbs) owner.fail('not-started', { host: l.plan.name, server: 'HAProxy', error: l.haproxyError! });
    } else if (owners.length === 0) {
      const states = lbs
        .map((l) => {
          const s = /Entering (\w+) STATE|entering (\w+) state/gi;
          let m: RegExpExecArray | null;
          let lastState = '';
          const out = l.keepalived!.output();
          while ((m = s.exec(out))) lastState = (m[1] ?? m[2]).toUpperCase();
          // an instance whose track fails from the start is in FAULT without logging a transition
          if (!lastState && /VRRP_Script\(\S+\) failed/.test(out)) lastState = 'FAULT (its HAProxy check fails)';
          const why = l.haproxyError ? `, its HAProxy is not running: ${l.haproxyError}` : '';
          return `${l.plan.name}: ${lastState ? `keepalived in ${lastState} state` : 'no VRRP state logged'}${why}`;
        })
        .join('; ');
      owner.fail('none', { vip, ms: firstMs, detail: states });
    } else {
      master = owners[0];
      if (pred.master.ok === pred.backup.ok) {
        // a tie: the address chose the master, not the design (keepalived/one-master fails it too)
        owner.fail('tie', { host: master.plan.name, vip, ms: firstMs, prio: pred.master.ok }, masterLoc(master));
      } else if (master === byHost(pred.master.host))
        owner.note('owner', { host: master.plan.name, vip, ms: firstMs, why: pred.why }, masterLoc(master));
      else
        owner.fail(
          'wrong-owner',
          { host: master.plan.name, vip, expected: pred.master.host, why: pred.why },
          masterLoc(byHost(pred.master.host)),
        );
    }
    const pBackup = byHost(pred.backup.host);
    if (pBackup.haproxyError)
      serves.fail('haproxy-not-running', { backup: pBackup.plan.name, error: pBackup.haproxyError });
    if (!master) {
      const why =
        owners.length === 2
          ? 'both load balancers hold the VIP (see live/vip-owner)'
          : 'no single owner of the VIP (see live/vip-owner)';
      for (const r of [fo, link, serves, rec]) r.skip(why);
    } else {
      const backup = other(master);
      const mPred = master.inst!;
      const isPredicted = master === byHost(pred.master.host);
      // 7. live/failover: the master's HAProxy killed (SIGKILL: a crash, no goodbye)
      await webDone;
      if (!want(fo)) fo.skip('not selected');
      phase = 'failover';
      let moved = false;
      let tMove = 0;
      if (!want(fo) && !want(rec) && !want(serves) && !want(split)) {
        // nothing selected needs the master's HAProxy killed
      } else if (!master.haproxy || master.haproxy.exit) {
        fo.fail('not-started', {
          host: master.plan.name,
          server: 'haproxy',
          error: master.haproxyError ?? 'not running',
        });
      } else {
        const tf = Date.now();
        ev('haproxy killed', master.plan.name);
        killPid(master.haproxy.pid, 'SIGKILL');
        await Promise.race([master.haproxy.exited, sleep(2000, signal)]);
        const tKill = Date.now();
        const limit = isPredicted ? pred.failoverLimitMs : undefined;
        const wait = (limit ?? (3 * advert + 1) * 1000) + 2000;
        const ms = await untilHeld(backup, tKill, wait);
        const names = { master: master.plan.name, backup: backup.plan.name, url };
        if (ms !== undefined) {
          moved = true;
          tMove = Date.now();
          ev('vip moved', backup.plan.name);
          // the client's requests from the kill until 1.5 s after the move (the VIP cannot return sooner)
          failoverEnd = tMove + 1500;
          const trackLoc = mPred.inst.trackScripts[0]?.span ?? mPred.inst.trackProcesses[0]?.span;
          deferred.push(() => {
            const cs = clientStats(tKill, failoverEnd);
            const data = {
              ...names,
              ms,
              limit: limit ?? 0,
              formula: pred.failoverFormula,
              failed: cs.failed,
              total: cs.total,
              downtime: cs.downtime,
            };
            if (limit === undefined || ms <= limit) fo.note('moved', data, trackLoc);
            else fo.fail('too-slow', data, trackLoc);
          });
        } else {
          const cs = clientStats(tKill, Date.now());
          const loc = mPred.inst.trackScripts[0]?.span ?? mPred.inst.trackProcesses[0]?.span ?? masterLoc(master);
          if (!holds(master) && !holds(backup))
            fo.fail(
              'lost',
              {
                ...names,
                ms: wait,
                why: `${master.plan.name} gave it up (${pred.failoverWhy}), and ${backup.plan.name} did not take it${backup.haproxyError || backup.haproxy?.exit ? `: its own HAProxy is not running, so its track keeps it in FAULT too` : ''}`,
              },
              loc,
            );
          else
            fo.fail(
              'not-moved',
              {
                ...names,
                ms: wait,
                why: isPredicted ? pred.failoverWhy : 'see live/vip-owner',
                failed: cs.failed,
                total: cs.total,
              },
              loc,
            );
        }
        mark('failover', tf);
      }

      // 8. live/backup-serves, while the backup holds the VIP
      const backupServes = async (): Promise<void> => {
        const tb = Date.now();
        if (!backup.haproxy || backup.haproxy.exit) {
          serves.fail('haproxy-down', {
            backup: backup.plan.name,
            error: backup.haproxyError ?? errorText(backup.haproxy?.output() ?? ''),
          });
          return;
        }
        const N = 6;
        const once = box.group.spawn(
          'client/backup-serves',
          box.inNet('client', [
            ...asNobody,
            process.execPath,
            join(clientDir, 'vip-client.js'),
            url,
            headerName,
            '8000',
            String(N),
          ]),
          { graceMs: 500 },
        );
        await Promise.race([once.exited, sleep(9000, signal)]);
        if (!once.exit) await box.group.stop(once);
        const rs = clientLines(once);
        while (rs.length < N) rs.push({ t: 0, ms: 0, status: 0, by: 'no-answer' });
        const webNames = new Set(webPlans.map((w) => w.name));
        const good = rs.filter((x) => x.status >= 200 && x.status < 400 && (!headerName || webNames.has(x.by)));
        const servedBy = [...new Set(good.map((x) => x.by).filter(Boolean))].join(', ') || `status ${rs[0]?.status}`;
        if (good.length === N)
          serves.note('serves', {
            backup: backup.plan.name,
            ok: N,
            count: N,
            url,
            servedBy: headerName ? `${headerName}: ${servedBy}` : servedBy,
          });
        else
          serves.fail('not-serving', {
            backup: backup.plan.name,
            failed: N - good.length,
            count: N,
            url,
            codes: rs
              .map((x) => (x.status === 0 ? x.by || 'no-answer' : `${x.status}${x.by ? ` ${x.by}` : ''}`))
              .join(', '),
          });
        mark('backup_serves', tb);
      };
      // (its requests run while the master's HAProxy restarts and keepalived waits to take the VIP back)
      const servesNow = moved && holds(backup) && !serves.settled && want(serves) ? backupServes() : undefined;
      servesNow?.catch(() => undefined);

      // 9. live/recovery: the master's HAProxy back
      phase = 'recovery';
      // (no-split-brain alone brings the master's HAProxy back too: the failover phase ran for it, and the link
      // cut after it needs the master able to take the VIP again)
      if (!want(rec)) rec.skip('not selected');
      if (!want(rec) && !want(split)) {
        // nothing selected needs the master's HAProxy back
      } else if (!master.prep) rec.skip(`${master.plan.name} has no HAProxy configuration`);
      else if (!moved) rec.skip(`the VIP never left ${master.plan.name} (see live/failover): nothing to take back`);
      else {
        const tr = Date.now();
        ev('haproxy restarted', master.plan.name);
        master.haproxy = start(master.plan.name, 'haproxy', master.prep, master.prep.argv);
        // (the bound leaves room for a loaded machine: 5 s once ran out while another test suite ran beside it)
        if (!(await ready(master.haproxy, lbPort, 10_000))) {
          rec.fail('haproxy-not-back', { master: master.plan.name, error: errorText(master.haproxy.output()) });
        } else {
          const rise = Math.max(1, ...mPred.trackers.map((x) => x.rise * x.intervalS));
          // its check passes `rise` times, it leaves FAULT for BACKUP, and takes the VIP when its master-down
          // timer (3 x advert_int + skew) runs out (measured 3.4-4.8 s for rise 1, advert_int 1)
          const wait = (rise + 4 * advert + mPred.preemptDelayS + 2) * 1000;
          const tBack = Date.now();
          const ms = await untilHeld(master, tBack, wait);
          if (ms !== undefined) ev('vip returned', master.plan.name);
          const expectBack = isPredicted ? pred.preempts : !mPred.nopreempt;
          const why = isPredicted
            ? pred.preemptWhy
            : mPred.nopreempt
              ? `${master.plan.name} has nopreempt`
              : `${master.plan.name} preempts`;
          const loc = mPred.nopreempt ? mPred.inst.span : masterLoc(master);
          const names = { master: master.plan.name, holder: backup.plan.name, why };
          if (!mPred.nopreempt && !backup.inst!.nopreempt && mPred.ok === backup.inst!.ok) {
            // equal priorities: keepalived's address tie-break and the moment each instance leaves FAULT decide,
            // not the configuration (keepalived/one-master fails it); whichever happened is reported, as a warning
            rec.status = 'warn';
            rec.add(
              'tie',
              {
                master: master.plan.name,
                outcome:
                  ms !== undefined
                    ? `returned to ${master.plan.name} after ${ms} ms`
                    : `stayed on ${backup.plan.name} for the ${wait} ms watched`,
                prio: mPred.ok,
              },
              'warning',
              loc,
            );
            rec.done();
          } else if (ms !== undefined) {
            if (expectBack) rec.note('preempted', { ...names, ms }, loc);
            else rec.fail('unexpected-return', { ...names, ms }, loc);
          } else if (expectBack) rec.fail('unexpected-stay', { ...names, ms: wait }, loc);
          else rec.note('stayed', { ...names, ms: wait }, loc);
        }
        mark('recovery', tr);
      }

      // 10. live/link-failover: the holder's link cut (its veth on the bridge down: no goodbye advert)
      await servesNow;
      phase = 'link-failover';
      const holderNow = held();
      if (!want(link) && (serves.settled || !want(serves))) link.skip('not selected');
      else if (holderNow.length !== 1)
        link.skip(`${holderNow.length ? 'both load balancers hold' : 'no load balancer holds'} the VIP before the cut`);
      else {
        const cut = holderNow[0];
        const to = other(cut);
        const tl = Date.now();
        const r = await box.group.run('ip', ['ip', '-n', box.switchNs!, 'link', 'set', `v${cut.veth}`, 'down'], {
          timeoutMs: 5000,
          signal,
        });
        if (r.code !== 0) link.skip(`the link could not be cut: ${r.output.trim()}`);
        else {
          isolated = cut;
          const tCut = Date.now();
          ev('link cut', cut.plan.name);
          const toPlan = to.inst!;
          const adv = toPlan.advertS;
          const limit = Math.round((3 * adv + ((256 - Math.min(toPlan.ok, 255)) / 256) * adv + 1) * 1000);
          const ms = await untilHeld(to, tCut, limit + 2000);
          const names = { master: cut.plan.name, backup: to.plan.name, advert: adv, limit };
          if (ms !== undefined) {
            // until the client is answered again (the backup's gratuitous ARP), at most 1.5 s
            const tMoved = Date.now();
            ev('vip moved', to.plan.name);
            await bounded(
              waitFor(
                'the client answered after the move',
                () => clientLines().some((c) => c.t >= tMoved && !failed(c)) || undefined,
                {
                  timeoutMs: 1500,
                  intervalMs: 50,
                  signal,
                },
              ),
            );
            const linkEnd = Date.now();
            deferred.push(() => {
              const cs = clientStats(tCut, linkEnd);
              const data = { ...names, ms, failed: cs.failed, total: cs.total, downtime: cs.downtime };
              if (ms <= limit) link.note('moved', data);
              else link.fail('too-slow', data);
            });
            if (!serves.settled && to === backup) await backupServes();
          } else
            link.fail(
              'not-moved',
              {
                ...names,
                ms: limit + 2000,
                why: `it does not stop hearing ${cut.plan.name}, or is not in its VRRP group`,
              },
              to.inst!.inst.virtualRouterIdSpan ?? to.inst!.inst.span,
            );
        }
        mark('link_failover', tl);
      }
      if (!serves.settled) serves.skip(`${backup.plan.name} never held the VIP`);
    }

    // 11. live/no-split-brain, from every sample of the run; the client's record, once its last request ended
    // (and once the failover's window is over: with `--only live/failover` nothing else runs before the end)
    if (failoverEnd < Number.MAX_SAFE_INTEGER && failoverEnd > Date.now())
      await sleep(failoverEnd - Date.now(), signal);
    clearInterval(sampler);
    sampler = undefined;
    if (client) await box.group.stop(client, 1500);
    for (const d of deferred) d();
    // both hold the VIP for a moment in every handover: the new master adds it as it sends its first advert, the
    // old one drops it once that advert arrives. Two masters are an overlap that outlasts an advert interval (the
    // old master has heard the new one by then, or never will); shorter ones are reported, not failed.
    const handoverMs = Math.max(...lbs.map((l) => l.inst?.advertS ?? 1)) * 1000;
    const { long, brief, spanMs } = overlapRuns(
      samples.map((s) => ({ ...s, both: s.held.every((h, i) => h && lbs[i] !== isolatedAt(s)) })),
      handoverMs,
    );
    const both = long.flatMap((o) => samples.slice(o.from, o.from + o.n));
    function isolatedAt(s: Sample): Lb | undefined {
      return s.phase === 'link-failover' ? isolated : undefined;
    }
    const secs = samples.length ? ((samples[samples.length - 1].t - samples[0].t) / 1000).toFixed(1) : '0';
    // a master the other never hears: VRRP goes one way only, so the other takes the VIP too whenever it is up at
    // a lower priority (a split brain the events of this run may not have made)
    const unheard: Array<{ master: Lb; ms: number; phase: string }> = [];
    for (const l of lbs) {
      const peer = other(l);
      if (!counting.has(peer)) continue;
      const held = samples.filter((x) => x.held[lbs.indexOf(l)] && isolatedAt(x) === undefined);
      // at least two of its adverts' worth of mastership, with the peer on the network
      if (held.length * 100 < (2 * l.inst!.advertS + 0.5) * 1000) continue;
      const r = await box.group.run('nft', box.inNet(peer.plan.name, ['nft', 'list', 'table', 'ip', 'wil_vrrp']), {
        timeoutMs: 5000,
      });
      const n = /counter packets (\d+)/.exec(r.output)?.[1];
      if (r.code === 0 && n === '0') unheard.push({ master: l, ms: held.length * 100, phase: held[0].phase });
    }
    if (!samples.length) split.skip('no sample was taken');
    else if (!both.length && !unheard.length) {
      if (brief.length)
        split.note('handover', {
          samples: samples.length,
          seconds: secs,
          vip,
          count: brief.length,
          longest: Math.max(...brief.map(spanMs)),
          phases: [...new Set(brief.map((o) => samples[o.from].phase))].join(', '),
          advert: handoverMs / 1000,
        });
      else split.note('never-both', { samples: samples.length, seconds: secs, vip });
    }
    for (const u of unheard)
      split.fail(
        'unheard',
        {
          master: u.master.plan.name,
          peer: other(u.master).plan.name,
          vip,
          seconds: (u.ms / 1000).toFixed(1),
          phase: u.phase,
        },
        u.master.inst!.inst.unicastPeerSpan ?? u.master.inst!.inst.span,
      );
    if (both.length)
      split.fail(
        'both',
        {
          hosts: lbs.map((l) => l.plan.name).join(' and '),
          vip,
          count: both.length,
          samples: samples.length,
          first: both[0].t - tKa,
          phase: both[0].phase,
          longest: Math.max(...long.map(spanMs)),
          still: long.some((o) => o.from + o.n === samples.length) ? ' (still both when the run ended)' : '',
          advert: handoverMs / 1000,
        },
        lbs[1].inst!.inst.virtualRouterIdSpan,
      );
    const kaDied = lbs.find((l) => l.keepalived!.exit);
    if (kaDied && !kaErr)
      changes.push({
        host: kaDied.plan.name,
        what: `keepalived exited during the run: ${errorText(kaDied.keepalived!.output())}`,
      });
  } catch (e) {
    if (e instanceof WaitError && e.reason === 'aborted') {
      for (const r of Object.values(R)) r.skip('interrupted');
    } else {
      owner.status = 'error';
      owner.add('harness-error', { error: String((e as Error)?.message ?? e) }, 'error');
      for (const r of Object.values(R)) r.skip('the sandbox failed (see live/vip-owner)');
    }
  } finally {
    if (sampler) clearInterval(sampler);
  }
  stopMemory();
  await webDone?.catch(() => undefined);
  for (const n of box.notes) if (!changes.some((c) => c.host === n.host && c.what === n.what)) changes.push(n);
  const td = Date.now();
  const down = await box.teardown({ quick: !!signal?.aborted });
  mark('teardown', td);
  for (const [k, v] of Object.entries(down.steps)) timings[`teardown_${k}`] = v;
  leftovers = down.leftovers;
  if (leftovers.length) {
    owner.status = 'error';
    owner.add('harness-error', { error: `left behind after teardown: ${leftovers.join(', ')}` }, 'error');
  }
  timings.total = Date.now() - t0;
  return finish();
}

/** Runs of consecutive samples (taken every 100 ms) where both load balancers held the VIP: `long` ones outlast
 * `handoverMs` or were still going when sampling stopped (two masters); `brief` ones are the moment a handover
 * takes. */
export function overlapRuns(samples: ReadonlyArray<{ t: number; both: boolean }>, handoverMs: number) {
  const runs: Array<{ from: number; n: number }> = [];
  samples.forEach((s, i) => {
    if (!s.both) return;
    const last = runs[runs.length - 1];
    if (last && last.from + last.n === i) last.n++;
    else runs.push({ from: i, n: 1 });
  });
  const spanMs = (o: { from: number; n: number }) => samples[o.from + o.n - 1].t - samples[o.from].t + 100;
  const isLong = (o: { from: number; n: number }) => spanMs(o) > handoverMs || o.from + o.n === samples.length;
  return { long: runs.filter(isLong), brief: runs.filter((o) => !isLong(o)), spanMs };
}
