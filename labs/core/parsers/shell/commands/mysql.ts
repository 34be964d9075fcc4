/**
 * `mysql` / `mariadb`: the SQL a script runs through the client, from `-e`/`--execute` or its standard input
 * (a heredoc, `echo ... |`, a file the script wrote), recorded for the model to read as the host's SQL
 * (labs/core/model/build.ts), as it reads a submitted .sql file. It prints nothing the script uses.
 */
import { appendPieces, contentText, emptyContent } from '../content';
import type { MPiece } from '../interp/state';
import type { Call, CommandResult, Interp } from '../interp/walk';

/** Short options that take a value (attached, `-uroot`, or as the next word, `-u root`). */
const SHORT_WITH_VALUE = new Set(['u', 'h', 'P', 'D', 'S', 'e']);

export function mysql(it: Interp, c: Call): CommandResult {
  let sql: MPiece[] | undefined;
  for (let k = 1; k < c.argvP.length; k++) {
    const a = c.argv[k];
    if (a === '--execute' || a === '-e') {
      if (k + 1 < c.argvP.length) sql = c.argvP[++k];
      continue;
    }
    if (a.startsWith('--execute=')) {
      sql = sliced(c.argvP[k], '--execute='.length);
      continue;
    }
    if (/^-[^-]/.test(a)) {
      // a cluster of short flags, the first that takes a value ending it (`-uroot`, `-pSECRET`, `-e"..."`)
      for (let i = 1; i < a.length; i++) {
        const f = a[i];
        if (f === 'p') break; // -p prompts, -pSECRET carries the password: never the next word
        if (SHORT_WITH_VALUE.has(f)) {
          const attached = i + 1 < a.length;
          if (f === 'e') sql = attached ? sliced(c.argvP[k], i + 1) : c.argvP[++k];
          else if (!attached) k++;
          break;
        }
      }
    }
  }
  const pieces = sql ?? c.stdin;
  if (pieces && it.sql.length < 1000) {
    const content = emptyContent();
    appendPieces(content, pieces, it.file);
    const text = contentText(content);
    if (text.trim() && !pieces.every((p) => p.mark?.kind === 'unknown'))
      it.sql.push({ text, origin: content.lines.map((l) => l.origin), span: c.span });
  }
  return { out: [], name: c.name };
}

/** The pieces of a word without its first `n` characters (`--execute=` or `-e` glued to the SQL). */
function sliced(word: MPiece[], n: number): MPiece[] {
  const out: MPiece[] = [];
  let skip = n;
  for (const p of word) {
    if (skip >= p.text.length) {
      skip -= p.text.length;
      continue;
    }
    out.push(skip ? { ...p, text: p.text.slice(skip) } : p);
    skip = 0;
  }
  return out;
}
