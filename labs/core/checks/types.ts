/**
 * A check is one declarative object (its metadata) plus one function (its logic), as ESLint rules
 * are. The docs URL is derived from the id, never typed by hand.
 */
import type { Severity } from '../source';
import type { Component } from '../report/types';
import type { OptionsSchema } from './options';

export interface CheckMeta {
  /** `component/name`, e.g. `haproxy/frontend-port-80`. Unique across the catalogue. */
  id: string;
  title: string;
  component: Component;
  severity: Severity;
  /** Default points; a lab spec may override. */
  points: number;
  /** Message templates by messageId; `{{name}}` placeholders are filled from a finding's data. */
  messages: Record<string, string>;
  /** What to do when the check fails (shown under every failing finding without a hint of its own). */
  hint: string;
  /** `static` checks read files; `live` checks are probes run by live mode. */
  kind: 'static' | 'live';
  /** Instructor-only unless a lab says otherwise. */
  hidden?: boolean;
  /** What a lab may set for this check (spec `options:`, lab-wide or on the check's entry). */
  options?: OptionsSchema;
  /** File kinds the check reads (the site lists them; a lab without them in any role is told at load). */
  reads?: string[];
  /** The real tool whose findings this check reads (`haproxy -c`): it runs after the tool (labs/node/realtools.ts). */
  tool?: string;
  /** Probes: the static checks whose verdicts this probe confirms or refutes (live agreement). */
  agreesWith?: string[];
}

/** Site path of a check's page, derived from its id: `/docs/checks/haproxy/frontend-port-80`. */
export function docsPath(id: string): string {
  return `/docs/checks/${id}`;
}

/** Default public site the docs links point at; overridable (WEB_INFRA_LAB_DOCS_URL in the CLI). */
export const DEFAULT_SITE_URL = 'https://web-infra-lab.github.io/web-infra-lab';

export function docsUrl(id: string, siteUrl: string = DEFAULT_SITE_URL): string {
  return siteUrl.replace(/\/+$/, '') + docsPath(id);
}

export function renderMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}

/**
 * A check: its metadata plus (for static checks) the function that runs over the model.
 * The context type is the engine's (labs/core/engine.ts); live checks have metadata only in the
 * core, their probes run in labs/node/live.
 */
export interface CheckDefinition<Ctx = unknown> {
  meta: CheckMeta;
  run?: (ctx: Ctx) => void;
}
