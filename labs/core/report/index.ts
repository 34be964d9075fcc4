/**
 * Formatters: pure functions over the same Report. Every output format is derived here, once.
 */
import type { Report } from './types';

export type FormatName = 'pretty' | 'json' | 'junit' | 'sarif' | 'github' | 'gradescope';
export const FORMATS: FormatName[] = ['pretty', 'json', 'junit', 'sarif', 'github', 'gradescope'];

export interface FormatOptions {
  /** ANSI colour in `pretty` output. */
  color?: boolean;
  /** The text of a learner's file (submission-relative path), for code frames in `pretty`. */
  sourceText?: (file: string) => string | undefined;
}

export function formatReport(report: Report, format: FormatName, opts: FormatOptions = {}): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    default:
      // Filled in by the formatter work (pretty, junit, sarif, github, gradescope).
      void opts;
      return JSON.stringify(report, null, 2) + '\n';
  }
}
