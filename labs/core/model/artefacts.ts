/**
 * Terminal artefacts pasted into a configuration file: what a learner copies from a terminal along
 * with the config. A shell prompt line (`ubuntu@web-01:~$ cat /etc/haproxy/haproxy.cfg`,
 * `root@web-01:/etc/nginx# `, `[root@lb ~]# cat ...`), nano's title bar (`  GNU nano 6.2
 * /etc/nginx/sites-available/default`), nano's status line (`[ Wrote 42 lines ]`), nano's help
 * lines (`^G Help  ^O Write Out  ^W Where Is ...`), and a `$ ` prompt before every line.
 *
 * Only runs of such lines at the top and at the bottom of the file are taken (blank lines between
 * them too), and only lines no configuration syntax would accept. They are blanked out (line
 * numbers kept) so the rest of the file is checked as the config it is, and each run becomes one
 * `source/terminal-artefact` warning. Pure: no I/O.
 */
import type { Diagnostic } from '../source';

export interface ArtefactResult {
  /** The text with each artefact line emptied (same number of lines), or the text itself when there is none. */
  text: string;
  diagnostics: Diagnostic[];
}

type Kind = 'prompt' | 'nano-title' | 'nano-status' | 'nano-help' | 'dollar-prefix';

const WHAT: Record<Kind, string> = {
  prompt: 'a shell prompt copied from the terminal',
  'nano-title': "nano's title bar",
  'nano-status': "nano's status line",
  'nano-help': "nano's help lines (the shortcut list at the bottom of the editor)",
  'dollar-prefix': 'a `$ ` prompt before every line',
};

/** `user@host:path$ cmd`, `root@web-01:/etc/nginx# `, `[root@lb-01 ~]# cmd`, `user@host $ cmd`. */
const PROMPT = /^\s*(?:\[[\w.-]+@[\w.-]+(?: [^\]]*)?\]|[\w.-]+@[\w.-]+(?::[^\s$#]*)?)\s?[$#](?:\s.*)?$/;
/** `$ cat /etc/haproxy/haproxy.cfg`, `$ sudo nano /etc/nginx/sites-available/default`: a prompt and a command that shows or edits a file. */
const DOLLAR_COMMAND =
  /^\s*\$\s+(?:sudo\s+(?:-\S+\s+)*)?(?:cat|nano|vi|vim|less|more|head|tail|sudoedit|editor|emacs|micro|tee|bat)\b.*$/;
const NANO_TITLE = /^\s*GNU nano \d+(?:\.\d+)*\b/;
const NANO_STATUS =
  /^\s*\[ (?:Read|Wrote|New File|Cancelled|Saved|Justified|No Replacement|Modified|File Name to Write)\b[^\]]*\]\s*$/;
/** Two or more nano shortcuts (`^G Help`, `^O Write Out`, `M-U Undo`) on one line. */
const NANO_SHORTCUT = /(?:^|\s)(?:\^[A-Z_\\\]]|M-[A-Z0-9\]^]) ?[A-Z][A-Za-z]*/g;
/** One shortcut and its label (`^X Exit`, `M-U Undo`, `^/ Go To Line`): a help line cut short is only these. */
const NANO_KEY = /^(?:\^\S|M-\S) [A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*){0,2}$/;

function kindOf(line: string): Kind | undefined {
  const t = line.trim();
  if (t === '') return undefined;
  // a line that ends like a directive or a block is never taken for an artefact
  if (/[;{}]\s*$/.test(t)) return undefined;
  if (NANO_TITLE.test(line)) return 'nano-title';
  if (NANO_STATUS.test(line)) return 'nano-status';
  if (
    /^(?:\^|M-)/.test(t) &&
    ((t.match(NANO_SHORTCUT) ?? []).length >= 2 || t.split(/\s{2,}/).every((x) => NANO_KEY.test(x)))
  )
    return 'nano-help';
  if (PROMPT.test(line) || DOLLAR_COMMAND.test(line)) return 'prompt';
  return undefined;
}

/**
 * Finds terminal artefacts at the top and bottom of `text` (a learner's file named `file`). The
 * caller decides whether to use the cleaned text (only when what remains is a configuration).
 */
/** The first and last `n` lines (without splitting the whole text: a file may have millions). */
function ends(text: string, n: number): string[] {
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < n && at <= text.length; i++) {
    const nl = text.indexOf('\n', at);
    out.push(text.slice(at, nl === -1 ? text.length : nl));
    if (nl === -1) return out;
    at = nl + 1;
  }
  let end = text.length;
  for (let i = 0; i < n && end > at; i++) {
    const nl = text.lastIndexOf('\n', end - 1);
    out.push(text.slice(nl + 1, end));
    end = nl === -1 ? 0 : nl;
  }
  return out;
}

export function stripTerminalArtefacts(file: string, text: string): ArtefactResult {
  if (text.length > 10_000_000) return { text, diagnostics: [] };
  // Fast path: artefacts sit at the ends (at most 8 non-blank lines each, after blank ones), and a `$ `
  // before every line shows in the first one; nothing there means nothing to do, whatever the file's size.
  const edge = ends(text, 64);
  if (!edge.some((l) => /^\s*\$ /.test(l) || kindOf(l.replace(/\r$/, '')))) return { text, diagnostics: [] };
  const lines = text.split('\n');
  const found: Array<{ line: number; kind: Kind; text: string }> = [];
  const cleaned = [...lines];

  // a `$ ` before every non-blank line: the prompt goes, the rest of each line stays
  const nonBlank = lines.filter((l) => l.trim() !== '');
  if (nonBlank.length >= 2 && nonBlank.every((l) => /^\s*\$ /.test(l))) {
    const first = lines.findIndex((l) => l.trim() !== '');
    for (let i = 0; i < lines.length; i++) if (lines[i].trim() !== '') cleaned[i] = lines[i].replace(/^(\s*)\$ /, '$1');
    found.push({ line: first + 1, kind: 'dollar-prefix', text: lines[first] });
  } else {
    const take = (from: number, step: 1 | -1, stop: number): number => {
      let i = from;
      let last = from - step;
      let seen = 0;
      // at most 8 artefact lines at each end (a prompt, a title bar, two help lines, a status line...)
      for (; i > stop && i < lines.length && seen < 8; i += step) {
        const k = kindOf(lines[i].replace(/\r$/, ''));
        if (lines[i].trim() === '') continue;
        if (!k) break;
        found.push({ line: i + 1, kind: k, text: lines[i].replace(/\r$/, '') });
        cleaned[i] = '';
        last = i;
        seen++;
      }
      return last;
    };
    const top = take(0, 1, -1);
    // the bottom run stops at the top run; a file that is all artefacts is left as it is
    take(lines.length - 1, -1, top);
    if (cleaned.every((l) => l.trim() === '')) return { text, diagnostics: [] };
  }
  if (!found.length) return { text, diagnostics: [] };

  // one finding per run of the same artefact (nano's two help lines are one finding)
  found.sort((a, b) => a.line - b.line);
  const diagnostics: Diagnostic[] = [];
  for (let k = 0; k < found.length; k++) {
    const f = found[k];
    let end = f;
    while (k + 1 < found.length && found[k + 1].kind === f.kind && found[k + 1].line <= end.line + 2) end = found[++k];
    const shown = f.text.trim().length > 80 ? f.text.trim().slice(0, 77) + '...' : f.text.trim();
    const where = end.line === f.line ? `line ${f.line}` : `lines ${f.line}-${end.line}`;
    const col = f.text.length - f.text.trimStart().length + 1;
    diagnostics.push({
      code: 'source/terminal-artefact',
      severity: 'warning',
      message:
        f.kind === 'dollar-prefix'
          ? `every line of ${file} starts with \`$ \` (${WHAT[f.kind]}), pasted from a terminal: the service would refuse the file; it was checked without the prompts`
          : `${where} of ${file} is ${WHAT[f.kind]} (\`${shown}\`), not configuration: the service would refuse the file; the rest was checked as the configuration it is`,
      span: { file, line: f.line, column: col, endLine: end.line, endColumn: end.text.length + 1 },
      hint: "Copy only the configuration into the file (e.g. `cat /etc/haproxy/haproxy.cfg` on the server into the host's folder, or `scp`), not the terminal or editor screen around it.",
    });
  }
  return { text: cleaned.join('\n'), diagnostics };
}
