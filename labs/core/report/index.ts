/**
 * Formatters: pure functions over the same Report. Every output format is derived here, once:
 * pretty (people), json (the contract), junit (CI test views), sarif (code scanning),
 * github (workflow-command annotations) and gradescope (autograder results.json).
 */
import { codeSpan, mdText, noWorkflowCommands, visible } from './escape';
import type { CheckResult, Finding, InventoryRow, Report } from './types';
import { formatPretty } from './pretty';

import type { FormatName, FormatOptions } from './formats';

export { FORMATS, type FormatName, type FormatOptions } from './formats';

export function formatReport(report: Report, format: FormatName, opts: FormatOptions = {}): string {
  switch (format) {
    case 'pretty':
      return formatPretty(report, opts);
    case 'json':
      return formatJson(report);
    case 'junit':
      return formatJunit([report]);
    case 'sarif':
      return formatSarif(report);
    case 'github':
      return formatGithub(report, opts);
    case 'gradescope':
      return JSON.stringify(toGradescope(report, opts), null, 2) + '\n';
  }
}

export { formatPretty };

/** Findings listed per check; the rest are counted in one note (issue 12: 500,000 unknown keys made a 263 MB report). */
export const MAX_FINDINGS_PER_CHECK = 100;

/**
 * Caps every check's findings at `max` (errors first kept in their order, then the others), with one
 * info finding `more-findings` that says how many were left out. Returns the same report, changed.
 */
export function capFindings(report: Report, max = MAX_FINDINGS_PER_CHECK): Report {
  for (const c of report.checks) {
    if (c.findings.length <= max) continue;
    const rank = (f: Finding) => (f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2);
    const kept = c.findings
      .map((f, i) => [f, i] as const)
      .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
      .slice(0, max)
      .sort((a, b) => a[1] - b[1])
      .map(([f]) => f);
    const left = c.findings.length - kept.length;
    kept.push({
      checkId: c.id,
      messageId: 'more-findings',
      message: `${left.toLocaleString('en-US')} more findings of this check are not listed (at most ${max} per check)`,
      severity: 'info',
      data: { count: left },
    });
    c.findings = kept;
  }
  return report;
}

/** The check-lab JSON contract, with keys in a stable order. */
/** One host's row of the inventory, in words. */
export function inventoryText(h: InventoryRow): string {
  return h.origin === 'default'
    ? 'not named in the files'
    : h.origin === 'inventory'
      ? `${h.address} (${h.from})`
      : `${h.address} (inferred from ${h.from})`;
}

export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// JUnit XML: one testsuite per submission, one testcase per check (GitLab keys on classname+name).

export function xmlEscape(s: string): string {
  return visible(s, true)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function secs(ms: number | undefined): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

export function findingLocation(f: Finding): string {
  if (!f.file) return '';
  return f.line ? `${f.file}:${f.line}${f.column ? `:${f.column}` : ''}` : f.file;
}

function findingText(c: CheckResult): string {
  return c.findings
    .map((f) => {
      const loc = findingLocation(f);
      return `${loc ? loc + ' ' : ''}${f.message}${f.hint ? `\n  hint: ${f.hint}` : ''}`;
    })
    .concat(`docs: ${c.docsUrl}`)
    .join('\n');
}

export function formatJunit(reports: Report[], name = 'web-infra-lab'): string {
  const count = (r: Report, s: string) => r.checks.filter((c) => c.status === s).length;
  const total = (s: string) =>
    reports.reduce(
      (n, r) =>
        n + (s === 'tests' ? r.checks.length + (r.error ? 1 : 0) : count(r, s) + (s === 'error' && r.error ? 1 : 0)),
      0,
    );
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="${xmlEscape(name)}" tests="${total('tests')}" failures="${total('fail')}" errors="${total('error')}" skipped="${total('skip')}" time="${secs(reports.reduce((n, r) => n + r.durationMs, 0))}">`,
  );
  for (const r of reports) {
    const tests = r.checks.length + (r.error ? 1 : 0);
    out.push(
      `  <testsuite name="${xmlEscape(r.submission)}" tests="${tests}" failures="${count(r, 'fail')}" errors="${count(r, 'error') + (r.error ? 1 : 0)}" skipped="${count(r, 'skip')}" time="${secs(r.durationMs)}">`,
    );
    const inv = (r.inventory ?? [])
      .map((h) => `<property name="inventory.${xmlEscape(h.host)}" value="${xmlEscape(inventoryText(h))}"/>`)
      .join('');
    out.push(
      `    <properties><property name="lab" value="${xmlEscape(r.lab)}"/><property name="score" value="${r.score}/${r.maxScore}"/>${inv}</properties>`,
    );
    if (r.error) {
      out.push(`    <testcase classname="${xmlEscape(r.submission)}.submission" name="submission" time="0.000">`);
      out.push(
        `      <error message="${xmlEscape(r.error.message)}" type="${xmlEscape(r.error.code)}">${xmlEscape(r.error.message)}</error>`,
      );
      out.push('    </testcase>');
    }
    for (const c of r.checks) {
      const first = c.findings.find((f) => f.file);
      const attrs = [
        `classname="${xmlEscape(`${r.submission}.${c.component}`)}"`,
        `name="${xmlEscape(c.id)}"`,
        first?.file ? `file="${xmlEscape(first.file)}"` : '',
        first?.line ? `line="${first.line}"` : '',
        `time="${secs(c.durationMs)}"`,
      ].filter(Boolean);
      const head = `    <testcase ${attrs.join(' ')}`;
      if (c.status === 'pass' && c.findings.length === 0) {
        out.push(head + '/>');
        continue;
      }
      out.push(head + '>');
      const msg = xmlEscape(c.findings[0]?.message ?? c.title);
      if (c.status === 'fail')
        out.push(`      <failure message="${msg}" type="${c.severity}">${xmlEscape(findingText(c))}</failure>`);
      else if (c.status === 'error')
        out.push(`      <error message="${msg}" type="error">${xmlEscape(findingText(c))}</error>`);
      else if (c.status === 'skip') out.push(`      <skipped message="${msg}"/>`);
      else out.push(`      <system-out>${xmlEscape(findingText(c))}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return noWorkflowCommands(out.join('\n')) + '\n';
}

// ---------------------------------------------------------------------------------------------
// SARIF 2.1.0 (GitHub code scanning): one rule per check, one result per finding, with regions.

function sarifLevel(f: Finding, c: CheckResult): 'error' | 'warning' | 'note' {
  if (c.status === 'pass' || f.severity === 'info') return 'note';
  return f.severity === 'error' && c.status !== 'warn' ? 'error' : 'warning';
}

/** A small stable hash (FNV-1a, 32-bit, hex) for partial fingerprints. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** A SARIF uri (a URI reference): control characters and `%` of a learner's file name percent-encoded. */
function sarifUri(file: string): string {
  return file.replace(/[\u0000-\u001f\u007f-\u009f%\u2028\u2029]/g, (c) => encodeURIComponent(c));
}

export function toSarif(report: Report): object {
  const rules = report.checks.map((c) => ({
    id: c.id,
    name: c.id.replace(/[^A-Za-z0-9]+(.)/g, (_m, ch: string) => ch.toUpperCase()),
    shortDescription: { text: c.title },
    helpUri: c.docsUrl,
    defaultConfiguration: { level: c.severity === 'info' ? 'note' : c.severity },
    properties: { component: c.component, points: c.maxPoints },
  }));
  const results = report.checks.flatMap((c, ruleIndex) =>
    c.findings
      .filter((f) => c.status !== 'pass' || f.severity !== 'info' || f.file)
      .map((f) => {
        const result: Record<string, unknown> = {
          ruleId: c.id,
          ruleIndex,
          level: sarifLevel(f, c),
          message: { text: visible(f.hint ? `${f.message} (${f.hint})` : f.message, true) },
        };
        if (f.file) {
          const region: Record<string, number> = {};
          if (f.line) region.startLine = f.line;
          if (f.line && f.column) region.startColumn = f.column;
          if (f.endLine) region.endLine = f.endLine;
          if (f.endColumn) region.endColumn = f.endColumn;
          result.locations = [
            { physicalLocation: { artifactLocation: { uri: sarifUri(f.file) }, ...(f.line ? { region } : {}) } },
          ];
          result.partialFingerprints = {
            primaryLocationLineHash: `${fnv1a(`${c.id}|${f.messageId}|${f.file}|${JSON.stringify(f.data ?? {})}`)}:1`,
          };
        }
        if (f.related?.length) {
          result.relatedLocations = f.related.map((r, id) => ({
            id,
            message: { text: visible(r.message, true) },
            physicalLocation: {
              artifactLocation: { uri: sarifUri(r.file) },
              region: { startLine: r.line, ...(r.column ? { startColumn: r.column } : {}) },
            },
          }));
        }
        return result;
      }),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: report.checks[0]?.docsUrl.replace(/\/docs\/.*$/, '/') || undefined,
            rules,
          },
        },
        automationDetails: { id: `${report.lab}/${report.submission}` },
        ...(report.inventory ? { properties: { inventory: report.inventory } } : {}),
        results,
      },
    ],
  };
}

export function formatSarif(report: Report): string {
  return JSON.stringify(toSarif(report), null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands: annotations on the learner's lines, capped as GitHub caps them.

function ghData(s: string): string {
  return visible(s, true).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function ghProp(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: Report, opts: FormatOptions = {}): string {
  const cap = opts.maxAnnotations ?? 10;
  const used = { error: 0, warning: 0, notice: 0 };
  let dropped = 0;
  const lines: string[] = [];
  for (const c of report.checks) {
    if (c.status === 'pass' || c.status === 'skip') continue;
    for (const f of c.findings) {
      const level =
        c.status === 'fail' || c.status === 'error'
          ? f.severity === 'error'
            ? 'error'
            : 'warning'
          : f.severity === 'info'
            ? 'notice'
            : 'warning';
      if (used[level] >= cap) {
        dropped++;
        continue;
      }
      used[level]++;
      const props = [
        f.file ? `file=${ghProp(f.file)}` : '',
        f.line ? `line=${f.line}` : '',
        f.column ? `col=${f.column}` : '',
        f.endLine ? `endLine=${f.endLine}` : '',
        f.endColumn ? `endColumn=${f.endColumn}` : '',
        `title=${ghProp(`${c.id}: ${c.title}`)}`,
      ].filter(Boolean);
      const text = `${f.message}${f.hint ? `\nhint: ${f.hint}` : ''}\ndocs: ${c.docsUrl}`;
      lines.push(`::${level} ${props.join(',')}::${ghData(text)}`);
    }
  }
  if (dropped)
    lines.push(
      `::notice title=web-infra-lab::${dropped} more findings not shown as annotations (GitHub shows ${cap} per level per step); see the full report`,
    );
  if (report.error) lines.push(`::error title=web-infra-lab::${ghData(report.error.message)}`);
  const inferred = (report.inventory ?? []).filter((h) => h.origin !== 'inventory');
  if (inferred.length)
    lines.push(
      `::notice title=web-infra-lab inventory::${ghData((report.inventory ?? []).map((h) => `${h.host} ${inventoryText(h)}`).join('; '))}`,
    );
  lines.push(
    `::notice title=web-infra-lab ${ghProp(report.lab)}::${report.score}/${report.maxScore} points; ${report.passed ? 'every required check passes' : 'some required checks fail'}`,
  );
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Gradescope autograder results.json.

export function toGradescope(report: Report, opts: FormatOptions = {}): object {
  const tests = report.checks.map((c, i) => {
    const body = c.findings.length
      ? c.findings
          .map((f) => {
            const loc = findingLocation(f);
            return `- ${loc ? `${codeSpan(loc)} ` : ''}${mdText(f.message)}${f.hint ? `\n  *Hint:* ${mdText(f.hint)}` : ''}`;
          })
          .join('\n')
      : c.status === 'pass'
        ? 'Passed.'
        : '';
    const test: Record<string, unknown> = {
      name: `${c.title} (${c.id})`,
      number: String(i + 1),
      score: c.points,
      max_score: c.maxPoints,
      status:
        c.status === 'pass' || c.status === 'warn' || (c.status === 'skip' && c.maxPoints === 0) ? 'passed' : 'failed',
      output: `${body}\n\n[Read more](${c.docsUrl})`.trim(),
      output_format: 'md',
      tags: [c.component],
    };
    if (c.hidden) test.visibility = 'after_published';
    return test;
  });
  const result: Record<string, unknown> = {
    score: report.score,
    execution_time: Math.max(0, Math.round(report.durationMs / 1000)),
    output: report.error
      ? `**This submission could not be checked:** ${mdText(report.error.message)}`
      : `${report.lab}: ${report.score}/${report.maxScore} points. ${report.passed ? 'Every required check passes.' : 'Some required checks fail: see each test below.'}${
          report.inventory?.length
            ? `\n\n**Inventory** (the addresses the answer was checked with):\n${report.inventory.map((h) => `- ${h.host}: ${mdText(inventoryText(h))}`).join('\n')}`
            : ''
        }`,
    output_format: 'md',
    visibility: opts.visibility ?? 'visible',
    stdout_visibility: 'hidden',
    tests,
  };
  return result;
}
