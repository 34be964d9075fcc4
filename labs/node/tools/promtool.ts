/**
 * `promtool test rules` on the monitoring host's alert rules, in the real-tool sandbox (toolsandbox.ts:
 * bwrap, unprivileged, only the run folder visible, no network), with a timeout: a fixture of the lab's
 * own metrics proves that the learner's alerts fire when a web server goes down, and not while all is well.
 *
 * The fixture is a promtool unit test the harness writes: HAProxy's built-in exporter series for the
 * learner's own backend and server names (from lb's haproxy.cfg), `nginx_up` and `up` for every exporter;
 * web-01 (the first server) goes DOWN after 1 minute. For each of the learner's alerts it expects no alert
 * at several moments: promtool then fails and prints what did fire (`got:[...]`), which is how the harness
 * learns whether and when each alert fired without having to predict its labels. A second test keeps every
 * server up for 10 minutes: an alert firing there is a false alarm.
 *
 * Only the rules files prometheus.yml's `rule_files:` loads are tested (monitoring/alert-backend-down
 * reports the others); promtool is Debian's `prometheus` package's. Without it: nothing (the static
 * check judges the expressions instead).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExternalFinding } from '../../core/checks/context';
import type { HostModel, Model, ModelFile } from '../../core/model/types';
import { readAlertRules } from '../../core/monitoring/alerts';
import { prometheusConfigs } from '../../core/monitoring/prometheus';
import { listedIn } from '../../core/checks/monitoring/alert-backend-down';
import { BACKEND_TYPES, findSections, linesOf } from '../../core/model/haproxy';
import type { ToolSandbox } from '../toolsandbox';
import type { ToolJail, ToolRun } from '../realtools';

export const PROMTOOL_TIMEOUT_MS = 15_000;
const TOOL = 'promtool test rules';
/** When the fixture's web server goes down, and the moments each alert is looked at (seconds). */
const DOWN_AT = 60;
const EVAL_AT = [90, 120, 180, 300, 600];
const STEPS = 44; // 15 s apart: 11 minutes of samples

export interface PromtoolDeps {
  findTool(name: string): string | undefined;
  jailFor(tool: string): Promise<{ sandbox: ToolSandbox } | { finding: ExternalFinding }>;
  prepareJail(sandbox: ToolSandbox, dir: string): ToolJail;
  withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T>;
  runTool(cmd: string, args: string[], signal?: AbortSignal, timeout?: number, jail?: ToolJail): Promise<ToolRun>;
}

/** The learner's backend and its servers (the first backend with two or more), else the lab's names. */
export function backendNames(model: Model): { proxy: string; servers: string[] } {
  for (const h of Object.values(model.hosts))
    for (const u of h.haproxy)
      for (const b of findSections(u.config, BACKEND_TYPES)) {
        const servers = linesOf(b, 'server')
          .map((l) => l.args[0])
          .filter((s): s is string => !!s && /^[\w.-]{1,64}$/.test(s));
        if (b.name && /^[\w.-]{1,64}$/.test(b.name) && servers.length >= 2) return { proxy: b.name, servers };
      }
  return { proxy: 'backend', servers: ['server-1', 'server-2'] };
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A promtool test file: web-01 down after 1 minute (`down`), or every server up for 10 minutes. */
export function fixture(
  rulesFiles: string[],
  alerts: string[],
  names: { proxy: string; servers: string[] },
  down: boolean,
): string {
  const downIdx = DOWN_AT / 15;
  const up = `1x${STEPS - 1}`;
  const falls = (a: number, b: number) => `${a}x${downIdx - 1} ${b}x${STEPS - downIdx}`;
  const series = (down: boolean): string[] => {
    const out: string[] = [];
    names.servers.forEach((s, i) => {
      const d = down && i === 0;
      const lbl = `proxy="${names.proxy}",server="${s}"`;
      out.push(`haproxy_server_status{${lbl},state="UP"}|${d ? falls(1, 0) : up}`);
      out.push(`haproxy_server_status{${lbl},state="DOWN"}|${d ? falls(0, 1) : `0x${STEPS - 1}`}`);
      out.push(
        `haproxy_server_check_failures_total{${lbl}}|${d ? `0x${downIdx - 1} 1+1x${STEPS - downIdx}` : `0x${STEPS - 1}`}`,
      );
      out.push(`nginx_up{job="nginx",instance="${s}:9113"}|${d ? falls(1, 0) : up}`);
      out.push(`up{job="nginx",instance="${s}:9113"}|${up}`);
      out.push(`up{job="node",instance="${s}:9100"}|${up}`);
    });
    const n = names.servers.length;
    out.push(`haproxy_backend_active_servers{proxy="${names.proxy}"}|${down ? falls(n, n - 1) : `${n}x${STEPS - 1}`}`);
    out.push(`haproxy_backend_status{proxy="${names.proxy}",state="UP"}|${up}`);
    out.push(`up{job="haproxy",instance="haproxy:8405"}|${up}`);
    return out;
  };
  const block = (evals: number[]) =>
    [
      `  - interval: 15s`,
      `    input_series:`,
      ...series(down).flatMap((s) => {
        const [name, values] = s.split('|');
        return [`      - series: ${q(name!)}`, `        values: ${q(values!)}`];
      }),
      `    alert_rule_test:`,
      ...alerts.flatMap((a) =>
        evals.flatMap((t) => [`      - eval_time: ${t}s`, `        alertname: ${q(a)}`, `        exp_alerts: []`]),
      ),
    ].join('\n');
  return [
    `rule_files:`,
    ...rulesFiles.map((f) => `  - ${q(f)}`),
    `evaluation_interval: 15s`,
    `tests:`,
    block(down ? EVAL_AT : [EVAL_AT.at(-1)!]),
    '',
  ].join('\n');
}

/** What fired, from promtool's failure report: `alertname: X, time: 5m, ... got:[ 0: Labels:{...} ]`. */
export function firings(output: string): Array<{ alert: string; time: string; fired: boolean }> {
  const out: Array<{ alert: string; time: string; fired: boolean }> = [];
  const re = /alertname:\s*(.+?),\s*time:\s*([\dhms.]+),[\s\S]*?got:\[(\]|[\s\S]*?\n\s*\])/g;
  for (const m of output.slice(0, 1_000_000).matchAll(re))
    out.push({ alert: m[1]!.trim(), time: m[2]!, fired: /Labels:/.test(m[3]!) });
  return out;
}

function seconds(t: string): number {
  let s = 0;
  for (const m of t.matchAll(/([\d.]+)(h|m|s)/g)) s += Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
  return s;
}
const human = (s: number) =>
  s >= 60 && s % 60 === 0 ? `${s / 60} min` : s > 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;

export async function promtoolCheck(
  model: Model,
  host: HostModel,
  signal: AbortSignal | undefined,
  spawned: () => void,
  deps: PromtoolDeps,
): Promise<ExternalFinding[]> {
  const bin = deps.findTool('promtool');
  if (!bin) {
    spawned();
    return [];
  }
  const listed = prometheusConfigs([host]).flatMap((c) => c.ruleFiles);
  const files = host.files.filter((f) => readAlertRules(f).length && listedIn(listed, f));
  const alerts = [...new Set(files.flatMap((f) => readAlertRules(f).map((r) => r.name)))]
    .filter((a) => a.length <= 200 && !/[\n\r]/.test(a))
    .slice(0, 50);
  if (!files.length || !alerts.length) {
    spawned();
    return [];
  }
  const jailed = await deps.jailFor(TOOL);
  if ('finding' in jailed) {
    spawned();
    return [jailed.finding];
  }
  return deps.withTempDir('web-infra-lab-promtool-', async (dir) => {
    const names = files.map((f, i) => `rules-${i}.yml`);
    files.forEach((f, i) => writeFileSync(join(dir, names[i]!), f.source.text.slice(0, 2_000_000)));
    const backend = backendNames(model);
    writeFileSync(join(dir, 'down.yml'), fixture(names, alerts, backend, true));
    writeFileSync(join(dir, 'healthy.yml'), fixture(names, alerts, backend, false));
    const jail = deps.prepareJail(jailed.sandbox, dir);
    // One run for both test files (promtool's start-up is most of its time): its failures go to stderr and
    // its "Unit Testing: FILE" lines to stdout, so both go to one pipe, in the order promtool wrote them
    // (Go writes each line with one unbuffered write), and the report is cut at those lines.
    const names2 = ['down.yml', 'healthy.yml'];
    const run = deps.runTool(
      '/bin/sh',
      ['-c', 'exec "$0" "$@" 2>&1', bin, 'test', 'rules', ...names2.map((n) => join(dir, n))],
      signal,
      PROMTOOL_TIMEOUT_MS,
      jail,
    );
    spawned();
    const [down, healthy] = splitTestRuns(await run, names2);
    return promtoolFindings(
      down,
      alerts,
      dir,
      files.map((f) => f.target ?? f.path),
      backend,
      healthy,
    );
  });
}

/**
 * One `promtool test rules A B` run (stdout and stderr merged) as one run per test file: each file's part of
 * the report starts at its "Unit Testing:" line; a part that says FAILED is a failed run (exit status 1).
 * A run that stopped before any part (timed out, not started, a usage error) stands for every file.
 */
export function splitTestRuns(r: ToolRun, files: string[]): ToolRun[] {
  if (r.timedOut || (r.error && r.code === null)) return files.map(() => r);
  const parts = `${r.stdout}${r.stderr ? `\n${r.stderr}` : ''}`.split(/^(?=Unit Testing:)/m);
  return files.map((f) => {
    const part = parts.find((p) => {
      const head = /^Unit Testing:\s+(\S+)/.exec(p)?.[1] ?? '';
      return head === f || head.endsWith(`/${f}`);
    });
    if (part === undefined) return r;
    return { ...r, stdout: part, stderr: '', code: /^\s*FAILED:/m.test(part) ? 1 : 0 };
  });
}

/** promtool's report as findings (exported for tests). */
export function promtoolFindings(
  r: ToolRun,
  alerts: string[],
  dir: string,
  paths: string[],
  names: { proxy: string; servers: string[] },
  /** The healthy test's run (default: none, no false alarm looked for). */
  healthy?: ToolRun,
): ExternalFinding[] {
  const warn = (detail: string): ExternalFinding[] => [
    { messageId: 'tool', data: { tool: TOOL, detail }, severity: 'warning', tool: TOOL },
  ];
  if (r.timedOut)
    return warn(`did not finish within ${PROMTOOL_TIMEOUT_MS / 1000} s; the static check judged the rules instead`);
  if (r.error && r.code === null) return warn(`could not run (${r.error})`);
  const text = `${r.stdout}\n${r.stderr}`.split(`${dir}/`).join('');
  if (r.code !== 0 && !firings(text).length) {
    // the rules did not load: promtool names the file and the error
    const detail = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !/^Unit Testing:|^FAILED:$/.test(l))
      .slice(0, 5)
      .join(' ')
      .replace(/rules-(\d+)\.yml/g, (_, i: string) => paths[Number(i)] ?? 'rules')
      .slice(0, 600);
    return [
      {
        messageId: 'tool',
        data: { tool: TOOL, detail: detail || `exited with status ${r.code}` },
        severity: 'error',
        tool: TOOL,
      },
    ];
  }
  const out: ExternalFinding[] = [];
  const healthyText = healthy && healthy !== r ? `${healthy.stdout}\n${healthy.stderr}` : '';
  const falseAlarm = new Set(
    firings(healthyText)
      .filter((f) => f.fired)
      .map((f) => f.alert),
  );
  const firstFire = new Map<string, number>();
  for (const f of firings(text))
    if (f.fired && !falseAlarm.has(f.alert)) {
      const s = seconds(f.time);
      if (!firstFire.has(f.alert) || s < firstFire.get(f.alert)!) firstFire.set(f.alert, s);
    }
  for (const a of falseAlarm) out.push({ messageId: 'false-alarm', data: { alert: a }, severity: 'error', tool: TOOL });
  const good = [...firstFire.entries()].sort((a, b) => a[1] - b[1])[0];
  if (good)
    out.push({
      messageId: 'fires',
      data: {
        alert: good[0],
        when: human(good[1] - DOWN_AT),
        minutes: (EVAL_AT.at(-1)! - DOWN_AT) / 60,
        server: names.servers[0],
      },
      severity: 'info',
      tool: TOOL,
    });
  else if (!falseAlarm.size)
    out.push({
      messageId: 'silent',
      data: { names: alerts.join(', '), minutes: (EVAL_AT.at(-1)! - DOWN_AT) / 60, server: names.servers[0] },
      severity: 'error',
      tool: TOOL,
    });
  return out;
}

const CONFIG_TOOL = 'promtool check config';

/**
 * `promtool check config --syntax-only` on each prometheus.yml of the monitoring host, in the sandbox: what
 * Prometheus itself would refuse at start (a bad duration, a duplicate job name, an unknown key, a target
 * with a path). `--syntax-only`: the files it names (rule files, service discovery files) are not opened,
 * so nothing of the machine is read. promtool stops at the first error; a "line N" in it is the learner's.
 */
export async function promtoolConfigCheck(
  model: Model,
  host: HostModel,
  signal: AbortSignal | undefined,
  spawned: () => void,
  deps: PromtoolDeps,
): Promise<ExternalFinding[]> {
  void model;
  const bin = deps.findTool('promtool');
  const confs = bin ? prometheusConfigs([host]) : [];
  if (!bin || !confs.length) {
    spawned();
    return [];
  }
  const jailed = await deps.jailFor(CONFIG_TOOL);
  if ('finding' in jailed) {
    spawned();
    return [jailed.finding];
  }
  const out: ExternalFinding[] = [];
  let first = true;
  for (const c of confs.slice(0, 4)) {
    out.push(
      ...(await deps.withTempDir('web-infra-lab-promtool-', async (dir) => {
        const file = join(dir, 'prometheus.yml');
        writeFileSync(file, c.file.source.text.slice(0, 2_000_000));
        const run = deps.runTool(
          bin,
          ['check', 'config', '--syntax-only', file],
          signal,
          PROMTOOL_TIMEOUT_MS,
          deps.prepareJail(jailed.sandbox, dir),
        );
        if (first) spawned();
        first = false;
        return configFindings(await run, dir, c.file);
      })),
    );
  }
  return out;
}

/** promtool check config's report as findings (exported for tests). */
export function configFindings(r: ToolRun, dir: string, file: ModelFile): ExternalFinding[] {
  const data = (detail: string) => ({ tool: CONFIG_TOOL, detail });
  if (r.timedOut)
    return [
      {
        messageId: 'tool',
        data: data(`did not finish within ${PROMTOOL_TIMEOUT_MS / 1000} s`),
        severity: 'warning',
        tool: CONFIG_TOOL,
      },
    ];
  if (r.error && r.code === null)
    return [{ messageId: 'tool', data: data(`could not run (${r.error})`), severity: 'warning', tool: CONFIG_TOOL }];
  if (r.code === 0) return [{ messageId: 'tool-ok', data: { tool: CONFIG_TOOL }, severity: 'info', tool: CONFIG_TOOL }];
  const name = file.target ?? file.path;
  const lines = `${r.stdout}\n${r.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /FAILED|error|invalid|not a valid|unknown|yaml:/i.test(l))
    .slice(0, 5);
  const count = file.source.text.split('\n').length;
  return (lines.length ? lines : [`exited with status ${r.code}`]).map((raw) => {
    const text = raw
      .replace(/^FAILED:\s*/, '')
      .split(`${dir}/prometheus.yml`)
      .join(name)
      .split(`${dir}/`)
      .join('')
      .slice(0, 500);
    const m = /\byaml: (?:unmarshal errors:\s*)?line (\d+)/.exec(text);
    const line = m ? Math.min(Math.max(1, Number(m[1])), count) : undefined;
    return {
      messageId: 'tool',
      data: data(text),
      ...(line ? { loc: { file: file.path, line, column: 1 } } : { loc: { file: file.path, line: 1, column: 1 } }),
      severity: 'error' as const,
      tool: CONFIG_TOOL,
    };
  });
}
