/**
 * Everything `grade` writes, from a list of grade records. Pure functions from records to text (so
 * a merged run and a single run give identical files), plus `writeOutputs`, which writes them with
 * atomic renames. Outputs are sorted by learner id and carry no timestamps or durations (except
 * results.jsonl, which holds the check-lab reports as they are).
 */
import { codeSpan, htmlText, mdText, noWorkflowCommands, visible } from '../../core/report/escape';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, Finding, Report } from '../../core/report/types';
import { csvLine } from './csv';
import type { GradeRecord } from './journal';
import { nearDuplicates, type SimilarPair, type SimilarityOptions } from './similarity';
import { writeFileAtomic } from './journal';

export interface CheckColumn {
  id: string;
  title: string;
  component: string;
  hidden: boolean;
  maxPoints: number;
  docsUrl: string;
}

export interface OutputOptions {
  lab: string;
  gradescope?: boolean;
  junit?: boolean;
  similarity?: SimilarityOptions;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function sortRecords(records: GradeRecord[]): GradeRecord[] {
  return [...records].sort((a, b) => cmp(a.learner, b.learner));
}

/** The union of every report's checks, in the order the reports list them (deterministic for a set of records). */
export function checkColumns(records: GradeRecord[]): CheckColumn[] {
  const cols = new Map<string, CheckColumn>();
  const order: string[] = [];
  for (const r of sortRecords(records)) {
    let prev: string | undefined;
    for (const c of r.report.checks) {
      if (!cols.has(c.id)) {
        cols.set(c.id, {
          id: c.id,
          title: c.title,
          component: c.component,
          hidden: !!c.hidden,
          maxPoints: c.maxPoints,
          docsUrl: c.docsUrl,
        });
        // Insert after the previous check of this report, so partial reports keep the spec's order.
        const at = prev === undefined ? -1 : order.indexOf(prev);
        order.splice(at + 1, 0, c.id);
      }
      prev = c.id;
    }
  }
  return order.map((id) => cols.get(id) as CheckColumn);
}

/** The lab's maximum score: the most common maxScore among graded reports (error rows have none). */
export function labMax(records: GradeRecord[]): number {
  const freq = new Map<number, number>();
  for (const r of records)
    if (r.status === 'pass' || r.status === 'fail') freq.set(r.report.maxScore, (freq.get(r.report.maxScore) ?? 0) + 1);
  let best = 0;
  let n = -1;
  for (const [v, c] of [...freq.entries()].sort((a, b) => a[0] - b[0])) if (c > n) [best, n] = [v, c];
  return best;
}

function fmtNum(n: number): number {
  return Math.round(n * 100) / 100;
}

// ------------------------------------------------------------------------------------- gradebook

export function gradebookCsv(records: GradeRecord[]): string {
  const cols = checkColumns(records);
  const max = labMax(records);
  let out = csvLine([
    'learner',
    'name',
    'email',
    'status',
    'score',
    'max',
    'passed',
    'note',
    ...cols.map((c) => (c.hidden ? `${c.id} [hidden]` : c.id)),
  ]);
  for (const r of sortRecords(records)) {
    const by = new Map(r.report.checks.map((c) => [c.id, c]));
    const graded = r.status === 'pass' || r.status === 'fail';
    const note = r.report.error ? r.report.error.message : r.notes.join('; ');
    out += csvLine([
      r.learner,
      r.name,
      r.email,
      r.status,
      fmtNum(r.report.score),
      graded ? r.report.maxScore : max,
      r.status === 'pass',
      note,
      ...cols.map((c) => {
        const x = by.get(c.id);
        // Scored checks give their points; unscored ones (live probes, submission notes) their status.
        return x ? (x.maxPoints > 0 ? fmtNum(x.points) : x.status) : '';
      }),
    ]);
  }
  return out;
}

export function resultsJsonl(records: GradeRecord[]): string {
  return sortRecords(records)
    .map((r) => JSON.stringify(r.report) + '\n')
    .join('');
}

// -------------------------------------------------------------------------------------- feedback

function where(f: Finding): string {
  if (!f.file) return '';
  return codeSpan(`${f.file}${f.line ? `:${f.line}` : ''}${f.line && f.column ? `:${f.column}` : ''}`);
}

/** Messages and hints are written with Markdown code spans; raw HTML is neutralised, control characters shown (`\x1b`). */
function mdEscape(s: string): string {
  // (a message's own line breaks stay inside its list item)
  return noWorkflowCommands(mdText(s)).replace(/\n/g, '\n  ');
}

function encouragement(score: number, max: number): string {
  const r = max > 0 ? score / max : 0;
  if (r >= 1) return 'Everything the checker looks at is right. Well done: this is a solid, working design.';
  if (r >= 0.8) return 'You are very close: most of the design is right, and the few points below are quick to fix.';
  if (r >= 0.5)
    return 'A good part of the design is already in place. Work through the points below one at a time; each comes with a hint and a page to read.';
  return 'This lab has many moving parts, and it is normal to need several passes. Start with the first point below: each one comes with a hint and a page that explains it.';
}

export function feedbackMd(r: GradeRecord, lab: string, max: number): string {
  const lines: string[] = [`# ${lab}: feedback for ${mdEscape(r.name ?? r.learner)}`, ''];
  if (r.status === 'missing') {
    lines.push(
      'We did not find a submission for you in this grading run.',
      '',
      'If you did submit, please contact your instructor with the name of your folder, archive or repository.',
      '',
    );
    return lines.join('\n');
  }
  if (r.report.error) {
    lines.push(
      `**Your submission could not be graded:** ${mdEscape(r.report.error.message)}`,
      '',
      'This is not a judgement of your work. Please check that your archive or repository opens and holds your answer folders, then submit again, or contact your instructor.',
      '',
    );
    if (r.notes.length) lines.push('## Notes', '', ...r.notes.map((n) => `- ${mdEscape(n)}`), '');
    return lines.join('\n');
  }
  const visible = r.report.checks.filter((c) => !c.hidden);
  const hidden = r.report.checks.length - visible.length;
  const passed = visible.filter((c) => c.status === 'pass');
  const failed = visible.filter((c) => c.status === 'fail' || c.status === 'error');
  const warned = visible.filter((c) => c.status === 'warn');
  lines.push(
    `**Score: ${fmtNum(r.report.score)} / ${r.report.maxScore || max}**, ${passed.length} of ${visible.length} checks passed.`,
    '',
    encouragement(r.report.score, r.report.maxScore || max),
    '',
  );
  const block = (c: CheckResult): void => {
    lines.push(`### ${mdEscape(c.title)} (\`${c.id}\`)`, '');
    if (c.maxPoints > 0) lines.push(`${fmtNum(c.points)} of ${c.maxPoints} point${c.maxPoints === 1 ? '' : 's'}.`, '');
    if (c.status === 'error')
      lines.push(
        'The checker could not finish this check on your files (this is not your mistake). Your instructor has been told.',
        '',
      );
    const hints = new Set<string>();
    for (const f of c.findings) {
      if (f.severity === 'info' && c.status !== 'warn') continue;
      const w = where(f);
      lines.push(`- ${w ? `${w}: ` : ''}${mdEscape(f.message)}`);
      if (f.hint && !hints.has(f.hint)) {
        hints.add(f.hint);
        lines.push(`  - Hint: ${mdEscape(f.hint)}`);
      }
    }
    if (c.findings.length) lines.push('');
    lines.push(`Read more: ${c.docsUrl}`, '');
  };
  if (failed.length) {
    lines.push('## What to fix', '');
    failed.forEach(block);
  }
  if (warned.length) {
    lines.push('## Worth a look (no points lost)', '');
    warned.forEach(block);
  }
  if (passed.length) {
    lines.push('## What you got right', '', ...passed.map((c) => `- ${mdEscape(c.title)} (\`${c.id}\`)`), '');
  }
  if (r.notes.length) lines.push('## Notes about your files', '', ...r.notes.map((n) => `- ${mdEscape(n)}`), '');
  if (hidden > 0)
    lines.push(
      `Your instructor also graded ${hidden} further check${hidden === 1 ? '' : 's'} that ${hidden === 1 ? 'is' : 'are'} not listed here; the score above includes ${hidden === 1 ? 'it' : 'them'}.`,
      '',
    );
  lines.push('Run `npm run check-lab` in your answer folder to see these results, with your lines, as you work.', '');
  return noWorkflowCommands(lines.join('\n'));
}

// ------------------------------------------------------------------------------------ gradescope

export function gradescopeJson(r: GradeRecord, lab: string): string {
  const tests = r.report.checks.map((c, i) => {
    const out = c.findings
      .filter((f) => f.severity !== 'info' || c.status === 'warn')
      .map(
        (f) =>
          `- ${where(f) ? `${where(f)}: ` : ''}${mdEscape(f.message)}${f.hint ? `\n  - Hint: ${mdEscape(f.hint)}` : ''}`,
      )
      .join('\n');
    return {
      name: `${c.title} (${c.id})`,
      number: String(i + 1),
      score: c.points,
      max_score: c.maxPoints,
      status: c.status === 'pass' || c.status === 'warn' || c.status === 'skip' ? 'passed' : 'failed',
      output: `${out}${out ? '\n\n' : ''}Read more: ${c.docsUrl}`,
      output_format: 'md',
      tags: [c.component],
      visibility: c.hidden ? 'hidden' : 'visible',
    };
  });
  const output = r.report.error
    ? `Your submission could not be graded: ${mdEscape(r.report.error.message)}`
    : r.status === 'missing'
      ? 'No submission was found for you.'
      : `${lab}: ${fmtNum(r.report.score)} / ${r.report.maxScore}`;
  return JSON.stringify({ score: r.report.score, output, output_format: 'md', tests }, null, 2) + '\n';
}

// ------------------------------------------------------------------------------------------ junit

function xml(s: string): string {
  // XML 1.0 forbids most control characters even as references.
  return visible(s, true).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function junitXml(records: GradeRecord[], lab: string): string {
  const sorted = sortRecords(records);
  const suites: string[] = [];
  let T = 0;
  let F = 0;
  let E = 0;
  let S = 0;
  for (const r of sorted) {
    const cases: string[] = [];
    let t = 0;
    let f = 0;
    let e = 0;
    let s = 0;
    if (r.report.error || r.status === 'missing') {
      t = 1;
      e = 1;
      const msg = r.report.error?.message ?? 'no submission found';
      cases.push(
        `    <testcase classname="${xml(r.learner)}.submission" name="submission"><error message="${xml(msg)}" type="${xml(r.report.error?.code ?? 'missing')}">${xml(msg)}</error></testcase>`,
      );
    } else {
      for (const c of r.report.checks) {
        t++;
        const first = c.findings.find((x) => x.file);
        const attrs = `classname="${xml(r.learner)}.${xml(c.component)}" name="${xml(c.id)}"${first?.file ? ` file="${xml(first.file)}"` : ''}${first?.line ? ` line="${first.line}"` : ''}`;
        const body = c.findings
          .map(
            (x) =>
              `${x.file ? `${x.file}${x.line ? `:${x.line}` : ''}${x.line && x.column ? `:${x.column}` : ''} ` : ''}${x.message} (${c.id})`,
          )
          .join('\n');
        if (c.status === 'fail') {
          f++;
          cases.push(
            `    <testcase ${attrs}><failure message="${xml(c.findings[0]?.message ?? c.title)}" type="${xml(c.severity)}">${xml(body)}</failure></testcase>`,
          );
        } else if (c.status === 'error') {
          e++;
          cases.push(
            `    <testcase ${attrs}><error message="${xml(c.findings[0]?.message ?? 'check error')}">${xml(body)}</error></testcase>`,
          );
        } else if (c.status === 'skip') {
          s++;
          cases.push(`    <testcase ${attrs}><skipped/></testcase>`);
        } else cases.push(`    <testcase ${attrs}/>`);
      }
    }
    T += t;
    F += f;
    E += e;
    S += s;
    suites.push(
      `  <testsuite name="${xml(r.learner)}" tests="${t}" failures="${f}" errors="${e}" skipped="${s}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return noWorkflowCommands(
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="web-infra-lab grade ${xml(lab)}" tests="${T}" failures="${F}" errors="${E}" skipped="${S}">\n${suites.join('\n')}\n</testsuites>\n`,
  );
}

// ------------------------------------------------------------------------------------------- html

function h(s: string | number): string {
  return htmlText(s);
}

interface Mistake {
  checkId: string;
  title: string;
  messageId: string;
  count: number;
  example: { learner: string; file?: string; line?: number; message: string };
}

export function commonMistakes(records: GradeRecord[]): Mistake[] {
  const m = new Map<string, Mistake>();
  for (const r of sortRecords(records)) {
    for (const c of r.report.checks) {
      if (c.status !== 'fail' && c.status !== 'error') continue;
      const seen = new Set<string>();
      for (const f of c.findings) {
        if (f.severity === 'info') continue;
        const key = `${c.id}\u0000${f.messageId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const x = m.get(key);
        if (x) x.count++;
        else
          m.set(key, {
            checkId: c.id,
            title: c.title,
            messageId: f.messageId,
            count: 1,
            example: { learner: r.learner, file: f.file, line: f.line, message: f.message },
          });
      }
    }
  }
  return [...m.values()].sort(
    (a, b) => b.count - a.count || cmp(a.checkId, b.checkId) || cmp(a.messageId, b.messageId),
  );
}

function barChart(cols: CheckColumn[], rate: (id: string) => { pass: number; total: number }): string {
  const rowH = 22;
  const labelW = 300;
  const barW = 360;
  const H = cols.length * rowH + 10;
  const rows = cols.map((c, i) => {
    const { pass, total } = rate(c.id);
    const p = total ? pass / total : 0;
    const y = i * rowH + 4;
    const colour = p >= 0.8 ? '#2e7d32' : p >= 0.5 ? '#f9a825' : '#c62828';
    return (
      `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${h(c.id)}${c.hidden ? ' [hidden]' : ''}</text>` +
      `<rect x="${labelW}" y="${y}" width="${barW}" height="${rowH - 6}" fill="#eee"/>` +
      `<rect x="${labelW}" y="${y}" width="${Math.round(barW * p)}" height="${rowH - 6}" fill="${colour}"><title>${h(c.title)}: ${pass}/${total}</title></rect>` +
      `<text x="${labelW + barW + 6}" y="${y + 14}">${Math.round(p * 100)}% (${pass}/${total})</text>`
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + 110}" height="${H}" role="img" aria-label="Pass rate per check" font-size="12" font-family="sans-serif">${rows.join('')}</svg>`;
}

function histogram(values: number[], max: number): string {
  const bins = 10;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((max > 0 ? v / max : 0) * bins))]++;
  const top = Math.max(1, ...counts);
  const W = 40;
  const H = 160;
  const bars = counts.map((c, i) => {
    const bh = Math.round((c / top) * H);
    const x = 30 + i * (W + 4);
    return `<rect x="${x}" y="${10 + H - bh}" width="${W}" height="${bh}" fill="#1565c0"><title>${c}</title></rect><text x="${x + W / 2}" y="${H + 24}" text-anchor="middle">${i * 10}%</text><text x="${x + W / 2}" y="${10 + H - bh - 3}" text-anchor="middle">${c || ''}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${30 + bins * (W + 4) + 20}" height="${H + 40}" role="img" aria-label="Score distribution" font-size="11" font-family="sans-serif"><line x1="28" y1="${H + 10}" x2="${30 + bins * (W + 4)}" y2="${H + 10}" stroke="#555"/>${bars.join('')}</svg>`;
}

export function reportHtml(records: GradeRecord[], lab: string, pairs: SimilarPair[]): string {
  const sorted = sortRecords(records);
  const cols = checkColumns(sorted);
  const max = labMax(sorted);
  const graded = sorted.filter((r) => r.status === 'pass' || r.status === 'fail');
  const rateOf = (id: string): { pass: number; total: number } => {
    let pass = 0;
    let total = 0;
    for (const r of graded) {
      const c = r.report.checks.find((x) => x.id === id);
      if (!c || c.status === 'skip') continue;
      total++;
      if (c.status === 'pass' || c.status === 'warn') pass++;
    }
    return { pass, total };
  };
  const counts = { pass: 0, fail: 0, error: 0, missing: 0 };
  for (const r of sorted) counts[r.status]++;
  const scores = graded.map((r) => r.report.score);
  const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0;
  const median = scores.length ? [...scores].sort((a, b) => a - b)[Math.floor((scores.length - 1) / 2)] : 0;
  const mistakes = commonMistakes(sorted).slice(0, 15);
  const css = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.pass{color:#2e7d32}.fail{color:#c62828}.error{color:#6a1b9a}.missing{color:#777}
.kpi{display:flex;gap:1rem;flex-wrap:wrap}.kpi div{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem}
code,pre{font-family:ui-monospace,monospace;font-size:.85rem}pre{background:#f7f7f7;padding:.5rem;overflow:auto}
.note{color:#555;font-size:.9rem}`;
  const parts: string[] = [];
  parts.push(
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${h(lab)}: class report</title><style>${css}</style></head><body>`,
  );
  parts.push(`<h1>${h(lab)}: class report</h1>`);
  parts.push(
    `<div class="kpi"><div><b>${sorted.length}</b> learners</div><div class="pass"><b>${counts.pass}</b> passed</div><div class="fail"><b>${counts.fail}</b> not yet</div><div class="error"><b>${counts.error}</b> could not be graded</div>${counts.missing ? `<div class="missing"><b>${counts.missing}</b> missing</div>` : ''}<div>mean <b>${fmtNum(mean)}</b> / ${max}</div><div>median <b>${fmtNum(median)}</b> / ${max}</div></div>`,
  );
  parts.push(
    `<h2>Pass rate per check</h2><p class="note">Share of graded submissions that pass each check (warnings count as passing). Hidden checks are instructor-only.</p>${barChart(cols, rateOf)}`,
  );
  parts.push(`<h2>Score distribution</h2>${histogram(scores, max)}`);
  parts.push('<h2>Most common mistakes</h2>');
  if (mistakes.length === 0) parts.push('<p>None: every graded submission passes every check.</p>');
  else {
    parts.push('<table><tr><th>Learners</th><th>Check</th><th>Mistake</th><th>Example</th></tr>');
    for (const m of mistakes) {
      const ex = m.example;
      parts.push(
        `<tr><td>${m.count}</td><td><code>${h(m.checkId)}</code><br>${h(m.title)}</td><td><code>${h(m.messageId)}</code></td><td>${h(ex.learner)}${ex.file ? `: <code>${h(ex.file)}${ex.line ? `:${ex.line}` : ''}</code>` : ''}<br>${h(ex.message)}</td></tr>`,
      );
    }
    parts.push('</table>');
  }
  parts.push(
    '<h2>Near-duplicate submissions</h2><p class="note">An aid, never a verdict: pairs whose configurations, once normalised (comments, spacing, addresses, names and passwords removed) and stripped of the reference solution and of lines much of the class shares, are very similar. Look at them before drawing any conclusion.</p>',
  );
  if (pairs.length === 0) parts.push('<p>No pair above the threshold.</p>');
  else {
    parts.push('<table><tr><th>Learners</th><th>Similarity</th><th>Shared lines</th></tr>');
    for (const p of pairs) {
      const shown = p.shared.slice(0, 30);
      parts.push(
        `<tr><td>${h(p.a)}<br>${h(p.b)}</td><td>${Math.round(p.similarity * 100)}%<br><span class="note">${p.shared.length} shared of ${p.sizeA} / ${p.sizeB}</span></td><td><details><summary>${p.shared.length} shared line${p.shared.length === 1 ? '' : 's'}</summary><pre>${h(shown.join('\n'))}${p.shared.length > shown.length ? `\n… ${p.shared.length - shown.length} more` : ''}</pre></details></td></tr>`,
      );
    }
    parts.push('</table>');
  }
  parts.push(
    '<h2>Learners</h2><table><tr><th>Learner</th><th>Name</th><th>Status</th><th>Score</th><th>Failed checks</th></tr>',
  );
  for (const r of sorted) {
    const failed = r.report.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => c.id);
    const detail = r.report.error ? h(r.report.error.message) : failed.map((id) => `<code>${h(id)}</code>`).join(' ');
    parts.push(
      `<tr><td>${h(r.learner)}</td><td>${h(r.name ?? '')}</td><td class="${r.status}">${r.status}</td><td>${r.status === 'pass' || r.status === 'fail' ? `${fmtNum(r.report.score)} / ${r.report.maxScore}` : '–'}</td><td>${detail}</td></tr>`,
    );
  }
  parts.push('</table></body></html>\n');
  return parts.join('\n');
}

// ------------------------------------------------------------------------------------------ write

/** Writes a folder of files atomically: into a sibling temp folder, then swapped in with renames. */
function writeDirAtomic(dir: string, files: Map<string, string>): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [name, text] of files) {
    const p = join(tmp, name);
    if (name.includes('/')) mkdirSync(join(p, '..'), { recursive: true });
    // The folder is swapped in whole, so each file needs no rename (and no fsync) of its own.
    writeFileSync(p, text);
  }
  const old = `${dir}.old-${process.pid}`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
}

export interface WrittenSummary {
  files: string[];
  pairs: SimilarPair[];
}

export function writeOutputs(outDir: string, records: GradeRecord[], opts: OutputOptions): WrittenSummary {
  const sorted = sortRecords(records);
  const max = labMax(sorted);
  mkdirSync(outDir, { recursive: true });
  const pairs = nearDuplicates(
    sorted
      .filter((r) => r.status === 'pass' || r.status === 'fail')
      .map((r) => ({ learner: r.learner, features: r.features })),
    opts.similarity,
  );
  const files: string[] = [];
  const put = (name: string, text: string): void => {
    writeFileAtomic(join(outDir, name), text);
    files.push(name);
  };
  writeDirAtomic(
    join(outDir, 'feedback'),
    new Map(sorted.map((r) => [`${r.learner}.md`, feedbackMd(r, opts.lab, max)])),
  );
  files.push('feedback/');
  if (opts.gradescope) {
    writeDirAtomic(
      join(outDir, 'gradescope'),
      new Map(sorted.map((r) => [`${r.learner}/results.json`, gradescopeJson(r, opts.lab)])),
    );
    files.push('gradescope/');
  }
  if (opts.junit) put('junit.xml', junitXml(sorted, opts.lab));
  put('near-duplicates.json', JSON.stringify(pairs, null, 2) + '\n');
  put('report.html', reportHtml(sorted, opts.lab, pairs));
  put('results.jsonl', resultsJsonl(sorted));
  // The gradebook last: its presence means the run's outputs are complete.
  put('gradebook.csv', gradebookCsv(sorted));
  return { files, pairs };
}

export type { Report };
