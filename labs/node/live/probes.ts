/**
 * Probes as plug-ins: `defineProbe({ meta, needs, run(harness, report) })`. A probe is a check whose
 * evidence comes from running the servers: its metadata (messages, hint, options, the static checks
 * it agrees with) sits in the check catalogue, so a spec selects it like any check (`live/...` ids) and
 * its result goes through the same path as a static check's (the lab's points, hidden flag and docs
 * URL: `probeResult`). It reads the model the static checks read (never a second sniffer) and starts
 * servers through the harness, which owns everything risky: the run folder, network namespaces (or
 * loopback addresses), the unprivileged user, bounded waits, and teardown.
 *
 * Lab 1's six probes are one group (live/index.ts: they share one running topology and run
 * concurrently); a lab's own probes are registered here by its plug-in module (labs/node/plugins.ts).
 */
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { CheckMeta } from '../../core/checks/types';
import { docsUrl, renderMessage } from '../../core/checks/types';
import type { Model } from '../../core/model/types';
import type { CheckResult, CheckStatus, Finding, LiveSection } from '../../core/report/types';
import type { LabSpec, OptionValues } from '../../core/spec/types';
import { resolveOptions } from '../../core/checks/options';
import type { Span } from '../../core/source';
import { toLearnerSpan } from '../../core/engine';
import { Sandbox, cleanupStale, netnsSupported, noJailMessage } from './sandbox';
import { listening, waitFor, type ManagedProcess } from './proc';
import { loopbackMap } from './loopback';
import { shared } from '../../core/registry';

export interface ProbeReport {
  /** A finding at the probe's severity (fails it), or at `severity`. `loc` is a span in a model file. */
  report(
    messageId: string,
    data?: Record<string, string | number>,
    opts?: { severity?: 'error' | 'warning' | 'info'; loc?: Span },
  ): void;
  /** What was seen when all is well (an info note). */
  note(messageId: string, data?: Record<string, string | number>, loc?: Span): void;
  /** Not probed (an info note; the probe is skipped). */
  skip(messageId: string, data?: Record<string, string | number>): void;
}

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface ProbeHarness {
  lab: LabSpec;
  model: Model;
  /** The probe's options, resolved like a static check's. */
  options: OptionValues;
  signal?: AbortSignal;
  mode: 'netns' | 'loopback';
  /** The address a host runs at in the sandbox (the lab's default address, or its loopback stand-in). */
  address(host: string): string;
  /** Writes a file for a host's servers; returns its path as those servers see it. */
  file(host: string, name: string, text: string): string;
  /**
   * Starts a server on a host, unprivileged, with only its own folder and the distribution's files
   * visible, and waits (bounded) until it listens on `port`. Rejects with what it printed when it exits
   * or does not listen in time.
   */
  start(
    host: string,
    name: string,
    argv: string[],
    opts: { port: number; timeoutMs?: number },
  ): Promise<ManagedProcess>;
  /** An HTTP request from the sandbox's client (bounded). Status 0: no answer. */
  http(url: string, opts?: { timeoutS?: number; method?: string }): Promise<HttpAnswer>;
  /** Records a change the harness or the probe made to run the learner's files (shown in the report). */
  change(host: string, what: string, file?: string): void;
}

export interface ProbeDefinition {
  meta: Omit<CheckMeta, 'kind'>;
  /** File kinds the probe needs: it is skipped, saying so, when no host holds any. */
  needs?: string[];
  run(harness: ProbeHarness, report: ProbeReport): Promise<void>;
}

export function defineProbe(def: ProbeDefinition): ProbeDefinition {
  return def;
}

const probes = shared('probes', () => new Map<string, ProbeDefinition>());

export function registerProbes(list: ReadonlyArray<ProbeDefinition>): void {
  for (const p of list) {
    const have = probes.get(p.meta.id);
    if (have && have !== p) throw new Error(`probe '${p.meta.id}' is registered twice`);
    probes.set(p.meta.id, p);
  }
}

export function registeredProbe(id: string): ProbeDefinition | undefined {
  return probes.get(id);
}

/** A probe's result as the report shows it: the lab's points, hidden flag and the docs URL, like a static check's. */
export function probeResult(
  r: Omit<CheckResult, 'points' | 'maxPoints' | 'docsUrl'> & { points?: number },
  lab: LabSpec,
  siteUrl?: string,
): CheckResult {
  const lc = lab.checks.find((c) => c.id === r.id);
  const maxPoints = lc?.points ?? 0;
  const { points: _p, ...rest } = r;
  void _p;
  return {
    ...rest,
    points: r.status === 'pass' || r.status === 'warn' ? maxPoints : 0,
    maxPoints,
    docsUrl: docsUrl(r.id, siteUrl),
    ...(lc?.hidden ? { hidden: true } : {}),
  };
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

/**
 * Runs registered probes (by id, in the spec's order) in one sandbox with the lab's hosts at their
 * sandbox addresses. Each probe's crash is its own `error` row; the sandbox is always torn down.
 */
export async function runProbes(input: {
  ids: string[];
  lab: LabSpec;
  model: Model;
  signal?: AbortSignal;
  mode?: 'auto' | 'netns' | 'loopback';
  keep?: boolean;
}): Promise<{ checks: CheckResult[]; live: LiveSection }> {
  const t0 = Date.now();
  const changes: LiveSection['changes'] = [];
  const ns = input.mode === 'loopback' ? { ok: false, reason: 'loopback mode requested' } : netnsSupported();
  if (input.mode === 'netns' && !ns.ok) throw new Error(`network namespaces are not available: ${ns.reason}`);
  const mode: 'netns' | 'loopback' = ns.ok ? 'netns' : 'loopback';
  const lo = mode === 'loopback' ? loopbackMap(input.lab.hosts) : undefined;
  if (lo)
    changes.push({
      host: '*',
      what: `loopback mode (${ns.reason}): every host runs on 127.x.y.z: ${input.lab.hosts.map((h) => `${h.name} -> ${lo.addr.get(h.address)}`).join(', ')}`,
    });
  const addressOf = (host: string): string => {
    const h = input.lab.hosts.find((x) => x.name === host);
    if (!h) throw new Error(`the lab has no host '${host}'`);
    return lo?.addr.get(h.address) ?? h.address;
  };
  await cleanupStale().catch(() => []);
  const sb = new Sandbox(mode, input.keep ?? process.env.WEB_INFRA_LAB_KEEP === '1');
  const results: CheckResult[] = [];
  const isRoot = process.getuid?.() === 0;
  const uid = (() => {
    if (!isRoot) return undefined;
    try {
      return Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    } catch {
      return undefined;
    }
  })();
  try {
    const noJail = await sb.jailLoopback();
    await sb.createNetwork(
      input.lab.hosts.map((h) => ({ name: h.name, address: addressOf(h.name) })),
      input.signal,
    );
    for (const id of input.ids) {
      const def = probes.get(id);
      const meta: CheckMeta = {
        ...(def?.meta ?? { id, title: id, component: 'live', severity: 'error', points: 0, messages: {}, hint: '' }),
        kind: 'live',
      };
      const findings: Finding[] = [];
      let skipped = false;
      const t = Date.now();
      const add = (
        messageId: string,
        data: Record<string, string | number> = {},
        severity: Finding['severity'],
        loc?: Span,
      ) => {
        const tpl = meta.messages[messageId];
        if (tpl === undefined) throw new Error(`probe ${id}: unknown messageId '${messageId}'`);
        const f: Finding = { checkId: id, messageId, data, message: renderMessage(tpl, data), severity };
        if (loc) {
          const s = toLearnerSpan(loc, input.model);
          Object.assign(f, { file: s.file, line: s.line, column: s.column });
        }
        if (severity !== 'info') f.hint = meta.hint;
        findings.push(f);
      };
      let status: CheckStatus;
      try {
        if (!def) throw new Error(`no probe '${id}' is registered (the lab's plug-in should register it)`);
        if (noJail) throw new Error(noJailMessage(noJail));
        const needs = def.needs ?? [];
        const holds =
          needs.length === 0 ||
          Object.values(input.model.hosts).some((h) => needs.some((k) => (h.units[k]?.length ?? 0) > 0));
        if (!holds) {
          add('skipped', { reason: `no host holds ${needs.join(' or ')}` }, 'info');
          skipped = true;
        } else {
          const servers: ManagedProcess[] = [];
          const harness: ProbeHarness = {
            lab: input.lab,
            model: input.model,
            options:
              input.lab.checks.find((c) => c.id === id)?.options ??
              resolveOptions(meta.options, input.lab.options).values,
            signal: input.signal,
            mode,
            address: addressOf,
            file: (host, name, text) => {
              if (!/^[A-Za-z0-9._-]+$/.test(name))
                throw new Error(`probe file name '${name}' must be a plain file name`);
              const dir = sb.hostDir(host, 'probe');
              mkdirSync(dir, { recursive: true });
              writeFileSync(join(dir, name), text);
              if (uid !== undefined) chownSync(dir, uid, uid);
              return mode === 'netns' ? `/srv/probe/${name}` : join(dir, name);
            },
            start: async (host, name, argv, opts) => {
              const dir = sb.hostDir(host, 'probe');
              mkdirSync(dir, { recursive: true });
              if (uid !== undefined) chownSync(dir, uid, uid);
              const user = isRoot
                ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--no-new-privs']
                : [];
              const full = sb.onHost(host, [...user, ...argv], [{ src: dir, target: '/srv/probe' }], {
                hostname: host,
              });
              const proc = sb.group.spawn(`${host}/${name}`, full, {
                env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/tmp', LANG: 'C' },
                cwd: '/',
              });
              servers.push(proc);
              await waitFor(
                `${host}/${name} listening on ${opts.port}`,
                // on this host's address (or a wildcard): in loopback mode every host shares the machine's
                // network, and another host's server on the same port must not count; in its own namespace, only once
                // it is there
                () =>
                  listening(proc.pid, opts.port, { address: addressOf(host), entered: mode === 'netns' }) || undefined,
                { timeoutMs: opts.timeoutMs ?? 10_000, signal: input.signal, watch: [proc] },
              );
              return proc;
            },
            http: async (url, opts = {}) => {
              const args = [
                'curl',
                '-s',
                '-i',
                '-m',
                String(opts.timeoutS ?? 3),
                '--connect-timeout',
                '2',
                '-H',
                'Connection: close',
                ...(opts.method ? ['-X', opts.method] : []),
                url,
              ];
              const r = await sb.group.run('curl', sb.inNet('client', args), {
                timeoutMs: (opts.timeoutS ?? 3) * 1000 + 3000,
                signal: input.signal,
              });
              const m = /^HTTP\/[\d.]+ (\d{3})[^\n]*\r?\n([\s\S]*?)\r?\n\r?\n([\s\S]*)$/.exec(r.output);
              if (!m) return { status: 0, body: '', headers: {} };
              const headers: Record<string, string> = {};
              for (const line of m[2].split(/\r?\n/)) {
                const i = line.indexOf(':');
                if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
              }
              return { status: Number(m[1]), body: m[3].slice(0, 64 * 1024), headers };
            },
            change: (host, what, file) => changes.push({ host, what, ...(file ? { file } : {}) }),
          };
          const report: ProbeReport = {
            report: (messageId, data, o = {}) => add(messageId, data, o.severity ?? meta.severity, o.loc),
            note: (messageId, data, loc) => add(messageId, data, 'info', loc),
            skip: (messageId, data) => {
              skipped = true;
              add(messageId, data, 'info');
            },
          };
          try {
            await def.run(harness, report);
          } finally {
            for (const p of servers.reverse()) await sb.group.stop(p).catch(() => undefined);
          }
        }
        const worst = findings.reduce((w, f) => Math.max(w, RANK[f.severity]), 0);
        status = skipped ? 'skip' : worst === 2 ? 'fail' : worst === 1 ? 'warn' : 'pass';
      } catch (err) {
        findings.length = 0;
        findings.push({
          checkId: id,
          messageId: '$crash',
          data: { message: String((err as Error)?.message ?? err) },
          message: `The probe could not run: ${String((err as Error)?.message ?? err)}`,
          severity: 'error',
        });
        status = 'error';
      }
      findings.sort((a, b) => RANK[b.severity] - RANK[a.severity]);
      results.push(
        probeResult(
          {
            id,
            title: meta.title,
            component: meta.component,
            severity: meta.severity,
            status,
            findings,
            kind: 'live',
            durationMs: Date.now() - t,
          },
          input.lab,
        ),
      );
    }
  } finally {
    const down = await sb.teardown({ quick: !!input.signal?.aborted });
    if (down.leftovers.length)
      changes.push({ host: '*', what: `left behind after teardown: ${down.leftovers.join(', ')}` });
  }
  for (const n of sb.notes) changes.push(n);
  return { checks: results, live: { mode, changes, agreement: [], durationMs: Date.now() - t0 } };
}
