/**
 * Lab 2's `live/metrics`: what the monitoring host sees, and what the internet must not.
 *
 *   the learner's prometheus.yml (labs/core/monitoring/prometheus.ts) -> each static target resolved to a
 *   host of the learner's inventory -> scraped from the monitoring host's namespace when the sandbox runs
 *   its server (HAProxy's built-in exporter, nginx); any other target (node_exporter, the nginx exporter...)
 *   is reported as not tried, with the reason
 *   -> the same endpoints, every bind of HAProxy's exporter frontends and every nginx stub_status location,
 *   tried from the internet (the client namespace, behind the learner's real ufw): none may give its metrics
 *   -> the first web server's nginx stopped; HAProxy's metrics polled from the monitoring host (every 100 ms)
 *   until `haproxy_server_status{...,state="DOWN"} 1`, within fall x inter of the learner's settings.
 *
 * Every request is made by a small Node script in the namespace (no shell, no learner text in a command
 * line but URLs built from parsed ports and paths, passed as argv), each bounded.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRONTEND_TYPES, bindsOf, findSections } from '../../core/model/haproxy';
import { listensOf, locationsOf, serverBlocks } from '../../core/model/nginx';
import type { Model } from '../../core/model/types';
import { prometheusConfigs } from '../../core/monitoring/prometheus';
import type { Span } from '../../core/source';
import type { Change } from './change';
import { type HostPlan, healthParams } from './discover';
import { type ManagedProcess, WaitError, waitFor } from './proc';
import type { Sandbox } from './sandbox';
import { haproxyCommand, parseShowStat } from './servers';

/** What a finding needs: the probe's result as the runner builds it. */
export interface MetricsResult {
  note(id: string, data: Record<string, string | number>, loc?: Span): void;
  fail(id: string, data: Record<string, string | number>, loc?: Span): void;
  skip(reason: string): void;
}

export interface MetricsTarget {
  job: string;
  /** As written in prometheus.yml. */
  value: string;
  span: Span;
  /** The inventory host it names (undefined: none). */
  host?: string;
  kind: 'haproxy' | 'nginx' | 'none';
  /** Where the sandbox serves it (kinds haproxy and nginx). */
  url?: string;
  /** Why it is not tried (kind none). */
  reason?: string;
}

export interface Endpoint {
  host: string;
  url: string;
  /** `HAProxy's metrics`, `web-01's stub_status`. */
  what: string;
}

export interface MetricsPlan {
  /** No prometheus.yml with scrape_configs in the submission. */
  noConfig: boolean;
  targets: MetricsTarget[];
  /** stub_status locations of the web servers (tried from the monitoring host too, for information). */
  stubs: Endpoint[];
  /** Everything the internet must not read. */
  internet: Endpoint[];
  /** HAProxy's exporter path (the `path` of its `use-service` rule, else /metrics). */
  haproxyPath: string;
}

const NOT_IN_SANDBOX: Record<number, string> = {
  9100: 'node_exporter (prometheus-node-exporter) is not part of the sandbox',
  9113: "prometheus-nginx-exporter is not part of the sandbox (its source, the web server's stub_status, is read below)",
  9104: 'mysqld_exporter is not part of the sandbox',
  9101: 'haproxy_exporter is not part of the sandbox (HAProxy 2.x has its exporter built in)',
  9090: 'Prometheus itself is not part of the sandbox',
  9093: 'Alertmanager is not part of the sandbox',
};

const WILDCARD = new Set(['', '*', '0.0.0.0', '::']);

/**
 * Which scrape targets the sandbox runs, and the endpoints to try from the internet (pure: unit-tested).
 * `hosts`: the plan's hosts at their sandbox addresses; `mapping`: learner address -> sandbox address.
 */
export function metricsPlan(model: Model, hosts: HostPlan[], mapping: ReadonlyMap<string, string>): MetricsPlan {
  const byKey = new Map<string, HostPlan>();
  for (const h of hosts) {
    byKey.set(h.name.toLowerCase(), h);
    byKey.set(h.address, h);
    const learner = model.hosts[h.name]?.address?.trim().toLowerCase();
    if (learner && model.hosts[h.name]?.addressOrigin !== 'default') byKey.set(learner, h);
  }
  for (const [from, to] of mapping) {
    const h = hosts.find((x) => x.address === to);
    if (h) byKey.set(from, h);
  }
  const hostOf = (s: string | undefined): HostPlan | undefined =>
    s === undefined ? undefined : byKey.get(s.trim().toLowerCase());

  // HAProxy's exporter: the binds of every frontend that serves it
  const lb = hosts.find((h) => h.role === 'lb');
  const exporterBinds: Array<{ port: number; ssl: boolean }> = [];
  let haproxyPath = '/metrics';
  for (const unit of lb ? (model.hosts[lb.name]?.haproxy ?? []) : [])
    for (const s of findSections(unit.config, FRONTEND_TYPES)) {
      const rule = s.lines.find(
        (l) => l.keyword === 'http-request' && l.args[0] === 'use-service' && l.args[1] === 'prometheus-exporter',
      );
      if (!rule) continue;
      const p = /\{\s*path(?:_beg)?\s+(\/[\w./-]*)\s*\}/.exec(rule.args.join(' '));
      if (p) haproxyPath = p[1];
      for (const b of bindsOf(s))
        for (const a of b.addresses) {
          if (a.port === undefined) continue;
          const own = WILDCARD.has(a.host ?? '') || hostOf(a.host) === lb;
          if (own) exporterBinds.push({ port: a.port, ssl: b.ssl });
        }
    }

  // nginx: each web server's listen ports and stub_status locations
  const webs = hosts.filter((h) => h.role === 'web');
  const listens = new Map<string, Set<number>>();
  const stubs: Endpoint[] = [];
  for (const w of webs) {
    const ports = new Set<number>();
    for (const unit of model.hosts[w.name]?.nginx ?? [])
      for (const sb of serverBlocks(unit.parse)) {
        const ls = listensOf(sb);
        const own = ls.length ? ls.filter((l) => l.address === '*' || hostOf(l.address) === w) : [];
        const sbPorts = ls.length ? own.map((l) => l.port) : [80];
        for (const p of sbPorts) ports.add(p);
        for (const loc of locationsOf(unit.parse, sb.body)) {
          if (!loc.body.some((d) => d.directive === 'stub_status')) continue;
          if (loc.modifier === '~' || loc.modifier === '~*' || !loc.path.startsWith('/')) continue;
          if (!/^\/[\w./-]*$/.test(loc.path)) continue;
          for (const p of sbPorts)
            stubs.push({
              host: w.name,
              url: `http://${w.address}${p === 80 ? '' : `:${p}`}${loc.path}`,
              what: `${w.name}'s stub_status`,
            });
        }
      }
    listens.set(w.name, ports);
  }

  const configs = prometheusConfigs(Object.values(model.hosts));
  const targets: MetricsTarget[] = [];
  for (const cfg of configs)
    for (const job of cfg.jobs)
      for (const t of job.targets) {
        const base = { job: job.name, value: t.value, span: t.span };
        const h = hostOf(t.host);
        const path = job.metricsPath && /^\/[\w./-]*$/.test(job.metricsPath) ? job.metricsPath : '/metrics';
        if (!h) {
          targets.push({ ...base, kind: 'none', reason: `${t.host} is no host of your inventory` });
          continue;
        }
        const port = t.port ?? 80;
        const at = `${h.address}${port === 80 ? '' : `:${port}`}`;
        if (h === lb && (exporterBinds.some((b) => b.port === port) || !NOT_IN_SANDBOX[port])) {
          // HAProxy runs there: a port none of its exporter frontends binds is scraped all the same (and fails,
          // as it would for Prometheus)
          const ssl = exporterBinds.find((b) => b.port === port)?.ssl ?? false;
          targets.push({ ...base, host: h.name, kind: 'haproxy', url: `http${ssl ? 's' : ''}://${at}${path}` });
        } else if (h.role === 'web' && listens.get(h.name)?.has(port)) {
          targets.push({ ...base, host: h.name, kind: 'nginx', url: `http://${at}${path}` });
        } else {
          const why =
            NOT_IN_SANDBOX[port] ??
            (h.role === 'web'
              ? `nginx on ${h.name} does not listen on port ${port}, and no other exporter runs in the sandbox`
              : `the sandbox runs no server on ${h.name} for this probe`);
          targets.push({ ...base, host: h.name, kind: 'none', reason: why });
        }
      }

  const internet: Endpoint[] = [];
  const add = (e: Endpoint): void => {
    if (!internet.some((x) => x.url === e.url)) internet.push(e);
  };
  for (const t of targets)
    if (t.url && t.host)
      add({ host: t.host, url: t.url, what: t.kind === 'haproxy' ? "HAProxy's metrics" : `${t.host}'s metrics` });
  if (lb)
    for (const b of exporterBinds)
      add({
        host: lb.name,
        url: `http${b.ssl ? 's' : ''}://${lb.address}${b.port === (b.ssl ? 443 : 80) ? '' : `:${b.port}`}${haproxyPath}`,
        what: "HAProxy's metrics",
      });
  for (const s of stubs) add(s);
  return { noConfig: configs.length === 0, targets, stubs, internet, haproxyPath };
}

/** What one GET saw (the script's summary of the body). */
export interface Fetched {
  status: number;
  error?: string;
  /** Lines of `haproxy_*` series. */
  haproxy?: number;
  /** Sample lines in Prometheus's text format (any metric). */
  samples?: number;
  /** stub_status's `Active connections: N` line. */
  stub?: string;
  /** The start of the body, one line. */
  head?: string;
}

/**
 * The script, in a namespace. `fetch MS URL...`: one GET per URL, all at once, each bounded; one JSON
 * object on the last line. `poll URL PROXY SERVER INTERVAL TOTAL`: GET every INTERVAL ms until TOTAL ms
 * passed, one line `STATE <epoch ms> <state>` per answer (the state of that server in
 * haproxy_server_status, `none` when absent, `error` without an answer).
 */
export const METRICS_SCRIPT = `'use strict';
// web-infra-lab live mode (lab 2): live/metrics's requests.
const http = require('http');
const https = require('https');
const [mode, ...args] = process.argv.slice(2);
function get(url, ms) {
  return new Promise((resolve) => {
    let done = false;
    const fin = (r) => { if (!done) { done = true; clearTimeout(hard); resolve(r); } };
    const hard = setTimeout(() => { fin({ status: 0, error: 'no answer within ' + ms + ' ms' }); try { req.destroy(); } catch (e) {} }, ms + 200);
    let req;
    try {
      const u = new URL(url);
      const mod = u.protocol === 'https:' ? https : http;
      req = mod.get(u, { timeout: ms, agent: false, rejectUnauthorized: false, headers: { Connection: 'close' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => { if (body.length < 1048576) body += d; });
        res.on('end', () => fin({ status: res.statusCode, body }));
        res.on('error', (e) => fin({ status: 0, error: e.code || e.message }));
      });
      req.on('timeout', () => req.destroy(new Error('no answer within ' + ms + ' ms')));
      req.on('error', (e) => fin({ status: 0, error: (e.code ? e.code + ': ' : '') + e.message }));
    } catch (e) {
      fin({ status: 0, error: e.message });
    }
  });
}
function summary(r) {
  if (!r.body && r.body !== '') return { status: r.status, error: r.error };
  const lines = r.body.split('\\n');
  const stub = lines.find((l) => /^Active connections:/.test(l));
  return {
    status: r.status,
    haproxy: lines.filter((l) => /^haproxy_/.test(l)).length,
    samples: lines.filter((l) => /^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})?\\s+[-+0-9.eEaINnf]+(\\s+\\d+)?$/.test(l)).length,
    stub: stub ? stub.trim() : undefined,
    head: r.body.replace(/\\s+/g, ' ').trim().slice(0, 80),
  };
}
function stateOf(body, proxy, server) {
  for (const l of body.split('\\n')) {
    if (!l.startsWith('haproxy_server_status{')) continue;
    const m = /^haproxy_server_status\\{([^}]*)\\}\\s+(\\S+)/.exec(l);
    if (!m || Number(m[2]) !== 1) continue;
    const labels = {};
    for (const p of m[1].matchAll(/(\\w+)="((?:[^"\\\\]|\\\\.)*)"/g)) labels[p[1]] = p[2];
    if (labels.proxy === proxy && labels.server === server) return labels.state || 'unknown';
  }
  return 'none';
}
(async () => {
  if (mode === 'fetch') {
    const ms = Number(args[0]);
    const urls = args.slice(1);
    const out = {};
    await Promise.all(urls.map(async (u) => { out[u] = summary(await get(u, ms)); }));
    process.stdout.write('\\n' + JSON.stringify(out) + '\\n');
  } else if (mode === 'poll') {
    const [url, proxy, server, every, total] = args;
    const end = Date.now() + Number(total);
    while (Date.now() < end) {
      const t = Date.now();
      const r = await get(url, 1000);
      const state = r.status === 200 && r.body ? stateOf(r.body, proxy, server) : 'error';
      process.stdout.write('STATE ' + Date.now() + ' ' + state + '\\n');
      const wait = Number(every) - (Date.now() - t);
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    }
  }
})();
`;

/** What an answer holds, for a finding: `312 haproxy_* series`, `Active connections: 1`. */
export function describe(f: Fetched): string {
  if (f.haproxy) return `${f.haproxy} haproxy_* series`;
  if (f.stub) return `stub_status (${f.stub})`;
  if (f.samples) return `${f.samples} samples`;
  return `answer ${f.status}`;
}

/** Whether an answer gives metrics away (anything but an error, a redirect or a refusal carrying none). */
export const givesMetrics = (f: Fetched | undefined): boolean =>
  !!f && f.status >= 200 && f.status < 300 && !!(f.haproxy || f.stub || f.samples);

/** Judges the scrapes from the monitoring host and from the internet (pure: unit-tested). */
export function judgeScrapes(
  plan: MetricsPlan,
  monitor: string,
  fromMonitor: Record<string, Fetched>,
  fromInternet: Record<string, Fetched> | { notTried: string },
  res: MetricsResult,
): void {
  if (plan.noConfig) res.fail('no-prometheus', {});
  // targets not tried: one finding per job and reason (a node job lists every host)
  const notTried = new Map<string, MetricsTarget[]>();
  for (const t of plan.targets)
    if (!t.url) {
      const k = `${t.job}\n${t.reason ?? ''}`;
      notTried.set(k, [...(notTried.get(k) ?? []), t]);
    }
  for (const ts of notTried.values())
    res.note(
      'not-tried',
      { job: ts[0].job, target: ts.map((t) => t.value).join(', '), reason: ts[0].reason ?? 'not run by the sandbox' },
      ts[0].span,
    );
  for (const t of plan.targets) {
    const data = { job: t.job, target: t.value };
    if (!t.url) continue;
    const f = fromMonitor[t.url];
    const full = { ...data, from: monitor, host: t.host ?? '?', url: t.url };
    if (!f || f.status !== 200)
      res.fail(
        'not-scraped',
        { ...full, error: !f ? 'no result' : f.error ? f.error : `answer ${f.status} (${f.head || 'empty'})` },
        t.span,
      );
    else if (t.kind === 'haproxy' ? !f.haproxy : !f.samples || !!f.stub)
      res.fail('not-prometheus', { ...full, sample: f.head || 'empty' }, t.span);
    else res.note('scraped', { ...full, what: describe(f) }, t.span);
  }
  for (const s of plan.stubs) {
    const f = fromMonitor[s.url];
    if (f && f.status === 200 && f.stub)
      res.note('status-read', { from: monitor, host: s.host, url: s.url, what: f.stub });
    else
      res.note('status-refused', {
        from: monitor,
        host: s.host,
        url: s.url,
        error: !f ? 'no result' : (f.error ?? `answer ${f.status}`),
      });
  }
  if ('notTried' in fromInternet) {
    res.note('internet-not-tried', { reason: String(fromInternet.notTried) });
    return;
  }
  const open = plan.internet.filter((e) => givesMetrics(fromInternet[e.url]));
  for (const e of open) {
    const f = fromInternet[e.url];
    res.fail('internet-read', {
      what: e.what,
      url: e.url,
      host: e.host,
      status: f.status,
      why: `${describe(f)}: only the monitoring host (${monitor}) should; bind the exporter on a private address or port, and let only ${monitor} through the firewall`,
    });
  }
  if (!open.length && plan.internet.length)
    res.note('internet-none', {
      count: plan.internet.length,
      results: plan.internet
        .map((e) => {
          const f = fromInternet[e.url];
          return `${e.url} ${!f ? 'no result' : f.status ? `answer ${f.status}` : (f.error ?? 'no answer')}`;
        })
        .join(', '),
    });
}

/** The first `STATE` line at or after `since` whose state is down (DOWN or MAINT). */
export function firstDown(output: string, since: number): { t: number; state: string } | undefined {
  for (const line of output.split('\n')) {
    const m = /^STATE (\d+) (\S+)$/.exec(line.trim());
    if (m && Number(m[1]) >= since && /^(DOWN|MAINT)/.test(m[2])) return { t: Number(m[1]), state: m[2] };
  }
  return undefined;
}

/** The last `STATE` line's state. */
export function lastState(output: string): string | undefined {
  const all = [...output.matchAll(/^STATE \d+ (\S+)$/gm)];
  return all.length ? all[all.length - 1][1] : undefined;
}

/** From the internet: a connection the firewall drops times out (as in live/firewall-matrix). */
export const INTERNET_MS = 700;
/** Margin over fall x inter: the stop itself, one poll (100 ms), a loaded machine. */
export const DOWN_MARGIN_MS = 1000;
/** Longer than this (fall x inter + margin), the stop is not tried: the probe would hold the run too long. */
export const DOWN_MAX_MS = 30_000;

/** Runs the probe in the sandbox (the learner's firewall, when wanted, already applied). */
export async function runMetrics(ctx: {
  box: Sandbox;
  model: Model;
  hosts: HostPlan[];
  mapping: ReadonlyMap<string, string>;
  monitor: HostPlan;
  /** The web servers' nginx, by host. */
  webProcs: Map<string, ManagedProcess>;
  haproxy: ManagedProcess;
  statsSocket: string;
  /** HAProxy's configuration as it runs (for its health-check settings). */
  haproxyCfg: string;
  /** Undefined: the internet side is tried; else why not. */
  internetNotTried?: string;
  changes: Change[];
  signal?: AbortSignal;
  res: MetricsResult;
  mark?: (what: string, since: number) => void;
}): Promise<void> {
  const { box, res, signal } = ctx;
  const mark = ctx.mark ?? (() => undefined);
  const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C', HOME: '/tmp' };
  const plan = metricsPlan(ctx.model, ctx.hosts, ctx.mapping);
  const dir = box.hostDir('_metrics');
  const script = join(dir, 'metrics.js');
  writeFileSync(script, METRICS_SCRIPT, { mode: 0o644 });
  const monitor = ctx.monitor.name;

  // 1. the scrapes: from the monitoring host and from the internet, at once
  let t = Date.now();
  // the monitoring host waits as Prometheus would, a little; from the internet a firewall's drop is a timeout
  // (as in live/firewall-matrix: 700 ms)
  const fetch = async (ns: string, ms: number, urls: string[]): Promise<Record<string, Fetched>> => {
    if (!urls.length) return {};
    const r = await box.group.run(
      `${ns}/metrics`,
      box.inNet(ns, [process.execPath, script, 'fetch', String(ms), ...urls]),
      { timeoutMs: 15_000, signal, env },
    );
    try {
      return JSON.parse(r.output.trim().split('\n').pop() ?? '{}') as Record<string, Fetched>;
    } catch {
      return {};
    }
  };
  const monitorUrls = [
    ...new Set([...plan.targets.flatMap((x) => (x.url ? [x.url] : [])), ...plan.stubs.map((s) => s.url)]),
  ];
  const [fromMonitor, fromInternet] = await Promise.all([
    fetch(monitor, 1500, monitorUrls),
    ctx.internetNotTried
      ? Promise.resolve({ notTried: ctx.internetNotTried })
      : fetch(
          'client',
          INTERNET_MS,
          plan.internet.map((e) => e.url),
        ),
  ]);
  judgeScrapes(plan, monitor, fromMonitor, fromInternet, res);
  mark('metrics_scrapes', t);

  // 2. the first web server stopped: HAProxy's metrics, polled from the monitoring host, show it down
  t = Date.now();
  const webs = ctx.hosts.filter((h) => h.role === 'web');
  const victim = webs[0];
  const notTried = (reason: string): void =>
    res.note('down-not-tried', { web: victim?.name ?? 'a web server', reason });
  const haproxyUrl = plan.targets.find((x) => x.kind === 'haproxy' && fromMonitor[x.url!]?.haproxy)?.url;
  const proc = victim ? ctx.webProcs.get(victim.name) : undefined;
  if (!victim) return notTried('the submission has no web server');
  if (!haproxyUrl) return notTried(`${monitor} could scrape no HAProxy metrics (above)`);
  if (!proc || proc.exit) return notTried(`its nginx is not running`);
  const rows = parseShowStat(await haproxyCommand(ctx.statsSocket, 'show stat').catch(() => ''));
  const servers = rows.filter((r) => r.svname !== 'FRONTEND' && r.svname !== 'BACKEND');
  const row =
    servers.find((r) => r.addr.replace(/:\d+$/, '') === victim.address) ??
    servers.find((r) => r.svname === victim.name);
  if (!row) return notTried(`no server of HAProxy's backends points at ${victim.name}`);
  const ids = { web: victim.name, server: row.svname, proxy: row.pxname };
  if (/no check/i.test(row.status)) {
    res.fail('no-health-check', ids);
    return;
  }
  const hp = healthParams(ctx.haproxyCfg, { name: row.svname, address: victim.address });
  const limit = hp.fall * hp.inter + DOWN_MARGIN_MS;
  if (limit > DOWN_MAX_MS)
    return notTried(
      `fall ${hp.fall} x inter ${hp.inter} ms (${hp.from}) is longer than this probe waits (${DOWN_MAX_MS / 1000} s)`,
    );
  const poller = box.group.spawn(
    `${monitor}/metrics-poll`,
    box.inNet(monitor, [
      process.execPath,
      script,
      'poll',
      haproxyUrl,
      row.pxname,
      row.svname,
      '100',
      String(limit + 3000),
    ]),
    { env, graceMs: 300 },
  );
  try {
    // its first answer: the server UP before the stop (else the stop proves nothing)
    const before = await waitFor(`${monitor} polling HAProxy's metrics`, () => lastState(poller.output()), {
      timeoutMs: 3000,
      intervalMs: 50,
      signal,
      watch: [poller],
    }).catch((e) => {
      if (e instanceof WaitError && e.reason === 'aborted') throw e;
      return undefined;
    });
    if (before !== 'UP') {
      notTried(
        before === undefined
          ? `${monitor}'s poll of ${haproxyUrl} printed nothing`
          : `HAProxy's metrics showed server \`${row.svname}\` of \`${row.pxname}\` as ${before} before the stop`,
      );
      return;
    }
    await box.group.stop(proc);
    const tStop = Date.now();
    ctx.changes.push({
      host: victim.name,
      what: 'nginx stopped (live/metrics: HAProxy must see it down), not restarted',
    });
    const seen = await waitFor(`${victim.name} DOWN in HAProxy's metrics`, () => firstDown(poller.output(), tStop), {
      timeoutMs: limit,
      intervalMs: 50,
      signal,
      watch: [ctx.haproxy],
    }).catch((e) => {
      if (e instanceof WaitError && e.reason === 'aborted') throw e;
      return undefined;
    });
    const common = { ...ids, fall: hp.fall, inter: hp.inter, margin: DOWN_MARGIN_MS, limit, from: hp.from };
    if (seen)
      res.note('down-seen', {
        ...common,
        ms: seen.t - tStop,
        series: `haproxy_server_status{proxy="${row.pxname}",server="${row.svname}",state="${seen.state}"} 1`,
      });
    else res.fail('down-late', { ...common, state: lastState(poller.output()) ?? 'unknown' });
  } finally {
    await box.group.stop(poller).catch(() => undefined);
    mark('metrics_down', t);
  }
}
