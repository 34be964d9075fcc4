/**
 * Reconstructs the files a provisioning script leaves behind, without running it.
 *
 * The script is parsed (lexer.ts, parser.ts), then walked once, in order: variables are tracked,
 * words are expanded as bash expands them, and every command that writes a file (redirections,
 * `tee`, `sed -i`, `cp`, `mv`, `ln -s`, `rm`, `touch`) updates an in-memory file table whose lines
 * remember the script line they came from. Control flow is not executed: a loop body runs once,
 * every `if` branch runs, and each write inside one says so in a diagnostic.
 *
 * The parts: interp/state.ts (shared values, positions, diagnostics), interp/files.ts (the file
 * table), interp/expand.ts (word and parameter expansion), interp/walk.ts (the control-flow walk),
 * and commands/ (one module per command or family, in the table of commands/index.ts).
 */
import { LineCounter, type Diagnostic } from '../../source';
import type { ShellReconstruction } from './ast';
import { COMMANDS } from './commands';
import { pushAll, type ReconstructOptions } from './interp/state';
import { Interp } from './interp/walk';
import { parseShellStream, problemsToDiagnostics } from './parser';

export type { ReconstructOptions } from './interp/state';
export type { StockFile } from './stock/types';

/**
 * Reconstructs every file a provisioning script leaves behind. Never throws.
 *
 * `file` is the script's submission-relative path (used in spans and origins); `text` its text.
 */
export function reconstructScript(file: string, text: string, opts: ReconstructOptions = {}): ShellReconstruction {
  const lc = new LineCounter(text);
  const it = new Interp(file, text, opts, lc, COMMANDS);
  const diagnostics: Diagnostic[] = [];
  // each top-level command runs as soon as it is parsed, and is then dropped (bounded memory)
  let internal = false;
  const problems = parseShellStream(text, (item) => {
    try {
      it.run(item.node);
    } catch (e) {
      if (internal) return;
      internal = true;
      diagnostics.push({
        code: 'shell/internal',
        severity: 'error',
        message: `internal error while reconstructing the script: ${e instanceof Error ? e.message : String(e)}`,
        span: lc.span(file, item.node.off, item.node.end),
      });
    }
  });
  pushAll(diagnostics, problemsToDiagnostics(file, lc, problems));
  const crlf = text.indexOf('\r\n');
  if (crlf !== -1) {
    const line = lc.position(crlf).line;
    diagnostics.push({
      code: 'shell/crlf',
      severity: 'warning',
      message:
        "this script has Windows (CRLF) line endings: bash reads each \\r as part of the line, so commands fail ($'\\r': command not found) and the files it writes get a \\r at the end of their lines; the reconstruction shows what bash would do",
      span: { file, line, column: crlf - lc.lineStart(line) + 1 },
      hint: "Save the script with Unix (LF) line endings, e.g. `sed -i 's/\\r$//' script.sh` or `dos2unix script.sh`.",
    });
  }
  pushAll(diagnostics, it.diags);
  diagnostics.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
  return {
    script: file,
    files: it.results(),
    unexpanded: it.unexpanded,
    links: [...it.linkList.values()],
    removed: it.removed,
    packages: it.packages,
    firewall: it.firewall,
    sql: it.sql,
    diagnostics,
  };
}
