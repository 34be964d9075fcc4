/**
 * The alerting rules of a Prometheus rules file (`groups:` - `rules:` - `- alert: NAME` with `expr:` and
 * `for:`), read line by line like prometheus.ts (the core carries no YAML library). `expr` may be inline
 * (quoted or not) or a block scalar (`expr: |` / `expr: >-` and the deeper-indented lines after it).
 * Bounded: 200,000 lines, 1,000 rules.
 */
import type { Span } from '../source';
import type { ModelFile } from '../model/types';
import { yamlLines } from './prometheus';

export interface AlertRule {
  name: string;
  span: Span;
  /** The PromQL expression, lines joined with a space. */
  expr?: string;
  exprSpan?: Span;
  /** `for:` as written (`30s`, `5m`), and in seconds when it parses. */
  for?: string;
  forSeconds?: number;
  forSpan?: Span;
}

const unquote = (s: string) => s.trim().replace(/^(['"])(.*)\1$/, '$2');

/** A Prometheus duration (`1h30m`, `90s`, `5m`) in seconds; undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const t = text.trim();
  if (!/^(\d+(ms|[smhdwy]))+$/.test(t)) return undefined;
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  let total = 0;
  for (const m of t.matchAll(/(\d+)(ms|[smhdwy])/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

/** The alerting rules of one file (none when it holds no `groups:`). */
export function readAlertRules(file: ModelFile): AlertRule[] {
  const text = file.source.text;
  if (!/^groups\s*:/m.test(text)) return [];
  const lines = yamlLines(text);
  const out: AlertRule[] = [];
  let rule: AlertRule | undefined;
  let ruleIndent = -1;
  /** The column of the rule's own keys (`alert`, `expr`, `for`): deeper ones are labels' and annotations'. */
  let keyIndent = -1;
  let block: { indent: number; parts: string[] } | undefined;
  const at = (i: number, col: number, len: number): Span => ({
    file: file.path,
    line: i + 1,
    column: col + 1,
    endLine: i + 1,
    endColumn: col + 1 + len,
  });
  const endBlock = () => {
    if (block && rule) rule.expr = block.parts.join(' ').trim();
    block = undefined;
  };
  for (let i = 0; i < lines.length && out.length < 1000; i++) {
    const raw = lines[i];
    const indent = raw.length - raw.trimStart().length;
    if (block) {
      if (!raw.trim() || indent > block.indent) {
        block.parts.push(raw.trim());
        continue;
      }
      endBlock();
    }
    const line = raw.replace(/(^|\s)#.*$/, '');
    if (!line.trim()) continue;
    const am = /^(\s*)-\s*(alert|record)\s*:\s*(.+)$/.exec(line);
    if (am) {
      rule = undefined;
      if (am[2] === 'alert') {
        rule = { name: unquote(am[3]), span: at(i, am[1].length, line.trim().length) };
        out.push(rule);
      }
      ruleIndent = am[1].length;
      keyIndent = line.indexOf(am[2], ruleIndent);
      continue;
    }
    if (!rule) continue;
    // a key of the rule: deeper than its `-`, and not inside labels/annotations
    if (indent <= ruleIndent || /^\s*-/.test(line)) {
      rule = undefined;
      continue;
    }
    if (indent !== keyIndent) continue;
    const em = /^(\s*)expr\s*:\s*(.*)$/.exec(line);
    if (em) {
      const v = em[2].trim();
      rule.exprSpan = at(i, em[1].length, line.trim().length);
      if (/^[|>][-+]?\d*$/.test(v)) block = { indent, parts: [] };
      else rule.expr = unquote(v);
      continue;
    }
    const fm = /^(\s*)for\s*:\s*(.+)$/.exec(line);
    if (fm) {
      rule.for = unquote(fm[2]);
      rule.forSeconds = durationSeconds(rule.for);
      rule.forSpan = at(i, fm[1].length, line.trim().length);
    }
  }
  endBlock();
  return out;
}
