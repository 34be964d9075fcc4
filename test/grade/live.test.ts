/**
 * `grade --live`: every learner's topology is started for real (one at a time by default), the live
 * probes become gradebook columns, and nothing is left running afterwards.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, SOLUTION, ensureBuilt } from './helpers';
import { skipReason } from '../live/helpers';

const work = mkdtempSync(join(tmpdir(), 'wil-grade-live-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!!skipReason)(`grade --live ${skipReason}`, () => {
  it('grades each learner with the live probes and leaves no namespace behind', () => {
    ensureBuilt();
    const cls = join(work, 'class');
    cpSync(SOLUTION, join(cls, 'alice'), { recursive: true });
    cpSync(join(ROOT, 'labs/specs/distributed-web/examples/starter'), join(cls, 'bob'), { recursive: true });
    const out = join(work, 'out');
    const r = spawnSync(
      process.execPath,
      [CLI, 'grade', '--lab', 'distributed-web', cls, '--out', out, '--live', '--quiet'],
      {
        encoding: 'utf8',
        timeout: 180_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = readFileSync(join(out, 'gradebook.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(','));
    const head = rows[0];
    const col = (id: string) => head.indexOf(id);
    for (const id of [
      'live/valid-start',
      'live/round-robin',
      'live/failover',
      'live/app-path',
      'live/replication',
      'live/replica-read-only',
    ]) {
      expect(col(id), id).toBeGreaterThan(0);
    }
    const alice = rows.find((x) => x[0] === 'alice')!;
    const bob = rows.find((x) => x[0] === 'bob')!;
    // The reference solution passes every probe; the starter (no X-Served-By on web-02, no `check`,
    // a writable replica) fails exactly the probes those mistakes break.
    expect(['round-robin', 'failover', 'replication', 'replica-read-only'].map((p) => alice[col(`live/${p}`)])).toEqual(
      ['pass', 'pass', 'pass', 'pass'],
    );
    expect(
      ['valid-start', 'round-robin', 'failover', 'app-path', 'replication', 'replica-read-only'].map(
        (p) => bob[col(`live/${p}`)],
      ),
    ).toEqual(['pass', 'fail', 'fail', 'pass', 'pass', 'fail']);
    const reports = readFileSync(join(out, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { live?: { mode: string } });
    expect(reports.map((x) => x.live?.mode)).toEqual(['netns', 'netns']);
    // Run names start with `wil-<pid of the grading process>-`: none of its namespaces or run folders is left.
    const netns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
    expect(netns.split('\n').filter((l) => l.startsWith(`wil-${r.pid}-`))).toEqual([]);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`wil-${r.pid}-`))).toEqual([]);
  }, 200_000);
});
