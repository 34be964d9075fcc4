/**
 * The engine: lab spec + submission files -> Report. Checks run over the model (parsed once);
 * the engine distrusts them: a finding with an unknown messageId, or a position outside the
 * learner's file, is a contract violation (thrown in strict mode, which tests and dev use;
 * otherwise the check becomes status `error`). A check that throws becomes status `error` with
 * the message, and the run goes on.
 */
import type { Diagnostic, Severity, Span } from './source';
import { LineCounter } from './source';
import type { FileTree } from './vfs';
import { globToRegExp } from './vfs';
import type { CheckResult, CheckStatus, Finding, Report } from './report/types';
import { docsUrl, renderMessage, type CheckDefinition, type CheckMeta } from './checks/types';
import type { CheckContext, ExternalFinding, FindingInput, StaticCheck } from './checks/context';
import type { LabSpec } from './spec/types';
import type { Model } from './model/types';
import { buildModel } from './model/build';
import { learnerSpan } from './model/spans';
import type { YamlReader } from './model/yaml';
import { checks as catalogue } from './checks/index';
import { resolveOptions } from './checks/options';

export const TOOL = 'web-infra-lab';

/** Messages the engine itself emits (not owned by a check). */
export const ENGINE_MESSAGES: Record<string, string> = {
  $crash: 'The check crashed: {{message}}. This is a bug in web-infra-lab, not in your files.',
  $contract: 'The check produced an invalid finding ({{problem}}). This is a bug in web-infra-lab.',
  '$live-only': 'This check probes the running topology; run with --live to include it.',
  $budget:
    'Not run: checking this submission took longer than its {{seconds}} s budget before this check was reached. The other checks ran; this is a bug in web-infra-lab if your files are ordinary.',
};

export class CheckContractError extends Error {
  constructor(
    readonly checkId: string,
    readonly problem: string,
  ) {
    super(`check ${checkId}: ${problem}`);
  }
}

export interface CheckSubmissionInput {
  tree: FileTree;
  /** How the submission is named in the report (its folder). */
  submission: string;
  lab: LabSpec;
  /** Run instructor-only checks too (grading). */
  includeHidden?: boolean;
  /** Check-id globs (`haproxy/*`): run only matching checks. */
  only?: string[];
  /** Findings computed outside the core (real-tool runs), by check id. */
  external?: Record<string, ExternalFinding[]>;
  siteUrl?: string;
  /** A model built beforehand (the node side builds it once for the real-tool runs too). */
  model?: Model;
  /** Load problems from the file-system adapter (unreadable, too large, symlink outside...). */
  loadDiagnostics?: Diagnostic[];
  /** Throw on a check contract violation instead of turning it into status `error` (tests, dev). */
  strict?: boolean;
  /** The core reads no clock: pass one to get durations (ms). */
  clock?: () => number;
  /** The catalogue to use (tests); defaults to the registry. */
  catalogue?: ReadonlyArray<CheckDefinition>;
  toolVersion?: string;
  /** Full YAML reader for answers/inventory files beyond the simple subset (e.g. readYamlFull over the `yaml` package). */
  yaml?: YamlReader;
  /**
   * Time budget for the whole submission, in ms of `clock` (issue 12): files not read and checks not run
   * when it runs out are reported as errors (`file/time-budget`, `$budget`), never silently dropped.
   */
  budgetMs?: number;
}

export function selectedChecks(lab: LabSpec, opts: { includeHidden?: boolean; only?: string[] }): LabSpec['checks'] {
  const res = (opts.only ?? []).map((g) => globToRegExp(g));
  return lab.checks.filter(
    (c) => (opts.includeHidden || !c.hidden) && (res.length === 0 || res.some((r) => r.test(c.id))),
  );
}

export function checkSubmission(input: CheckSubmissionInput): Report {
  return beginSubmission(input).finish(input.external);
}

/** A submission whose checks run in two steps: see beginSubmission. */
export interface PendingSubmission {
  /** Runs the deferred checks with the external findings (real-tool runs) and returns the report. */
  finish(external?: Record<string, ExternalFinding[]>): Report;
}

/**
 * Runs every selected check now except those in `deferred` (the checks that read external findings),
 * and those when `finish` gets the findings. The node side starts `haproxy -c` / `nginx -t`, runs the
 * static checks while the tools work, then finishes: the report is the one `checkSubmission` gives
 * (same order, same figures).
 */
export function beginSubmission(
  input: CheckSubmissionInput,
  deferred: ReadonlySet<string> = new Set(),
): PendingSubmission {
  const clock = input.clock ?? (() => 0);
  const t0 = clock();
  const budget = input.clock && input.budgetMs !== undefined ? { clock: input.clock, ms: input.budgetMs } : undefined;
  const model = input.model ?? buildModel(input.tree, input.lab, input.loadDiagnostics, { yaml: input.yaml, budget });
  const overBudget = (): boolean => budget !== undefined && clock() - t0 > budget.ms;
  const defs = new Map((input.catalogue ?? catalogue).map((c) => [c.meta.id, c]));
  // probes (`kind: 'live'`) are run by live mode (labs/node/live), which adds their results
  const selected = selectedChecks(input.lab, input).filter((c) => defs.get(c.id)?.meta.kind !== 'live');
  const results: Array<CheckResult | undefined> = [];
  const run = (lc: LabSpec['checks'][number], external: Record<string, ExternalFinding[]> | undefined): CheckResult => {
    const def = defs.get(lc.id);
    if (!def) throw new CheckContractError(lc.id, 'the lab lists a check the catalogue does not have');
    const t = clock();
    if (overBudget()) return budgetResult(def.meta, lc, input, budget!.ms);
    const r = runOne(def as StaticCheck, lc, model, input, external);
    r.durationMs = Math.round((clock() - t) * 100) / 100;
    return r;
  };
  for (const lc of selected) results.push(deferred.has(lc.id) ? undefined : run(lc, input.external));
  let done = false;
  return {
    finish(external?: Record<string, ExternalFinding[]>): Report {
      if (done) throw new Error('finish() was already called for this submission');
      done = true;
      const all = selected.map((lc, i) => results[i] ?? run(lc, external));
      return summarise(all, input, model, clock() - t0);
    },
  };
}

/** A report's figures from its check results: skipped checks do not count; passed = every required check passes (or warns). */
export function totals(
  results: ReadonlyArray<CheckResult>,
  lab: LabSpec,
): { score: number; maxScore: number; passed: boolean } {
  const scored = results.filter((r) => r.status !== 'skip');
  const required = new Map(lab.checks.map((c) => [c.id, c.required]));
  return {
    score: round2(scored.reduce((s, r) => s + r.points, 0)),
    maxScore: round2(scored.reduce((s, r) => s + r.maxPoints, 0)),
    passed: results.every(
      (r) => !required.get(r.id) || r.status === 'pass' || r.status === 'warn' || r.status === 'skip',
    ),
  };
}

function summarise(results: CheckResult[], input: CheckSubmissionInput, model: Model, durationMs: number): Report {
  const { score, maxScore, passed } = totals(results, input.lab);
  return {
    tool: { name: TOOL, version: input.toolVersion ?? '0.0.0' },
    lab: input.lab.id,
    submission: input.submission,
    score,
    maxScore,
    passed,
    files: model.files
      .filter((f) => !f.fromScript)
      .map((f) => ({ path: f.path, kind: f.kind, ...(f.host ? { host: f.host } : {}) })),
    inventory: input.lab.hosts.map((h) => {
      const e = model.inventory.entries?.[h.name];
      return { host: h.name, address: e?.address ?? h.address, origin: e?.origin ?? 'default', from: e?.from ?? '' };
    }),
    checks: results,
    durationMs: Math.round(durationMs * 100) / 100,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function runOne(
  def: StaticCheck,
  lc: LabSpec['checks'][number],
  model: Model,
  input: CheckSubmissionInput,
  external: Record<string, ExternalFinding[]> | undefined,
): CheckResult {
  const meta = def.meta;
  const base = {
    id: meta.id,
    title: meta.title,
    component: meta.component,
    severity: meta.severity,
    maxPoints: lc.points,
    docsUrl: docsUrl(meta.id, input.siteUrl),
    kind: meta.kind,
    ...(lc.hidden ? { hidden: true } : {}),
  };
  if (typeof def.run !== 'function') {
    return { ...base, status: 'skip', points: 0, findings: [engineFinding(meta, '$live-only', {}, 'info')] };
  }
  const findings: Finding[] = [];
  let skipped = false;
  let fraction: number | undefined;
  const ctx: CheckContext = {
    model,
    lab: input.lab,
    options: lc.options ?? resolveOptions(meta.options, input.lab.options ?? {}).values,
    meta,
    external: external?.[meta.id],
    report: (f) => findings.push(toFinding(meta, f, model)),
    skip: (messageId, data) => {
      skipped = true;
      findings.push(toFinding(meta, { messageId, data, severity: 'info' }, model));
    },
    setFraction: (x) => {
      fraction = Math.max(0, Math.min(1, x));
    },
  };
  try {
    def.run(ctx);
    for (const f of findings) validate(meta, f, model);
  } catch (err) {
    if (input.strict) throw err;
    const e = err as Error;
    const problem = err instanceof CheckContractError ? err.problem : undefined;
    return {
      ...base,
      status: 'error',
      points: 0,
      findings: [
        problem
          ? engineFinding(meta, '$contract', { problem }, 'error')
          : engineFinding(meta, '$crash', { message: e?.message ?? String(err) }, 'error'),
      ],
    };
  }
  let status: CheckStatus;
  if (skipped) status = 'skip';
  else {
    const worst = findings.reduce((w, f) => Math.max(w, RANK[f.severity]), 0);
    status = worst === 2 ? 'fail' : worst === 1 ? 'warn' : 'pass';
  }
  let points = 0;
  if (status === 'pass' || status === 'warn') points = lc.points;
  if (fraction !== undefined && status !== 'skip') points = round2(lc.points * fraction);
  findings.sort((a, b) => RANK[b.severity] - RANK[a.severity]);
  return { ...base, status, points, findings };
}

/** A check the time budget did not reach: an error row saying so (it scores nothing). */
function budgetResult(
  meta: CheckMeta,
  lc: LabSpec['checks'][number],
  input: CheckSubmissionInput,
  ms: number,
): CheckResult {
  return {
    id: meta.id,
    title: meta.title,
    component: meta.component,
    severity: meta.severity,
    maxPoints: lc.points,
    points: 0,
    docsUrl: docsUrl(meta.id, input.siteUrl),
    kind: meta.kind,
    ...(lc.hidden ? { hidden: true } : {}),
    status: 'error',
    findings: [engineFinding(meta, '$budget', { seconds: Math.round(ms / 100) / 10 }, 'error')],
    durationMs: 0,
  };
}

function engineFinding(
  meta: CheckMeta,
  messageId: string,
  data: Record<string, string | number>,
  severity: Severity,
): Finding {
  return { checkId: meta.id, messageId, data, message: renderMessage(ENGINE_MESSAGES[messageId], data), severity };
}

/** Maps a span in a model file to the learner's own file (a reconstructed line -> the script line). */
export function toLearnerSpan(span: Span, model: Model): Span {
  return learnerSpan(span, model.sources, model.files);
}

function toFinding(meta: CheckMeta, f: FindingInput, model: Model): Finding {
  const template = meta.messages[f.messageId];
  if (template === undefined) throw new CheckContractError(meta.id, `unknown messageId '${f.messageId}'`);
  const severity = f.severity ?? meta.severity;
  const out: Finding = { checkId: meta.id, messageId: f.messageId, message: renderMessage(template, f.data), severity };
  if (f.data) out.data = f.data;
  if (f.loc) {
    const s = toLearnerSpan(f.loc, model);
    out.file = s.file;
    out.line = s.line;
    out.column = s.column;
    if (s.endLine !== undefined && s.file === f.loc.file) {
      out.endLine = s.endLine;
      out.endColumn = s.endColumn;
    }
  }
  if (severity !== 'info') out.hint = meta.hint;
  if (f.related?.length) {
    out.related = f.related.map((r) => {
      const tpl = meta.messages[r.messageId];
      if (tpl === undefined)
        throw new CheckContractError(meta.id, `unknown messageId '${r.messageId}' in a related location`);
      const s = toLearnerSpan(r.loc, model);
      return { file: s.file, line: s.line, column: s.column, message: renderMessage(tpl, r.data) };
    });
  }
  return out;
}

const counters = new WeakMap<object, LineCounter>();

function validate(meta: CheckMeta, f: Finding, model: Model): void {
  const check = (file: string | undefined, line: number | undefined, column: number | undefined, what: string) => {
    if (file === undefined) return;
    const src = model.sources.get(file);
    if (!src || src.origin)
      throw new CheckContractError(meta.id, `${what} points at '${file}', which is not one of the learner's files`);
    let lc = counters.get(src);
    if (!lc) counters.set(src, (lc = new LineCounter(src.text)));
    if (line === undefined || !Number.isInteger(line) || line < 1 || line > lc.lineCount) {
      throw new CheckContractError(meta.id, `${what} line ${String(line)} is outside ${file} (${lc.lineCount} lines)`);
    }
    if (column !== undefined && (column < 1 || column > lc.lineText(line).length + 1)) {
      throw new CheckContractError(meta.id, `${what} column ${column} is outside line ${line} of ${file}`);
    }
  };
  check(f.file, f.line, f.column, 'a finding');
  for (const r of f.related ?? []) check(r.file, r.line, r.column, 'a related location');
}
