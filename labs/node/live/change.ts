/** What live mode changed in a learner's files to run them in the sandbox (shown in the report). */
export interface Change {
  host: string;
  file?: string;
  what: string;
}
