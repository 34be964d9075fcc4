import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { HaproxyConfig, HaproxyLine } from '../../../labs/core/parsers/haproxy';
import { shared } from '../../shared';

const line = (l: HaproxyLine) => ({
  line: l.line,
  keyword: l.keyword,
  args: l.args,
  prefix: l.prefix,
  comment: l.comment,
  inactive: l.inactive,
  values: l.words.map((w) => w.value),
  columns: l.words.map((w) => w.span.line),
});

/** The structure of a parse, without raw text and columns (what a round trip must keep). */
export function structure(cfg: HaproxyConfig) {
  return {
    preamble: cfg.preamble.map(line),
    sections: cfg.sections.map((s) => ({
      type: s.type,
      name: s.name,
      args: s.args,
      header: line(s.header),
      lines: s.lines.map(line),
    })),
    rejected: (cfg.rejectedLines ?? []).map((r) => r.line),
    comments: (cfg.comments ?? []).map((c) => [c.span.line, c.text]),
  };
}

/** The HAProxy part of the conformance corpus (../shared/conformance/haproxy/). */
const corpus = shared('conformance/haproxy');
export const conformanceDir = corpus.path;
/** Why the corpus tests are skipped (a plain clone has no ../shared), or undefined. */
export const conformanceMissing = corpus.missing;
export const conformanceFiles = corpus.missing
  ? []
  : readdirSync(conformanceDir)
      .filter((f) => f.endsWith('.cfg'))
      .sort();

/** One folder per tricky case: `cases/<name>/haproxy.cfg` + `expect.json`. */
export const casesDir = path.join(__dirname, 'cases');
export const caseNames = readdirSync(casesDir).sort();

export interface CaseExpect {
  description: string;
  haproxy: 'accept' | 'reject';
  diagnostics: Array<{ code: string; line: number; column?: number; severity?: string }>;
}
