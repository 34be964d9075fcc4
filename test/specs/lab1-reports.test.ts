/**
 * Lab 1's reports, pinned: the JSON report (and the pretty one of the starter) of the solution,
 * every broken variant and the examples, through the compiled CLI with --no-real-tools, compared
 * byte for byte with files under __snapshots__/lab1 (only `durationMs` is masked). Any change to
 * how lab 1 is judged or reported shows here as a diff; an intended one is re-recorded with
 * `npx vitest run test/specs/lab1-reports.test.ts -u` and reviewed in the commit.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, ensureCliBuilt } from '../cli-build';

const LAB = join(ROOT, 'labs/specs/distributed-web');
const cases: Array<[string, string]> = [
  ['solution', join(LAB, 'solution')],
  ['starter', join(LAB, 'examples/starter')],
  ['own-servers', join(LAB, 'examples/own-servers')],
  ...readdirSync(join(LAB, 'broken'))
    .sort()
    .map((b): [string, string] => [`broken-${b}`, join(LAB, 'broken', b)]),
];

function run(args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '' },
    cwd: ROOT,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return r.stdout.split(ROOT).join('<root>');
}

beforeAll(() => ensureCliBuilt(), 120_000);

describe('lab 1 reports do not change', () => {
  it.each(cases)('%s (json)', async (name, dir) => {
    const out = run(['check', dir, '--no-real-tools', '--format', 'json', '--lab', 'distributed-web']).replace(
      /"durationMs":\s*\d+(\.\d+)?/g,
      '"durationMs":0',
    );
    await expect(out).toMatchFileSnapshot(`__snapshots__/lab1/${name}.json`);
  });

  it('starter (pretty)', async () => {
    const out = run([
      'check',
      join(LAB, 'examples/starter'),
      '--no-real-tools',
      '--no-color',
      '--lab',
      'distributed-web',
    ]).replace(/\d+(\.\d+)? ?ms\b/g, 'N ms');
    await expect(out).toMatchFileSnapshot('__snapshots__/lab1/starter.pretty.txt');
  });
});
