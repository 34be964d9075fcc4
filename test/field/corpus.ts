/**
 * The field corpus (../shared/field-corpus): real answers learners published, with expert verdicts per
 * check id. Each labelled file becomes a submission as a learner would hand it in (HAProxy files in
 * lb-01/, Nginx files in web-01/ and web-02/, MySQL pairs in db-primary/ + db-replica/), under the file
 * name the learner gave it, and is checked as `check-lab` checks it. Read by path, never copied.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { checkDir } from '../../labs/node/check';
import { shared } from '../shared';

export const corpus = shared('field-corpus');

export interface Label {
  path: string;
  kind: string;
  pair?: string;
  expected?: Record<string, 'pass' | 'fail'>;
}

export interface Verdict {
  file: string;
  check: string;
  expected: 'pass' | 'fail';
  status: string;
  ok: boolean;
  message?: string;
}

export function labels(): Record<string, Label> {
  return parse(readFileSync(join(corpus.path, 'labels.yaml'), 'utf8')) as Record<string, Label>;
}

/** The submission units: one per HAProxy and Nginx file, one per MySQL pair. */
export function units(all = labels()): Array<{ name: string; files: Array<{ key: string; hosts: string[] }> }> {
  const out: Array<{ name: string; files: Array<{ key: string; hosts: string[] }> }> = [];
  const seen = new Set<string>();
  for (const [key, l] of Object.entries(all)) {
    if (key.startsWith('haproxy/')) out.push({ name: key, files: [{ key, hosts: ['lb-01'] }] });
    else if (key.startsWith('nginx/')) out.push({ name: key, files: [{ key, hosts: ['web-01', 'web-02'] }] });
    else if (key.startsWith('mysql/') && (l.kind === 'mysql-primary' || l.kind === 'mysql-replica') && !seen.has(key)) {
      const other = l.pair && all[l.pair] ? l.pair : undefined;
      const files = [{ key, hosts: [l.kind === 'mysql-primary' ? 'db-primary' : 'db-replica'] }];
      seen.add(key);
      if (other) {
        seen.add(other);
        files.push({ key: other, hosts: [all[other].kind === 'mysql-primary' ? 'db-primary' : 'db-replica'] });
      }
      out.push({ name: key, files });
    }
  }
  return out;
}

/** Builds each unit's submission, checks it, and compares every expected verdict (`pass` = pass or warn). */
export async function runFieldCorpus(opts: { realTools?: boolean; only?: string[] } = {}): Promise<Verdict[]> {
  const all = labels();
  const verdicts: Verdict[] = [];
  const root = mkdtempSync(join(tmpdir(), 'wil-field-'));
  try {
    for (const unit of units(all)) {
      if (opts.only && !opts.only.includes(unit.name)) continue;
      const dir = join(root, unit.name.replace(/\//g, '__'));
      for (const f of unit.files) {
        for (const host of f.hosts) {
          mkdirSync(join(dir, host), { recursive: true });
          copyFileSync(join(corpus.path, f.key), join(dir, host, basename(all[f.key].path)));
        }
      }
      const report = await checkDir(dir, {
        lab: 'distributed-web',
        realTools: opts.realTools !== false,
        includeHidden: true,
        strict: true,
      });
      for (const f of unit.files) {
        for (const [check, expected] of Object.entries(all[f.key].expected ?? {})) {
          const r = report.checks.find((c) => c.id === check);
          const status = r?.status ?? 'absent';
          const ok = expected === 'pass' ? status === 'pass' || status === 'warn' : status === 'fail';
          verdicts.push({
            file: f.key,
            check,
            expected,
            status,
            ok,
            message: ok
              ? undefined
              : r?.findings.map((x) => `${x.file ?? ''}:${x.line ?? ''} ${x.message}`).join(' | '),
          });
        }
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return verdicts;
}
