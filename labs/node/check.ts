/**
 * Node entry for checking one answer folder: read the folder, find the lab, build the model once,
 * run the real tools (haproxy -c, nginx -t) concurrently when installed, run the engine, and
 * (with `live`) merge live mode's results.
 */
import { basename, join, resolve } from 'node:path';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { contentHash } from '../core/hash';
import { loadSubmission } from './fs';
import type { LabSpec } from '../core/spec/types';
import { specsDir } from './paths';
import { checks as catalogue } from '../core/checks/index';
import { UsageError, TOOL_VERSION } from './io';
import type { Report, CheckResult } from '../core/report/types';
import type { Diagnostic } from '../core/source';
import type { FileTree } from '../core/vfs';
import type { Model } from '../core/model/types';
import { buildModel } from '../core/model/build';
import { beginSubmission, checkSubmission, selectedChecks, totals } from '../core/engine';
import { readYamlFull, type YamlReader } from '../core/model/yaml';

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
}

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

function knownLabs(): string[] {
  if (!existsSync(specsDir)) return [];
  return readdirSync(specsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(specsDir, d.name, 'spec.yaml')))
    .map((d) => d.name)
    .sort();
}

/**
 * Loads a lab for a run: from its validated snapshot when spec.yaml and the catalogue are the
 * ones it was made from (no zod, no yaml at start-up), else by validating spec.yaml
 * (labs/node/specs.ts, loaded only then).
 */
export function loadLab(id: string): LabSpec {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id) || !existsSync(join(specsDir, id, 'spec.yaml'))) {
    throw new UsageError(/^[a-z0-9][a-z0-9-]*$/.test(id) ? `no lab '${id}'` : `'${id}' is not a lab id`, `Known labs: ${knownLabs().join(', ') || '(none)'}`);
  }
  const file = join('labs', 'specs', id, 'spec.yaml');
  try {
    const text = readFileSync(join(specsDir, id, 'spec.yaml'), 'utf8');
    const snap = JSON.parse(readFileSync(join(specsDir, id, 'spec.snapshot.json'), 'utf8')) as { specHash: string; catalogueHash: string; spec: LabSpec };
    const metas = snap.spec.checks.map((c) => catalogue.find((x) => x.meta.id === c.id)?.meta);
    const cat = metas.every((m) => m) ? contentHash(JSON.stringify(metas.map((m) => [m!.id, m!.points, m!.severity, m!.hidden === true]))) : '';
    if (snap.specHash === contentHash(text) && snap.catalogueHash === cat) return { ...snap.spec, file };
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
  throw new UsageError('cannot tell which lab this folder answers', `Add \`lab: <id>\` to answers.yaml, or pass --lab (labs: ${labs.join(', ')}).`);
}

/** The checks that read real-tool findings (run after the tools finish). */
const TOOL_CHECKS: ReadonlySet<string> = new Set(['haproxy/valid-config', 'nginx/valid-config']);

/** Milliseconds, monotonic (process.hrtime: reading the `performance` global loads perf_hooks at start-up). */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export async function checkDir(
  dir: string,
  opts: { lab?: string; realTools?: boolean; includeHidden?: boolean; only?: string[]; live?: boolean; signal?: AbortSignal; siteUrl?: string; strict?: boolean } = {},
): Promise<Report> {
  const t0 = now();
  const { tree, root, diagnostics } = await loadSubmission(dir);
  const lab = resolveLab(tree, opts.lab);
  const model: Model = buildModel(tree, lab, diagnostics, { yaml: fullYaml });
  const strict = opts.strict ?? (process.env.VITEST !== undefined || process.env.WEB_INFRA_LAB_STRICT === '1');
  const selected = new Set(selectedChecks(lab, opts).map((c) => c.id));
  if (opts.only?.length && selected.size === 0) {
    const components = [...new Set(lab.checks.filter((c) => opts.includeHidden || !c.hidden).map((c) => c.id.split('/')[0]))];
    throw new UsageError(`--only ${opts.only.join(' ')} matches no check of lab ${lab.id}`, `Try e.g. --only '${components[0]}/*' (components: ${components.join(', ')}).`);
  }
  const wantsTools = opts.realTools !== false && [...TOOL_CHECKS].some((id) => selected.has(id));
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
    toolVersion: TOOL_VERSION,
  };
  let report: Report;
  if (wantsTools) {
    // Loaded only when a real tool runs (it brings child_process, net and os). The tools start first;
    // the static checks run while they work; the checks that read the tools' findings run last.
    const { startRealTools } = await import('./realtools.js');
    const tools = startRealTools(model, { signal: opts.signal, checks: selected });
    await tools.spawned;
    const pending = beginSubmission(input, TOOL_CHECKS);
    report = pending.finish(await tools.results);
  } else {
    report = checkSubmission(input);
  }
  if (opts.live) {
    const live = await runLiveMode(root, tree, model, lab, report.checks, opts.signal);
    report.checks.push(...live.checks);
    report.live = live.live;
    Object.assign(report, totals(report.checks, lab));
  }
  report.durationMs = Math.round((now() - t0) * 100) / 100;
  return report;
}

type RunLive = (input: { dir: string; tree: FileTree; model: Model; lab: LabSpec; signal?: AbortSignal; staticChecks?: CheckResult[] }) => Promise<{ checks: CheckResult[]; live: NonNullable<Report['live']> }>;

async function runLiveMode(dir: string, tree: FileTree, model: Model, lab: LabSpec, staticChecks: CheckResult[], signal?: AbortSignal): Promise<{ checks: CheckResult[]; live: NonNullable<Report['live']> }> {
  let mod: { runLive?: RunLive };
  try {
    // Loaded only for --live (it brings the process supervisor and sandbox code).
    mod = (await import('./live/index.js')) as unknown as { runLive?: RunLive };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') throw new UsageError('--live is not available in this build (labs/node/live is missing)', 'Run without --live for the static checks.');
    throw err;
  }
  if (typeof mod.runLive !== 'function') throw new UsageError('--live is not available in this build (labs/node/live exports no runLive)');
  return mod.runLive({ dir, tree, model, lab, signal, staticChecks });
}

export type { Diagnostic };
