/**
 * Lab 2's `live/firewall-matrix`: the learner's own `ufw` commands (as the model reconstructed them from
 * their scripts, addresses mapped onto the sandbox's) applied by the real `ufw` in each host's network
 * namespace, with a private /etc/ufw, /etc/default and /run (nothing of the machine's own firewall is
 * read or changed; the rules die with the namespace). Then, from the internet (the client namespace) and
 * from each host, a TCP connection to each port of the lab's matrix, with a short timeout: open means
 * connected (a harness listener, or the running server, answers behind the firewall), anything else closed.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verdict } from '../../core/checks/firewall/common';
import { commandsOf } from '../../core/firewall/ufw';
import type { Model } from '../../core/model/types';
import type { Change } from './change';
import type { HostPlan } from './discover';
import { mapAddresses } from './addresses';
import { type ManagedProcess, waitFor } from './proc';
import type { Sandbox } from './sandbox';

/** One connection of the lab's matrix: who connects to which host's port, and whether the design lets it in. */
export interface Cell {
  /** A host's name, or `internet`. */
  from: string;
  to: string;
  port: number;
  want: 'open' | 'closed';
  reason: string;
}

/** The lab's connections, from the design (the static firewall checks expect the same). */
export function labMatrix(hosts: HostPlan[], appPort: number, monitor?: string): Cell[] {
  const of = (role: HostPlan['role']): string[] => hosts.filter((h) => h.role === role).map((h) => h.name);
  const [lb] = of('lb');
  const webs = of('web');
  const [app] = of('app');
  const [primary] = of('db-primary');
  const [replica] = of('db-replica');
  const cells: Cell[] = [];
  const add = (from: string | undefined, to: string | undefined, port: number, want: Cell['want'], reason: string) => {
    if (from && to) cells.push({ from, to, port, want, reason });
  };
  add('internet', lb, 80, 'open', 'every visitor arrives there');
  add('internet', lb, 443, 'open', 'HTTPS is the site');
  for (const p of [8405, 9100, 3306]) add('internet', lb, p, 'closed', `port ${p} is for the private network`);
  add(monitor, lb, 8405, 'open', "the monitoring scrapes HAProxy's metrics there");
  for (const w of webs) {
    add(lb, w, 80, 'open', 'the load balancer sends every request there');
    add('internet', w, 80, 'closed', 'the web servers are reached through the load balancer only');
    add('internet', w, 9113, 'closed', 'the exporter is for the monitoring only');
    add(app ? w : undefined, app, appPort, 'open', 'the web servers proxy the application route there');
  }
  add('internet', app, appPort, 'closed', 'the application server is reached through the web servers only');
  add(app, primary, 3306, 'open', 'the application writes there');
  add(replica, primary, 3306, 'open', 'the replica replicates from there');
  add('internet', primary, 3306, 'closed', 'a database is never open to the internet');
  add(webs[0], primary, 3306, 'closed', 'the web servers have no business with the database');
  add(app, replica, 3306, 'open', 'the application reads there');
  add('internet', replica, 3306, 'closed', 'a database is never open to the internet');
  for (const h of [lb, ...webs, app, primary, replica])
    add(monitor, h, 9100, 'open', 'the monitoring scrapes the node exporter');
  return cells;
}

const UFW_VERBS = new Set([
  'default',
  'allow',
  'deny',
  'reject',
  'limit',
  'insert',
  'prepend',
  'delete',
  'enable',
  'disable',
  'reset',
  'reload',
  'logging',
  'route',
]);

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The harness's script: each command on its own, its failure reported, never stopping the others. */
export function ufwScript(cmds: string[][]): string {
  const lines = ['#!/bin/sh', '# web-infra-lab live mode: your ufw commands, one by one'];
  cmds.forEach((argv, i) => {
    lines.push(
      `out=$(ufw ${argv.map(q).join(' ')} 2>&1 </dev/null) || printf 'FAILED %s %s\\n' ${i} "$(echo "$out" | tr '\\n' ' ')"`,
    );
  });
  lines.push('echo DONE');
  return lines.join('\n') + '\n';
}

export const LISTENER_SCRIPT = `'use strict';
// web-infra-lab live mode: accept (and close) TCP connections on the given ports; a port in use is skipped.
const net = require('net');
const ports = process.argv.slice(2).map(Number);
let left = ports.length;
const done = () => { if (--left === 0) process.stdout.write('READY\\n'); };
if (!left) process.stdout.write('READY\\n');
for (const p of ports) {
  const s = net.createServer((c) => c.destroy());
  s.on('error', done);
  s.listen(p, '0.0.0.0', done);
}
setInterval(() => {}, 1 << 30);
`;

export const PROBER_SCRIPT = `'use strict';
// web-infra-lab live mode: one TCP connection per target (address:port), all at once, each bounded.
const net = require('net');
const ms = Number(process.argv[2]);
const targets = process.argv.slice(3);
const out = {};
let left = targets.length;
const fin = () => { if (--left <= 0) { process.stdout.write('\\n' + JSON.stringify(out) + '\\n'); process.exit(0); } };
if (!left) fin();
for (const t of targets) {
  const [host, port] = t.split(':');
  let done = false;
  const end = (r) => { if (done) return; done = true; out[t] = r; s.destroy(); fin(); };
  const s = net.connect({ host, port: Number(port) });
  s.setTimeout(ms, () => end('timeout'));
  s.on('connect', () => end('open'));
  s.on('error', (e) => end(e.code === 'ECONNREFUSED' ? 'refused' : (e.code || 'error')));
}
`;

export interface MatrixReport {
  add(id: string, data: Record<string, string | number>, severity: 'error' | 'info'): void;
}

/**
 * The learner's ufw commands (addresses mapped onto the sandbox's), applied by the real ufw in each host's
 * namespace, with a private /etc/ufw, /etc/default and /run. Returns the hosts whose commands ran; a command
 * ufw refuses, or a host without one, is reported to `res`. Also used alone by live/metrics.
 */
export async function applyUfw(ctx: {
  box: Sandbox;
  model: Model;
  hosts: HostPlan[];
  addressMap: ReadonlyMap<string, string>;
  changes: Change[];
  signal?: AbortSignal;
  res: MatrixReport;
}): Promise<string[]> {
  const { box, model, changes, signal, res } = ctx;
  const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C', HOME: '/tmp' };
  const filtered: string[] = [];
  await Promise.all(
    ctx.hosts.map(async (h) => {
      const m = model.hosts[h.name];
      const cmds = m ? commandsOf(m) : [];
      const argvs: string[][] = [];
      let forced = 0;
      for (const c of cmds) {
        let words = c.argv.slice(1).map((w) => mapAddresses(w, ctx.addressMap).text);
        if (!UFW_VERBS.has(words.find((w) => !w.startsWith('-')) ?? '')) continue;
        if (words.includes('--dry-run')) continue;
        const verb = words.find((w) => !w.startsWith('-'));
        if ((verb === 'enable' || verb === 'reset') && !words.includes('--force') && !words.includes('-f')) {
          words = ['--force', ...words];
          forced++;
        }
        argvs.push(words);
      }
      if (!argvs.length) {
        res.add('no-firewall', { host: h.name }, 'error');
        return;
      }
      const dir = box.hostDir(h.name, 'ufw');
      cpSync('/etc/ufw', join(dir, 'etc-ufw'), { recursive: true });
      cpSync('/etc/default', join(dir, 'etc-default'), { recursive: true });
      // the sandbox's network is IPv4 only: ufw skips its ip6tables half (a third of its time)
      const def = join(dir, 'etc-default', 'ufw');
      if (existsSync(def)) writeFileSync(def, readFileSync(def, 'utf8').replace(/^IPV6=.*$/m, 'IPV6=no'));
      mkdirSync(join(dir, 'run'), { recursive: true });
      writeFileSync(join(dir, 'apply.sh'), ufwScript(argvs), { mode: 0o755 });
      const r = await box.group.run(
        `${h.name}/ufw`,
        box.onHost(
          h.name,
          ['/bin/sh', '/srv/web-infra-lab-ufw/apply.sh'],
          [
            { src: dir, target: '/srv/web-infra-lab-ufw' },
            { src: join(dir, 'etc-ufw'), target: '/etc/ufw' },
            { src: join(dir, 'etc-default'), target: '/etc/default' },
            { src: join(dir, 'run'), target: '/run' },
          ],
          { hostname: h.name },
        ),
        { timeoutMs: 60_000, signal, env },
      );
      for (const line of r.output.split('\n')) {
        const f = /^FAILED (\d+) (.*)$/.exec(line);
        if (f)
          res.add(
            'ufw-failed',
            { host: h.name, command: `ufw ${argvs[Number(f[1])].join(' ')}`, error: f[2].trim().slice(0, 200) },
            'error',
          );
      }
      if (!/DONE/.test(r.output))
        res.add(
          'ufw-failed',
          { host: h.name, command: 'ufw', error: r.output.trim().slice(-200) || `exit ${r.code}` },
          'error',
        );
      filtered.push(h.name);
      changes.push({
        host: h.name,
        what: `your ${argvs.length} ufw commands applied by the real ufw (as root, in ${h.name}'s own network and mount namespaces: a private copy of /etc/ufw and /etc/default, IPV6=no: the sandbox is IPv4 only)${forced ? `; \`--force\` added to ${forced} (no one answers ufw's prompt here)` : ''}`,
      });
    }),
  );
  return filtered;
}

/**
 * Applies each host's ufw commands in its namespace, starts the listeners, probes the matrix.
 * `ok`: every cell as the lab expects (findings added to `res` either way).
 */
export async function runFirewallMatrix(ctx: {
  box: Sandbox;
  model: Model;
  hosts: HostPlan[];
  addressMap: Map<string, string>;
  appPort: number;
  /** The lab's monitoring host (its spec role `monitor`). */
  monitor?: string;
  changes: Change[];
  signal?: AbortSignal;
  res: MatrixReport;
  mark?: (what: string, since: number) => void;
}): Promise<void> {
  const mark = ctx.mark ?? (() => undefined);
  let t = Date.now();
  const { box, model, hosts, changes, signal, res } = ctx;
  const TIMEOUT = 700;
  const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C', HOME: '/tmp' };
  // 1. the real ufw in each host's namespace
  const cells = labMatrix(hosts, ctx.appPort, ctx.monitor);
  // only the hosts the matrix connects to (each ufw command is a Python start: about 0.3 s)
  const filtered = await applyUfw({ ...ctx, hosts: hosts.filter((h) => cells.some((c) => c.to === h.name)) });

  mark('firewall_ufw', t);
  t = Date.now();
  // 2. listeners behind each firewall, on the matrix's ports (a running server keeps its own)
  const listeners: ManagedProcess[] = [];
  const listenDir = box.hostDir('_firewall');
  writeFileSync(join(listenDir, 'listen.js'), LISTENER_SCRIPT, { mode: 0o644 });
  writeFileSync(join(listenDir, 'probe.js'), PROBER_SCRIPT, { mode: 0o644 });
  for (const h of hosts) {
    const ports = [...new Set(cells.filter((c) => c.to === h.name).map((c) => c.port))];
    if (!ports.length) continue;
    const p = box.group.spawn(
      `${h.name}/listener`,
      box.inNet(h.name, [process.execPath, join(listenDir, 'listen.js'), ...ports.map(String)]),
      { env, graceMs: 300 },
    );
    listeners.push(p);
  }
  await Promise.all(
    listeners.map((p) =>
      waitFor(`${p.name} ready`, () => /READY/.test(p.output()) || undefined, {
        timeoutMs: 5000,
        signal,
        watch: [p],
      }),
    ),
  );

  mark('firewall_listeners', t);
  t = Date.now();
  // 3. the probes, each source at once
  const addr = (name: string): string => hosts.find((h) => h.name === name)!.address;
  const sources = [...new Set(cells.map((c) => c.from))];
  const seen = new Map<string, string>();
  await Promise.all(
    sources.map(async (src) => {
      const mine = cells.filter((c) => c.from === src);
      const targets = [...new Set(mine.map((c) => `${addr(c.to)}:${c.port}`))];
      const ns = src === 'internet' ? 'client' : src;
      const r = await box.group.run(
        `${ns}/probe-ports`,
        box.inNet(ns, [process.execPath, join(listenDir, 'probe.js'), String(TIMEOUT), ...targets]),
        { timeoutMs: 20_000, signal, env },
      );
      let out: Record<string, string> = {};
      try {
        out = JSON.parse(r.output.trim().split('\n').pop() ?? '{}') as Record<string, string>;
      } catch {
        out = {};
      }
      for (const c of mine) seen.set(`${c.from}>${c.to}:${c.port}`, out[`${addr(c.to)}:${c.port}`] ?? 'no result');
    }),
  );
  mark('firewall_probes', t);
  for (const p of listeners) await box.group.stop(p).catch(() => undefined);

  // 4. the verdicts, with the rule your files say decides each
  let bad = 0;
  for (const c of cells) {
    const got = seen.get(`${c.from}>${c.to}:${c.port}`) ?? 'no result';
    const open = got === 'open';
    if (open === (c.want === 'open')) continue;
    bad++;
    const to = model.hosts[c.to];
    const from = c.from === 'internet' ? 'internet' : model.hosts[c.from];
    const v = to && from ? verdict(to, { from, proto: 'tcp', port: c.port }) : undefined;
    const what = `${c.from === 'internet' ? 'the internet' : c.from} -> ${c.to}:${c.port}/tcp (${got})`;
    res.add(open ? 'open' : 'blocked', { what, reason: c.reason, why: v?.why ?? 'no firewall file' }, 'error');
  }
  if (!bad) res.add('matrix', { count: cells.length, ms: TIMEOUT, hosts: filtered.join(', ') || 'no host' }, 'info');
}
