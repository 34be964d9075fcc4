/**
 * The report contract: what `check-lab --format json` prints and what every formatter,
 * the grader and the site read. Findings are data; the message is rendered once from the
 * check's message table (`message` is filled by the engine for formatters' convenience).
 */
import type { Severity } from '../source';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'error';

export type Component =
  | 'haproxy'
  | 'nginx'
  | 'app'
  | 'mysql'
  | 'design'
  | 'submission'
  | 'live'
  | 'firewall'
  | 'tls'
  | 'monitoring'
  | 'keepalived'
  | (string & {});

export interface Finding {
  checkId: string;
  messageId: string;
  /** Values for the message template's `{{placeholders}}`. */
  data?: Record<string, string | number>;
  /** Rendered from the check's message table by the engine. */
  message: string;
  severity: Severity;
  /** Submission-relative path of the learner's file (the script, when the config came from one). */
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  hint?: string;
  related?: Array<{ file: string; line: number; column?: number; message: string }>;
}

export interface CheckResult {
  id: string;
  title: string;
  component: Component;
  severity: Severity;
  status: CheckStatus;
  points: number;
  maxPoints: number;
  docsUrl: string;
  findings: Finding[];
  /** `static` for checks over the files, `live` for probes of the running topology. */
  kind: 'static' | 'live';
  /** Instructor-only checks: never shown by `check-lab`, scored by `grade`. */
  hidden?: boolean;
  durationMs?: number;
}

export interface SubmissionFileInfo {
  path: string;
  /** What content sniffing decided (`haproxy`, `nginx`, `mycnf`, `sql`, `shell`, `firewall`, `answers`, `inventory`, `unknown`...). */
  kind: string;
  host?: string;
}

export interface Report {
  tool: { name: string; version: string };
  lab: string;
  submission: string;
  score: number;
  maxScore: number;
  /** True when every required (error-severity, scored) check passed. */
  passed: boolean;
  files: SubmissionFileInfo[];
  checks: CheckResult[];
  durationMs: number;
  /**
   * The addresses the answer was judged with, per host of the lab: the learner's own, from
   * inventory.yaml or inferred from the files (with where from), or `default` when nothing in the
   * submission names the host's address (the lab's sandbox address; never compared with the files).
   */
  inventory?: InventoryRow[];
  /** Present when live mode ran (issue: live mode). */
  live?: LiveSection;
  /** Set when the submission could not be checked at all (unreadable, crashed): one error row, never a lost row. */
  error?: { message: string; code: string };
}

export interface InventoryRow {
  host: string;
  address: string;
  origin: 'inventory' | 'inferred' | 'default';
  from: string;
}

export interface LiveSection {
  mode: 'netns' | 'loopback';
  /** Everything the harness changed in the learner's configs to run them in a sandbox. */
  changes: Array<{ host: string; file?: string; what: string }>;
  /** Static check id <-> live check id where both speak of the same thing, and whether they agree. */
  agreement: Array<{
    staticId: string;
    liveId: string;
    staticStatus: CheckStatus;
    liveStatus: CheckStatus;
    agree: boolean;
  }>;
  durationMs: number;
}
