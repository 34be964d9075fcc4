/**
 * The compiled CLI where it matters: a run killed with SIGKILL and resumed finds every learner exactly
 * once; shards merged give byte-identical outputs to a single run; merge refuses incomplete sets.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../labs/node/grade/csv';
import { CLI, copySolution, ensureBuilt, mkdirp } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'grade-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

/** A class of n learners: the solution and a few mistakes, each with its own comment line. */
function makeClass(dir: string, n: number): string[] {
  mkdirp(dir);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `learner-${String(i).padStart(3, '0')}`;
    ids.push(id);
    copySolution(join(dir, id), (rel, t) => {
      if (rel !== 'lb-01/haproxy.cfg') return t;
      let out = `# ${id}\n${t}`;
      if (i % 3 === 1) out = out.replace('server web-02 10.0.0.12:80 check', 'server web-02 10.0.0.12:80 check backup');
      if (i % 5 === 2) out = out.replace(/\n\s*timeout client\s+\S+/, '');
      return out;
    });
  }
  return ids;
}

beforeAll(() => ensureBuilt(), 120_000);

describe('SIGKILL mid-run, then --resume', () => {
  it('finds every learner exactly once, reusing what the killed run had journaled', async () => {
    const cls = join(work, 'kill-class');
    const ids = makeClass(cls, 60);
    const out = join(work, 'kill-out');
    const journal = join(out, '.grade-journal.jsonl');
    const child = spawn(
      process.execPath,
      [CLI, 'grade', '--lab', 'distributed-web', cls, '--out', out, '--jobs', '2', '--quiet'],
      { cwd: work, stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_c, sig) => res(sig)));
    // Kill it once some learners are in the journal, long before the end.
    const journaled = (): number =>
      existsSync(journal)
        ? readFileSync(journal, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('{"type":"record"')).length
        : 0;
    const t0 = Date.now();
    while (journaled() < 8 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = journaled();
    expect(before).toBeGreaterThanOrEqual(8);
    expect(before).toBeLessThan(ids.length);
    expect(existsSync(join(out, 'gradebook.csv'))).toBe(false);

    const r = cli(['grade', '--lab', 'distributed-web', cls, '--out', out, '--jobs', '2', '--resume']);
    expect(r.stderr).toMatch(new RegExp(`\\((\\d+) unchanged, reused\\)`));
    const reused = Number(/\((\d+) unchanged, reused\)/.exec(r.stderr)?.[1]);
    expect(reused).toBeGreaterThanOrEqual(before - 1);
    expect(r.status).toBe(0);
    const rows = parseCsv(readFileSync(join(out, 'gradebook.csv'), 'utf8')).slice(1);
    expect(rows.map((x) => x[0])).toEqual(ids);
    const reports = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
    expect(reports).toHaveLength(ids.length);
    expect(new Set(reports.map((l) => JSON.parse(l).submission)).size).toBe(ids.length);
    // Verdicts are those of the mistakes made.
    const byId = new Map(rows.map((x) => [x[0], x[3]]));
    expect(byId.get('learner-000')).toBe('pass');
    expect(byId.get('learner-001')).toBe('fail');
    expect(byId.get('learner-002')).toBe('fail');
  }, 120_000);
});

describe('SIGINT', () => {
  it('stops cleanly with exit 130, keeps the journal, and --resume finishes the class', async () => {
    const cls = join(work, 'int-class');
    const ids = makeClass(cls, 40);
    const out = join(work, 'int-out');
    const journal = join(out, '.grade-journal.jsonl');
    const child = spawn(
      process.execPath,
      [CLI, 'grade', '--lab', 'distributed-web', cls, '--out', out, '--jobs', '2'],
      { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    const records = (): number =>
      existsSync(journal)
        ? readFileSync(journal, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('{"type":"record"')).length
        : 0;
    const t0 = Date.now();
    while (records() < 5 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(err).toMatch(/stopped; \d+ learner\(s\) graded so far are kept in the journal/);
    expect(existsSync(join(out, 'gradebook.csv'))).toBe(false);
    const r = cli(['grade', '--lab', 'distributed-web', cls, '--out', out, '--resume', '--quiet']);
    expect(r.status).toBe(0);
    expect(
      parseCsv(readFileSync(join(out, 'gradebook.csv'), 'utf8'))
        .slice(1)
        .map((x) => x[0]),
    ).toEqual(ids);
  }, 120_000);
});

describe('--shard i/n and grade merge', () => {
  let cls: string;
  beforeAll(() => {
    cls = join(work, 'shard-class');
    makeClass(cls, 14);
    writeFileSync(join(cls, 'broken.zip'), 'not a zip');
    writeFileSync(
      join(work, 'roster.csv'),
      'learner,name,email\nlearner-001,"Doe, Jo",jo@x.org\nabsent,Absent One,a@x.org\n',
    );
  });

  it('merged shards give byte-identical outputs to a single run', () => {
    const single = cli([
      'grade',
      '--lab',
      'distributed-web',
      cls,
      '--roster',
      'roster.csv',
      '--out',
      'single',
      '--junit',
      '--quiet',
    ]);
    expect(single.status).toBe(1); // broken.zip is an error row
    const counts: number[] = [];
    for (const i of [1, 2, 3]) {
      const r = cli([
        'grade',
        '--lab',
        'distributed-web',
        cls,
        '--roster',
        'roster.csv',
        '--shard',
        `${i}/3`,
        '--out',
        `shard-${i}`,
        '--quiet',
      ]);
      expect([0, 1]).toContain(r.status);
      const blob = join(work, `shard-${i}`, `grades-${i}-of-3.jsonl`);
      const lines = readFileSync(blob, 'utf8').trim().split('\n');
      const header = JSON.parse(lines[0]);
      expect(header).toMatchObject({
        type: 'header',
        lab: 'distributed-web',
        shard: { index: i, total: 3 },
        classSize: 16,
      });
      expect(header.specHash).toMatch(/^[0-9a-f]{64}$/);
      counts.push(lines.length - 1);
      expect(existsSync(join(work, `shard-${i}`, 'gradebook.csv'))).toBe(false);
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(16);
    const m = cli([
      'grade',
      'merge',
      'shard-1/grades-1-of-3.jsonl',
      'shard-2',
      'shard-3/grades-3-of-3.jsonl',
      '--out',
      'merged',
      '--junit',
    ]);
    expect(m.status).toBe(1);
    expect(m.stderr).toMatch(/merged 3 shard\(s\), 16 learners \(1 error row\(s\)\)/);
    for (const f of ['gradebook.csv', 'report.html', 'junit.xml', 'near-duplicates.json']) {
      expect(readFileSync(join(work, 'merged', f)).equals(readFileSync(join(work, 'single', f))), f).toBe(true);
    }
    const fb = readdirSync(join(work, 'single', 'feedback')).sort();
    expect(readdirSync(join(work, 'merged', 'feedback')).sort()).toEqual(fb);
    for (const f of fb)
      expect(readFileSync(join(work, 'merged', 'feedback', f), 'utf8')).toBe(
        readFileSync(join(work, 'single', 'feedback', f), 'utf8'),
      );
    const rows = parseCsv(readFileSync(join(work, 'merged', 'gradebook.csv'), 'utf8')).slice(1);
    expect(rows.find((r) => r[0] === 'absent')?.[3]).toBe('missing');
    expect(rows.find((r) => r[0] === 'learner-001')?.[1]).toBe('Doe, Jo');
  }, 120_000);

  it('merge refuses a missing shard, a shard given twice, and blobs of another lab version', () => {
    const missing = cli(['grade', 'merge', 'shard-1', 'shard-3', '--out', 'm2']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/missing shard\(s\) 2\/3/);
    const twice = cli([
      'grade',
      'merge',
      'shard-1',
      'shard-2',
      'shard-3',
      'shard-2/grades-2-of-3.jsonl',
      '--out',
      'm3',
    ]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/shard 2\/3 given twice/);
    const blob = readFileSync(join(work, 'shard-3', 'grades-3-of-3.jsonl'), 'utf8').split('\n');
    const h = JSON.parse(blob[0]);
    h.specHash = '0'.repeat(64);
    mkdirp(join(work, 'other'));
    writeFileSync(join(work, 'other', 'grades-3-of-3.jsonl'), [JSON.stringify(h), ...blob.slice(1)].join('\n'));
    const mixed = cli(['grade', 'merge', 'shard-1', 'shard-2', 'other', '--out', 'm4']);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/different version of the lab spec/);
    // A learner in two blobs (e.g. a shard run with other inputs) is refused too.
    const b1 = readFileSync(join(work, 'shard-1', 'grades-1-of-3.jsonl'), 'utf8').split('\n');
    const b2 = readFileSync(join(work, 'shard-2', 'grades-2-of-3.jsonl'), 'utf8').split('\n');
    const h2 = JSON.parse(b2[0]);
    h2.learners += 1;
    mkdirp(join(work, 'dup'));
    writeFileSync(join(work, 'dup', 'grades-2-of-3.jsonl'), [JSON.stringify(h2), b1[1], ...b2.slice(1)].join('\n'));
    const dup = cli(['grade', 'merge', 'shard-1', 'dup', 'shard-3', '--out', 'm5']);
    expect(dup.status).toBe(2);
    expect(dup.stderr).toMatch(/appears twice/);
    // Issue 12: a second, different blob of one shard (a renamed copy from another download) is compared,
    // never one kept silently; the message names the learner whose results differ.
    mkdirp(join(work, 'copy'));
    const rec = JSON.parse(b2[1]);
    rec.report.score += 1;
    writeFileSync(join(work, 'copy', 'grades-2-of-3.jsonl'), b2.join('\n'));
    writeFileSync(
      join(work, 'copy', 'grades-2-of-3 (1).jsonl'),
      [b2[0], JSON.stringify(rec), ...b2.slice(2)].join('\n'),
    );
    const conflict = cli(['grade', 'merge', 'shard-1', 'copy', 'shard-3', '--out', 'm6']);
    expect(conflict.status).toBe(2);
    expect(conflict.stderr).toMatch(
      new RegExp(`shard 2/3 given twice .*with different results for learner ${rec.learner}\\b`),
    );
    expect(existsSync(join(work, 'm2'))).toBe(false);
    expect(existsSync(join(work, 'm6'))).toBe(false);
  }, 60_000);
});

describe('grade classroom-result and usage errors', () => {
  it('turns a check-lab JSON report into the base64 autograding result', () => {
    const dir = join(work, 'answer');
    copySolution(dir, (rel, t) =>
      rel === 'lb-01/haproxy.cfg'
        ? t.replace('server web-02 10.0.0.12:80 check', 'server web-02 10.0.0.12:80 check backup')
        : t,
    );
    const check = cli(['check', dir, '--lab', 'distributed-web', '--format', 'json', '--no-real-tools']);
    expect(check.status).toBe(1);
    writeFileSync(join(work, 'report.json'), check.stdout);
    const report = JSON.parse(check.stdout);
    const r = cli(['grade', 'classroom-result', 'report.json']);
    expect(r.status).toBe(0);
    const result = JSON.parse(Buffer.from(r.stdout.trim(), 'base64').toString('utf8'));
    expect(result.version).toBe(1);
    expect(result.status).toBe('fail');
    const visible = report.checks.filter((c: { hidden?: boolean }) => !c.hidden);
    expect(result.tests).toHaveLength(visible.length);
    expect(result.max_score).toBe(visible.reduce((s: number, c: { maxPoints: number }) => s + c.maxPoints, 0));
    const aa = result.tests.find((t: { name: string }) => t.name.includes('(haproxy/active-active)'));
    expect(aa).toMatchObject({ status: 'fail', score: 0, filename: 'lb-01/haproxy.cfg' });
    expect(aa.line_no).toBeGreaterThan(0);
  }, 60_000);

  it('exit 2 with a hint for usage errors', () => {
    for (const args of [
      ['grade', 'answer'],
      ['grade', '--lab', 'distributed-web', '--out', 'x'],
      ['grade', '--lab', 'nope', 'answer', '--out', 'x'],
      ['grade', '--lab', 'distributed-web', 'answer', '--out', 'x', '--shard', '4/3'],
      ['grade', '--bogus'],
    ]) {
      const r = cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^web-infra-lab grade: /);
    }
  });
});
