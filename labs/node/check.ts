/**
 * Node entry for checking one answer folder: read the folder, find the lab, build the model once,
 * run the real tools (haproxy -c, nginx -t) concurrently when installed, run the engine, and
 * (with `live`) merge live mode's results.
 */
import { basename, join, resolve } from 'node:path';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { contentHash } from '../core/hash';
import { catalogueHash } from '../core/spec/catalogue-hash';
import type { CheckMeta } from '../core/checks/types';
import { loadSubmission } from './fs';
import type { LabSpec } from '../core/spec/types';
import { allLabIds, labFolder, specsDir } from './paths';
import { checks as catalogue } from '../core/checks/index';
import { UsageError, TOOL_VERSION } from './io';
import type { Report, CheckResult } from '../core/report/types';
import type { Diagnostic } from '../core/source';
import type { FileTree } from '../core/vfs';
import type { Model } from '../core/model/types';
import { buildModel } from '../core/model/build';
import { beginSubmission, checkSubmission, selectedChecks, totals } from '../core/engine';
import { readYamlFull, type YamlReader } from '../core/model/yaml';
import { defaultSignalsDuring } from './signals';

export interface CheckDirOptions {
  lab?: string;
  realTools?: boolean;
  includeHidden?: boolean;
  only?: string[];
  live?: boolean;
  signal?: AbortSignal;
  siteUrl?: string;
  /** Throw on check contract violations (tests, dev). Defaults to true under vitest or WEB_INFRA_LAB_STRICT=1. */
  strict?: boolean;
  /**
   * Time budget of the static check (reading the files, the checks, the real tools), ms: what it did not
   * reach is an error row, never a silent gap (issue 12). Default 60 s; live mode has its own limits.
   */
  budgetMs?: number;
}

export const DEFAULT_BUDGET_MS = 60_000;

/** The full YAML reader, loaded only when an answers/inventory file goes beyond the simple subset. */
export const fullYaml: YamlReader = (file, text) => readYamlFull(require('yaml') as typeof import('yaml'), file, text);

/** Reads `lab:` from answers.yaml / inventory.yaml without loading a YAML library (a plain line). */
export function labFromTree(tree: FileTree): string | undefined {
  for (const name of ['answers.yaml', 'answers.yml', 'inventory.yaml', 'inventory.yml']) {
    const bytes = tree.read(name);
    if (!bytes) continue;
    const m = /^lab:[ \t]*["']?([a-z0-9][a-z0-9-]*)["']?[ \t]*(#.*)?$/m.exec(new TextDecoder().decode(bytes));
    if (m) return m[1];
  }
  return undefined;
}

const knownLabs = (): string[] => allLabIds();

/**
 * Loads a lab for a run: from its validated snapshot when spec.yaml and the catalogue are the
 * ones it was made from (no zod, no yaml at start-up), else by validating spec.yaml
 * (labs/node/specs.ts, loaded only then).
 */
export function loadLab(id: string): LabSpec {
  const folder = labFolder(id);
  if (!folder) {
    throw new UsageError(
      /^[a-z0-9][a-z0-9-]*$/.test(id) ? `no lab '${id}'` : `'${id}' is not a lab id`,
      `Known labs: ${knownLabs().join(', ') || '(none)'}`,
    );
  }
  if (folder !== join(specsDir, id)) return (require('./specs') as typeof import('./specs')).loadLab(id);
  const file = join('labs', 'specs', id, 'spec.yaml');
  try {
    const text = readFileSync(join(folder, 'spec.yaml'), 'utf8');
    const snap = JSON.parse(readFileSync(join(folder, 'spec.snapshot.json'), 'utf8')) as {
      specHash: string;
      catalogueHash: string;
      spec: LabSpec;
    };
    const metas = snap.spec.checks.map((c) => catalogue.find((x) => x.meta.id === c.id)?.meta);
    const cat = metas.every((m) => m) ? catalogueHash(metas as CheckMeta[]) : '';
    if (!snap.spec.plugins?.length && snap.specHash === contentHash(text) && snap.catalogueHash === cat)
      return { ...snap.spec, file };
  } catch {
    /* no usable snapshot: validate */
  }
  return (require('./specs') as typeof import('./specs')).loadLab(id);
}

export function resolveLab(tree: FileTree, explicit?: string): LabSpec {
  if (explicit) return loadLab(explicit);
  const fromFiles = labFromTree(tree);
  if (fromFiles) return loadLab(fromFiles);
  const labs = knownLabs();
  if (labs.length === 1) return loadLab(labs[0]);
  throw new UsageError(
    'cannot tell which lab this folder answers',
    `Add \`lab: <id>\` to answers.yaml, or pass --lab (labs: ${labs.join(', ')}).`,
  );
}

/** Milliseconds, monotonic (process.hrtime: reading the `performance` global loads perf_hooks at start-up). */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export async function checkDir(dir: string, opts: CheckDirOptions = {}): Promise<Report> {
  return (await checkDirRun(dir, opts)).report;
}

/** `checkDir`, with the lab and the model it built (the CLI's code frames read the model's sources). */
export async function checkDirRun(
  dir: string,
  opts: CheckDirOptions = {},
): Promise<{ report: Report; lab: LabSpec; model: Model }> {
  const t0 = now();
  const { tree, root, diagnostics } = await loadSubmission(dir);
  const lab = resolveLab(tree, opts.lab);
  const budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
  const model: Model = defaultSignalsDuring(() =>
    buildModel(tree, lab, diagnostics, {
      yaml: fullYaml,
      budget: { clock: now, ms: Math.max(0, budgetMs - (now() - t0)) },
    }),
  );
  const strict = opts.strict ?? (process.env.VITEST !== undefined || process.env.WEB_INFRA_LAB_STRICT === '1');
  const selected = new Set(selectedChecks(lab, opts).map((c) => c.id));
  const isLive = (id: string) => catalogue.find((c) => c.meta.id === id)?.meta.kind === 'live';
  const liveSelected = [...selected].filter(isLive);
  if (opts.only?.length && !opts.live && liveSelected.length && liveSelected.length === selected.size) {
    throw new UsageError(
      `--only ${opts.only.join(' ')} selects only live probes, which run with --live`,
      'Add --live (it starts the servers in a sandbox), or select static checks.',
    );
  }
  if (opts.only?.length && selected.size === 0) {
    const components = [
      ...new Set(lab.checks.filter((c) => opts.includeHidden || !c.hidden).map((c) => c.id.split('/')[0])),
    ];
    throw new UsageError(
      `--only ${opts.only.join(' ')} matches no check of lab ${lab.id}`,
      `Try e.g. --only '${components[0]}/*' (components: ${components.join(', ')}).`,
    );
  }
  // the checks that read a real tool's findings (their metadata names the tool): they run after it
  const toolChecks = new Set(catalogue.filter((c) => c.meta.tool).map((c) => c.meta.id));
  const wantsTools = opts.realTools !== false && [...toolChecks].some((id) => selected.has(id));
  const input = {
    tree,
    submission: basename(resolve(dir)) === '' ? dir : dir,
    lab,
    model,
    includeHidden: opts.includeHidden,
    only: opts.only,
    siteUrl: opts.siteUrl,
    strict,
    clock: now,
    // what reading the files left of the budget
    budgetMs: Math.max(0, budgetMs - (now() - t0)),
    toolVersion: TOOL_VERSION,
  };
  let report: Report;
  if (wantsTools) {
    // Loaded only when a real tool runs (it brings child_process, net and os). The tools start first;
    // the static checks run while they work; the checks that read the tools' findings run last.
    const { startRealTools } = await import('./realtools.js');
    const tools = startRealTools(model, { signal: opts.signal, checks: selected });
    await tools.spawned;
    const pending = beginSubmission(input, toolChecks);
    report = pending.finish(await tools.results);
  } else {
    report = defaultSignalsDuring(() => checkSubmission(input));
  }
  if (opts.live) {
    const live = await runLiveMode(root, tree, model, lab, report.checks, liveSelected, opts.signal, opts.siteUrl);
    report.checks.push(...live.checks);
    report.live = live.live;
    Object.assign(report, totals(report.checks, lab));
  }
  report.durationMs = Math.round((now() - t0) * 100) / 100;
  return { report, lab, model };
}

type LiveModule = typeof import('./live/index');

/**
 * Runs the lab's selected probes: lab 1's group (live/index.ts, one running topology for its six
 * probes) for the ids it provides, and each registered probe (live/probes.ts) for the others. Every
 * result goes through `probeResult`: the lab's points, hidden flag and docs URL, as for a static check.
 */
async function runLiveMode(
  dir: string,
  tree: FileTree,
  model: Model,
  lab: LabSpec,
  staticChecks: CheckResult[],
  ids: string[],
  signal?: AbortSignal,
  siteUrl?: string,
): Promise<{ checks: CheckResult[]; live: NonNullable<Report['live']> }> {
  let mod: LiveModule;
  let probes: typeof import('./live/probes');
  try {
    // Loaded only for --live (it brings the process supervisor and sandbox code).
    mod = (await import('./live/index.js')) as LiveModule;
    probes = (await import('./live/probes.js')) as typeof import('./live/probes');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND')
      throw new UsageError(
        '--live is not available in this build (labs/node/live is missing)',
        'Run without --live for the static checks.',
      );
    throw err;
  }
  const group = new Set(mod.GROUP_PROBES);
  const mine = ids.filter((id) => group.has(id));
  const others = ids.filter((id) => !group.has(id));
  const checks: CheckResult[] = [];
  let live: NonNullable<Report['live']> | undefined;
  if (mine.length) {
    const r = await mod.runLive({ dir, tree, model, lab, signal, staticChecks, only: new Set(mine) });
    checks.push(...r.checks.filter((c) => mine.includes(c.id)).map((c) => probes.probeResult(c, lab, siteUrl)));
    live = { ...r.live, agreement: r.live.agreement.filter((a) => mine.includes(a.liveId)) };
  }
  if (others.length && !signal?.aborted) {
    const r = await probes.runProbes({ ids: others, lab, model, signal });
    const results = r.checks.map((c) => probes.probeResult(c, lab, siteUrl));
    checks.push(...results);
    const agreement = mod.computeAgreement(staticChecks, results);
    live = live
      ? {
          ...live,
          changes: [...live.changes, ...r.live.changes],
          agreement: [...live.agreement, ...agreement],
          durationMs: live.durationMs + r.live.durationMs,
        }
      : { ...r.live, agreement };
  }
  // in the spec's order
  const order = new Map(ids.map((id, i) => [id, i]));
  checks.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { checks, live: live ?? { mode: 'netns', changes: [], agreement: [], durationMs: 0 } };
}

export type { Diagnostic };
