/**
 * The codes of the shell parser's and reconstruction's diagnostics, as a type: the reconstruction's
 * `diag()` takes only these, so tsc rejects a code that is not listed. The same codes, as values, are
 * SHELL_DIAGNOSTIC_CODES in index.ts (with their meaning in README.md);
 * test/parsers/shell-codes.test.ts checks that both lists agree and that every code is emitted.
 */
export type ShellDiagnosticCode =
  | 'shell/syntax'
  | 'shell/unterminated-quote'
  | 'shell/heredoc-unterminated'
  | 'shell/crlf'
  | 'shell/unexpanded-variable'
  | 'shell/unbound-variable'
  | 'shell/cannot-reconstruct'
  | 'shell/host-name'
  | 'shell/sed-no-match'
  | 'shell/sed-error'
  | 'shell/sed-replaces-link'
  | 'shell/ln-exists'
  | 'shell/unsupported-construct'
  | 'shell/assumed-new-file'
  | 'shell/relative-target'
  | 'shell/unreachable'
  | 'shell/printf-error'
  | 'shell/internal';
