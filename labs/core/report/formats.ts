/**
 * The report formats and their options, declared once (the CLI's argument check reads this small
 * module without loading the formatters; report/index.ts and pretty.ts share the options type).
 */
export type FormatName = 'pretty' | 'json' | 'junit' | 'sarif' | 'github' | 'gradescope';
export const FORMATS: readonly FormatName[] = ['pretty', 'json', 'junit', 'sarif', 'github', 'gradescope'];

export interface FormatOptions {
  /** ANSI colour in `pretty` output. */
  color?: boolean;
  /** The text of a learner's file (submission-relative path), for code frames in `pretty`. */
  sourceText?: (file: string) => string | undefined;
  /** Gradescope: visibility of the results (default `visible`). */
  visibility?: 'hidden' | 'after_due_date' | 'after_published' | 'visible';
  /** The lab's titles for its components, in its order (`components:` in its spec); defaults otherwise. */
  components?: Record<string, string>;
  /** GitHub annotations: caps per level (GitHub shows 10 errors and 10 warnings per step). */
  maxAnnotations?: number;
}
