/**
 * Mutation fuzzing of the parsers (issue 12): real configurations (the reference solution, the broken
 * variants, and ../shared/conformance and ../shared/field-corpus when present) mutated at random (bytes
 * flipped, deleted, duplicated; lines swapped, repeated, cut; structural characters inserted), fed to
 * every parser in-process. A crash (an exception out of a parser, which must never throw) or an input over
 * the time limit is a finding, printed with the seed that reproduces it.
 * Used by bench/fuzz.bench.ts (`npm run bench -- fuzz`) and by a seeded slice in test/parsers/fuzz.test.ts.
 */
import { mulberry32 } from '../labs/core/hash';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseHaproxy } from '../labs/core/parsers/haproxy';
import { parseNginxText } from '../labs/core/parsers/nginx';
import { parseMyCnfText } from '../labs/core/parsers/mycnf';
import { parseSql } from '../labs/core/parsers/sql';
import { parseKeepalived } from '../labs/core/parsers/keepalived';
import { readPrometheus } from '../labs/core/monitoring/prometheus';
import { readAlertRules } from '../labs/core/monitoring/alerts';
import { ufwState } from '../labs/core/firewall/ufw';
import type { HostModel, ModelFile } from '../labs/core/model/types';

export type ParserName =
  'haproxy' | 'nginx' | 'mycnf' | 'sql' | 'keepalived' | 'prometheus' | 'alerts' | 'ufw' | 'shell';

const file = (path: string, text: string): ModelFile =>
  ({ path, kind: 'firewall', source: { text } }) as unknown as ModelFile;
/** A host holding one firewall file (a script of ufw commands, or ufw's before.rules): the ufw model's input. */
const ufwHost = (text: string): HostModel =>
  ({
    name: 'h',
    files: [file(/^\*|^-A /m.test(text) ? 'before.rules' : 'firewall.sh', text)],
    scripts: [],
  }) as unknown as HostModel;

export const PARSERS: Record<Exclude<ParserName, 'shell'>, (text: string) => unknown> = {
  haproxy: (t) => parseHaproxy('fuzz.cfg', t),
  nginx: (t) => parseNginxText('fuzz.conf', t),
  mycnf: (t) => parseMyCnfText('fuzz.cnf', t),
  sql: (t) => parseSql('fuzz.sql', t),
  keepalived: (t) => parseKeepalived({ path: 'keepalived.conf', text: t }),
  prometheus: (t) => readPrometheus(file('prometheus.yml', t)),
  alerts: (t) => readAlertRules(file('alerts.yml', t)),
  ufw: (t) => ufwState(ufwHost(t)),
};

/** The seeded generator (the same seed gives the same mutations everywhere). */
export const rng = mulberry32;

const ROOT = join(__dirname, '..');
const STRUCT = [
  '{',
  '}',
  ';',
  '"',
  "'",
  '\\',
  '#',
  '\n',
  '[',
  ']',
  '=',
  '$',
  '`',
  '\r',
  '\0',
  '\t',
  ' ',
  '(',
  ')',
  '/*',
  '*/',
  '--',
  'include ',
  '!include ',
  '.if ',
  'server {',
  '<<EOF\n',
];

function walk(dir: string, out: string[], depth = 0): void {
  if (depth > 6 || !existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out, depth + 1);
    else if (e.isFile() && statSync(p).size < 200_000) out.push(p);
  }
}

/** Seed texts: every small text file of the solution, the broken variants and the shared corpora. */
export function seeds(): string[] {
  const files: string[] = [];
  walk(join(ROOT, 'labs', 'specs', 'distributed-web', 'solution'), files);
  walk(join(ROOT, 'labs', 'specs', 'distributed-web', 'broken'), files);
  walk(join(ROOT, 'labs', 'specs', 'no-spof', 'solution'), files);
  walk(join(ROOT, 'labs', 'specs', 'secured-monitored', 'solution'), files);
  walk(join(ROOT, 'labs', 'specs', 'secured-monitored', 'broken'), files);
  walk(join(ROOT, '..', 'shared', 'conformance'), files);
  walk(join(ROOT, '..', 'shared', 'field-corpus'), files);
  const out: string[] = [];
  for (const f of files) {
    const b = readFileSync(f);
    if (b.includes(0)) continue;
    out.push(b.toString('utf8'));
  }
  return out;
}

export function mutate(text: string, r: () => number): string {
  let t = text;
  const n = 1 + Math.floor(r() * 8);
  for (let k = 0; k < n; k++) {
    const pos = Math.floor(r() * (t.length + 1));
    const op = Math.floor(r() * 8);
    if (op === 0) t = t.slice(0, pos) + STRUCT[Math.floor(r() * STRUCT.length)] + t.slice(pos);
    else if (op === 1) t = t.slice(0, pos) + t.slice(pos + 1 + Math.floor(r() * 20));
    else if (op === 2) t = t.slice(0, pos) + String.fromCharCode(Math.floor(r() * 0x3000)) + t.slice(pos + 1);
    else if (op === 3) {
      const len = Math.floor(r() * 200);
      t = t.slice(0, pos) + t.slice(pos, pos + len).repeat(1 + Math.floor(r() * 50)) + t.slice(pos + len);
    } else if (op === 4) {
      const lines = t.split('\n');
      const i = Math.floor(r() * lines.length);
      const j = Math.floor(r() * lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      t = lines.join('\n');
    } else if (op === 5) t = t.slice(0, pos);
    else if (op === 6) t = t.slice(0, pos) + '{'.repeat(1 + Math.floor(r() * 300)) + t.slice(pos);
    else t = t.slice(0, pos) + '\n'.repeat(1 + Math.floor(r() * 2000)) + t.slice(pos);
  }
  return t;
}

export interface FuzzFinding {
  seed: number;
  parser: string;
  what: string;
  ms: number;
}

/**
 * Runs `count` mutated inputs (from `seed`) through every parser; each input under `limitMs`.
 * `extra` parsers (the shell reconstruction) can be added by the caller.
 */
export function fuzz(
  count: number,
  seed: number,
  limitMs = 1000,
  extra: Record<string, (text: string) => unknown> = {},
): { findings: FuzzFinding[]; runs: number; slowestMs: number } {
  const base = seeds();
  const parsers = { ...PARSERS, ...extra };
  const findings: FuzzFinding[] = [];
  let runs = 0;
  let slowestMs = 0;
  for (let i = 0; i < count; i++) {
    const s = seed + i;
    const r = rng(s);
    const text = mutate(base[Math.floor(r() * base.length)], r);
    for (const [name, parse] of Object.entries(parsers)) {
      const t0 = process.hrtime.bigint();
      try {
        parse(text);
      } catch (err) {
        findings.push({
          seed: s,
          parser: name,
          what: `threw ${String((err as Error)?.stack ?? err)
            .split('\n')
            .slice(0, 3)
            .join(' | ')}`,
          ms: 0,
        });
      }
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      runs++;
      if (ms > slowestMs) slowestMs = ms;
      if (ms > limitMs) findings.push({ seed: s, parser: name, what: `took ${ms.toFixed(0)} ms`, ms });
    }
  }
  return { findings, runs, slowestMs };
}
