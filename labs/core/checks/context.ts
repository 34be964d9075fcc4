/**
 * What a static check receives: the model (parsed once), the lab, and `report()` to emit findings
 * as data. Status is derived by the engine from the findings' severities:
 * any `error` -> fail, else any `warning` -> warn, else pass (info findings are notes).
 */
import type { Severity, Span } from '../source';
import type { CheckDefinition, CheckMeta } from './types';
import type { Model } from '../model/types';
import type { LabSpec } from '../spec/types';
import type { OptionsSchema, OptionValuesOf } from './options';

export interface FindingInput {
  messageId: string;
  data?: Record<string, string | number>;
  /** A span in a model file (the engine maps reconstructed files back to the script line). */
  loc?: Span;
  /** Defaults to the check's severity. */
  severity?: Severity;
  related?: Array<{ loc: Span; messageId: string; data?: Record<string, string | number> }>;
}

/** A finding computed outside the core (real-tool runs by the node side), fed to a check. */
export interface ExternalFinding extends FindingInput {
  /** The tool that produced it (`haproxy -c`, `nginx -t`). */
  tool?: string;
}

export interface CheckContext<O = Record<string, any>> {
  model: Model;
  lab: LabSpec;
  /** The check's options, resolved from its declarations and the spec (see checks/options.ts). */
  options: O;
  meta: CheckMeta;
  /** Real-tool findings for this check, when the node side ran the tools. */
  external?: ExternalFinding[];
  report(finding: FindingInput): void;
  /** Mark the check skipped (e.g. an optional host is absent); findings given are shown as notes. */
  skip(messageId: string, data?: Record<string, string | number>): void;
  /** Partial credit: the fraction (0..1) of the check's points earned, when not all-or-nothing. */
  setFraction(fraction: number): void;
}

export type StaticCheck = CheckDefinition<CheckContext> & { run: (ctx: CheckContext) => void };

/**
 * Declares a static check (metadata beside the logic); `kind` is filled in. `meta.options` declares
 * what a lab may set; `ctx.options` is typed from it.
 */
export function defineCheck<S extends OptionsSchema | undefined = undefined>(
  meta: Omit<CheckMeta, 'kind' | 'options'> & { options?: S },
  run: (ctx: CheckContext<OptionValuesOf<S>>) => void,
): StaticCheck {
  return { meta: { ...meta, kind: 'static' } as CheckMeta, run: run as (ctx: CheckContext) => void };
}
