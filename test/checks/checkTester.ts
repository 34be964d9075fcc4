/**
 * Per-check tester (typescript-eslint's RuleTester shape): `run(check, { valid, invalid })`.
 * Each case is a submission: its `base` (required: the reference solution, or nothing) with some
 * files replaced or removed. Invalid cases list the expected findings with full positions; valid
 * cases (including false-positive fixtures) must produce no finding but the `notes` listed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import type { StaticCheck } from '../../labs/core/checks/context';
import { renderMessage } from '../../labs/core/checks/types';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';
import { specsDir } from '../../labs/node/paths';
import type { Finding } from '../../labs/core/report/types';
import * as yamlLib from 'yaml';
import { readYamlFull } from '../../labs/core/model/yaml';

/** The full YAML reader (what checkDir passes), so the fallback path is exercised too. */
export const fullYaml = (file: string, text: string) => readYamlFull(yamlLib, file, text);

export interface ExpectedFinding {
  messageId: string;
  /** The finding's data, asserted exactly when given. */
  data?: Record<string, string | number>;
  file?: string;
  line?: number;
  column?: number;
  severity?: 'error' | 'warning' | 'info';
  related?: Array<{ file: string; line: number; column?: number }>;
}

export interface Case {
  name: string;
  /** Files replacing (or adding to) the base. */
  files?: Record<string, string>;
  /** Base files removed. */
  remove?: string[];
  /**
   * What the case starts from, said at each case: `solution` (the lab's reference solution, which
   * `files` and `remove` then change) or `empty` (nothing but `files`).
   */
  base: 'solution' | 'empty';
  /** The lab the case runs in (default distributed-web): its spec gives the check's options. */
  lab?: string;
}

export interface ValidCase extends Case {
  /** Info findings expected on a passing case. */
  notes?: ExpectedFinding[];
}

export interface InvalidCase extends Case {
  errors: ExpectedFinding[];
  status?: 'pass' | 'fail' | 'warn' | 'skip';
}

const solutions = new Map<string, Record<string, string>>();
/** The reference solution's files of a lab (default distributed-web), by submission-relative path. */
export function solutionFiles(labId = 'distributed-web'): Record<string, string> {
  let solution = solutions.get(labId);
  if (!solution) {
    solution = {};
    solutions.set(labId, solution);
    const root = join(specsDir, labId, 'solution');
    const walk = (rel: string) => {
      for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) walk(r);
        else solution![r] = readFileSync(join(root, r), 'utf8');
      }
    };
    walk('');
  }
  return { ...solution };
}

export function buildTree(c: Case): MemoryTree {
  const files = c.base === 'empty' ? {} : solutionFiles(c.lab);
  for (const r of c.remove ?? []) {
    if (r.endsWith('/')) {
      for (const k of Object.keys(files)) if (k.startsWith(r)) delete files[k];
    } else if (!(r in files)) throw new Error(`case ${c.name}: remove ${r}, not in the base`);
    else delete files[r];
  }
  Object.assign(files, c.files ?? {});
  return new MemoryTree(files);
}

/**
 * The messageIds (and related-location messages) each check's cases produced in this test file:
 * `run` asserts, after the file's last test, that every message of the check's table was produced
 * by some case (the record, not a search of the test's text).
 */
const produced = new Map<string, Set<string>>();

function record(checkId: string, findings: Finding[], meta: StaticCheck['meta']): void {
  let set = produced.get(checkId);
  if (!set) produced.set(checkId, (set = new Set()));
  for (const f of findings) {
    set.add(f.messageId);
    for (const r of f.related ?? []) {
      // a related location carries its rendered message: find the template it came from
      for (const [id, tpl] of Object.entries(meta.messages)) {
        const re = new RegExp(
          `^${tpl.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\s*\w+\s*\\\}\\\}|\{\{\s*\w+\s*\}\}/g, '[\\s\\S]*')}$`,
        );
        if (re.test(r.message)) set.add(id);
      }
    }
  }
}

export function runCheck(check: StaticCheck, c: Case, external?: Record<string, never[]>) {
  const lab = loadLab(c.lab ?? 'distributed-web');
  const labCheck = lab.checks.find((x) => x.id === check.meta.id) ?? {
    id: check.meta.id,
    points: check.meta.points,
    required: true,
    hidden: false,
  };
  const report = checkSubmission({
    tree: buildTree(c),
    submission: c.name,
    lab: { ...lab, checks: [{ ...labCheck, hidden: false }] },
    strict: true,
    catalogue: [check as never],
    yaml: fullYaml,
    ...(external ? { external } : {}),
  });
  record(check.meta.id, report.checks[0].findings, check.meta);
  return report.checks[0];
}

function shape(f: Finding, meta: StaticCheck['meta'], withData = false): ExpectedFinding {
  // The rendered message must come from the message table (no English outside it).
  expect(f.message).toBe(renderMessage(meta.messages[f.messageId], f.data));
  const out: ExpectedFinding = { messageId: f.messageId, severity: f.severity };
  if (withData && f.data !== undefined) out.data = f.data;
  if (f.file !== undefined) out.file = f.file;
  if (f.line !== undefined) out.line = f.line;
  if (f.column !== undefined) out.column = f.column;
  if (f.related)
    out.related = f.related.map((r) => ({
      file: r.file,
      line: r.line,
      ...(r.column !== undefined ? { column: r.column } : {}),
    }));
  return out;
}

function normalise(
  e: ExpectedFinding,
  meta: StaticCheck['meta'],
  fallback: 'error' | 'warning' | 'info',
): ExpectedFinding {
  return { ...e, severity: e.severity ?? (fallback === 'info' ? 'info' : meta.severity) };
}

const order = (a: ExpectedFinding, b: ExpectedFinding) =>
  `${a.file}:${String(a.line).padStart(5, '0')}:${String(a.column).padStart(4, '0')}:${a.messageId}`.localeCompare(
    `${b.file}:${String(b.line).padStart(5, '0')}:${String(b.column).padStart(4, '0')}:${b.messageId}`,
  );

/** What makes two cases the same input (their names aside). */
function inputKey(c: Case): string {
  return JSON.stringify([
    c.lab ?? 'distributed-web',
    c.base,
    [...(c.remove ?? [])].sort(),
    Object.entries(c.files ?? {}).sort(([a], [b]) => a.localeCompare(b)),
  ]);
}

export interface RunOptions {
  /**
   * Messages no case of this table produces, each with where it is exercised instead (e.g. real-tool
   * messages, fed by a test of its own in the same file). Every other message must be produced.
   */
  exercisedElsewhere?: Record<string, string>;
}

export function run(
  check: StaticCheck,
  cases: { valid: ValidCase[]; invalid: InvalidCase[] },
  opts: RunOptions = {},
): void {
  const meta = check.meta;
  // a duplicated case tests nothing new and hides a copy-paste slip: rejected (by name, and by input)
  const names = new Map<string, number>();
  const inputs = new Map<string, string>();
  for (const c of [...cases.valid, ...cases.invalid]) {
    if (names.has(c.name)) throw new Error(`${meta.id}: two cases are named '${c.name}'`);
    names.set(c.name, 1);
    const k = inputKey(c);
    const other = inputs.get(k);
    if (other !== undefined) throw new Error(`${meta.id}: cases '${other}' and '${c.name}' have the same input`);
    inputs.set(k, c.name);
  }
  afterAll(() => {
    const got = produced.get(meta.id) ?? new Set<string>();
    const missing = Object.keys(meta.messages).filter((id) => !got.has(id) && !(id in (opts.exercisedElsewhere ?? {})));
    if (missing.length)
      throw new Error(
        `${meta.id}: no case produced message(s) ${missing.join(', ')} (add a case, or say where it is exercised in exercisedElsewhere)`,
      );
  });
  describe(meta.id, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          const r = runCheck(check, c);
          const withData = (c.notes ?? []).some((n) => n.data !== undefined);
          const got = r.findings.map((f) => shape(f, meta, withData)).sort(order);
          const want = (c.notes ?? []).map((n) => normalise(n, meta, 'info')).sort(order);
          expect(got).toEqual(want);
          expect(r.status).toBe('pass');
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          const r = runCheck(check, c);
          // data is asserted when the case gives it (for every finding of the case, then)
          const withData = c.errors.some((e) => e.data !== undefined);
          const got = r.findings.map((f) => shape(f, meta, withData)).sort(order);
          const want = c.errors.map((e) => normalise(e, meta, 'error')).sort(order);
          expect(got).toEqual(want);
          const worst = want.some((w) => w.severity === 'error')
            ? 'fail'
            : want.some((w) => w.severity === 'warning')
              ? 'warn'
              : 'pass';
          expect(r.status).toBe(c.status ?? worst);
        });
      }
    });
  });
}

/** Replaces one line of a solution file (1-based), or inserts after it with `insertAfter`. */
export function edit(path: string, fn: (lines: string[]) => string[]): Record<string, string> {
  const text = solutionFiles()[path];
  if (text === undefined) throw new Error(`no ${path} in the solution`);
  return { [path]: fn(text.split('\n')).join('\n') };
}

export function replace(path: string, from: string | RegExp, to: string): Record<string, string> {
  const text = solutionFiles()[path];
  if (text === undefined) throw new Error(`no ${path} in the solution`);
  const out = text.replace(from, to);
  if (out === text) throw new Error(`replace in ${path}: ${String(from)} not found`);
  return { [path]: out };
}
