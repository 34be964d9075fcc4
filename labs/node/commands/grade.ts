/**
 * `web-infra-lab grade`: an instructor grades a class in one command.
 *
 *   grade --lab ID SUBMISSIONS... --out DIR [options]
 *   grade merge BLOBS... --out DIR [--gradescope] [--junit]
 *   grade classroom-result REPORT.json [--json]
 *
 * Exit codes: 0 = every learner graded (whatever their scores), 1 = some learners are `error` rows
 * (unreadable, crashed or timed out; the rest were graded), 2 = usage or input error, 130 = stopped.
 */
import { allLabIds } from '../paths';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { Report } from '../../core/report/types';
import { classroomResult, classroomResultBase64 } from '../grade/classroom';
import { writeOutputs } from '../grade/outputs';
import { runGrade } from '../grade/run';
import { findBlobs, mergeBlobs, parseShard } from '../grade/shard';
import { type CliIO, TOOL_NAME, UsageError, parseCommandArgs } from '../io';
import type { Command } from '../command';

export const GRADE_USAGE = `Usage:
  ${TOOL_NAME} grade --lab ID SUBMISSIONS... --out DIR [options]
  ${TOOL_NAME} grade merge BLOBS... --out DIR [--gradescope] [--junit]
  ${TOOL_NAME} grade classroom-result REPORT.json [--json]

SUBMISSIONS (any mix):
  FOLDER            one learner if it holds answers.yaml, inventory.yaml or a folder named after a host of the lab;
                    otherwise each subfolder or archive inside it is one learner (id = its name)
  FILE.zip|.tar|.tar.gz|.tgz   one learner (id = the name without the extension)
  LIST.txt          repositories, one a line: URL or "ID URL" (cloned with git clone --depth 1)

Options:
  --lab ID          the lab to grade (see the labs: web-infra-lab check --help) (required)
  --out DIR         where the outputs go                                (required)
  --roster CSV      learner ids -> names and emails; roster learners without a submission are 'missing' rows
  --jobs N          worker threads (default: available cores)
  --live            also run live mode (a real topology per learner)
  --live-jobs N     live topologies at once (default 1)
  --timeout SEC     per-submission limit (default 60, live 600); on expiry the worker is replaced
  --clone-timeout SEC  per-repository git clone limit (default 120)
  --resume          reuse results of learners whose submission is unchanged (content hash)
  --shard i/n       grade the i-th of n deterministic slices; writes DIR/grades-i-of-n.jsonl
  --gradescope      also write gradescope/<learner>/results.json
  --junit           also write junit.xml (one testsuite per learner)
  --real-tools      also run haproxy -c / nginx -t per learner (slower)
  --similarity X    near-duplicate threshold, Jaccard 0..1 (default 0.6)
  --quiet           no progress and no summary
`;

function intOpt(v: string | undefined, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} ${v}: expected a number >= ${min}`);
  return n;
}

type Opts = NonNullable<ParseArgsConfig['options']>;

function parse(
  args: string[],
  options: Opts,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const r = parseCommandArgs('grade', args, options);
  return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
}

async function mergeCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string' },
    gradescope: { type: 'boolean' },
    junit: { type: 'boolean' },
    similarity: { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (!values.out) throw new UsageError('--out DIR is required');
  const merged = mergeBlobs(findBlobs(positionals, io.cwd));
  const out = resolve(io.cwd, values.out as string);
  const threshold = values.similarity !== undefined ? Number(values.similarity) : undefined;
  const w = writeOutputs(out, merged.records, {
    lab: merged.header.lab,
    gradescope: !!values.gradescope,
    junit: !!values.junit,
    similarity: threshold !== undefined ? { threshold } : undefined,
  });
  const errors = merged.records.filter((r) => r.status === 'error').length;
  if (!values.quiet) {
    io.stderr.write(
      `merged ${merged.header.shards} shard(s), ${merged.records.length} learners (${errors} error row(s)); ${w.pairs.length} near-duplicate pair(s); outputs in ${out}\n`,
    );
  }
  return errors ? 1 : 0;
}

function classroomCommand(args: string[], io: CliIO): number {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (positionals.length !== 1)
    throw new UsageError(
      'give one check-lab JSON report',
      `e.g. ${TOOL_NAME} check . --format json --output report.json && ${TOOL_NAME} grade classroom-result report.json`,
    );
  let report: Report;
  try {
    report = JSON.parse(readFileSync(resolve(io.cwd, positionals[0]), 'utf8')) as Report;
  } catch (err) {
    throw new UsageError(`${positionals[0]}: not a readable JSON report (${(err as Error).message})`);
  }
  if (!report || !Array.isArray(report.checks))
    throw new UsageError(`${positionals[0]}: not a check-lab JSON report (no checks)`);
  io.stdout.write(values.json ? JSON.stringify(classroomResult(report)) + '\n' : classroomResultBase64(report) + '\n');
  return 0;
}

export const command: Command = {
  summary: 'grade a folder of submissions (what `npm run grade` runs)',
  async run(args: string[], io: CliIO): Promise<number> {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(GRADE_USAGE);
      return 0;
    }
    if (args[0] === 'merge') return mergeCommand(args.slice(1), io);
    if (args[0] === 'classroom-result') return classroomCommand(args.slice(1), io);
    const { values, positionals } = parse(args, {
      lab: { type: 'string' },
      out: { type: 'string' },
      roster: { type: 'string' },
      jobs: { type: 'string' },
      live: { type: 'boolean' },
      'live-jobs': { type: 'string' },
      timeout: { type: 'string' },
      'clone-timeout': { type: 'string' },
      resume: { type: 'boolean' },
      shard: { type: 'string' },
      gradescope: { type: 'boolean' },
      junit: { type: 'boolean' },
      'real-tools': { type: 'boolean' },
      similarity: { type: 'string' },
      quiet: { type: 'boolean' },
    });
    if (!values.lab) throw new UsageError('--lab ID is required', `Labs: ${allLabIds().join(', ') || '(none)'}.`);
    if (!values.out)
      throw new UsageError('--out DIR is required', 'The folder where gradebook.csv, feedback/ and report.html go.');
    if (positionals.length === 0)
      throw new UsageError(
        'no submissions given',
        'Give a folder of submissions, archives, or a file listing repositories.',
      );
    const threshold = values.similarity !== undefined ? Number(values.similarity) : undefined;
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1))
      throw new UsageError(`--similarity ${values.similarity}: expected a number between 0 and 1`);
    const quiet = !!values.quiet;
    const out = resolve(io.cwd, values.out as string);
    const summary = await runGrade(
      {
        lab: values.lab as string,
        inputs: positionals,
        outDir: out,
        roster: values.roster as string | undefined,
        live: !!values.live,
        jobs: intOpt(values.jobs as string | undefined, 'jobs', 1),
        liveJobs: intOpt(values['live-jobs'] as string | undefined, 'live-jobs', 1),
        timeoutSec: intOpt(values.timeout as string | undefined, 'timeout', 0.1),
        cloneTimeoutSec: intOpt(values['clone-timeout'] as string | undefined, 'clone-timeout', 1),
        resume: !!values.resume,
        shard: values.shard !== undefined ? parseShard(values.shard as string) : undefined,
        gradescope: !!values.gradescope,
        junit: !!values.junit,
        realTools: !!values['real-tools'],
        similarity: threshold !== undefined ? { threshold } : undefined,
        quiet,
        siteUrl: io.env.WEB_INFRA_LAB_DOCS_URL,
      },
      io,
    );
    if (summary.interrupted) {
      io.stderr.write(
        `${TOOL_NAME} grade: stopped; ${summary.graded} learner(s) graded so far are kept in the journal. Run again with --resume to continue.\n`,
      );
      return 130;
    }
    if (!quiet) {
      const c = summary.counts;
      io.stderr.write(
        `${summary.learners} learner(s): ${c.pass} passed, ${c.fail} not yet, ${c.error} error(s)${c.missing ? `, ${c.missing} missing` : ''}` +
          `${summary.reused ? ` (${summary.reused} unchanged, reused)` : ''}. ` +
          (summary.blob
            ? `Blob: ${summary.blob}\n`
            : `${summary.nearDuplicates} near-duplicate pair(s). Outputs in ${out}\n`),
      );
    }
    return summary.counts.error ? 1 : 0;
  },
};
