/**
 * A grading run: inputs -> learners -> (prepare, hash, check in the worker pool, journal) -> outputs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Report } from '../../core/report/types';
import { loadSubmission } from '../fs';
import { type CliIO, TOOL_NAME, TOOL_VERSION, UsageError } from '../io';
import { allLabIds, labFolder, projectRoot } from '../paths';
import type { ArchiveLimits } from './archive';
import { parseRoster, type RosterEntry } from './csv';
import { loadLab } from '../check';
import { discoverLearners, hostFolderTest, type LearnerInput, prepare, PrepareError, sanitizeId } from './inputs';
import { errorReport, type GradeRecord, Journal, type JournalHeader, statusOf, writeFileAtomic } from './journal';
import { sortRecords, writeOutputs } from './outputs';
import { WorkerPool } from './pool';
import { Progress } from './progress';
import { blobName, blobText, hashFolder, type Shard, shardSlice } from './shard';
import { featuresOf, type SimilarityOptions } from './similarity';
import type { GradeTask } from './worker';

export interface GradeOptions {
  lab: string;
  inputs: string[];
  outDir: string;
  roster?: string;
  live?: boolean;
  /** Worker threads (static). Default: the machine's available parallelism. */
  jobs?: number;
  /** Live topologies at once. Default 1. */
  liveJobs?: number;
  resume?: boolean;
  shard?: Shard;
  gradescope?: boolean;
  junit?: boolean;
  /** Per-submission timeout (seconds). Default 60 static, 600 live. */
  timeoutSec?: number;
  cloneTimeoutSec?: number;
  quiet?: boolean;
  realTools?: boolean;
  siteUrl?: string;
  similarity?: SimilarityOptions;
  archiveLimits?: Partial<ArchiveLimits>;
  /** Folder for extracted archives and clones (default the OS temp folder). */
  tempDir?: string;
  /** The compiled worker (default dist/labs/node/grade/worker.js). */
  workerFile?: string;
}

export interface GradeSummary {
  learners: number;
  graded: number;
  reused: number;
  counts: Record<GradeRecord['status'], number>;
  outDir: string;
  blob?: string;
  nearDuplicates: number;
  interrupted: boolean;
  /** Worker threads used (live: the number of topologies at once). */
  workers: number;
  workersReplaced: number;
}

/** The compiled worker file: next to this module when running compiled, else in dist/. */
export function resolveWorkerFile(): string {
  const here = join(__dirname, 'worker.js');
  if (__filename.endsWith('.js') && existsSync(here)) return here;
  const built = join(projectRoot, 'dist', 'labs', 'node', 'grade', 'worker.js');
  if (!existsSync(built))
    throw new UsageError(`the compiled grading worker is missing (${built})`, 'Build the CLI first: npm run build:cli');
  return built;
}

export function specInfo(lab: string): { dir: string; specHash: string } {
  const dir = labFolder(lab);
  if (!dir)
    throw new UsageError(
      `unknown lab '${lab}'`,
      `Give --lab with the id of a lab (known: ${allLabIds().join(', ') || 'none'}; labs kept elsewhere: WEB_INFRA_LAB_SPECS).`,
    );
  return { dir, specHash: hashFolder(dir) };
}

/** Normalised lines of the reference solution and starter files: common ground for near-duplicates. */
export async function referenceLines(specDir: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const sub of ['solution', 'examples/starter']) {
    const d = join(specDir, sub);
    if (!existsSync(d)) continue;
    const { tree } = await loadSubmission(d);
    for (const l of featuresOf(tree)) out.add(l);
  }
  return out;
}

export async function runGrade(opts: GradeOptions, io: CliIO): Promise<GradeSummary> {
  const { dir: specDir, specHash } = specInfo(opts.lab);
  const live = !!opts.live;
  // a folder named after one of the lab's hosts is a learner's answer, not a class of them
  const isHostDir = hostFolderTest(loadLab(opts.lab).hosts.map((h) => h.name));
  const learnersAll = discoverLearners(opts.inputs, io.cwd, [opts.outDir], isHostDir);
  let rosterEntries: RosterEntry[] = [];
  let rosterAliases = new Map<string, RosterEntry>();
  if (opts.roster) {
    try {
      const r = parseRoster(readFileSync(resolve(io.cwd, opts.roster), 'utf8'));
      rosterEntries = r.entries;
      rosterAliases = r.aliases;
    } catch (err) {
      throw new UsageError(
        `--roster ${opts.roster}: ${(err as Error).message}`,
        'A CSV with a header row and an id column (learner, id, identifier, login or github_username), optionally name and email.',
      );
    }
  }
  // Learner ids are sanitised (they name files); roster ids are matched both as written and sanitised.
  for (const [alias, e] of [...rosterAliases])
    if (!rosterAliases.has(sanitizeId(alias).toLowerCase())) rosterAliases.set(sanitizeId(alias).toLowerCase(), e);
  const rosterOf = (id: string): RosterEntry | undefined => rosterAliases.get(id.toLowerCase());
  // Roster learners without a submission become `missing` rows (they are learners too, so sharded the same way).
  const matched = new Set<RosterEntry>();
  for (const l of learnersAll) {
    const e = rosterOf(l.id);
    if (e) matched.add(e);
  }
  const ids = new Set(learnersAll.map((l) => l.id));
  const missing = [
    ...new Set(rosterEntries.filter((e) => !matched.has(e) && !ids.has(sanitizeId(e.id))).map((e) => sanitizeId(e.id))),
  ];
  const allIds = [...learnersAll.map((l) => l.id), ...missing];
  const mine = opts.shard ? shardSlice(allIds, opts.shard) : new Set(allIds);
  const learners = learnersAll.filter((l) => mine.has(l.id));
  const missingMine = missing.filter((id) => mine.has(id));

  const header: JournalHeader = {
    type: 'journal',
    format: 'web-infra-lab-journal/1',
    lab: opts.lab,
    specHash,
    toolVersion: TOOL_VERSION,
  };
  const journalPath = join(
    opts.outDir,
    opts.shard ? `.grade-journal-${opts.shard.index}-of-${opts.shard.total}.jsonl` : '.grade-journal.jsonl',
  );
  const journal = new Journal(journalPath, header, !!opts.resume);
  if (opts.resume && journal.ignoredReason && !opts.quiet)
    io.stderr.write(`${TOOL_NAME} grade: not resuming: ${journal.ignoredReason}; grading everyone again\n`);

  const reference = await referenceLines(specDir);
  const jobs = Math.max(1, opts.jobs ?? availableParallelism());
  const size = live
    ? Math.max(1, Math.min(jobs, opts.liveJobs ?? 1))
    : Math.max(1, Math.min(jobs, availableParallelism()));
  const timeoutMs = (opts.timeoutSec ?? (live ? 600 : 60)) * 1000;
  const total = learners.length + missingMine.length;
  const progress = Progress.for(io.stderr, total, !!opts.quiet);
  const records = new Map<string, GradeRecord>();
  let graded = 0;
  let reused = 0;

  const finish = (r: GradeRecord, fromJournal: boolean): void => {
    records.set(r.learner, r);
    if (!fromJournal) journal.append(r);
    progress.tick(r.learner, r.status);
  };
  const nameOf = (id: string): { name?: string; email?: string } => {
    const e = rosterOf(id);
    return e ? { name: e.name, email: e.email } : {};
  };

  for (const id of missingMine) {
    const report = errorReport(
      opts.lab,
      id,
      TOOL_VERSION,
      'no submission found for this learner',
      'submission/missing',
    );
    finish(
      {
        type: 'record',
        learner: id,
        ...nameOf(id),
        status: 'missing',
        source: 'roster',
        notes: [],
        report,
        features: [],
      },
      false,
    );
  }

  const pool = learners.length
    ? new WorkerPool<GradeTask, Report>({
        file: opts.workerFile ?? resolveWorkerFile(),
        size,
        timeoutMs,
        graceMs: live ? 10_000 : 300,
        // A pathological submission may exhaust a worker's heap: that worker dies (an error row), not the run.
        resourceLimits: { maxOldGenerationSizeMb: 1024 },
      })
    : undefined;
  let interrupted = false;
  const onAbort = (): void => {
    interrupted = true;
    void pool?.close();
  };
  io.signal?.addEventListener('abort', onAbort, { once: true });

  const gradeOne = async (l: LearnerInput): Promise<void> => {
    const base = { type: 'record' as const, learner: l.id, ...nameOf(l.id), source: l.source.kind };
    let prepared;
    try {
      prepared = await prepare(l, {
        tempParent: opts.tempDir,
        cloneTimeoutMs: (opts.cloneTimeoutSec ?? 120) * 1000,
        archiveLimits: opts.archiveLimits,
        signal: io.signal,
        isHostDir,
      });
    } catch (err) {
      const e =
        err instanceof PrepareError
          ? err
          : new PrepareError(`the submission cannot be read: ${(err as Error).message}`, 'submission/unreadable');
      graded++;
      finish(
        {
          ...base,
          status: 'error',
          notes: [],
          report: errorReport(opts.lab, l.id, TOOL_VERSION, e.message, e.code),
          features: [],
        },
        false,
      );
      return;
    }
    try {
      const prev = opts.resume ? journal.previous.get(l.id) : undefined;
      if (prev && prev.hash === prepared.hash && prev.status !== 'error') {
        reused++;
        const r = { ...prev, ...base, ...nameOf(l.id) };
        records.set(r.learner, r);
        journal.append(r);
        progress.tick(r.learner, r.status);
        return;
      }
      const features = featuresOf(prepared.tree, reference);
      const outcome = await pool!.run({
        learner: l.id,
        dir: prepared.dir,
        lab: opts.lab,
        live,
        realTools: !!opts.realTools,
        siteUrl: opts.siteUrl,
      });
      if (interrupted) return;
      graded++;
      if (outcome.ok) {
        const report: Report = { ...outcome.value, submission: l.id };
        finish(
          { ...base, status: statusOf(report), hash: prepared.hash, notes: prepared.notes, report, features },
          false,
        );
      } else {
        const code = outcome.code === 'timeout' ? 'grade/timeout' : 'grade/crash';
        finish(
          {
            ...base,
            status: 'error',
            hash: prepared.hash,
            notes: prepared.notes,
            report: errorReport(opts.lab, l.id, TOOL_VERSION, outcome.reason, code),
            features,
          },
          false,
        );
      }
    } finally {
      prepared.cleanup();
    }
  };

  // A bounded queue: at most two prepared submissions per worker exist at once (temp folders included).
  let next = 0;
  const lanes = Array.from({ length: Math.min(learners.length, size * 2) }, async () => {
    while (!interrupted && next < learners.length) {
      const l = learners[next++];
      await gradeOne(l);
    }
  });
  try {
    await Promise.all(lanes);
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
    progress.end();
    await pool?.close();
  }

  const summary: GradeSummary = {
    learners: total,
    graded,
    reused,
    counts: { pass: 0, fail: 0, error: 0, missing: 0 },
    outDir: opts.outDir,
    nearDuplicates: 0,
    interrupted,
    workers: pool ? size : 0,
    workersReplaced: pool?.replaced ?? 0,
  };
  if (interrupted) {
    journal.close();
    return summary;
  }
  const all = sortRecords([...records.values()]);
  for (const r of all) summary.counts[r.status]++;
  if (opts.shard) {
    const blob = join(opts.outDir, blobName(opts.shard));
    writeFileAtomic(
      blob,
      blobText(
        {
          type: 'header',
          format: 'web-infra-lab-grades/1',
          tool: { name: TOOL_NAME, version: TOOL_VERSION },
          lab: opts.lab,
          specHash,
          shard: opts.shard,
          classSize: allIds.length,
          learners: all.length,
        },
        all,
      ),
    );
    summary.blob = blob;
  } else {
    const w = writeOutputs(opts.outDir, all, {
      lab: opts.lab,
      gradescope: opts.gradescope,
      junit: opts.junit,
      similarity: opts.similarity,
    });
    summary.nearDuplicates = w.pairs.length;
  }
  journal.compact(all);
  return summary;
}
