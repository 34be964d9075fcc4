import type { Diagnostic, SourceFile, Span, LineOrigin } from '../../source';

/**
 * What a provisioning script leaves behind: one reconstructed file per target path. Each
 * `SourceFile` has `target` (the absolute path the script writes, e.g. `/etc/haproxy/haproxy.cfg`)
 * and `origin` (for every line, the script line it came from; lines that came from a stock
 * distribution file have `file` set to `stock:<package>:<path>`, e.g.
 * `stock:nginx-common:/etc/nginx/nginx.conf`). `path` is `<script>#<target>`.
 */
export interface ReconstructedFile extends SourceFile {
  target: string;
  /**
   * How the file came about, in order: `heredoc`, `tee`, `echo`, `printf`, `sed`, `cp`, `mv`, `stock`
   * (and `cat`, `redirect`, `touch`, `truncate`, `ln`, `group`, `sed-backup`, `curl`, `wget`, or the
   * name of another command whose output was redirected into the file).
   */
  steps: Array<{ op: string; span: Span }>;
  /** False when some step could not be applied exactly (see the diagnostics). */
  exact: boolean;
}

export interface ShellReconstruction {
  script: string;
  files: ReconstructedFile[];
  /**
   * Variables the script expands but never sets (bash expands them to nothing), each occurrence
   * with its span, in order (at most 1000). The ones that reach a written file are also reported
   * as `shell/unexpanded-variable` warnings (or `shell/cannot-reconstruct` when in a file name).
   */
  unexpanded: Array<{ name: string; span: Span }>;
  diagnostics: Diagnostic[];
  /** Symbolic links the script creates (`ln -s`), in order; a later `rm` of the link removes it here. */
  links: ShellLink[];
  /** Paths the script removes (`rm`, the source of `mv`), in order. */
  removed: Array<{ path: string; span: Span }>;
  /** Packages the script installs (`apt-get install -y nginx`, `yum install haproxy`...), in order, without versions. */
  packages: Array<{ name: string; span: Span }>;
  /** Firewall commands the script runs (`ufw allow 22/tcp`...), in order, with their words. */
  firewall: Array<{ tool: 'ufw' | 'iptables'; argv: string[]; known: boolean[]; stdin: boolean; span: Span }>;
  /**
   * SQL the script runs through the MySQL/MariaDB client (`mysql -e "..."`, `mysql <<EOF`, `echo ... | mysql`),
   * in order, each with the script line of every SQL line (read as the host's SQL, like a submitted .sql file).
   */
  sql: ShellSql[];
}

/** One client run's statements: `text`, the script line of each of its lines, and the command's span. */
export interface ShellSql {
  text: string;
  origin: Array<LineOrigin | undefined>;
  span: Span;
}

/** A symbolic link made by the script: `path` is the link, `target` what it points to as written, `resolved` the absolute target. */
export interface ShellLink {
  path: string;
  target: string;
  resolved: string;
  span: Span;
}
