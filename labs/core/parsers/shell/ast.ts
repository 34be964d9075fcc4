import type { Diagnostic, SourceFile, Span } from '../../source';

/**
 * What a provisioning script leaves behind: one reconstructed file per target path. Each
 * `SourceFile` has `target` (the absolute path the script writes, e.g. `/etc/haproxy/haproxy.cfg`)
 * and `origin` (for every line, the script line it came from; lines that came from a stock
 * distribution file have `file` set to `stock:<package>/<path>`).
 */
export interface ReconstructedFile extends SourceFile {
  target: string;
  /** How the file came about, in order: `heredoc`, `tee`, `echo`, `printf`, `sed`, `cp`, `mv`, `stock`. */
  steps: Array<{ op: string; span: Span }>;
  /** False when some step could not be applied exactly (see the diagnostics). */
  exact: boolean;
}

export interface ShellReconstruction {
  script: string;
  files: ReconstructedFile[];
  /** Variables a heredoc or double-quoted string used but the script never set. */
  unexpanded: Array<{ name: string; span: Span }>;
  diagnostics: Diagnostic[];
}
