import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryTree } from '../../labs/core/vfs';
import { classroomResult } from '../../labs/node/grade/classroom';
import { csvLine, parseCsv, parseRoster } from '../../labs/node/grade/csv';
import { parseRepoList, sanitizeId } from '../../labs/node/grade/inputs';
import { Journal, type GradeRecord, type JournalHeader } from '../../labs/node/grade/journal';
import { WorkerPool } from '../../labs/node/grade/pool';
import { parseShard, shardSlice } from '../../labs/node/grade/shard';
import { featuresOf, nearDuplicates, normaliseLine } from '../../labs/node/grade/similarity';
import type { Report } from '../../labs/core/report/types';

const work = mkdtempSync(join(tmpdir(), 'grade-units-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('csv', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', 3, true, undefined])).toBe(
      'a,"b,c","say ""hi""","two\nlines",3,true,\r\n',
    );
    expect(csvLine(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', 'ok'])).toBe(
      `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),ok\r\n`,
    );
    // Numbers stay numbers (a negative score is not text).
    expect(csvLine([-1.5])).toBe('-1.5\r\n');
  });
  it('parses what it writes', () => {
    const rows = [['x', 'a,b', 'q"q', 'l1\r\nl2', '']];
    expect(parseCsv(rows.map((r) => csvLine(r)).join(''))).toEqual(rows);
  });
  it('reads a roster with a BOM, aliases and optional columns', () => {
    const r = parseRoster(
      '\ufeffidentifier,github_username,github_id,name,Email\r\nS1,alice-gh,1,"Liddell, Alice",a@x.org\r\n,bob,2,Bob,\r\n',
    );
    expect(r.entries.map((e) => [e.id, e.name, e.email])).toEqual([
      ['S1', 'Liddell, Alice', 'a@x.org'],
      ['bob', 'Bob', undefined],
    ]);
    expect(r.aliases.get('alice-gh')?.id).toBe('S1');
    expect(() => parseRoster('name,email\nA,a@x\n')).toThrow(/id column/);
  });
});

describe('inputs', () => {
  it('sanitises learner ids and reads repository lists', () => {
    expect(sanitizeId('Alice Smith/../x')).toBe('Alice_Smith_.._x');
    expect(sanitizeId('.hidden')).toBe('_hidden');
    expect(parseRepoList('# class\nhttps://h/org/lab-alice.git\nbob file:///srv/bob  # comment\n\n')).toEqual([
      { id: 'lab-alice', url: 'https://h/org/lab-alice.git' },
      { id: 'bob', url: 'file:///srv/bob' },
    ]);
  });
});

describe('shards', () => {
  it('splits any id list into disjoint, complete, deterministic slices', () => {
    const ids = Array.from({ length: 103 }, (_, i) => `learner-${i}`);
    const slices = [1, 2, 3, 4].map((i) => shardSlice(ids, { index: i, total: 4 }));
    const all = slices.flatMap((s) => [...s]);
    expect(all.length).toBe(103);
    expect(new Set(all).size).toBe(103);
    for (const s of slices) expect(s.size === 25 || s.size === 26).toBe(true);
    // Input order does not matter.
    expect([...shardSlice([...ids].reverse(), { index: 2, total: 4 })].sort()).toEqual([...slices[1]].sort());
    expect(() => parseShard('0/4')).toThrow();
    expect(() => parseShard('5/4')).toThrow();
    expect(parseShard('2/8')).toEqual({ index: 2, total: 8 });
  });
});

describe('near-duplicates', () => {
  it('normalises comments, spacing, addresses, ids, passwords and names', () => {
    expect(normaliseLine('    server web-01 10.0.0.11:80 check  # main')).toBe('server <name> <ip>:80 check');
    expect(normaliseLine('server-id     = 7')).toBe('server-id=<n>');
    expect(normaliseLine("CREATE USER 'r'@'10.0.0.22' IDENTIFIED BY 'Secr3t';")).toBe(
      "create user '<s>'@'<s>' identified by <secret>;",
    );
    expect(normaliseLine('# only a comment')).toBe('');
    expect(normaliseLine('  }')).toBe('');
  });

  it('finds the copied pair, ignores reference lines and lines the whole class shares', () => {
    const reference = new Set(
      featuresOf(new MemoryTree({ 'a.cfg': 'global\n    maxconn 2048\ndefaults\n    mode http\n' })),
    );
    const shared =
      'option httpchk GET /health\nhttp-check expect status 200\ntimeout queue 10s\nretries 3\noption redispatch\n';
    const tree = (extra: string) => new MemoryTree({ 'lb/haproxy.cfg': `global\n    maxconn 2048\n${extra}` });
    const subs = [
      { learner: 'ann', features: featuresOf(tree(shared + 'server a 10.0.0.1:80 check\n'), reference) },
      // bob copied ann, with other addresses and extra spaces and comments.
      {
        learner: 'bob',
        features: featuresOf(tree(shared.replace(/ /g, '   ') + '# mine\nserver b 192.168.1.9:80 check\n'), reference),
      },
      {
        learner: 'cat',
        features: featuresOf(
          tree('balance leastconn\ntimeout tunnel 1h\nfullconn 100\nhash-type consistent\n'),
          reference,
        ),
      },
    ];
    expect(subs[0].features).not.toContain('maxconn 2048');
    const pairs = nearDuplicates(subs, { threshold: 0.5 });
    expect(pairs.map((p) => [p.a, p.b])).toEqual([['ann', 'bob']]);
    expect(pairs[0].similarity).toBe(1);
    expect(pairs[0].shared).toContain('option httpchk get /health');
    // Lines shared by most of a large class are common ground, not evidence.
    const many = Array.from({ length: 40 }, (_, i) => ({
      learner: `l${i}`,
      features: featuresOf(tree(shared + `fullconn ${i}00\n`), reference),
    }));
    expect(nearDuplicates(many, { threshold: 0.5 })).toEqual([]);
  });

  it('scales without all-pairs work: 3,000 submissions in well under the time of a pairwise diff', () => {
    const subs = Array.from({ length: 3000 }, (_, i) => ({
      learner: `s${i}`,
      features: Array.from({ length: 30 }, (_, k) => `line ${i}-${k}`),
    }));
    subs[7].features = [...subs[3].features];
    const pairs = nearDuplicates(subs);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([['s3', 's7']]);
  });
});

describe('journal', () => {
  const header: JournalHeader = {
    type: 'journal',
    format: 'web-infra-lab-journal/1',
    lab: 'l',
    specHash: 'h',
    toolVersion: '1',
  };
  const rec = (learner: string): GradeRecord => ({
    type: 'record',
    learner,
    status: 'pass',
    source: 'folder',
    notes: [],
    report: {} as Report,
    features: [],
    hash: learner + '-hash',
  });
  it('survives a torn last line and ignores journals of another spec', () => {
    const p = join(work, 'j.jsonl');
    const j = new Journal(p, header, false);
    j.append(rec('a'));
    j.append(rec('b'));
    j.close();
    writeFileSync(p, readFileSync(p, 'utf8') + '{"type":"record","learner":"c","sta');
    const j2 = new Journal(p, header, true);
    expect([...j2.previous.keys()]).toEqual(['a', 'b']);
    j2.append(rec('c'));
    j2.close();
    const j3 = new Journal(p, header, true);
    expect([...j3.previous.keys()]).toEqual(['a', 'b', 'c']);
    j3.close();
    const j4 = new Journal(p, { ...header, specHash: 'other' }, true);
    expect(j4.previous.size).toBe(0);
    expect(j4.ignoredReason).toMatch(/changed/);
    j4.close();
  });
});

describe('classroom result', () => {
  it('one test per visible check with its points; hidden checks left out', () => {
    const base = {
      title: 'T',
      component: 'haproxy' as const,
      severity: 'error' as const,
      docsUrl: 'https://d/x',
      kind: 'static' as const,
    };
    const report = {
      checks: [
        { ...base, id: 'a/x', status: 'pass', points: 3, maxPoints: 3, findings: [] },
        {
          ...base,
          id: 'a/y',
          status: 'fail',
          points: 0,
          maxPoints: 2,
          findings: [
            {
              checkId: 'a/y',
              messageId: 'm',
              message: 'no check',
              severity: 'error',
              file: 'lb-01/haproxy.cfg',
              line: 27,
            },
          ],
        },
        { ...base, id: 'a/z', status: 'fail', points: 0, maxPoints: 5, hidden: true, findings: [] },
      ],
    } as unknown as Report;
    const r = classroomResult(report);
    expect(r.max_score).toBe(5);
    expect(r.status).toBe('fail');
    expect(r.tests.map((t) => [t.status, t.score, t.filename, t.line_no])).toEqual([
      ['pass', 3, '', 0],
      ['fail', 0, 'lb-01/haproxy.cfg', 27],
    ]);
    expect(r.tests[1].message).toMatch(/lb-01\/haproxy.cfg:27: no check/);
  });
});

describe('worker pool (test double worker, plain JS)', () => {
  const file = join(work, 'double-worker.js');
  writeFileSync(
    file,
    `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.type !== 'task') return;
  const x = m.input;
  if (x === 'hang') return; // never answers
  if (x === 'crash') throw new Error('boom in worker');
  if (x === 'exit') process.exit(3);
  if (x === 'fail') return parentPort.postMessage({ type: 'fail', id: m.id, reason: 'checker threw' });
  parentPort.postMessage({ type: 'result', id: m.id, value: x + '!' });
});`,
  );
  it('runs tasks, turns a hang into a timeout and crashes into failures, replaces workers, and keeps going', async () => {
    const pool = new WorkerPool<string, string>({ file, size: 2, timeoutMs: 400, graceMs: 50 });
    try {
      const inputs = ['a', 'hang', 'b', 'crash', 'c', 'exit', 'd', 'fail', 'e'];
      const out = await Promise.all(inputs.map((x) => pool.run(x)));
      expect(out.map((o) => (o.ok ? o.value : o.code))).toEqual([
        'a!',
        'timeout',
        'b!',
        'crash',
        'c!',
        'crash',
        'd!',
        'crash',
        'e!',
      ]);
      expect(out[3].ok === false && out[3].reason).toMatch(/boom in worker/);
      expect(out[1].ok === false && out[1].reason).toMatch(/timed out after 0.4 s/);
      expect(pool.replaced).toBe(3);
      expect(pool.size).toBe(2);
    } finally {
      await pool.close();
    }
  });
});
