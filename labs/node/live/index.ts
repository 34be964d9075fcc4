/**
 * Live mode: run the learner's own configs for real, probe the running topology, tear it down.
 *
 *   runLive({dir, tree, lab, signal}) -> {checks: CheckResult[] (kind 'live'), live: LiveSection}
 *
 * The web tier (app, web-01, web-02, lb-01, then round-robin, app path, failover) and the database
 * tier (two MariaDB servers, the learner's SQL, replication, read-only) come up and are probed in
 * parallel. Every process is tracked by pid and stopped on success, failure, timeout and abort.
 */
import { sqlForMariadb } from './mysql-dialect';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AGREEMENT_GROUPS, liveMetas } from '../../core/checks/live';
import { noSpofMetas } from '../../core/checks/live/no-spof';
import { liveOption } from './group';
import { isKeepalivedRun, runNoSpof } from './no-spof';
import { securedMetas } from '../../core/checks/live/secured';
import { isSecuredRun, runSecured } from './secured';
import { findCheck } from '../../core/checks/index';
import { labFolder } from '../paths';
import { docsUrl, renderMessage, type CheckMeta } from '../../core/checks/types';
import type { CheckResult, CheckStatus, Finding, LiveSection } from '../../core/report/types';
import type { FileTree } from '../../core/vfs';
import { projectRoot } from '../paths';
import { type HostPlan, type Plan, healthParams, planFromModel, sqlAccounts, sqlDatabases } from './discover';
import { buildModel } from '../../core/model/build';
import type { Model } from '../../core/model/types';
import type { LabSpec } from '../../core/spec/types';
import { type ManagedProcess, WaitError, descendants, listening, sleep, waitFor } from './proc';
import { type LoopbackMap, loopbackMap, rewriteSql } from './loopback';
import { learnerAddressMap, mapAddresses, substituteHostName } from './addresses';
import { Sandbox, cleanupStale, netnsSupported, noJailMessage } from './sandbox';
import {
  type Change,
  MARIADBD_SANDBOX_OPTS,
  type PreparedHost,
  ensureTemplate,
  haproxyCommand,
  parseShowStat,
  parseVertical,
  prepareApp,
  prepareDb,
  prepareLb,
  prepareWeb,
} from './servers';

export interface LiveInput {
  dir: string;
  tree: FileTree;
  /** The submission's model (the one the static checks read); built from `tree` and `lab` when absent. */
  model?: Model;
  /** The lab: its hosts, its options (each probe's resolved ones in `checks`), the app server it ships (`app`). */
  lab: LabSpec;
  signal?: AbortSignal;
  keep?: boolean;
  mode?: 'auto' | 'netns' | 'loopback';
  /** Static results, when known: `live.agreement` is then filled. */
  staticChecks?: CheckResult[];
  /** Only bring up these tiers (tests use `['web']` for light cycles). Default both. */
  tiers?: Array<'web' | 'db'>;
  /** Skip `live/failover` (the slowest probe: it waits for HAProxy's health checks twice). */
  skipFailover?: boolean;
  /** The probes the lab selected (default all of GROUP_PROBES): a tier none of them needs is not brought up. */
  only?: ReadonlySet<string>;
}

/** The probes this group runs (they share one running topology). */
export const GROUP_PROBES: readonly string[] = [
  ...liveMetas.map((m) => m.id),
  ...noSpofMetas.map((m) => m.id),
  ...securedMetas.map((m) => m.id),
];
const WEB_TIER = ['live/round-robin', 'live/failover', 'live/app-path'];
const DB_TIER = ['live/replication', 'live/replica-read-only'];

/** The tiers and the failover wait a selection of probes needs (valid-start needs every server). */
export function tiersFor(only: ReadonlySet<string>): { tiers: Array<'web' | 'db'>; skipFailover: boolean } {
  const all = only.has('live/valid-start');
  const tiers: Array<'web' | 'db'> = [];
  if (all || WEB_TIER.some((id) => only.has(id))) tiers.push('web');
  if (all || DB_TIER.some((id) => only.has(id))) tiers.push('db');
  return { tiers, skipFailover: !only.has('live/failover') };
}

export interface LiveOutput {
  checks: CheckResult[];
  live: LiveSection;
  /** Extra facts for tests and the bench (not part of the report contract). */
  debug: {
    runDir: string;
    pids: number[];
    /** Sum of VmHWM of the server processes (and their workers): the prototype's figure. */
    peakRssKb: number;
    /** Highest sum of RSS of everything of the run alive at one moment (servers and clients). */
    peakConcurrentKb: number;
    /** `net:[inode]` of the run's network namespaces. */
    netnsInodes: string[];
    /** VmHWM per server (host/server -> kB). */
    perServerKb: Record<string, number>;
    leftovers: string[];
    timings: Record<string, number>;
    /** Lab 3: what the client saw and who held the VIP, over the run (scripts/measure-failover.ts). */
    timeline?: Timeline;
  };
}

/** One run of lab 3's live mode as it happened (epoch milliseconds). */
export interface Timeline {
  /** What the harness did and saw: `keepalived started`, `haproxy killed`, `vip moved`, ... */
  events: Array<{ name: string; t: number; host?: string }>;
  /** Every request of the client's 100 ms loop: start, duration, HTTP status (0: no answer), the serving web server. */
  requests: Array<{ t: number; ms: number; status: number; by: string }>;
  /** Every 100 ms: the load balancers that held the VIP. */
  owners: Array<{ t: number; held: string[] }>;
}

type Meta = CheckMeta;

const META = Object.fromEntries(liveMetas.map((m) => [m.id, m])) as Record<string, Meta>;

class Result {
  status: CheckStatus = 'pass';
  findings: Finding[] = [];
  t0 = Date.now();
  ms?: number;
  /** Names every message of this probe may use (the load balancer, the web server stopped, the header): the lab's, not fixed. */
  names: Record<string, string> = {};
  constructor(readonly meta: Meta) {}
  add(
    messageId: string,
    data0: Record<string, string | number>,
    severity: 'error' | 'warning' | 'info',
    where: { file?: string; line?: number; column?: number; hint?: string } = {},
  ): void {
    const data = { ...this.names, ...data0 };
    const f: Finding = {
      checkId: this.meta.id,
      messageId,
      data,
      message: renderMessage(this.meta.messages[messageId] ?? messageId, data),
      severity,
    };
    if (where.file) f.file = where.file;
    if (where.line) f.line = where.line;
    if (where.column) f.column = where.column;
    if (where.hint) f.hint = where.hint;
    this.findings.push(f);
  }
  fail(
    messageId: string,
    data: Record<string, string | number>,
    where: { file?: string; line?: number; column?: number; hint?: string } = {},
  ): void {
    this.status = 'fail';
    this.add(messageId, data, 'error', where);
  }
  skip(reason: string): void {
    if (this.status === 'pass' && this.findings.every((f) => f.severity === 'info')) this.status = 'skip';
    this.add('skipped', { reason }, 'info');
  }
  done(): void {
    this.ms ??= Date.now() - this.t0;
  }
  toCheck(): CheckResult {
    return {
      id: this.meta.id,
      title: this.meta.title,
      component: this.meta.component,
      severity: this.meta.severity,
      status: this.status,
      points: this.status === 'pass' ? this.meta.points : 0,
      maxPoints: this.meta.points,
      docsUrl: docsUrl(this.meta.id),
      findings: this.findings,
      kind: 'live',
      durationMs: this.ms ?? Date.now() - this.t0,
    };
  }
}

/** Agreement rows: a live verdict against each static check of its group (see AGREEMENT_GROUPS). */
export function computeAgreement(staticChecks: CheckResult[], liveChecks: CheckResult[]): LiveSection['agreement'] {
  const rows: LiveSection['agreement'] = [];
  const ok = (s: CheckStatus): boolean | undefined =>
    s === 'pass' || s === 'warn' ? true : s === 'fail' ? false : undefined;
  for (const live of liveChecks) {
    const group = findCheck(live.id)?.meta.agreesWith ?? AGREEMENT_GROUPS[live.id] ?? [];
    const statics = group.map((id) => staticChecks.find((c) => c.id === id)).filter((c): c is CheckResult => !!c);
    const liveOk = ok(live.status);
    if (liveOk === undefined) continue;
    const groupOk = statics.every((s) => ok(s.status) !== false);
    for (const s of statics) {
      const sOk = ok(s.status);
      if (sOk === undefined) continue;
      // static fail predicts live fail; static pass predicts live pass unless another static check of the group fails
      const agree = sOk ? liveOk || !groupOk : !liveOk;
      rows.push({ staticId: s.id, liveId: live.id, staticStatus: s.status, liveStatus: live.status, agree });
    }
  }
  return rows;
}

function chooseMode(mode: LiveInput['mode']): { mode: 'netns' | 'loopback'; why?: string } {
  if (mode === 'loopback') return { mode: 'loopback', why: 'loopback mode requested' };
  const s = netnsSupported();
  if (s.ok) return { mode: 'netns' };
  if (mode === 'netns') throw new Error(`network namespaces are not available: ${s.reason}`);
  return { mode: 'loopback', why: s.reason };
}

const hostsOfRole = (plan: Plan, role: HostPlan['role']): HostPlan[] => plan.hosts.filter((h) => h.role === role);

/** Maps a path the server printed (`/etc/nginx/sites-enabled/default:12`) to the learner's file. */
function mapError(text: string, prep: PreparedHost): { file?: string; line?: number } {
  for (const f of prep.placed) {
    // a site placed in sites-available is read through its sites-enabled link
    const names = [f.target, f.target.replace('/sites-available/', '/sites-enabled/')].map((t) =>
      t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
    const re = new RegExp(`(?:${names.join('|')})(?::(\\d+)|\\s*:\\s*(\\d+)\\]|\\])?`);
    const m = re.exec(text);
    if (m) {
      const line = Number(m[1] ?? m[2]);
      if (line && f.origin?.[line - 1]) return { file: f.origin[line - 1]!.file, line: f.origin[line - 1]!.line };
      return { file: f.source, line: line || undefined };
    }
  }
  // MariaDB names an option, not a line: find it in the learner's option files
  const opt = /unknown (?:variable|option) '-*([\w-]+)/.exec(text);
  if (opt) {
    const name = opt[1].replace(/-/g, '_').toLowerCase();
    for (const f of prep.placed) {
      const i = f.text.split('\n').findIndex((l) => l.trim().replace(/-/g, '_').toLowerCase().startsWith(name));
      if (i >= 0) return { file: f.source, line: i + 1 };
    }
  }
  return {};
}

function errorLines(output: string, max = 4): string {
  const lines = output
    .split('\n')
    .filter((l) => /emerg|alert|error|fatal|\[ERROR\]|unknown|invalid|failed|cannot|denied/i.test(l));
  return (
    (lines.length ? lines : output.split('\n').filter(Boolean)).slice(-max).join(' | ').slice(0, 600) || '(no output)'
  );
}

export async function runLive(input: LiveInput): Promise<LiveOutput> {
  const t0 = Date.now();
  const signal = input.signal;
  const keep = input.keep ?? process.env.WEB_INFRA_LAB_KEEP === '1';
  const sel = input.only ? tiersFor(input.only) : undefined;
  const tiers = new Set(input.tiers ?? sel?.tiers ?? ['web', 'db']);
  if (sel?.skipFailover && input.skipFailover === undefined) input = { ...input, skipFailover: true };
  const timings: Record<string, number> = {};
  const mark = (k: string, since: number): void => void (timings[k] = Date.now() - since);
  const changes: Change[] = [];
  const R = Object.fromEntries(liveMetas.map((m) => [m.id, new Result(m)])) as Record<string, Result>;
  const vs = R['live/valid-start'];

  // The plan is read from the model the static checks read (its hosts' spec roles, the files it
  // recognised, the files scripts write). Every host runs at the lab's sandbox address; the learner's
  // addresses (inventory.yaml or inferred from the files, see model/inventory.ts) are mapped onto them
  // in their configs (addresses.ts).
  const model = input.model ?? buildModel(input.tree, input.lab);
  // a keepalived lab's probes (lab 3) run as their own group over their own topology (no-spof.ts)
  if (isKeepalivedRun(input.only, model, input.lab)) return runNoSpof({ ...input, model });
  // lab 2's HTTPS probes run as their own group over their own topology (secured.ts)
  if (isSecuredRun(input.only)) return runSecured({ ...input, model });
  const plan = planFromModel(model, input.tree);
  for (const n of plan.notes) changes.push({ host: n.host, file: n.file, what: n.what });
  const mapping = learnerAddressMap(model, input.lab.hosts);
  for (const h of plan.hosts) {
    let mapped = 0;
    let named = 0;
    for (const f of h.files) {
      const a = mapAddresses(f.text, mapping.map);
      const n = substituteHostName(a.text, h.name);
      f.text = n.text;
      mapped += a.count;
      named += n.count;
    }
    for (const q of h.sql) {
      const a = mapAddresses(q.text, mapping.map);
      q.text = a.text;
      mapped += a.count;
    }
    if (h.unit) {
      for (const [k, v] of Object.entries(h.unit.env)) {
        const a = mapAddresses(v, mapping.map);
        h.unit.env[k] = a.text;
        mapped += a.count;
      }
      if (h.unit.execStart) {
        const a = mapAddresses(h.unit.execStart, mapping.map);
        h.unit.execStart = a.text;
        mapped += a.count;
      }
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

  const perServerKb: Record<string, number> = {};
  const isServer = (p: ManagedProcess): boolean => started.some((s) => s.proc === p);
  const sample = (sb: Sandbox): void => {
    sb.group.sampleMemory(isServer);
    for (const s of started) {
      const kb = [s.proc.pid, ...descendants(s.proc.pid)].reduce((a, pid) => a + (sb.group.peakKb.get(pid) ?? 0), 0);
      if (kb > (perServerKb[s.proc.name] ?? 0)) perServerKb[s.proc.name] = kb;
    }
  };
  const started: Array<{ host: string; server: string; proc: ManagedProcess; prep: PreparedHost }> = [];
  const finish = (mode: 'netns' | 'loopback', sb?: Sandbox, leftovers: string[] = []): LiveOutput => {
    for (const r of Object.values(R)) {
      if (r.findings.length === 0 && r.status === 'pass') r.skip('not reached');
      r.done();
    }
    const checks = liveMetas.map((m) => R[m.id].toCheck());
    const live: LiveSection = {
      mode,
      changes,
      agreement: input.staticChecks ? computeAgreement(input.staticChecks, checks) : [],
      durationMs: Date.now() - t0,
    };
    return {
      checks,
      live,
      debug: {
        runDir: sb?.dir ?? '',
        // every pid started, and every descendant seen while sampling (nginx workers...)
        pids: [...new Set([...(sb?.group.procs.map((p) => p.pid) ?? []), ...(sb ? [...sb.group.peakKb.keys()] : [])])],
        netnsInodes: sb?.netnsInodes ?? [],
        peakRssKb: sb?.group.peakTotalKb() ?? 0,
        peakConcurrentKb: sb?.group.peakConcurrentKb ?? 0,
        perServerKb,
        leftovers,
        timings,
      },
    };
  };

  // 1. refuse before anything starts
  if (plan.refusals.length) {
    for (const r of plan.refusals)
      vs.fail(
        'refused',
        { host: r.host, path: r.path, why: r.why },
        {
          file: r.file,
          line: r.line,
          column: r.column,
          hint: 'Live mode only runs files from your submission and the stock paths of each server.',
        },
      );
    for (const id of Object.keys(R))
      if (id !== vs.meta.id) R[id].skip('a configuration was refused (see live/valid-start)');
    return finish(input.mode === 'loopback' ? 'loopback' : 'netns');
  }

  let modeSel: { mode: 'netns' | 'loopback'; why?: string };
  try {
    modeSel = chooseMode(input.mode);
  } catch (e) {
    vs.status = 'error';
    vs.add('harness-error', { error: String((e as Error).message) }, 'error');
    return finish('netns');
  }
  let lo: LoopbackMap | undefined;
  if (modeSel.mode === 'loopback') {
    const portStart = (() => {
      try {
        return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
      } catch {
        return 1024;
      }
    })();
    if (process.getuid?.() !== 0 && portStart > 80) {
      vs.status = 'error';
      vs.add(
        'harness-error',
        {
          error: `loopback mode without root cannot listen on port 80 (net.ipv4.ip_unprivileged_port_start is ${portStart}): run as root, or lower it to 80`,
        },
        'error',
      );
      for (const id of Object.keys(R)) if (id !== vs.meta.id) R[id].skip('live mode could not run here');
      return finish('loopback');
    }
    lo = loopbackMap(plan.hosts);
    for (const h of plan.hosts) {
      h.origAddress = h.address;
      h.address = lo.addr.get(h.address) ?? h.address;
    }
    changes.push({
      host: '*',
      what: `loopback mode (${modeSel.why}): every host runs on 127.x.y.z with your addresses rewritten: ${plan.hosts.map((h) => `${h.name} ${h.origAddress} -> ${h.address}`).join(', ')}`,
    });
  }

  await cleanupStale().catch(() => []);
  const sb = new Sandbox(modeSel.mode, keep);
  const memTimer = setInterval(() => sample(sb), 150);
  try {
    let t = Date.now();
    const noJail = await sb.jailLoopback();
    if (noJail) throw new Error(noJailMessage(noJail));
    await sb.createNetwork(
      plan.hosts.map((h) => ({ name: h.name, address: h.address })),
      signal,
    );
    mark('network', t);

    const ctx = new Ctx(sb, plan, input, changes, R, started, signal, mark, lo);
    const jobs: Array<Promise<void>> = [];
    if (tiers.has('web')) jobs.push(ctx.webTier().catch((e) => ctx.tierError('web', e)));
    else for (const id of ['live/round-robin', 'live/failover', 'live/app-path']) R[id].skip('web tier not run');
    if (tiers.has('db')) jobs.push(ctx.dbTier().catch((e) => ctx.tierError('db', e)));
    else for (const id of ['live/replication', 'live/replica-read-only']) R[id].skip('database tier not run');
    // an abort goes straight to teardown; the probes still in flight fail on their own (nothing
    // can start once teardown has begun)
    const all = Promise.all(jobs);
    all.catch(() => undefined);
    const aborted = new Promise<void>((resolve) => {
      if (signal?.aborted) resolve();
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await Promise.race([all, aborted]);
    if (signal?.aborted) throw new WaitError('aborted', 'aborted');
    sample(sb);
  } catch (e) {
    if (e instanceof WaitError && e.reason === 'aborted') {
      for (const r of Object.values(R)) if (r.status === 'pass') r.skip('interrupted');
    } else {
      vs.status = 'error';
      vs.add('harness-error', { error: String((e as Error)?.message ?? e) }, 'error');
    }
  } finally {
    clearInterval(memTimer);
  }
  for (const n of sb.notes) if (!changes.some((c) => c.host === n.host && c.what === n.what)) changes.push(n);
  const td = Date.now();
  if (signal?.aborted && process.stderr.isTTY)
    process.stderr.write(
      'interrupted: stopping the servers and removing the sandbox (a second Ctrl-C exits at once, removing them too)\n',
    );
  const down = await sb.teardown({ quick: !!signal?.aborted });
  mark('teardown', td);
  for (const [k, v] of Object.entries(down.steps)) timings[`teardown_${k}`] = v;
  if (down.leftovers.length) {
    vs.status = 'error';
    vs.add('harness-error', { error: `left behind after teardown: ${down.leftovers.join(', ')}` }, 'error');
  }
  return finish(modeSel.mode, sb, down.leftovers);
}

/* ------------------------------------------------------------------ the run */

type DbPrep = Awaited<ReturnType<typeof prepareDb>>;

interface Http {
  status: number;
  servedBy: string;
  body: string;
}

class Ctx {
  lbPrep?: ReturnType<typeof prepareLb>;
  web: Array<{ plan: HostPlan; prep: PreparedHost; proc?: ManagedProcess; argv: string[] }> = [];
  lbUp = false;
  appUp = false;
  dbReady = false;
  db: { name: string; table: string; appUser?: { user: string; host: string; password: string } } = {
    name: '',
    table: 'lab_messages',
  };
  primary?: DbPrep;
  replica?: DbPrep;
  dbProcs: ManagedProcess[] = [];

  constructor(
    readonly sb: Sandbox,
    readonly plan: Plan,
    readonly input: LiveInput,
    readonly changes: Change[],
    readonly R: Record<string, Result>,
    readonly started: Array<{ host: string; server: string; proc: ManagedProcess; prep: PreparedHost }>,
    readonly signal: AbortSignal | undefined,
    readonly mark: (k: string, since: number) => void,
    readonly lo?: LoopbackMap,
  ) {
    const dbs = hostsOfRole(plan, 'db-primary').flatMap((h) => h.sql.flatMap((s) => sqlDatabases(s.text)));
    this.db.name = String(liveOption(input.lab, 'database') ?? dbs[0] ?? 'test');
    this.header = String(liveOption(input.lab, 'header') ?? '').toLowerCase();
    this.appRoute = String(liveOption(input.lab, 'appRoute') ?? '/');
    this.appReady = new Promise((r) => (this.resolveApp = r));
    if (!input.tiers || input.tiers.includes('web')) return;
    this.resolveApp(false);
  }

  tierError(tier: string, e: unknown): void {
    if (e instanceof WaitError && e.reason === 'aborted') throw e;
    const vs = this.R['live/valid-start'];
    vs.status = 'error';
    vs.add('harness-error', { error: `${tier} tier: ${String((e as Error)?.message ?? e)}` }, 'error');
    const ids =
      tier === 'web'
        ? ['live/round-robin', 'live/failover', 'live/app-path']
        : ['live/replication', 'live/replica-read-only'];
    for (const id of ids)
      if (this.R[id].findings.length === 0) this.R[id].skip(`the ${tier} tier could not be brought up`);
  }

  /** curl from the client namespace; N requests in one process; every request has a timeout. */
  async http(url: string, n = 1, opts: { method?: string; timeoutS?: number } = {}): Promise<Http[]> {
    const args = [
      'curl',
      '-s',
      '--fail-early',
      '-m',
      String(opts.timeoutS ?? 3),
      '--connect-timeout',
      '2',
      '-H',
      'Connection: close',
      '-w',
      `\\n@@WIL %{http_code} [${this.header ? `%header{${this.header}}` : ''}]\\n`,
    ];
    if (opts.method) args.push('-X', opts.method);
    for (let i = 0; i < n; i++) args.push(url);
    const r = await this.sb.group.run('curl', this.sb.inNet('client', args), {
      timeoutMs: (opts.timeoutS ?? 3) * 1000 * n + 3000,
      signal: this.signal,
    });
    const out: Http[] = [];
    let body = '';
    for (const line of r.output.split('\n')) {
      const m = /^@@WIL (\d+) \[(.*)\]$/.exec(line);
      if (m) {
        out.push({ status: Number(m[1]), servedBy: m[2].trim(), body: body.trim().slice(0, 300) });
        body = '';
      } else body += line + '\n';
    }
    while (out.length < n) out.push({ status: 0, servedBy: '', body: '' });
    return out;
  }

  async startServer(
    host: string,
    server: string,
    prep: PreparedHost,
    argv: string[],
    opts: { stopSignal?: NodeJS.Signals; graceMs?: number; env?: Record<string, string> } = {},
  ): Promise<ManagedProcess> {
    const full = this.sb.onHost(host, argv, prep.mounts, { hostname: host });
    const env = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: '/tmp',
      LANG: 'C',
      ...(opts.env ?? {}),
    };
    // cwd "/": the directory the CLI was started in may not exist in the host's mount namespace (a private
    // /tmp hides /tmp/anything), and HAProxy refuses to start when it cannot return to its initial directory.
    const proc = this.sb.group.spawn(`${host}/${server}`, full, {
      env,
      cwd: '/',
      stopSignal: opts.stopSignal,
      graceMs: opts.graceMs,
    });
    this.started.push({ host, server, proc, prep });
    return proc;
  }

  /** valid-start finding for a server: started (and answering), or its own error output. */
  async awaitStart(
    host: string,
    server: string,
    proc: ManagedProcess,
    prep: PreparedHost,
    ready: () => Promise<boolean>,
    timeoutMs: number,
    address: string,
  ): Promise<boolean> {
    const vs = this.R['live/valid-start'];
    const t = Date.now();
    try {
      await waitFor(`${host} ${server}`, async () => (await ready()) || undefined, {
        timeoutMs,
        intervalMs: 50,
        signal: this.signal,
        watch: [proc],
      });
      vs.add('started', { host, server, ms: Date.now() - proc.startedAt }, 'info');
      return true;
    } catch (e) {
      if (e instanceof WaitError && e.reason === 'aborted') throw e;
      // a server that refuses its configuration exits at once, but on a loaded machine its exit may be reported
      // a little after the wait gave up: give it up to 2 s before calling it "not answering"
      for (let i = 0; i < 40 && !proc.exit; i++) await sleep(50);
      if (proc.exit) {
        const logText = proc.output() + readLogs(prep);
        const where = mapError(logText, prep);
        vs.fail('failed', { host, server, error: errorLines(logText) }, where);
        return false;
      }
      vs.add('not-answering', { host, server, address, detail: `no answer within ${Date.now() - t} ms` }, 'warning');
      return false;
    }
  }

  /* ---------------- web tier ---------------- */

  /** Resolved once the web tier knows whether the app is up (the database tier then proves the app's database path). */
  appReady!: Promise<boolean>;
  /** The response header naming the web server (the probes' `header` option), lower case; '' when the lab sets none. */
  header = '';
  /** The application route (the probes' `appRoute` option). */
  appRoute = '/';
  private resolveApp!: (ok: boolean) => void;

  async webTier(): Promise<void> {
    try {
      await this.webTierInner();
    } finally {
      this.resolveApp(this.appUp);
    }
  }

  async webTierInner(): Promise<void> {
    const rr = this.R['live/round-robin'];
    const fo = this.R['live/failover'];
    const ap = this.R['live/app-path'];
    const lbPlan = hostsOfRole(this.plan, 'lb')[0];
    const webPlans = hostsOfRole(this.plan, 'web');
    const webPort = Number(liveOption(this.input.lab, 'webPort') ?? 80);
    const appPlan = hostsOfRole(this.plan, 'app')[0];
    const t = Date.now();
    // the names the probes' messages use: the lab's hosts and header, never fixed ones
    rr.names.header = String(liveOption(this.input.lab, 'header') ?? 'server-naming');
    ap.names.lb = lbPlan?.name ?? 'the load balancer';
    fo.names.victim = webPlans[1]?.name ?? 'the second web server';
    fo.names.survivor = webPlans[0]?.name ?? 'the first web server';

    // app-01: the lab's app with HOST/PORT from the learner's unit
    const appStart = (async () => {
      if (!appPlan) return;
      const folder = labFolder(this.input.lab.id);
      if (!this.input.lab.app || !folder)
        throw new Error(`lab ${this.input.lab.id} ships no app server (\`app:\` in its spec) for ${appPlan.name}`);
      const prep = prepareApp(this.sb, appPlan, join(folder, this.input.lab.app), this.changes);
      let host = appPlan.unit?.env.HOST ?? appPlan.address;
      if (this.lo) {
        const to = /^(0\.0\.0\.0|::|\*)?$/.test(host)
          ? appPlan.address
          : (this.lo.addr.get(host) ??
            (host === '127.0.0.1' ? this.lo.local.get(appPlan.origAddress ?? '') : undefined) ??
            host);
        if (to !== host)
          this.changes.push({
            host: appPlan.name,
            file: appPlan.unit?.source,
            what: `loopback mode: HOST=${host} -> ${to}`,
          });
        host = to;
      }
      const port = appPlan.unit?.env.PORT ?? String(liveOption(this.input.lab, 'appPort') ?? 5000);
      if (!appPlan.unit)
        this.changes.push({ host: appPlan.name, what: `no unit file found: started with HOST=${host} PORT=${port}` });
      const env: Record<string, string> = { HOST: host, PORT: port, DB_NAME: this.db.name, DB_TABLE: this.db.table };
      if (this.lo) env.APP_HOSTNAME = appPlan.name;
      const primary = hostsOfRole(this.plan, 'db-primary')[0];
      const replica = hostsOfRole(this.plan, 'db-replica')[0];
      if (primary) env.DB_PRIMARY_HOST = primary.address;
      if (replica) env.DB_REPLICA_HOST = replica.address;
      const acc = this.appAccount();
      if (acc) Object.assign(env, { DB_USER: acc.user, DB_PASSWORD: acc.password ?? '' });
      const proc = await this.startServer(appPlan.name, 'app', prep, prep.argv, { env, graceMs: 3000 });
      this.appUp = await this.awaitStart(
        appPlan.name,
        'app',
        proc,
        prep,
        async () => listening(proc.pid, Number(port), this.lo ? { address: host } : { entered: true }),
        8000,
        `${host}:${port}`,
      );
    })();

    const webStart = Promise.all(
      webPlans.map(async (wp) => {
        const prep = prepareWeb(this.sb, wp, this.changes, this.lo);
        const argv = prep.argv;
        const entry = { plan: wp, prep, argv, proc: undefined as ManagedProcess | undefined };
        this.web.push(entry);
        if (!wp.files.length) {
          this.R['live/valid-start'].fail('failed', {
            host: wp.name,
            server: 'nginx',
            error: 'no Nginx configuration found in this host folder',
          });
          return;
        }
        entry.proc = await this.startServer(wp.name, 'nginx', prep, argv, { graceMs: 5000 });
        const p = entry.proc;
        await this.awaitStart(
          wp.name,
          'nginx',
          p,
          prep,
          async () => listening(p.pid, webPort, this.lo ? { address: wp.address } : { entered: true }),
          3000,
          `${wp.address}:${webPort}`,
        );
      }),
    );
    void appStart.then(
      () => this.resolveApp(this.appUp),
      () => this.resolveApp(false),
    );
    await Promise.all([appStart, webStart]);
    this.mark('web_app_up', t);

    if (!lbPlan || !lbPlan.files.length) {
      this.R['live/valid-start'].fail('failed', {
        host: lbPlan?.name ?? 'the load balancer',
        server: 'haproxy',
        error: 'no HAProxy configuration found',
      });
      for (const r of [rr, fo, ap]) r.skip('no load balancer configuration');
      return;
    }
    const lb = prepareLb(this.sb, lbPlan, this.changes, this.lo);
    this.lbPrep = lb;
    const lbArgv = lb.argv;
    const tl = Date.now();
    const lbProc = await this.startServer(lbPlan.name, 'haproxy', lb, lbArgv, { graceMs: 3000 });
    this.lbUp = await this.awaitStart(
      lbPlan.name,
      'haproxy',
      lbProc,
      lb,
      async () => (await this.stat().catch(() => [])).length > 0,
      5000,
      `${lbPlan.address}:80`,
    );
    this.mark('lb_up', tl);
    if (!this.lbUp) {
      for (const r of [rr, fo, ap]) r.skip(`${lbPlan.name} did not start (see live/valid-start)`);
      return;
    }
    const cfgText = lb.placed
      .filter((f) => f.kind === 'haproxy')
      .map((f) => f.text)
      .join('\n');
    const servers = webPlans.map((w) => ({
      name: w.name,
      address: w.address,
      hp: healthParams(cfgText, { name: w.name, address: w.origAddress ?? w.address }),
    }));

    // wait until HAProxy ran the first health check of each web server (bounded by its inter)
    const th = Date.now();
    const maxInter = Math.max(...servers.map((s) => s.hp.inter), 1000);
    await waitFor(
      'first health checks',
      async () => {
        const rows = await this.stat();
        const mine = servers.map((s) => this.row(rows, s));
        // check_status is empty without `check`, `INI` until the first check ran (`* ` marks one in progress)
        return mine.every((r) => !r || r.check_status.replace(/^\* /, '') !== 'INI') ? true : undefined;
      },
      { timeoutMs: maxInter + 2500, intervalMs: 100, signal: this.signal, watch: [lbProc] },
    ).catch((e) => {
      if (e instanceof WaitError && e.reason === 'aborted') throw e;
    });
    this.mark('health_first', th);

    const url = `http://${lbPlan.address}/`;
    // round-robin
    const tr = Date.now();
    const N = 10;
    // who received requests is read from HAProxy's session counters too (the header may be missing)
    const counters = async (): Promise<number[]> => {
      const rows = await this.stat().catch(() => []);
      return servers.map((s) => Number(this.row(rows, s)?.stot ?? 0));
    };
    let c0 = await counters();
    const t1 = Date.now();
    let rs = await this.http(url, N, { timeoutS: 3 });
    if (rs.every((r) => r.status === 0) && !lbProc.exit && Date.now() - t1 < 2000) {
      // not one answer, at once, while HAProxy runs: on a loaded machine the client can miss its first window; a
      // listener that is really absent misses the second try too (requests that time out are not tried again)
      await sleep(1000);
      c0 = await counters();
      rs = await this.http(url, N, { timeoutS: 3 });
    }
    const c1 = await counters();
    const got = servers.map((s, i) => ({ name: s.name, n: c1[i] - c0[i] }));
    const seq = rs.map((r) => (r.status === 0 ? 'no answer' : r.servedBy || `no header (${r.status})`));
    rr.add('sequence', { count: N, url, sequence: seq.join(', ') }, 'info');
    const errors = rs.filter((r) => r.status === 0 || r.status >= 500);
    const names = webPlans.map((w) => w.name);
    const seen = [...new Set(rs.map((r) => r.servedBy).filter(Boolean))];
    const noHeader = rs.filter((r) => r.status > 0 && !r.servedBy).length;
    if (errors.length) rr.fail('errors', { errors: errors.length, count: N, codes: rs.map((r) => r.status).join(' ') });
    if (noHeader) rr.fail('no-header', { count: noHeader, url });
    // the header must name the server on the application route too (a location's own add_header drops it)
    const apiRoute = this.appRoute;
    const apiRs = await this.http(`http://${lbPlan.address}${apiRoute}`, 2, { timeoutS: 3 });
    const apiNoHeader = apiRs.filter((r) => r.status > 0 && !r.servedBy).length;
    if (apiNoHeader) rr.fail('no-header', { count: apiNoHeader, url: `http://${lbPlan.address}${apiRoute}` });
    // the algorithm the running HAProxy uses for that backend (sequential requests alternate under leastconn too)
    const statRows = await this.stat().catch(() => []);
    const web1 = this.row(statRows, servers[0] ?? { name: '', address: '' });
    const be = web1 && statRows.find((r) => r.pxname === web1.pxname && r.svname === 'BACKEND');
    if (be?.algo && !/^(roundrobin|static-rr)$/.test(be.algo))
      rr.fail('algorithm', { backend: be.pxname, algo: be.algo });
    const starved = got.filter((g) => g.n === 0).map((g) => g.name);
    const missing = names.filter((n) => !seen.includes(n));
    if (starved.length)
      rr.fail('one-server', {
        missing: starved.join(', '),
        count: N,
        counters: got.map((g) => `${g.name} +${g.n}`).join(', '),
      });
    else if (!missing.length && rs.some((r, i) => i > 0 && r.servedBy === rs[i - 1].servedBy))
      rr.fail('not-alternating', { servers: names.join(' and '), sequence: seq.join(', ') });
    rr.done();
    this.mark('probe_round_robin', tr);

    // app path: LB -> nginx -> app
    const ta = Date.now();
    const apiPath = this.appRoute;
    let [a] = await this.http(`http://${lbPlan.address}${apiPath}`, 1, { timeoutS: 3 });
    // no answer at all within 3 s: once more with 6 s (a loaded machine; a broken path stays broken)
    if (a.status === 0 && !this.signal?.aborted)
      [a] = await this.http(`http://${lbPlan.address}${apiPath}`, 1, { timeoutS: 6 });
    let appHost = '';
    try {
      appHost = (JSON.parse(a.body) as { host?: string }).host ?? '';
    } catch {
      /* not JSON */
    }
    if (a.status === 200 && appPlan && appHost === appPlan.name)
      ap.add('answered', { url: apiPath, web: a.servedBy || 'a web server', host: appHost, status: a.status }, 'info');
    else if (a.status === 200)
      ap.fail('wrong-answer', { url: apiPath, status: a.status, body: a.body.slice(0, 120) || '(empty)' });
    else
      ap.fail('bad-status', { url: apiPath, status: a.status || 'no answer', body: a.body.slice(0, 120) || '(empty)' });
    if (!this.appUp) ap.add('skipped', { reason: 'the application server did not start' }, 'info');
    this.mark('probe_app_path', ta);

    // failover: stop web-02, DOWN within fall x inter + 1 s, all to web-01, restart, back UP
    if (this.input.skipFailover) fo.skip('not selected');
    else await this.failover(fo, servers, lbProc, url);
    fo.done();
    ap.done();
  }

  appAccount(): { user: string; host: string; password?: string } | undefined {
    const primary = hostsOfRole(this.plan, 'db-primary')[0];
    const accounts = (primary?.sql ?? [])
      .flatMap((s) => sqlAccounts(s.text))
      .filter((a) => !a.replication && a.user !== 'root');
    // the application's user: rights on the lab's database, not a replication or admin account
    const onDb = (a: (typeof accounts)[number]): boolean =>
      a.privileges.some((p) => new RegExp(`ON\\s+[\`'"]?${this.db.name}[\`'"]?\\.`, 'i').test(p));
    const admin = (a: (typeof accounts)[number]): boolean =>
      a.privileges.some((p) => /^ALL( PRIVILEGES)? ON \*\.\*/.test(p)) || /repl/i.test(a.user);
    const app = accounts.find((a) => onDb(a) && !admin(a)) ?? accounts.find((a) => !admin(a));
    if (!app) return undefined;
    // in loopback mode the SQL ran with its account hosts rewritten (see rewriteSql)
    const host = this.lo
      ? this.lo.addr.has(app.host)
        ? '127.0.0.1'
        : /^\d+\.\d+\.(\d+\.)?%$/.test(app.host)
          ? '127.%'
          : app.host
      : app.host;
    return { user: app.user, host, password: app.password };
  }

  async stat(): Promise<ReturnType<typeof parseShowStat>> {
    if (!this.lbPrep) return [];
    return parseShowStat(await haproxyCommand(this.lbPrep.statsSocket, 'show stat', 1500));
  }

  row(
    rows: ReturnType<typeof parseShowStat>,
    s: { name: string; address: string },
  ): ReturnType<typeof parseShowStat>[number] | undefined {
    const servers = rows.filter((r) => r.svname !== 'FRONTEND' && r.svname !== 'BACKEND');
    return servers.find((r) => r.addr.replace(/:\d+$/, '') === s.address) ?? servers.find((r) => r.svname === s.name);
  }

  async failover(
    fo: Result,
    servers: Array<{ name: string; address: string; hp: ReturnType<typeof healthParams> }>,
    lbProc: ManagedProcess,
    url: string,
  ): Promise<void> {
    const victim = this.web.find((w) => w.plan.name === (servers[1]?.name ?? ''));
    const survivor = servers[0];
    if (servers[1]) fo.names.victim = servers[1].name;
    if (!victim?.proc || victim.proc.exit || !survivor) {
      fo.skip('two running web servers are needed');
      return;
    }
    const s2 = servers[1];
    const rows0 = await this.stat();
    const r0 = this.row(rows0, s2);
    if (!r0) {
      fo.skip(`${s2.name} is not a server of the load balancer`);
      return;
    }
    // without `check` HAProxy never marks a server DOWN: no need to wait for what cannot happen
    const noCheck = /no check/i.test(r0.status);
    const tf = Date.now();
    await this.sb.group.stop(victim.proc);
    const tStop = Date.now();
    const limit = s2.hp.fall * s2.hp.inter + 1000;
    let status = noCheck ? r0.status : '';
    const down = noCheck
      ? false
      : await waitFor(
          `${victim.plan.name} DOWN`,
          async () => {
            const r = this.row(await this.stat(), s2);
            status = r?.status ?? '';
            return /^DOWN/.test(status) || /MAINT/.test(status) ? true : undefined;
          },
          { timeoutMs: limit, intervalMs: 100, signal: this.signal, watch: [lbProc] },
        ).catch((e) => {
          if (e instanceof WaitError && e.reason === 'aborted') throw e;
          return false;
        });
    const ms = Date.now() - tStop;
    if (down) fo.add('down-detected', { ms, limit, fall: s2.hp.fall, inter: s2.hp.inter, from: s2.hp.from }, 'info');
    else if (noCheck) fo.fail('no-health-check', {});
    else fo.fail('not-detected', { status: status || 'unknown', limit, fall: s2.hp.fall, inter: s2.hp.inter });
    // who answered is read from HAProxy's own session counters (independent of the header)
    const stot = async (): Promise<[number, number]> => {
      const rows = await this.stat().catch(() => []);
      return [Number(this.row(rows, survivor)?.stot ?? 0), Number(this.row(rows, s2)?.stot ?? 0)];
    };
    const before = await stot();
    const rs = await this.http(url, 6, { timeoutS: 3 });
    const after = await stot();
    const n1 = after[0] - before[0];
    const n2 = after[1] - before[1];
    const seq = rs.map((r) =>
      r.status === 0 ? 'no-answer' : r.status >= 500 ? `${r.status}` : r.servedBy || `${r.status}`,
    );
    const counts = { survivor: survivor.name, n1, n2 };
    if (rs.every((r) => r.status > 0 && r.status < 500) && n2 === 0 && n1 >= rs.length)
      fo.add('all-to-survivor', { count: rs.length, ...counts }, 'info');
    else fo.fail('not-all-to-survivor', { sequence: seq.join(' '), ...counts });
    this.mark('probe_failover_down', tf);

    // restart web-02
    const tr = Date.now();
    victim.proc = await this.startServer(victim.plan.name, 'nginx', victim.prep, victim.argv, { graceMs: 5000 });
    // rise checks, plus up to one inter until the next check is due, plus the restart and slack for a loaded machine
    const upLimit = (s2.hp.rise + 1) * s2.hp.inter + 4000;
    const up = await waitFor(
      `${victim.plan.name} UP`,
      async () =>
        noCheck
          ? listening(victim.proc!.pid, 80, this.lo ? { address: victim.plan.address } : { entered: true }) || undefined
          : /^UP/.test(this.row(await this.stat(), s2)?.status ?? '')
            ? true
            : undefined,
      {
        timeoutMs: upLimit,
        intervalMs: 100,
        signal: this.signal,
        watch: [lbProc, victim.proc],
      },
    ).catch((e) => {
      if (e instanceof WaitError && e.reason === 'aborted') throw e;
      return false;
    });
    const upMs = Date.now() - tr;
    if (!up) fo.fail('not-recovered', { detail: `HAProxy did not mark it UP within ${upLimit} ms` });
    else {
      const b0 = await stot();
      const back = await this.http(url, 4, { timeoutS: 3 });
      const b1 = await stot();
      const n = b1[1] - b0[1];
      if (n > 0) fo.add('recovered', { ms: upMs, n, count: back.length }, 'info');
      else
        fo.fail('not-recovered', {
          detail: `HAProxy marked it UP but none of ${back.length} requests reached it (${survivor.name} +${b1[0] - b0[0]})`,
        });
    }
    this.mark('probe_failover_up', tr);
  }

  /* ---------------- database tier ---------------- */

  async sql(
    prep: DbPrep,
    text: string,
    opts: { vertical?: boolean; timeoutMs?: number } = {},
  ): Promise<{ code: number | null; output: string }> {
    const args = [
      'mariadb',
      '--no-defaults',
      '--sandbox',
      '-S',
      prep.socket,
      '-u',
      'root',
      '--connect-timeout=3',
      opts.vertical ? '-E' : '-N',
      '-B',
    ];
    return this.sb.group.run('mariadb', args, {
      input: text,
      timeoutMs: opts.timeoutMs ?? 10_000,
      signal: this.signal,
    });
  }

  async dbTier(): Promise<void> {
    const rep = this.R['live/replication'];
    const ro = this.R['live/replica-read-only'];
    const pPlan = hostsOfRole(this.plan, 'db-primary')[0];
    const rPlan = hostsOfRole(this.plan, 'db-replica')[0];
    if (!pPlan || !rPlan) {
      rep.skip('no primary and replica hosts in this lab');
      ro.skip('no replica host');
      return;
    }
    const dbs = pPlan.sql.flatMap((s) => sqlDatabases(s.text));
    const t = Date.now();
    const template = await ensureTemplate((argv) =>
      this.sb.group.run('install-db', argv, { timeoutMs: 60_000, signal: this.signal }),
    );
    this.mark('db_template', t);
    const t1 = Date.now();
    const preps = await Promise.all([
      prepareDb(this.sb, pPlan, template, this.changes, this.signal, this.lo),
      prepareDb(this.sb, rPlan, template, this.changes, this.signal, this.lo),
    ]);
    this.primary = preps[0];
    this.replica = preps[1];
    this.mark('db_copy', t1);
    const t2 = Date.now();
    const ok = await Promise.all(
      preps.map(async (prep) => {
        if (!prep.placed.length)
          this.changes.push({ host: prep.plan.name, what: 'no option file found: started with the stock /etc/mysql' });
        const proc = await this.startServer(prep.plan.name, 'mariadbd', prep, prep.argv, { graceMs: 20_000 });
        this.dbProcs.push(proc);
        return this.awaitStart(
          prep.plan.name,
          'mariadbd',
          proc,
          prep,
          async () => existsSync(prep.socket) && (await this.sql(prep, 'SELECT 1', { timeoutMs: 3000 })).code === 0,
          30_000,
          `${prep.plan.address}:3306`,
        );
      }),
    );
    this.mark('db_up', t2);
    if (!ok[0] || !ok[1]) {
      rep.skip('a database server did not start (see live/valid-start)');
      ro.skip('a database server did not start (see live/valid-start)');
      return;
    }
    // the learner's SQL: primary first, then replica, as root through the socket
    const vs = this.R['live/valid-start'];
    const t3 = Date.now();
    for (const [prep, plan] of [
      [preps[0], pPlan],
      [preps[1], rPlan],
    ] as const) {
      for (const s of plan.sql) {
        // SQL written for MySQL 8, as the MariaDB here needs it (./mysql-dialect.ts)
        const dialect = sqlForMariadb(s.text);
        let text = dialect.text;
        if (dialect.rewrites.length)
          this.changes.push({
            host: plan.name,
            file: s.source,
            what: `MySQL 8 SQL that MariaDB refuses ran as MariaDB's: ${dialect.rewrites.join('; ')}`,
          });
        if (this.lo) {
          const rw = rewriteSql(text, this.lo);
          text = rw.text;
          if (rw.rewrites.length)
            this.changes.push({
              host: plan.name,
              file: s.source,
              what: `loopback mode rewrote it: ${rw.rewrites.join('; ')}`,
            });
        }
        const r = await this.sql(prep, text);
        if (r.code !== 0) {
          const m = /ERROR \d+ \(\w+\) at line (\d+)[^:]*: (.*)/.exec(r.output);
          vs.fail(
            'sql-failed',
            { host: plan.name, error: (m?.[2] ?? r.output).trim().slice(0, 300) },
            { file: s.source, line: m ? Number(m[1]) : undefined },
          );
        }
      }
    }
    if (!rPlan.sql.length) this.changes.push({ host: rPlan.name, what: 'no replication SQL found for the replica' });
    this.mark('db_sql', t3);

    // replication threads
    const t4 = Date.now();
    let st: Record<string, string> = {};
    await waitFor(
      'replica threads',
      async () => {
        st = parseVertical((await this.sql(preps[1], 'SHOW SLAVE STATUS', { vertical: true, timeoutMs: 3000 })).output);
        if (st.Slave_IO_Running === 'Yes' && st.Slave_SQL_Running === 'Yes') return true;
        if ((st.Last_IO_Errno && st.Last_IO_Errno !== '0') || (st.Last_SQL_Errno && st.Last_SQL_Errno !== '0'))
          return true;
        return undefined;
      },
      { timeoutMs: 5000, intervalMs: 100, signal: this.signal },
    ).catch((e) => {
      if (e instanceof WaitError && e.reason === 'aborted') throw e;
    });
    const io = st.Slave_IO_Running ?? 'none (no replication configured)';
    const sqlT = st.Slave_SQL_Running ?? 'none';
    const running = io === 'Yes' && sqlT === 'Yes';
    const replicaSql = rPlan.sql[0]?.source;
    if (running) rep.add('running', { io, sql: sqlT, source: `${st.Master_Host}:${st.Master_Port}` }, 'info');
    else {
      const err = [st.Last_IO_Error, st.Last_SQL_Error].filter(Boolean).join(' | ');
      rep.fail(
        'not-running',
        { io, sql: sqlT },
        {
          file: replicaSql,
          hint: err ? `${st.Last_IO_Error ? 'Last_IO_Error' : 'Last_SQL_Error'}: ${err}` : undefined,
        },
      );
    }
    this.mark('db_replication', t4);

    // canary: a row written on the primary appears on the replica within 2 s
    const t5 = Date.now();
    const canary = `c${Math.random().toString(36).slice(2, 10)}`;
    const db = this.db.name;
    const w = await this.sql(
      preps[0],
      `CREATE DATABASE IF NOT EXISTS \`${db}\`; CREATE TABLE IF NOT EXISTS \`${db}\`.wil_canary (id INT PRIMARY KEY, v VARCHAR(64)); CREATE TABLE IF NOT EXISTS \`${db}\`.${this.db.table} (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(64)); REPLACE INTO \`${db}\`.wil_canary VALUES (1, '${canary}');`,
    );
    if (!dbs.includes(db))
      this.changes.push({
        host: pPlan.name,
        what: `database ${db} created for the probes (your SQL does not create it)`,
      });
    this.changes.push({
      host: pPlan.name,
      what: `tables ${db}.wil_canary and ${db}.${this.db.table} created for the probes and the app`,
    });
    if (w.code !== 0)
      rep.fail('canary-missing', { ms: 0 }, { hint: `the canary write on the primary failed: ${w.output.trim()}` });
    else {
      const tw = Date.now();
      const seen = await waitFor(
        'canary on replica',
        async () =>
          (
            await this.sql(preps[1], `SELECT v FROM \`${db}\`.wil_canary WHERE id=1`, { timeoutMs: 2000 })
          ).output.trim() === canary
            ? true
            : undefined,
        {
          timeoutMs: 2000,
          intervalMs: 50,
          signal: this.signal,
        },
      ).catch((e) => {
        if (e instanceof WaitError && e.reason === 'aborted') throw e;
        return false;
      });
      if (seen) rep.add('canary-ok', { ms: Date.now() - tw }, 'info');
      else rep.fail('canary-missing', { ms: 2000 });
    }
    rep.done();
    this.mark('db_canary', t5);
    this.dbReady = running;

    // read-only: a write as the application user on the replica
    const t6 = Date.now();
    await this.readOnly(ro, preps[1], running, db, pPlan);
    ro.done();
    this.mark('db_read_only', t6);

    // the app's own database path (web-01 -> app -> primary / replica), then the databases stop
    // while the web tier is still busy with failover: their shutdown is off the critical path
    if (await this.appReady) {
      const t7 = Date.now();
      await this.appDbPath().catch((e) => {
        if (e instanceof WaitError && e.reason === 'aborted') throw e;
      });
      this.mark('app_database_path', t7);
    }
    const t8 = Date.now();
    await Promise.all(this.dbProcs.map((p) => this.sb.group.stop(p)));
    // the datadirs are the bulk of the run dir: remove them now, not on the critical path at the end
    if (!this.sb.keep && this.dbProcs.every((p) => p.exit))
      await Promise.all(
        preps.map((p) => rm(join(p.dir, 'var-lib-mysql'), { recursive: true, force: true }).catch(() => undefined)),
      );
    this.mark('db_down', t8);
  }

  async readOnly(ro: Result, replica: DbPrep, replicating: boolean, db: string, pPlan: HostPlan): Promise<void> {
    let acc = this.appAccount();
    const rHost = replica.plan;
    if (!acc || acc.password === undefined) {
      acc = { user: 'wil_app', host: '%', password: 'wil-app-password' };
      ro.add('user-created', { user: `'wil_app'@'%'` }, 'info');
      await this.sql(
        replica,
        `SET SESSION sql_log_bin=0; CREATE USER IF NOT EXISTS 'wil_app'@'%' IDENTIFIED BY 'wil-app-password'; GRANT SELECT, INSERT, UPDATE, DELETE ON \`${db}\`.* TO 'wil_app'@'%';`,
      );
    }
    // where the app user may connect from: the inventory host whose address its host part matches
    const pattern = new RegExp(
      `^${acc.host
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.')}$`,
    );
    const from =
      this.plan.hosts.find((h) => h.role === 'app' && pattern.test(h.address)) ??
      this.plan.hosts.find((h) => pattern.test(h.address));
    const exists = (
      await this.sql(replica, `SELECT COUNT(*) FROM mysql.user WHERE User='${acc.user.replace(/'/g, "''")}'`)
    ).output.trim();
    if (exists === '0' || !replicating) {
      // replication did not bring the schema/user: make them on the replica so read-only is tested on its own
      const grants = (
        pPlan.sql.flatMap((s) => sqlAccounts(s.text)).find((a) => a.user === acc!.user)?.privileges ?? [
          `SELECT, INSERT, UPDATE, DELETE ON \`${db}\`.*`,
        ]
      ).map((p) => `GRANT ${p} TO '${acc!.user}'@'${acc!.host}'`);
      await this.sql(
        replica,
        [
          `CREATE DATABASE IF NOT EXISTS \`${db}\``,
          `CREATE TABLE IF NOT EXISTS \`${db}\`.wil_canary (id INT PRIMARY KEY, v VARCHAR(64))`,
          `CREATE USER IF NOT EXISTS '${acc.user}'@'${acc.host}' IDENTIFIED BY '${(acc.password ?? '').replace(/'/g, "''")}'`,
          ...grants,
        ].join(';\n') + ';',
      );
      this.changes.push({
        host: rHost.name,
        what: `the application user and ${db}.wil_canary were created on the replica directly (replication did not bring them) so read-only could be tested`,
      });
    }
    const args = [
      'mariadb',
      '--no-defaults',
      '--sandbox',
      '--connect-timeout=3',
      '-h',
      rHost.address,
      '-u',
      acc.user,
      '-N',
      '-B',
      '-e',
      `INSERT INTO \`${db}\`.wil_canary VALUES (${2 + Math.floor(Math.random() * 1e6)}, 'ro-probe')`,
    ];
    const r = await this.sb.group.run('mariadb-app', this.sb.inNet(from?.name ?? 'client', args), {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', MYSQL_PWD: acc.password ?? '' },
      timeoutMs: 8000,
      signal: this.signal,
    });
    const user = `'${acc.user}'@'${acc.host}'`;
    const out = (/^ERROR.*$/m.exec(r.output)?.[0] ?? r.output).trim();
    if (r.code === 0) ro.fail('accepted', { user });
    else if (/\b1290\b|read.only/i.test(out))
      ro.add('refused', { user, error: out.replace(/^ERROR /, '').slice(0, 200) }, 'info');
    else {
      ro.status = 'skip';
      ro.add('inconclusive', { user, error: out.slice(0, 200) }, 'warning');
    }
  }

  /** Through the app: write via the primary, read via the replica (info only). */
  async appDbPath(): Promise<void> {
    const ap = this.R['live/app-path'];
    // through the first web server (Nginx -> app), so it can run while web-02 is being failed over
    const lb = hostsOfRole(this.plan, 'web')[0];
    if (!this.appUp || !this.dbReady || !lb) return;
    const v = `w${Math.random().toString(36).slice(2, 8)}`;
    const route = this.appRoute.replace(/\/?$/, '/');
    const [w] = await this.http(`http://${lb.address}${route}write?v=${v}`, 1, { method: 'POST', timeoutS: 6 });
    if (w.status !== 200) {
      ap.add(
        'db-path',
        { web: lb.name, detail: `a write through the app answered ${w.status}: ${w.body.slice(0, 160)}` },
        'info',
      );
      return;
    }
    const seen = await waitFor(
      'read through the app',
      async () => {
        const [r] = await this.http(`http://${lb.address}${route}read`, 1, { timeoutS: 6 });
        return r.status === 200 && r.body.includes(v) ? true : undefined;
      },
      { timeoutMs: 2000, intervalMs: 100, signal: this.signal },
    ).catch(() => false);
    ap.add(
      'db-path',
      {
        web: lb.name,
        detail: seen
          ? `a value written through the app (primary) was read back through the app (replica)`
          : `a value written through the app was not read back through the app within 2 s`,
      },
      'info',
    );
  }
}

function readLogs(prep: PreparedHost): string {
  let s = '';
  for (const p of ['var-log/nginx/error.log', 'var-log/mysql/error.log']) {
    const f = join(prep.dir, p);
    if (existsSync(f)) {
      try {
        s += '\n' + readFileSync(f, 'utf8').slice(-4000);
      } catch {
        /* unreadable */
      }
    }
  }
  return s;
}

export { planFromModel } from './discover';
