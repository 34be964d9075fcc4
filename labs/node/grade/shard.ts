/**
 * Grading beyond one machine (the Vitest/Playwright blob model).
 *
 * `--shard i/n`: every learner id is hashed (sha1 of the id), the ids are sorted by hash, and shard i
 * takes the i-th contiguous slice (as Vitest's BaseSequencer does). Every machine computes the same
 * slices from the same inputs, whatever the directory listing order, and a failed shard re-run grades
 * the same learners. The shard writes a blob `grades-<i>-of-<n>.jsonl`: a header line (format, tool
 * version, lab, spec hash, shard, class size, learner count) then one grade record per line.
 *
 * `grade merge BLOBS... --out DIR` checks that the blobs are shards 1..n of one run (same n, same lab,
 * same spec hash, same tool version, same class size), that each learner appears exactly once, and
 * that the counts add up; then it writes the same outputs as a single run.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UsageError } from '../io';
import { type GradeRecord, readJsonl } from './journal';

export interface Shard {
  index: number;
  total: number;
}

export function parseShard(s: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  if (!m) throw new UsageError(`--shard ${s}: expected i/n, e.g. 2/8`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || index < 1 || index > total) throw new UsageError(`--shard ${s}: i must be between 1 and n`);
  return { index, total };
}

export function blobName(s: Shard): string {
  return `grades-${s.index}-of-${s.total}.jsonl`;
}

/** The ids shard `s` grades, from the whole class's ids. */
export function shardSlice(ids: string[], s: Shard): Set<string> {
  const hashed = ids
    .map((id) => ({ id, h: createHash('sha1').update(id).digest('hex') }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : a.id < b.id ? -1 : 1));
  const start = Math.floor(((s.index - 1) * hashed.length) / s.total);
  const end = Math.floor((s.index * hashed.length) / s.total);
  return new Set(hashed.slice(start, end).map((x) => x.id));
}

export interface BlobHeader {
  type: 'header';
  format: 'web-infra-lab-grades/1';
  tool: { name: string; version: string };
  lab: string;
  specHash: string;
  shard: Shard;
  /** Learners in the whole class (all shards). */
  classSize: number;
  /** Learners in this blob. */
  learners: number;
}

export function blobText(header: BlobHeader, records: GradeRecord[]): string {
  return [header, ...records].map((v) => JSON.stringify(v)).join('\n') + '\n';
}

/** Specs' content hash: sha256 over the lab's spec folder (every file, sorted paths). */
export function hashFolder(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        h.update(relative(dir, p).split('\\').join('/') + '\0');
        h.update(readFileSync(p));
        h.update('\0');
      }
    }
  };
  walk(dir);
  return h.digest('hex');
}

/** Expands folder arguments to the blob files inside them. */
export function findBlobs(args: string[], cwd: string): string[] {
  const out: string[] = [];
  for (const a of args) {
    const p = resolve(cwd, a);
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`${a}: no such file or folder`);
    }
    if (st.isDirectory()) {
      // Every blob in the folder, also a renamed copy (`grades-1-of-2 (1).jsonl` from a second download):
      // two blobs of one shard are then compared, never one kept silently.
      const inside = readdirSync(p)
        .filter((n) => /^grades-\d+-of-\d+\b.*\.jsonl$/.test(n))
        .sort();
      if (inside.length === 0) throw new UsageError(`${a}: no grades-<i>-of-<n>.jsonl blob in this folder`);
      out.push(...inside.map((n) => join(p, n)));
    } else out.push(p);
  }
  return out;
}

export interface Merged {
  header: Omit<BlobHeader, 'shard' | 'learners'> & { shards: number };
  records: GradeRecord[];
}

export function mergeBlobs(paths: string[]): Merged {
  if (paths.length === 0)
    throw new UsageError('no blobs to merge', 'Give the grades-<i>-of-<n>.jsonl files (or the folder holding them).');
  const heads: Array<{ path: string; h: BlobHeader; records: GradeRecord[] }> = [];
  for (const p of paths) {
    const { values } = readJsonl(p);
    const h = values[0] as BlobHeader | undefined;
    if (!h || h.type !== 'header' || h.format !== 'web-infra-lab-grades/1')
      throw new UsageError(`${p}: not a grade blob (no header line)`);
    const records = values.slice(1) as GradeRecord[];
    if (records.length !== h.learners)
      throw new UsageError(
        `${p}: the header says ${h.learners} learners but the blob holds ${records.length} (a truncated file?)`,
      );
    heads.push({ path: p, h, records });
  }
  const first = heads[0].h;
  for (const { path, h } of heads) {
    if (h.lab !== first.lab) throw new UsageError(`${path}: lab ${h.lab}, but ${heads[0].path} is lab ${first.lab}`);
    if (h.specHash !== first.specHash)
      throw new UsageError(
        `${path}: graded with a different version of the lab spec than ${heads[0].path}`,
        'Re-run the shards that used the old spec.',
      );
    if (h.tool.version !== first.tool.version)
      throw new UsageError(
        `${path}: graded by web-infra-lab ${h.tool.version}, ${heads[0].path} by ${first.tool.version}`,
      );
    if (h.shard.total !== first.shard.total)
      throw new UsageError(
        `${path}: shard ${h.shard.index}/${h.shard.total}, but ${heads[0].path} is one of ${first.shard.total}`,
      );
    if (h.classSize !== first.classSize)
      throw new UsageError(
        `${path}: class of ${h.classSize}, but ${heads[0].path} saw ${first.classSize} learners`,
        'Every shard must grade the same inputs.',
      );
  }
  const seen = new Map<number, { path: string; records: GradeRecord[] }>();
  for (const { path, h, records } of heads) {
    const prev = seen.get(h.shard.index);
    if (prev) {
      // Name the learners whose results differ: the instructor must choose, the merge cannot.
      const before = new Map(
        prev.records.map((r) => [r.learner, JSON.stringify({ ...r, report: { ...r.report, durationMs: 0 } })]),
      );
      const differ = [...new Set([...before.keys(), ...records.map((r) => r.learner)])].filter((id) => {
        const r = records.find((x) => x.learner === id);
        return !r || before.get(id) !== JSON.stringify({ ...r, report: { ...r.report, durationMs: 0 } });
      });
      throw new UsageError(
        `shard ${h.shard.index}/${h.shard.total} given twice (${prev.path} and ${path})${differ.length ? `, with different results for ${differ.length === 1 ? 'learner' : 'learners'} ${differ.slice(0, 10).join(', ')}${differ.length > 10 ? ` and ${differ.length - 10} more` : ''}` : ' (the same results)'}`,
        'Keep one blob per shard (the run you trust), then merge again.',
      );
    }
    seen.set(h.shard.index, { path, records });
  }
  const missing: number[] = [];
  for (let i = 1; i <= first.shard.total; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length)
    throw new UsageError(
      `missing shard(s) ${missing.map((i) => `${i}/${first.shard.total}`).join(', ')}`,
      'Re-run the failed shards, then merge all of them.',
    );
  const byLearner = new Map<string, string>();
  const records: GradeRecord[] = [];
  for (const { path, records: rs } of heads) {
    for (const r of rs) {
      const prev = byLearner.get(r.learner);
      if (prev) throw new UsageError(`learner ${r.learner} appears twice (${prev} and ${path})`);
      byLearner.set(r.learner, path);
      records.push(r);
    }
  }
  if (records.length !== first.classSize)
    throw new UsageError(`the shards hold ${records.length} learners, but the class has ${first.classSize}`);
  return {
    header: {
      type: 'header',
      format: first.format,
      tool: first.tool,
      lab: first.lab,
      specHash: first.specHash,
      classSize: first.classSize,
      shards: first.shard.total,
    },
    records,
  };
}
