/**
 * The run's orchestration (inputs, roster, error rows, journal, resume, outputs) with a test-double
 * worker: a plain-JS worker that "checks" a folder by counting its files. The real checker is used
 * by grade.test.ts; this file pins what does not depend on it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Progress } from '../../labs/node/grade/progress';
import { runGrade } from '../../labs/node/grade/run';
import { specsDir } from '../../labs/node/paths';
import { makeZip } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'grade-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const worker = join(work, 'double.js');
writeFileSync(
  worker,
  `const { parentPort } = require('node:worker_threads');
const { readdirSync } = require('node:fs');
parentPort.on('message', (m) => {
  if (m.type !== 'task') return;
  const n = readdirSync(m.input.dir).length;
  if (readdirSync(m.input.dir).includes('HANG')) return;
  const check = (id, ok, hidden) => ({ id, title: id, component: 'haproxy', severity: 'error', status: ok ? 'pass' : 'fail', points: ok ? 1 : 0, maxPoints: 1, docsUrl: 'https://d/' + id, findings: ok ? [] : [{ checkId: id, messageId: 'bad', message: 'bad thing', severity: 'error', file: 'lb-01/haproxy.cfg', line: 3, column: 1, hint: 'fix it' }], kind: 'static', hidden });
  const checks = [check('a/one', n >= 2), check('a/two', n >= 3), check('a/secret', n >= 4, true)];
  const score = checks.reduce((s, c) => s + c.points, 0);
  parentPort.postMessage({ type: 'result', id: m.id, value: { tool: { name: 'web-infra-lab', version: '0' }, lab: m.input.lab, submission: m.input.dir, score, maxScore: 3, passed: score === 3, files: [], checks, durationMs: 1 } });
});`,
);

function io() {
  const err: string[] = [];
  return {
    io: { cwd: work, env: {}, stdout: { write: (s: string) => void s }, stderr: { write: (s: string) => err.push(s) } },
    err,
  };
}

describe('grade run (test-double worker)', () => {
  const cls = join(work, 'class');
  mkdirSync(cls);
  for (const [id, n] of [
    ['ann', 4],
    ['bob', 2],
    ['cy', 3],
  ] as const) {
    mkdirSync(join(cls, id));
    for (let i = 0; i < n; i++) writeFileSync(join(cls, id, `f${i}.cfg`), `line ${id} ${i}\n`);
  }
  writeFileSync(
    join(cls, 'dee.zip'),
    makeZip([
      { name: 'x.cfg', data: 'a' },
      { name: 'y.cfg', data: 'b' },
      { name: '../../evil', data: 'x' },
    ]),
  );
  writeFileSync(join(cls, 'eve.zip'), Buffer.from('PK but not really a zip'));
  mkdirSync(join(cls, 'hal'));
  writeFileSync(join(cls, 'hal', 'HANG'), '');
  const roster = join(work, 'roster.csv');
  writeFileSync(
    roster,
    'learner,name,email\nann,"=HYPERLINK(""http://x"")",ann@x.org\nbob,Bob,bob@x.org\nzed,Zed,zed@x.org\n../../../../tmp/evil,Evil,e@x\n',
  );

  it('grades everyone once: error rows for unreadable and timed-out submissions, missing roster rows, hidden checks in the gradebook', async () => {
    const out = join(work, 'out');
    const { io: cio } = io();
    const s = await runGrade(
      {
        lab: 'distributed-web',
        inputs: [cls],
        outDir: out,
        roster,
        quiet: true,
        workerFile: worker,
        jobs: 2,
        timeoutSec: 1,
        gradescope: true,
        junit: true,
      },
      cio,
    );
    expect(s.counts).toEqual({ pass: 1, fail: 3, error: 2, missing: 2 });
    const csv = readFileSync(join(out, 'gradebook.csv'), 'utf8');
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe('learner,name,email,status,score,max,passed,note,a/one,a/two,a/secret [hidden]');
    // A roster id names a file too: it is sanitised like every learner id (no path traversal).
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual([
      '_._.._.._.._tmp_evil',
      'ann',
      'bob',
      'cy',
      'dee',
      'eve',
      'hal',
      'zed',
    ]);
    expect(readdirSync(join(out, 'feedback'))).toContain('_._.._.._.._tmp_evil.md');
    rows.splice(1, 1);
    expect(rows[1]).toBe(`ann,"'=HYPERLINK(""http://x"")",ann@x.org,pass,3,3,true,,1,1,1`);
    expect(rows[4]).toMatch(/^dee,,,fail,1,3,false,archive entry \.\.\/\.\.\/evil was not extracted: climbs out/);
    expect(rows[5]).toMatch(/^eve,,,error,0,3,false,eve\.zip: not a zip archive/);
    expect(rows[6]).toMatch(/^hal,,,error,0,3,false,timed out after 1 s/);
    expect(rows[7]).toMatch(/^zed,Zed,zed@x.org,missing,0,3,false,no submission found/);
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(8);
    const fb = readFileSync(join(out, 'feedback', 'bob.md'), 'utf8');
    expect(fb).toContain('`lb-01/haproxy.cfg:3:1`: bad thing');
    expect(fb).toContain('Hint: fix it');
    expect(fb).toContain('Read more: https://d/a/two');
    expect(fb).not.toContain('a/secret');
    expect(fb).toMatch(/1 further check that is not listed/);
    const gs = JSON.parse(readFileSync(join(out, 'gradescope', 'ann', 'results.json'), 'utf8'));
    expect(gs.tests.find((t: { name: string }) => t.name.includes('a/secret')).visibility).toBe('hidden');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8').match(/<testsuite /g)).toHaveLength(8);
  });

  it('--resume reuses unchanged learners and regrades changed ones', async () => {
    const out = join(work, 'out2');
    const { io: cio } = io();
    // Folders given directly are one learner each when they look like a submission (answers.yaml).
    for (const id of ['ann', 'bob', 'cy']) writeFileSync(join(cls, id, 'answers.yaml'), 'lab: distributed-web\n');
    const first = await runGrade(
      {
        lab: 'distributed-web',
        inputs: [join(cls, 'ann'), join(cls, 'bob'), join(cls, 'cy')],
        outDir: out,
        quiet: true,
        workerFile: worker,
      },
      cio,
    );
    expect(first.graded).toBe(3);
    writeFileSync(join(cls, 'bob', 'new.cfg'), 'more\n');
    const again = await runGrade(
      {
        lab: 'distributed-web',
        inputs: [join(cls, 'ann'), join(cls, 'bob'), join(cls, 'cy')],
        outDir: out,
        quiet: true,
        workerFile: worker,
        resume: true,
      },
      cio,
    );
    expect([again.reused, again.graded]).toEqual([2, 1]);
    const rows = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split('\r\n');
    expect(rows[2]).toMatch(/^bob,,,pass,3,3,/);
    // The journal is compacted to one record per learner.
    expect(readFileSync(join(out, '.grade-journal.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('a git clone that hangs is stopped at --clone-timeout and becomes one error row', async () => {
    const { io: cio } = io();
    const bin = join(work, 'fakebin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'git'), '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    writeFileSync(join(work, 'repos.txt'), 'slow file:///nowhere/slow.git\n');
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const t0 = Date.now();
      const s = await runGrade(
        {
          lab: 'distributed-web',
          inputs: [join(work, 'repos.txt')],
          outDir: join(work, 'git-out'),
          quiet: true,
          workerFile: worker,
          cloneTimeoutSec: 1,
        },
        cio,
      );
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(s.counts.error).toBe(1);
      expect(readFileSync(join(work, 'git-out', 'gradebook.csv'), 'utf8')).toMatch(
        /slow,,,error,0,\d+,false,git clone timed out after 1 s/,
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('an output folder inside the class folder is not a learner', async () => {
    const { io: cio } = io();
    const c2 = join(work, 'class2');
    for (const id of ['p', 'q']) {
      mkdirSync(join(c2, id), { recursive: true });
      writeFileSync(join(c2, id, 'a.cfg'), 'x\n');
    }
    await runGrade(
      { lab: 'distributed-web', inputs: [c2], outDir: join(c2, 'grades'), quiet: true, workerFile: worker },
      cio,
    );
    const again = await runGrade(
      { lab: 'distributed-web', inputs: [c2], outDir: join(c2, 'grades'), quiet: true, workerFile: worker },
      cio,
    );
    expect(again.learners).toBe(2);
  });

  it('live grading runs a bounded number of topologies at once (default 1), static uses the cores', async () => {
    const { io: cio } = io();
    const args = {
      lab: 'distributed-web',
      inputs: [join(cls, 'ann'), join(cls, 'bob'), join(cls, 'cy')],
      quiet: true,
      workerFile: worker,
      jobs: 8,
    };
    expect((await runGrade({ ...args, outDir: join(work, 'l1'), live: true }, cio)).workers).toBe(1);
    expect((await runGrade({ ...args, outDir: join(work, 'l2'), live: true, liveJobs: 2 }, cio)).workers).toBe(2);
    expect((await runGrade({ ...args, outDir: join(work, 'l3') }, cio)).workers).toBe(
      Math.min(8, availableParallelism()),
    );
  });
});

describe('progress', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { out: { isTTY, write: (s: string) => chunks.push(s) }, chunks };
  };
  it('a bar redrawn in place on a TTY, plain lines otherwise, nothing when quiet', () => {
    const tty = sink(true);
    const p = Progress.for(tty.out, 3, false);
    p.tick('ann', 'pass');
    p.tick('bob', 'error');
    p.tick('cy', 'fail');
    p.end();
    expect(tty.chunks[0]).toMatch(/^\r\x1b\[2K\[#{10}-{20}\] 1\/3 33% eta \d+s ann$/);
    expect(tty.chunks.at(-2)).toMatch(/\[#{30}\] 3\/3 100%/);
    expect(tty.chunks.at(-1)).toBe('\n');
    const plain = sink(false);
    const q = Progress.for(plain.out, 20, false);
    for (let i = 0; i < 20; i++) q.tick(`l${i}`, i === 3 ? 'error' : 'pass');
    expect(plain.chunks.every((c) => !c.includes('\r') && c.endsWith('\n'))).toBe(true);
    expect(plain.chunks.length).toBeLessThanOrEqual(12);
    expect(plain.chunks.at(-1)).toMatch(/^graded 20\/20 \(100%\), 1 error\(s\)/);
    const quiet = sink(true);
    const r = Progress.for(quiet.out, 2, true);
    r.tick('a', 'pass');
    r.end();
    expect(quiet.chunks).toEqual([]);
  });
});
