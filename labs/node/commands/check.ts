/**
 * `web-infra-lab check [DIR] [--lab ID] [--format F] [--only GLOB]... [--output FILE]
 *  [--no-real-tools] [--live] [--exit-zero] [--no-color]` (what `npm run check-lab` runs).
 *
 * Exit: 0 every required check passes, 1 any fails, 2 usage / spec / unreadable input.
 * Machine formats go to stdout only; `--output FILE` writes the report there and prints a
 * one-line summary on stderr.
 */
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type CliIO, TOOL_NAME, UsageError, parseCommandArgs } from '../io';
import { allLabIds, labFolder, projectRoot } from '../paths';
import type { Command } from '../command';
import { FORMATS, type FormatName } from '../../core/report/formats';
import type { Report } from '../../core/report/types';

export const USAGE = `Usage: ${TOOL_NAME} check [DIR] [options]

Check a lab answer folder (default: the current folder) and print which requirements it meets.

Options:
  --lab ID              the lab to check against (default: \`lab:\` in answers.yaml or
                        inventory.yaml, or the only lab)
  --format F            pretty (default), json, junit, sarif, github or gradescope
  --only GLOB           run only the checks whose id matches (e.g. 'haproxy/*'); repeatable
  --output FILE         write the report to FILE and print a one-line summary on stderr
  --no-real-tools       do not run haproxy -c / nginx -t even when they are installed
  --live                also start the topology in a sandbox and probe it (live mode)
  --time-budget S       seconds the static check may take (default 60): files and checks it
                        does not reach are reported as errors
  --exit-zero           exit 0 even when checks fail (report-only pipelines)
  --no-color            no ANSI colour (also: NO_COLOR set, or output not a terminal)
  -h, --help            show this help

Exit status: 0 every required check passes, 1 some fail, 2 usage, spec or unreadable-input error.
`;

export interface CheckArgs {
  dir: string;
  lab?: string;
  format: FormatName;
  only: string[];
  output?: string;
  realTools: boolean;
  live: boolean;
  exitZero: boolean;
  color?: boolean;
  budgetMs?: number;
}

export function parseCheckArgs(args: string[]): CheckArgs | 'help' {
  const parsed = parseCommandArgs('check', args, {
    lab: { type: 'string' },
    format: { type: 'string', short: 'f' },
    only: { type: 'string', multiple: true },
    output: { type: 'string', short: 'o' },
    'no-real-tools': { type: 'boolean' },
    live: { type: 'boolean' },
    'exit-zero': { type: 'boolean' },
    'time-budget': { type: 'string' },
    'no-color': { type: 'boolean' },
    color: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length > 1)
    throw new UsageError(
      `expected one folder, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`,
      'Check one answer folder at a time (use `grade` for many).',
    );
  const budget = v['time-budget'];
  if (budget !== undefined && !(/^\d+(\.\d+)?$/.test(budget) && Number(budget) > 0 && Number(budget) <= 3600))
    throw new UsageError(`--time-budget takes seconds between 0 and 3600, got '${budget}'`);
  const format = (v.format ?? 'pretty') as FormatName;
  if (!FORMATS.includes(format))
    throw new UsageError(`unknown format '${v.format}'`, `Formats: ${FORMATS.join(', ')}.`);
  return {
    dir: parsed.positionals[0] ?? '.',
    lab: v.lab,
    format,
    only: v.only ?? [],
    output: v.output,
    realTools: !v['no-real-tools'],
    live: v.live === true,
    exitZero: v['exit-zero'] === true,
    color: v['no-color'] ? false : v.color ? true : undefined,
    budgetMs: budget === undefined ? undefined : Number(budget) * 1000,
  };
}

/** no-color.org + FORCE_COLOR; a flag wins over both; otherwise colour only on a terminal. */
export function useColor(flag: boolean | undefined, env: CliIO['env'], isTTY: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY === true;
}

export function summaryLine(r: Report): string {
  const failed = r.checks.filter((c) => c.status === 'fail' || c.status === 'error').length;
  return `${r.lab}: ${r.score}/${r.maxScore} points, ${failed === 0 ? 'all required checks pass' : `${failed} check(s) failing`}${r.passed ? '' : ' (not passed)'}`;
}

export const command: Command = {
  summary: 'check a lab answer folder',
  async run(args: string[], io: CliIO): Promise<number> {
    const a = parseCheckArgs(args);
    if (a === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    // `npm run check-lab` runs in the package folder; the folder the learner typed it in is INIT_CWD.
    const base = io.env.npm_lifecycle_event === 'check-lab' && io.env.INIT_CWD ? io.env.INIT_CWD : io.cwd;
    const dir = resolve(base, a.dir);
    if (resolve(dir) === resolve(projectRoot) && !a.lab) {
      throw new UsageError(
        `${a.dir === '.' ? 'the current folder' : a.dir} is the web-infra-lab project itself, not an answer folder`,
        `Give the folder with your answer, e.g. \`npm run check-lab -- my-answer\` (or try the bundled example: \`npm run check-lab -- ${relative(projectRoot, join(labFolder(allLabIds()[0] ?? '') ?? 'labs/specs', 'examples', 'starter'))}\`).`,
      );
    }
    // Loaded only for a real run (not --help or a usage error).
    const { checkDirRun } = require('../check') as typeof import('../check');
    const { formatReport, capFindings } =
      require('../../core/report/index') as typeof import('../../core/report/index');
    const { report, lab, model } = await checkDirRun(dir, {
      lab: a.lab,
      realTools: a.realTools && io.env.WEB_INFRA_LAB_NO_REAL_TOOLS !== '1',
      only: a.only.length ? a.only : undefined,
      live: a.live,
      signal: io.signal,
      siteUrl: io.env.WEB_INFRA_LAB_DOCS_URL || undefined,
      budgetMs: a.budgetMs,
    });
    report.submission = a.dir;
    capFindings(report);
    // --live that showed nothing running (a refused configuration, a sandbox that could not run: every
    // probe skipped or in error) has not shown the answer running: not passed, exit 1. (Which probe must
    // pass is the lab's word: its spec marks it `required`.)
    const probes = report.checks.filter((c) => c.kind === 'live');
    if (a.live && probes.length && probes.every((c) => c.status === 'skip' || c.status === 'error'))
      report.passed = false;
    const color = a.output ? false : useColor(a.color, io.env, io.stdout.isTTY);
    // code frames show the learner's files as the checker read them (the model's sources: never re-opened)
    const sourceText = (file: string) => {
      const src = model.sources.get(file);
      return src && !src.origin ? src.text : undefined;
    };
    const out = formatReport(report, a.format, { color, sourceText, components: lab.components });
    if (a.output) {
      try {
        writeFileSync(resolve(base, a.output), out);
      } catch (err) {
        throw new UsageError(`cannot write ${a.output}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      io.stderr.write(`${summaryLine(report)}; report written to ${a.output}\n`);
    } else io.stdout.write(out);
    if (a.exitZero) return 0;
    return report.passed ? 0 : 1;
  },
};
