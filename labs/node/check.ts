/**
 * Node entry for checking one answer folder: read the folder, find the lab, build the model once,
 * run the real tools (haproxy -c, nginx -t) concurrently when installed, run the engine, and
 * (with `live`) merge live mode's results.
 */
import { basename, join, resolve } from 'node:path';
import { loadSubmission } from './fs';
import { listLabs, loadLab, type LabSpec } from './specs';
import { UsageError, TOOL_VERSION } from './io';
import type { Report, CheckResult } from '../core/report/types';
import type { Diagnostic } from '../core/source';
import type { FileTree } from '../core/vfs';
import type { Model } from '../core/model/types';

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

export function resolveLab(tree: FileTree, explicit?: string): LabSpec {
  if (explicit) return loadLab(explicit);
  const fromFiles = labFromTree(tree);
  if (fromFiles) return loadLab(fromFiles);
  const labs = listLabs();
  if (labs.length === 1) return loadLab(labs[0]);
  throw new UsageError('cannot tell which lab this folder answers', `Add \`lab: <id>\` to answers.yaml, or pass --lab (labs: ${labs.join(', ')}).`);
}

export async function checkDir(
  dir: string,
  opts: { lab?: string; realTools?: boolean; includeHidden?: boolean; only?: string[]; live?: boolean; signal?: AbortSignal; siteUrl?: string; strict?: boolean } = {},
): Promise<Report> {
  const t0 = performance.now();
  const { tree, root, diagnostics } = await loadSubmission(dir);
  const lab = resolveLab(tree, opts.lab);
  const { buildModel } = require('../core/model/build') as typeof import('../core/model/build');
  const { checkSubmission, selectedChecks } = require('../core/engine') as typeof import('../core/engine');
  const model: Model = buildModel(tree, lab, diagnostics);
  const strict = opts.strict ?? (process.env.VITEST !== undefined || process.env.WEB_INFRA_LAB_STRICT === '1');
  const selected = new Set(selectedChecks(lab, opts).map((c) => c.id));
  let external: Record<string, import('../core/checks/context').ExternalFinding[]> | undefined;
  const wantsTools = opts.realTools !== false && (selected.has('haproxy/valid-config') || selected.has('nginx/valid-config'));
  const livePromise = opts.live ? runLiveMode(root, tree, model, lab, opts.signal) : undefined;
  if (wantsTools) {
    const { runRealTools } = require('./realtools') as typeof import('./realtools');
    external = await runRealTools(model, { signal: opts.signal, checks: selected });
  }
  const report = checkSubmission({
    tree,
    submission: basename(resolve(dir)) === '' ? dir : dir,
    lab,
    model,
    includeHidden: opts.includeHidden,
    only: opts.only,
    external,
    siteUrl: opts.siteUrl,
    strict,
    clock: () => performance.now(),
    toolVersion: TOOL_VERSION,
  });
  if (livePromise) {
    const live = await livePromise;
    report.checks.push(...live.checks);
    report.live = live.live;
    report.score = Math.round(report.checks.filter((c) => c.status !== 'skip').reduce((s, c) => s + c.points, 0) * 100) / 100;
    report.maxScore = Math.round(report.checks.filter((c) => c.status !== 'skip').reduce((s, c) => s + c.maxPoints, 0) * 100) / 100;
    const required = new Set(lab.checks.filter((c) => c.required).map((c) => c.id));
    report.passed = report.checks.every((c) => !required.has(c.id) || c.status === 'pass' || c.status === 'warn' || c.status === 'skip');
  }
  report.durationMs = Math.round((performance.now() - t0) * 100) / 100;
  return report;
}

async function runLiveMode(dir: string, tree: FileTree, model: Model, lab: LabSpec, signal?: AbortSignal): Promise<{ checks: CheckResult[]; live: NonNullable<Report['live']> }> {
  let mod: { runLive?: (input: { dir: string; tree: FileTree; model: Model; lab: LabSpec; signal?: AbortSignal }) => Promise<{ checks: CheckResult[]; live: NonNullable<Report['live']> }> };
  try {
    mod = require(join(__dirname, 'live')) as typeof mod;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND') throw new UsageError('--live is not available in this build (labs/node/live is missing)', 'Run without --live for the static checks.');
    throw err;
  }
  if (typeof mod.runLive !== 'function') throw new UsageError('--live is not available in this build (labs/node/live exports no runLive)');
  return mod.runLive({ dir, tree, model, lab, signal });
}

export type { Diagnostic };
