/**
 * The grading worker (runs in a worker thread, from the COMPILED file dist/labs/node/grade/worker.js).
 * It checks one submission folder at a time with the same `checkDir` the learners' `check-lab`
 * runs, with hidden checks included, and answers with the report. Anything the checker throws is
 * caught and sent back as a failure: the pool turns it into one `error` row.
 */
import { capFindings } from '../../core/report/index';
import { parentPort } from 'node:worker_threads';
import type { Report } from '../../core/report/types';

export interface GradeTask {
  learner: string;
  dir: string;
  lab: string;
  live: boolean;
  realTools: boolean;
  siteUrl?: string;
}

type CheckDir = (
  dir: string,
  opts?: {
    lab?: string;
    realTools?: boolean;
    includeHidden?: boolean;
    only?: string[];
    live?: boolean;
    signal?: AbortSignal;
    siteUrl?: string;
  },
) => Promise<Report>;

let checkDir: CheckDir | undefined;
let current: { id: number; controller: AbortController } | undefined;

function load(): CheckDir {
  // Loaded on first use so that a broken checker build fails tasks (error rows), not the pool.
  checkDir ??= (require('../check') as { checkDir: CheckDir }).checkDir;
  return checkDir;
}

function errText(err: unknown): string {
  const e = err as Error;
  return e?.message ? e.message : String(err);
}

parentPort?.on('message', (m: { type: 'task'; id: number; input: GradeTask } | { type: 'abort'; id: number }) => {
  if (m.type === 'abort') {
    if (current?.id === m.id) current.controller.abort(new Error('timed out'));
    return;
  }
  const controller = new AbortController();
  current = { id: m.id, controller };
  const t = m.input;
  Promise.resolve()
    .then(() =>
      load()(t.dir, {
        lab: t.lab,
        includeHidden: true,
        realTools: t.realTools,
        live: t.live,
        signal: controller.signal,
        siteUrl: t.siteUrl,
      }),
    )
    .then(
      (report) => parentPort?.postMessage({ type: 'result', id: m.id, value: capFindings(report) }),
      (err: unknown) =>
        parentPort?.postMessage({ type: 'fail', id: m.id, reason: `the checker failed: ${errText(err)}` }),
    )
    .finally(() => {
      if (current?.id === m.id) current = undefined;
    });
});
