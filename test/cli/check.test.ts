/**
 * `web-infra-lab check`: one scenario table, run in-process (main() with a fake io) and through
 * the spawned compiled bin (dist/, built by `npm test`'s pretest; rebuilt here when missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../labs/node/main';
import { ensureCliBuilt } from '../cli-build';
import { projectRoot } from '../../labs/node/paths';
import * as checkCommand from '../../labs/node/commands/check';
import * as checkModule from '../../labs/node/check';
import * as reportModule from '../../labs/core/report/index';

/*
 * main() loads a command with a plain lazy `require()` (start-up speed). Under vitest the sources
 * are TypeScript that Node's own require cannot load, so that one require is mapped onto the
 * module vitest already loaded (one module graph: `UsageError` is the class main() checks). Any
 * other .ts require fails the test loudly.
 */
const NodeModule = require('node:module') as {
  _extensions: Record<string, (m: { exports: unknown }, filename: string) => void>;
};
const LAZY: Record<string, unknown> = {
  [join(projectRoot, 'labs/node/commands/check.ts')]: checkCommand,
  [join(projectRoot, 'labs/node/check.ts')]: checkModule,
  [join(projectRoot, 'labs/core/report/index.ts')]: reportModule,
};
const hadTs = '.ts' in NodeModule._extensions;
beforeAll(() => {
  if (!hadTs) {
    NodeModule._extensions['.ts'] = (m, filename) => {
      if (!(filename in LAZY)) throw new Error(`unexpected require of ${filename}`);
      m.exports = LAZY[filename];
    };
  }
});
afterAll(() => {
  if (!hadTs) delete NodeModule._extensions['.ts'];
});

const SOL = 'labs/specs/distributed-web/solution';
const STARTER = 'labs/specs/distributed-web/examples/starter';
const BIN = join(projectRoot, 'dist', 'labs', 'cli', 'web-infra-lab.js');
const out = mkdtempSync(join(tmpdir(), 'wil-cli-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

interface Scenario {
  name: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
  tty?: boolean;
  code: number;
  check?: (r: Result) => void;
}

const ESC = '\u001b[';
const json = (r: Result) =>
  JSON.parse(r.stdout) as {
    score: number;
    maxScore: number;
    passed: boolean;
    checks: Array<{ id: string; status: string }>;
    lab: string;
  };

const scenarios: Scenario[] = [
  {
    name: 'reference solution, json: exit 0, full score',
    args: ['check', SOL, '--no-real-tools', '--format', 'json'],
    code: 0,
    check: (r) => {
      const j = json(r);
      expect([j.lab, j.passed, j.score]).toEqual(['distributed-web', true, j.maxScore]);
      expect(j.checks.some((c) => c.id === 'mysql/replication-least-privilege')).toBe(false);
      expect(r.stderr).toBe('');
    },
  },
  {
    name: 'starter example: exit 1',
    args: ['check', STARTER, '--no-real-tools'],
    code: 1,
    check: (r) => expect(r.stdout).toMatch(/haproxy\/health-checks/),
  },
  {
    name: '--exit-zero: exit 0 even when checks fail',
    args: ['check', STARTER, '--no-real-tools', '--exit-zero', '--format', 'json'],
    code: 0,
    check: (r) => expect(json(r).passed).toBe(false),
  },
  {
    name: 'default DIR is the current folder',
    args: ['check', '--no-real-tools', '--format', 'json'],
    cwd: SOL,
    code: 0,
  },
  {
    name: '--only GLOB selects checks (repeatable)',
    args: ['check', SOL, '--no-real-tools', '--format', 'json', '--only', 'haproxy/*', '--only', 'design/answers'],
    code: 0,
    check: (r) => {
      const ids = json(r).checks.map((c) => c.id);
      expect(ids.every((id) => id.startsWith('haproxy/') || id === 'design/answers')).toBe(true);
      expect(ids).toContain('design/answers');
      expect(ids.length).toBe(10);
    },
  },
  {
    name: '--time-budget: what the budget does not reach is an error row, not a pass (exit 1)',
    args: ['check', SOL, '--no-real-tools', '--format', 'json', '--time-budget', '0.000001'],
    code: 1,
    check: (r) => {
      const j = json(r);
      expect(j.passed).toBe(false);
      const late = j.checks.filter((c) => c.status === 'error');
      expect(late.length).toBeGreaterThan(0);
      expect(JSON.stringify(late)).toMatch(/longer than its 0 s budget/);
    },
  },
  {
    name: '--time-budget takes seconds',
    args: ['check', SOL, '--time-budget', 'soon'],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/--time-budget takes seconds between 0 and 3600, got 'soon'/),
  },
  {
    name: '--lab names the lab',
    args: ['check', SOL, '--no-real-tools', '--lab', 'distributed-web', '--format', 'json'],
    code: 0,
  },
  {
    name: '--output FILE: report in the file, one summary line on stderr, nothing on stdout',
    args: ['check', STARTER, '--no-real-tools', '--format', 'json', '--output', join(out, 'r.json')],
    code: 1,
    check: (r) => {
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^distributed-web: \d+(\.\d+)?\/49 points, 5 check\(s\) failing .*report written to /);
      expect(JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')).lab).toBe('distributed-web');
    },
  },
  {
    name: 'junit',
    args: ['check', STARTER, '--no-real-tools', '--format', 'junit'],
    code: 1,
    check: (r) => expect(r.stdout).toMatch(/^<\?xml[\s\S]*<testcase[\s\S]*<failure/),
  },
  {
    name: 'sarif',
    args: ['check', STARTER, '--no-real-tools', '--format', 'sarif'],
    code: 1,
    check: (r) => expect(JSON.parse(r.stdout).version).toBe('2.1.0'),
  },
  {
    name: 'github',
    args: ['check', STARTER, '--no-real-tools', '--format', 'github'],
    code: 1,
    check: (r) => expect(r.stdout).toMatch(/^::error file=lb-01\/haproxy\.cfg,line=18/m),
  },
  {
    name: 'gradescope',
    args: ['check', STARTER, '--no-real-tools', '--format', 'gradescope'],
    code: 1,
    check: (r) => expect(Array.isArray(JSON.parse(r.stdout).tests)).toBe(true),
  },
  {
    name: 'pretty, no colour when not a TTY',
    args: ['check', STARTER, '--no-real-tools'],
    code: 1,
    check: (r) => expect(r.stdout.includes(ESC)).toBe(false),
  },
  {
    name: 'FORCE_COLOR forces colour',
    args: ['check', STARTER, '--no-real-tools'],
    env: { FORCE_COLOR: '1' },
    code: 1,
    check: (r) => expect(r.stdout.includes(ESC)).toBe(true),
  },
  {
    name: 'NO_COLOR wins over FORCE_COLOR',
    args: ['check', STARTER, '--no-real-tools'],
    env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    code: 1,
    check: (r) => expect(r.stdout.includes(ESC)).toBe(false),
  },
  {
    name: '--no-color wins over FORCE_COLOR',
    args: ['check', STARTER, '--no-real-tools', '--no-color'],
    env: { FORCE_COLOR: '1' },
    code: 1,
    check: (r) => expect(r.stdout.includes(ESC)).toBe(false),
  },
  {
    name: 'machine formats are never coloured',
    args: ['check', STARTER, '--no-real-tools', '--format', 'json'],
    env: { FORCE_COLOR: '1' },
    code: 1,
    check: (r) => expect(r.stdout.includes(ESC)).toBe(false),
  },
  {
    name: 'unknown format: exit 2 with a hint',
    args: ['check', SOL, '--format', 'xml'],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/unknown format 'xml'\nhint: Formats: pretty, json/),
  },
  {
    name: 'unknown option: exit 2',
    args: ['check', SOL, '--colour'],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/Unknown option '--colour'[\s\S]*hint:/),
  },
  {
    name: 'missing folder: exit 2',
    args: ['check', 'no/such/dir'],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/no such folder\nhint:/),
  },
  {
    name: 'a file, not a folder: exit 2',
    args: ['check', `${SOL}/answers.yaml`],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/not a folder/),
  },
  {
    name: 'unknown lab: exit 2',
    args: ['check', SOL, '--lab', 'nope'],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/no lab 'nope'\nhint: Known labs: distributed-web/),
  },
  {
    name: '--only matching nothing: exit 2 with a hint',
    args: ['check', SOL, '--only', 'haproxy/nope*'],
    code: 2,
    check: (r) =>
      expect(r.stderr).toMatch(
        /matches no check of lab distributed-web\nhint: Try e\.g\. --only 'haproxy\/\*' \(components: haproxy, nginx, mysql, design, submission, live\)/,
      ),
  },
  {
    name: 'the project folder itself: exit 2 with a hint to the example',
    args: ['check', '--no-real-tools'],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/is the web-infra-lab project itself[\s\S]*hint: .*examples\/starter/),
  },
  {
    name: 'under `npm run check-lab`, DIR is relative to where it was typed (INIT_CWD)',
    args: ['check', '.', '--no-real-tools', '--format', 'json'],
    env: { npm_lifecycle_event: 'check-lab', INIT_CWD: join(projectRoot, SOL) },
    code: 0,
  },
  {
    name: 'two folders: exit 2',
    args: ['check', SOL, STARTER],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/expected one folder/),
  },
  {
    name: '--help: exit 0 with the options',
    args: ['check', '--help'],
    code: 0,
    check: (r) => expect(r.stdout).toMatch(/--no-real-tools[\s\S]*Exit status/),
  },
];

async function inProcess(s: Scenario): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await main(s.args, {
    cwd: join(projectRoot, s.cwd ?? ''),
    env: { ...(s.env ?? {}) },
    stdout: { write: (c: string) => (stdout += c), isTTY: s.tty ?? false },
    stderr: { write: (c: string) => (stderr += c) },
  });
  return { code, stdout, stderr };
}

function spawned(s: Scenario): Result {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...(s.env ?? {}) };
  const r = spawnSync(process.execPath, [BIN, ...s.args], {
    cwd: join(projectRoot, s.cwd ?? ''),
    env,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('check command, in-process', () => {
  for (const s of scenarios) {
    it(s.name, async () => {
      const r = await inProcess(s);
      expect(r.code, r.stderr).toBe(s.code);
      s.check?.(r);
    });
  }
  it('colour on a TTY by default, off with NO_COLOR', async () => {
    const base = { name: 'tty', args: ['check', STARTER, '--no-real-tools'], code: 1, tty: true };
    expect((await inProcess(base)).stdout.includes(ESC)).toBe(true);
    expect((await inProcess({ ...base, env: { NO_COLOR: '1' } })).stdout.includes(ESC)).toBe(false);
  });
});

describe('check command, spawned bin', () => {
  beforeAll(() => void ensureCliBuilt(), 300_000);
  for (const s of scenarios) {
    it(s.name, () => {
      const r = spawned(s);
      expect(r.code, r.stderr).toBe(s.code);
      s.check?.(r);
    });
  }
  const liveTools = ['haproxy', 'nginx', 'mariadbd'].filter(
    (t) => !['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) => existsSync(join(d, t))),
  );
  if (liveTools.length && process.env.CI === 'true') {
    it('live mode tools are installed in CI', () => {
      throw new Error(`CI=true but ${liveTools.join(', ')} missing`);
    });
  }
  it.skipIf(liveTools.length > 0)(
    `--live merges live checks and the live section into the report${liveTools.length ? ` (skipped: ${liveTools.join(', ')} not installed)` : ''}`,
    () => {
      const r = spawned({ name: 'live', args: ['check', SOL, '--live', '--format', 'json'], code: 0 });
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout) as {
        live?: { mode: string };
        checks: Array<{ id: string; kind: string; status: string }>;
        passed: boolean;
      };
      expect(j.live?.mode).toMatch(/^(netns|loopback)$/);
      const live = j.checks.filter((c) => c.kind === 'live');
      expect(live.length).toBeGreaterThan(0);
      expect(live.filter((c) => c.status !== 'pass').map((c) => `${c.id}:${c.status}`)).toEqual([]);
      expect(j.passed).toBe(true);
    },
    180_000,
  );
  // The sandbox gives each host a private /tmp: a CLI started from a folder there must still start every server
  // (HAProxy refuses to start when it cannot return to the directory it was started in).
  it.skipIf(liveTools.length > 0)(
    `--live from a working folder the sandbox hides (under /tmp)${liveTools.length ? ` (skipped: ${liveTools.join(', ')} not installed)` : ''}`,
    () => {
      const r = spawnSync(process.execPath, [BIN, 'check', join(projectRoot, SOL), '--live', '--format', 'json'], {
        cwd: out,
        env: { PATH: process.env.PATH ?? '' },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout) as {
        checks: Array<{ id: string; status: string; findings: Array<{ message: string }> }>;
      };
      const start = j.checks.find((c) => c.id === 'live/valid-start')!;
      expect(start.status, start.findings.map((f) => f.message).join('\n')).toBe('pass');
    },
    180_000,
  );
  it('with the real tools (when installed): the solution still passes', () => {
    const r = spawned({ name: 'rt', args: ['check', SOL, '--format', 'json'], code: 0 });
    expect(r.code, r.stderr).toBe(0);
    expect(json(r).score).toBe(json(r).maxScore);
  });
});
