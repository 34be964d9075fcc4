/**
 * The human report: grouped by component, a mark per check, and for each finding the learner's
 * line as a code frame with a caret, the hint and the docs link; the score last.
 */
import type { CheckResult, CheckStatus, Finding, Report } from './types';
import type { FormatOptions } from './formats';
import { fileName, noWorkflowCommands, visible } from './escape';
import { componentComparator, componentTitle } from './components';

const MARKS: Record<CheckStatus, string> = { pass: '✔', fail: '✖', warn: '!', skip: '○', error: '‼' };

interface Paint {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

function painter(color: boolean): Paint {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return {
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

function statusPaint(p: Paint, s: CheckStatus): (x: string) => string {
  return s === 'pass' ? p.green : s === 'fail' || s === 'error' ? p.red : s === 'warn' ? p.yellow : p.dim;
}

/** Expands tabs so the caret lines up under the column the finding names. */
function visualColumn(line: string, column: number): number {
  let v = 0;
  for (let i = 0; i < column - 1 && i < line.length; i++) v = line[i] === '\t' ? v + 8 - (v % 8) : v + 1;
  return v;
}

export function codeFrame(text: string, line: number, column: number | undefined, p: Paint, context = 1): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (line < 1 || line > lines.length) return [];
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const src = visible(lines[n - 1].replace(/\t/g, '        '));
    const gutter = String(n).padStart(width);
    if (n === line) {
      out.push(`${p.red('>')} ${p.dim(gutter + ' |')} ${src}`);
      if (column && column > 0)
        out.push(`  ${p.dim(' '.repeat(width) + ' |')} ${' '.repeat(visualColumn(lines[n - 1], column))}${p.red('^')}`); // (an escaped control character makes the caret land early: acceptable)
    } else out.push(`  ${p.dim(gutter + ' |')} ${src}`);
  }
  return out;
}

function findingLines(f: Finding, c: CheckResult, p: Paint, opts: FormatOptions): string[] {
  const out: string[] = [];
  const loc = f.file ? `${fileName(f.file)}${f.line ? `:${f.line}${f.column ? `:${f.column}` : ''}` : ''}` : '';
  const isNote = f.severity === 'info' || c.status === 'pass';
  const text = visible(f.message, true);
  const message = isNote ? `${p.cyan('note:')} ${text}` : text;
  const [first, ...more] = message.split('\n');
  out.push(`${loc ? p.bold(loc) + '  ' : ''}${first}`);
  for (const l of more) out.push(`    ${l}`);
  // A code frame for what needs fixing; notes on passing checks stay one line.
  if (f.file && f.line && !isNote) {
    const text = opts.sourceText?.(f.file);
    if (text !== undefined) out.push(...codeFrame(text, f.line, f.column, p));
  }
  for (const r of f.related ?? [])
    out.push(p.dim(`  see ${fileName(r.file)}:${r.line}${r.column ? `:${r.column}` : ''}: ${visible(r.message)}`));
  if (f.hint && !isNote) out.push(`${p.yellow('hint:')} ${visible(f.hint, true)}`);
  return out;
}

/** The addresses the answer was judged with: declared, inferred (with where from), or unknown. */
export function inventoryLines(report: Report, p: Paint): string[] {
  const rows = report.inventory ?? [];
  if (!rows.some((r) => r.origin !== 'inventory')) return [];
  const width = Math.max(...rows.map((r) => r.host.length));
  const out = [
    '',
    p.bold('Inventory') + p.dim(' (the addresses your answer is checked with; add inventory.yaml to set them)'),
  ];
  for (const r of rows) {
    const what =
      r.origin === 'inventory'
        ? `${visible(r.address)}  ${p.dim('from ' + visible(r.from))}`
        : r.origin === 'inferred'
          ? `${visible(r.address)}  ${p.dim('inferred from ' + visible(r.from))}`
          : p.dim('not named in your files');
    out.push(`  ${r.host.padEnd(width)}  ${what}`);
  }
  return out;
}

export function formatPretty(report: Report, opts: FormatOptions = {}): string {
  const p = painter(opts.color ?? false);
  const out: string[] = [];
  out.push(
    `${p.bold(report.tool.name)} ${p.dim(report.tool.version)} · lab ${p.bold(report.lab)} · ${fileName(report.submission)}`,
  );
  if (report.error) {
    out.push('', `${p.red('‼')} This submission could not be checked: ${visible(report.error.message, true)}`, '');
    return noWorkflowCommands(out.join('\n')) + '\n';
  }
  out.push(...inventoryLines(report, p));
  const groups = new Map<string, CheckResult[]>();
  for (const c of report.checks) {
    const list = groups.get(c.component) ?? [];
    list.push(c);
    groups.set(c.component, list);
  }
  const components = [...groups.keys()].sort(componentComparator(opts.components));
  for (const comp of components) {
    const checks = groups.get(comp)!;
    out.push('', p.bold(componentTitle(comp, opts.components)));
    const width = Math.min(60, Math.max(...checks.map((c) => c.title.length)));
    for (const c of checks) {
      const paint = statusPaint(p, c.status);
      const pts = c.maxPoints > 0 ? `${c.points}/${c.maxPoints}` : '';
      out.push(`  ${paint(MARKS[c.status])} ${c.title.padEnd(width)}  ${p.dim(c.id)}${pts ? '  ' + paint(pts) : ''}`);
      const shown = c.findings.filter((f) => c.status !== 'pass' || f.severity === 'info' || f.message);
      for (const f of shown) for (const l of findingLines(f, c, p, opts)) out.push('      ' + l);
      if (c.status === 'fail' || c.status === 'warn' || c.status === 'error')
        out.push('      ' + p.dim(`docs: ${c.docsUrl}`));
    }
  }
  const counts = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  for (const c of report.checks) counts[c.status]++;
  const parts = [`${counts.pass} of ${report.checks.length} checks pass`];
  if (counts.fail) parts.push(`${counts.fail} fail`);
  if (counts.warn) parts.push(`${counts.warn} with warnings`);
  if (counts.error) parts.push(`${counts.error} could not run`);
  if (counts.skip) parts.push(`${counts.skip} skipped`);
  out.push('');
  out.push(
    `${p.bold('Score')} ${report.passed ? p.green(`${report.score}/${report.maxScore}`) : p.red(`${report.score}/${report.maxScore}`)} · ${parts.join(' · ')}`,
  );
  out.push(
    report.passed
      ? p.green('Every required check passes. Well done!')
      : `Fix the ${p.red('✖')} checks above, one at a time: each names the line, a hint and a page that explains it.`,
  );
  // Printed in a CI log, no line may start a workflow command (a file name or a line of the learner's).
  return noWorkflowCommands(out.join('\n')) + '\n';
}
