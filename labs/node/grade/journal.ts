/**
 * Grade records and the journal that keeps them safe.
 *
 * A record is written to the journal as soon as a learner is graded (one JSON line, appended, then
 * fsync), so a run killed at any moment loses at most the learners being checked at that moment.
 * `--resume` reads the journal back (a torn last line is cut off), and reuses a learner's record when
 * the hash of the submission's file tree is unchanged. The final files are written afterwards with an
 * atomic rename, and the journal is compacted to one record per learner.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Report } from '../../core/report/types';

export type GradeStatus = 'pass' | 'fail' | 'error' | 'missing';

export interface GradeRecord {
  type: 'record';
  learner: string;
  name?: string;
  email?: string;
  status: GradeStatus;
  /** sha256 of the submission's file tree (absent when it could not be read). */
  hash?: string;
  /** folder | archive | git | roster */
  source: string;
  /** Refused archive entries, unreadable files: shown in the feedback and the gradebook's note. */
  notes: string[];
  report: Report;
  /** Normalised, reference-free lines of the submission, for near-duplicate detection. */
  features: string[];
}

export interface JournalHeader {
  type: 'journal';
  format: 'web-infra-lab-journal/1';
  lab: string;
  specHash: string;
  toolVersion: string;
}

/**
 * Writes `text` to `path` atomically (temp file in the same folder, fsync, rename). `fsync: false`
 * skips the flush to disk (still atomic for a crash of this process, not for a power loss): used for
 * the many small per-learner files, which are regenerated from the journal anyway.
 */
export function writeFileAtomic(
  path: string,
  text: string | Uint8Array,
  opts: { fsync?: boolean; mkdir?: boolean } = {},
): void {
  if (opts.mkdir !== false) mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    if (opts.fsync !== false) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Reads a JSONL file, skipping a torn last line; returns parsed values and the length of the valid prefix. */
export function readJsonl(path: string): { values: unknown[]; validBytes: number } {
  const buf = readFileSync(path);
  const values: unknown[] = [];
  let start = 0;
  let valid = 0;
  for (;;) {
    const nl = buf.indexOf(0x0a, start);
    if (nl < 0) break;
    const line = buf.subarray(start, nl).toString('utf8').trim();
    start = nl + 1;
    if (line === '') {
      valid = start;
      continue;
    }
    try {
      values.push(JSON.parse(line));
      valid = start;
    } catch {
      // A line that does not parse ends the valid prefix (only the last line can be torn).
      break;
    }
  }
  return { values, validBytes: valid };
}

export class Journal {
  private fd: number;
  /** Records found in the journal when resuming (latest per learner), with a matching spec hash. */
  readonly previous = new Map<string, GradeRecord>();
  /** Set when an old journal was ignored (different lab, spec or tool version). */
  readonly ignoredReason?: string;

  constructor(
    readonly path: string,
    readonly header: JournalHeader,
    resume: boolean,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    let keep = false;
    if (resume && existsSync(path)) {
      const { values, validBytes } = readJsonl(path);
      const h = values[0] as Partial<JournalHeader> | undefined;
      if (
        h?.type === 'journal' &&
        h.lab === header.lab &&
        h.specHash === header.specHash &&
        h.toolVersion === header.toolVersion
      ) {
        for (const v of values.slice(1)) {
          const r = v as GradeRecord;
          if (r?.type === 'record' && typeof r.learner === 'string') this.previous.set(r.learner, r);
        }
        keep = true;
        this.fd = openSync(path, 'r+');
        ftruncateSync(this.fd, validBytes);
        closeSync(this.fd);
      } else {
        this.ignoredReason =
          h?.type !== 'journal' ? 'the journal has no header' : 'the lab, its spec or the tool version changed since';
      }
    }
    this.fd = openSync(path, keep ? 'a' : 'w');
    if (!keep) {
      this.writeLine(header);
      fsyncSync(this.fd);
    }
  }

  private syncTimer: NodeJS.Timeout | undefined;

  private writeLine(v: unknown): void {
    writeSync(this.fd, JSON.stringify(v) + '\n');
  }

  /**
   * Appends one record. The line is written at once (a killed process loses nothing written: the
   * kernel has it); the fsync that makes it survive a power loss is group-committed, at most
   * `syncDelayMs` later, so that a class of 1,000 does not pay 1,000 disk flushes.
   */
  append(r: GradeRecord): void {
    this.writeLine(r);
    if (this.syncDelayMs <= 0) fsyncSync(this.fd);
    else if (!this.syncTimer) {
      this.syncTimer = setTimeout(() => this.sync(), this.syncDelayMs);
      this.syncTimer.unref();
    }
  }

  sync(): void {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    if (this.fd >= 0) fsyncSync(this.fd);
  }

  /** Group-commit window for fsync (0 = fsync every record). Default 50 ms. */
  syncDelayMs = 50;

  /** Rewrites the journal with exactly these records (atomic), and closes it. */
  compact(records: GradeRecord[]): void {
    this.sync();
    closeSync(this.fd);
    this.fd = -1;
    writeFileAtomic(this.path, [this.header, ...records].map((v) => JSON.stringify(v)).join('\n') + '\n');
  }

  close(): void {
    if (this.fd >= 0) this.sync();
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

export function statusOf(report: Report): GradeStatus {
  if (report.error) return 'error';
  return report.passed ? 'pass' : 'fail';
}

export function errorReport(lab: string, learner: string, toolVersion: string, message: string, code: string): Report {
  return {
    tool: { name: 'web-infra-lab', version: toolVersion },
    lab,
    submission: learner,
    score: 0,
    maxScore: 0,
    passed: false,
    files: [],
    checks: [],
    durationMs: 0,
    error: { message, code },
  };
}
