/**
 * `grade` end to end with the real checker (the compiled worker running checkDir): a class of
 * folders, archives and cloned repositories, with a roster, a copied pair and broken submissions.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../labs/node/commands/grade';
import { parseCsv } from '../../labs/node/grade/csv';
import { copySolution, ensureBuilt, gitRepoOf, makeTgz, makeZip, mkdirp, treeOf } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'grade-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cio() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      cwd: work,
      env: {},
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
    },
    out,
    err,
  };
}

const COPIED =
  'timeout queue 17s\n    timeout http-request 9s\n    retries 4\n    option redispatch\n    timeout check 4s\n';

beforeAll(() => {
  ensureBuilt();
  const cls = mkdirp(join(work, 'class'));
  copySolution(join(cls, 'alice'));
  // bob: web-02 is a backup server (active-passive).
  copySolution(join(cls, 'bob'), (rel, t) =>
    rel === 'lb-01/haproxy.cfg'
      ? t.replace('server web-02 10.0.0.12:80 check', 'server web-02 10.0.0.12:80 check backup')
      : t,
  );
  // carol: the solution as a zip wrapping one folder; dave: a tarball with the same server-id on both databases.
  const tmp = mkdirp(join(work, 'tmp'));
  copySolution(join(tmp, 'carol'));
  writeFileSync(join(cls, 'carol.zip'), makeZip(treeOf(join(tmp, 'carol'), 'carol/')));
  copySolution(join(tmp, 'dave'), (rel, t) =>
    rel === 'db-replica/50-server.cnf' ? t.replace(/server-id\s*=\s*\d+/, 'server-id = 1') : t,
  );
  writeFileSync(
    join(cls, 'dave.tar.gz'),
    makeTgz([...treeOf(join(tmp, 'dave')), { name: '../../../escape.txt', data: 'x' }]),
  );
  // eve: a corrupt archive.
  writeFileSync(join(cls, 'eve.zip'), Buffer.from('PK\u0003\u0004 truncated'));
  // hank and ivan: the same unusual lines (with their own addresses), spacing and comments changed.
  copySolution(join(cls, 'hank'), (rel, t) =>
    rel === 'lb-01/haproxy.cfg' ? t.replace('    timeout server  30s\n', `    timeout server  30s\n    ${COPIED}`) : t,
  );
  copySolution(join(cls, 'ivan'), (rel, t) =>
    rel === 'lb-01/haproxy.cfg'
      ? t
          .replace(
            '    timeout server  30s\n',
            `    timeout server  30s\n    # my own tuning\n    ${COPIED.replace(/ 17s/, '   17s')}`,
          )
          .replace(/10\.0\.0\.1(\d)/g, '192.168.7.2$1')
      : t,
  );
  // gina: a local git repository; hugo: a repository that does not exist.
  copySolution(join(work, 'repos', 'gina'));
  gitRepoOf(join(work, 'repos', 'gina'));
  writeFileSync(
    join(work, 'repos.txt'),
    `# learners' repositories\ngina ${join(work, 'repos', 'gina')}\nhugo file://${join(work, 'repos', 'missing')}\n`,
  );
  writeFileSync(
    join(work, 'roster.csv'),
    'identifier,github_username,name,email\nS-1,alice,"Alice, A.",alice@x.org\nS-2,bob,=cmd|calc,bob@x.org\nS-9,zoe,Zoe,zoe@x.org\n',
  );
}, 120_000);

describe('grade (real checker)', () => {
  let out: string;
  let code: number;
  let rows: string[][];
  let header: string[];

  beforeAll(async () => {
    out = join(work, 'out');
    const c = cio();
    const c0 = Date.now();
    code = await command.run(
      [
        '--lab',
        'distributed-web',
        'class',
        'repos.txt',
        '--roster',
        'roster.csv',
        '--out',
        'out',
        '--jobs',
        '2',
        '--gradescope',
        '--junit',
        '--quiet',
      ],
      c.io,
    );
    if (code === 2) throw new Error(c.err.join(''));
    void c0;
    const csv = readFileSync(join(out, 'gradebook.csv'), 'utf8');
    expect(csv.endsWith('\r\n')).toBe(true);
    const parsed = parseCsv(csv);
    header = parsed[0];
    rows = parsed.slice(1);
  }, 120_000);

  const row = (id: string) => {
    const r = rows.find((x) => x[0] === id);
    if (!r) throw new Error(`no row for ${id}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i]]));
  };

  it('has every learner exactly once, sorted, with error rows for what could not be read (exit 1)', () => {
    expect(code).toBe(1);
    // Sorted by code unit (deterministic everywhere, whatever the locale).
    expect(rows.map((r) => r[0])).toEqual([
      'S-9',
      'alice',
      'bob',
      'carol',
      'dave',
      'eve',
      'gina',
      'hank',
      'hugo',
      'ivan',
    ]);
    expect(row('alice').status).toBe('pass');
    expect(row('carol').status).toBe('pass');
    expect(row('gina').status).toBe('pass');
    expect(row('eve').status).toBe('error');
    expect(row('eve').note).toMatch(/eve\.zip/);
    expect(row('hugo').status).toBe('error');
    expect(row('hugo').note).toMatch(/git clone failed/);
    expect(row('S-9').status).toBe('missing');
    expect(row('S-9').name).toBe('Zoe');
  });

  it('scores per check, with the hidden check as a column', () => {
    expect(header.slice(0, 8)).toEqual(['learner', 'name', 'email', 'status', 'score', 'max', 'passed', 'note']);
    expect(header).toContain('mysql/replication-least-privilege [hidden]');
    expect(header).toContain('haproxy/active-active');
    expect(row('bob').status).toBe('fail');
    expect(row('bob')['haproxy/active-active']).toBe('0');
    expect(row('alice')['haproxy/active-active']).not.toBe('0');
    expect(Number(row('bob').score)).toBeLessThan(Number(row('alice').score));
    expect(row('alice').score).toBe(row('alice').max);
    expect(row('dave')['mysql/distinct-server-ids']).toBe('0');
    expect(row('dave').note).toMatch(/escape\.txt was not extracted: climbs out/);
  });

  it('names from the roster (formula-safe) and one check-lab report per learner in results.jsonl', () => {
    const csv = readFileSync(join(out, 'gradebook.csv'), 'utf8');
    expect(csv).toContain(`alice,"Alice, A.",alice@x.org,pass`);
    expect(csv).toContain(`bob,'=cmd|calc,bob@x.org,fail`);
    const reports = readFileSync(join(out, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(reports.map((r) => r.submission)).toEqual(rows.map((r) => r[0]));
    const bob = reports.find((r) => r.submission === 'bob');
    expect(bob.lab).toBe('distributed-web');
    expect(bob.checks.find((c: { id: string }) => c.id === 'mysql/replication-least-privilege').hidden).toBe(true);
  });

  it('feedback for each learner: failed checks with file:line, hint and docs link; hidden checks not shown', () => {
    expect(readdirSync(join(out, 'feedback')).sort()).toEqual(rows.map((r) => `${r[0]}.md`).sort());
    const fb = readFileSync(join(out, 'feedback', 'bob.md'), 'utf8');
    expect(fb).toMatch(/haproxy\/active-active/);
    expect(fb).toMatch(/`lb-01\/haproxy\.cfg:\d+:\d+`/);
    expect(fb).toMatch(/Hint: /);
    expect(fb).toMatch(/Read more: https?:\/\/\S+\/checks\/haproxy\/active-active/);
    expect(fb).not.toMatch(/replication-least-privilege/);
    expect(readFileSync(join(out, 'feedback', 'eve.md'), 'utf8')).toMatch(/could not be graded/);
  });

  it('Gradescope results.json per learner and one JUnit testsuite per learner', () => {
    const gs = JSON.parse(readFileSync(join(out, 'gradescope', 'bob', 'results.json'), 'utf8'));
    expect(gs.score).toBe(Number(row('bob').score));
    expect(gs.tests.find((t: { name: string }) => t.name.includes('(haproxy/active-active)')).status).toBe('failed');
    expect(gs.tests.find((t: { name: string }) => t.name.includes('replication-least-privilege')).visibility).toBe(
      'hidden',
    );
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(rows.length);
    expect(junit).toMatch(
      /<testcase classname="bob\.haproxy" name="haproxy\/active-active" file="lb-01\/haproxy\.cfg" line="\d+"><failure/,
    );
  });

  it('report.html: one self-contained page with the charts, mistakes, learners and the copied pair', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|src=|url\(|@import/i);
    expect(html).not.toMatch(/href="http/);
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('Pass rate per check');
    expect(html).toContain('Score distribution');
    expect(html).toMatch(/Most common mistakes[\s\S]*haproxy\/active-active[\s\S]*bob/);
    expect(html).toMatch(/hank<br>ivan/);
    const pairs = JSON.parse(readFileSync(join(out, 'near-duplicates.json'), 'utf8'));
    expect(pairs.map((p: { a: string; b: string }) => `${p.a}+${p.b}`)).toEqual(['hank+ivan']);
    expect(pairs[0].shared).toContain('retries 4');
    expect(pairs[0].similarity).toBeGreaterThanOrEqual(0.9);
  });

  it('removes every temp folder it made', () => {
    const left = readdirSync(tmpdir()).filter((n) => n.startsWith('wil-grade-') || n.startsWith('wil-clone-'));
    // Other runs on this machine may be extracting right now; none of ours may remain.
    for (const n of left)
      expect(readdirSync(join(tmpdir(), n)).some((x) => x === 'carol' || x === 'lb-01')).toBe(false);
  });
});
