/**
 * What every live probe group shares (lab 1's runner in index.ts, lab 3's in no-spof.ts, lab 2's in
 * secured.ts): a probe's result as it is built, a server's error output cut to what matters, agreement rows
 * against the static checks each probe names, and a probe option's value.
 */
import { docsUrl, renderMessage, type CheckMeta } from '../../core/checks/types';
import { toLearnerSpan } from '../../core/engine';
import type { Model } from '../../core/model/types';
import type { CheckResult, CheckStatus, Finding, LiveSection } from '../../core/report/types';
import type { Span } from '../../core/source';
import type { LiveInput, LiveOutput, Timeline } from './index';
import type { Sandbox } from './sandbox';

type Where = { file?: string; line?: number; column?: number };

/** One probe's result, as the run builds it: findings at the learner's lines, pass until a failure. */
export class ProbeResult {
  status: CheckStatus = 'pass';
  findings: Finding[] = [];
  t0 = Date.now();
  ms?: number;
  constructor(
    readonly meta: CheckMeta,
    readonly model: Model,
  ) {}
  private where(loc?: Span): Where {
    if (!loc) return {};
    try {
      const s = toLearnerSpan(loc, this.model);
      return { file: s.file, line: s.line, column: s.column };
    } catch {
      return {};
    }
  }
  /** Not selected by the lab: what the run sees for it is not reported. */
  off = false;
  add(id: string, data: Record<string, string | number>, severity: Finding['severity'], loc?: Span): void {
    if (this.off) return;
    const tpl = this.meta.messages[id];
    if (tpl === undefined) throw new Error(`${this.meta.id}: unknown messageId '${id}'`);
    const f: Finding = { checkId: this.meta.id, messageId: id, data, message: renderMessage(tpl, data), severity };
    Object.assign(f, this.where(loc));
    if (severity !== 'info') f.hint = this.meta.hint;
    this.findings.push(f);
  }
  note(id: string, data: Record<string, string | number>, loc?: Span): void {
    this.add(id, data, 'info', loc);
    this.done();
  }
  fail(id: string, data: Record<string, string | number>, loc?: Span): void {
    if (this.off) return;
    this.status = 'fail';
    this.add(id, data, 'error', loc);
    this.done();
  }
  skip(reason: string): void {
    if (this.findings.length) return;
    this.status = 'skip';
    this.add('skipped', { reason }, 'info');
    this.done();
    if (reason === 'not selected') this.off = true;
  }
  done(): void {
    this.ms ??= Date.now() - this.t0;
  }
  get settled(): boolean {
    return this.findings.length > 0;
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

export function errorText(output: string, max = 3): string {
  const lines = output
    .split('\n')
    .filter((l) => /alert|error|fatal|cannot|unable|denied|failed|unknown|invalid/i.test(l))
    .map((l) => l.trim());
  return (
    (lines.length ? lines : output.split('\n').filter(Boolean)).slice(-max).join(' | ').slice(0, 500) || '(no output)'
  );
}

/**
 * Agreement of a group's results with the static checks each probe names (`agreesWith`), by lab 1's rule:
 * a static fail predicts a live fail; a static pass predicts a live pass unless another check of the group fails.
 */
export function groupAgreement(
  metas: readonly CheckMeta[],
  staticChecks: CheckResult[],
  checks: CheckResult[],
): LiveSection['agreement'] {
  const rows: LiveSection['agreement'] = [];
  const ok = (s: CheckStatus): boolean | undefined =>
    s === 'pass' || s === 'warn' ? true : s === 'fail' ? false : undefined;
  for (const live of checks) {
    // a probe whose server did not start saw nothing its group judges (haproxy/valid-config says why)
    const errors = live.findings.filter((f) => f.severity === 'error');
    if (errors.length && errors.every((f) => f.messageId === 'not-started')) continue;
    const group = metas.find((m) => m.id === live.id)?.agreesWith ?? [];
    const statics = group.map((id) => staticChecks.find((c) => c.id === id)).filter((c): c is CheckResult => !!c);
    const liveOk = ok(live.status);
    if (liveOk === undefined) continue;
    const groupOk = statics.every((s) => ok(s.status) !== false);
    for (const s of statics) {
      const sOk = ok(s.status);
      if (sOk === undefined) continue;
      rows.push({
        staticId: s.id,
        liveId: live.id,
        staticStatus: s.status,
        liveStatus: live.status,
        agree: sOk ? liveOk || !groupOk : !liveOk,
      });
    }
  }
  return rows;
}

/** A probe option: as resolved for the lab's probes (their spec entries), else the lab-wide value. */
export function liveOption(lab: LiveInput['lab'], name: string): string | number | undefined {
  for (const c of lab.checks ?? []) {
    const v = c.id.startsWith('live/') ? c.options?.[name] : undefined;
    if (typeof v === 'string' || typeof v === 'number') return v;
  }
  const v = lab.options?.[name];
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

/**
 * A group's output (lab 2's and lab 3's runners): its checks, the live section with agreement rows against
 * the static checks, and the debug facts of its sandbox (its memory figures as `memorySampler` saw them).
 */
export function groupOutput(o: {
  metas: readonly CheckMeta[];
  input: Pick<LiveInput, 'staticChecks'>;
  checks: CheckResult[];
  mode: LiveSection['mode'];
  changes: LiveSection['changes'];
  t0: number;
  sb: Sandbox | undefined;
  leftovers: string[];
  timings: Record<string, number>;
  timeline?: Timeline;
}): LiveOutput {
  return {
    checks: o.checks,
    live: {
      mode: o.mode,
      changes: o.changes,
      agreement: o.input.staticChecks ? groupAgreement(o.metas, o.input.staticChecks, o.checks) : [],
      durationMs: Date.now() - o.t0,
    },
    debug: {
      runDir: o.sb?.dir ?? '',
      pids: [...new Set(o.sb?.group.procs.map((p) => p.pid) ?? [])],
      netnsInodes: o.sb?.netnsInodes ?? [],
      peakRssKb: o.sb?.group.peakTotalKb() ?? 0,
      peakConcurrentKb: o.sb?.group.peakConcurrentKb ?? 0,
      perServerKb: {},
      leftovers: o.leftovers,
      timings: o.timings,
      ...(o.timeline ? { timeline: o.timeline } : {}),
    },
  };
}

/**
 * Samples the memory of everything a group's sandbox runs (as lab 1's runner does), every `everyMs` until
 * the returned function is called (before the teardown): the figures `groupOutput` reports.
 */
export function memorySampler(sb: Sandbox, everyMs = 500): () => void {
  sb.group.sampleMemory();
  const t = setInterval(() => sb.group.sampleMemory(), everyMs);
  t.unref();
  return () => {
    clearInterval(t);
    sb.group.sampleMemory();
  };
}
