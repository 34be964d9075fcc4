/**
 * Issue #13's proof that a lab is data: test/fixtures/labs/greeting-lab is a third lab defined only
 * there (its spec, one file kind with its parser, two checks with options, one probe, all in
 * plugin.js). It runs through `check`, `check --live`, `grade` and the site's data plugin with no
 * file under labs/core or labs/node naming it (asserted last).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, ensureCliBuilt } from '../cli-build';
import { skipReason } from '../live/helpers';

const LABS = join(ROOT, 'test/fixtures/labs');
const LAB = join(LABS, 'greeting-lab');
const tmp = mkdtempSync(join(tmpdir(), 'wil-third-lab-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', WEB_INFRA_LAB_SPECS: LABS, ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The solution with some files replaced (an answer with one thing wrong). */
function answer(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  cpSync(join(LAB, 'solution'), dir, { recursive: true });
  for (const [p, text] of Object.entries(files)) writeFileSync(join(dir, p), text);
  return dir;
}

beforeAll(() => ensureCliBuilt(), 120_000);

describe('a third lab, defined only under test/fixtures', () => {
  it('check: its kind is sniffed (also in a script), parsed, and its checks run with the options the spec sets', () => {
    const r = cli(['check', join(LAB, 'solution'), '--lab', 'greeting-lab', '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(r.code).toBe(0);
    expect(report).toMatchObject({ lab: 'greeting-lab', score: 3, maxScore: 3, passed: true });
    expect(report.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['greeting/port', 'pass'],
      ['greeting/names-itself', 'pass'],
    ]);
    // greeter-02's file is written by its script: the kind's `targets` and sniffer place it
    expect(report.files).toEqual(
      expect.arrayContaining([
        { path: 'greeter-01/greeting.conf', kind: 'greeting', host: 'greeter-01' },
        { path: 'greeter-02/setup.sh', kind: 'shell', host: 'greeter-02' },
      ]),
    );
  });

  it('check: a wrong value is reported at its line, in the learner file or the script line that wrote it', () => {
    const dir = answer('wrong-port', {
      'greeter-01/greeting.conf': 'port = 9090\ntext = Hello from greeter-01\n',
      'greeter-02/setup.sh': readFileSync(join(LAB, 'solution/greeter-02/setup.sh'), 'utf8').replace(
        'port = 8080',
        'port = 8081',
      ),
    });
    const r = cli(['check', dir, '--lab', 'greeting-lab', '--format', 'json']);
    expect(r.code).toBe(1);
    const port = JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'greeting/port');
    expect(port.status).toBe('fail');
    const at = (p: string) => port.findings.find((f: { file: string }) => f.file === p);
    expect(at('greeter-01/greeting.conf')).toMatchObject({
      messageId: 'wrong-port',
      line: 1,
      column: 8,
      data: { host: 'greeter-01', port: '9090', expected: 8080 },
    });
    expect(at('greeter-02/setup.sh')).toMatchObject({
      messageId: 'wrong-port',
      line: 5,
      data: { host: 'greeter-02', port: '8081', expected: 8080 },
    });
  });

  it("check: an option set on the check's entry in the spec (names-itself's prefix) is the one the check reads", () => {
    const dir = answer('other-prefix', { 'greeter-01/greeting.conf': 'port = 8080\ntext = Hi greeter-01\n' });
    const nm = JSON.parse(cli(['check', dir, '--lab', 'greeting-lab', '--format', 'json']).stdout).checks.find(
      (c: { id: string }) => c.id === 'greeting/names-itself',
    );
    expect(nm.status).toBe('warn');
    expect(nm.findings[0].message).toBe('greeter-01 greets with "Hi greeter-01", not "Hello from greeter-01".');
  });

  it('check: --only selecting only probes needs --live (exit 2 with a hint)', () => {
    const r = cli(['check', join(LAB, 'solution'), '--lab', 'greeting-lab', '--only', 'live/*']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/selects only live probes, which run with --live/);
  });

  it.skipIf(!!skipReason)(
    `check --live --only 'live/*': only the lab's probe runs, on real Nginx in the sandbox, scored with the lab's points ${skipReason}`,
    { timeout: 120_000 },
    () => {
      const r = cli([
        'check',
        join(LAB, 'solution'),
        '--lab',
        'greeting-lab',
        '--live',
        '--only',
        'live/*',
        '--format',
        'json',
      ]);
      const report = JSON.parse(r.stdout);
      expect(report.checks.map((c: { id: string }) => c.id)).toEqual(['live/greeting-served']);
      const probe = report.checks[0];
      expect(probe).toMatchObject({
        status: 'pass',
        points: 3,
        maxPoints: 3,
        kind: 'live',
        docsUrl: expect.stringMatching(/\/docs\/checks\/live\/greeting-served$/),
      });
      expect(probe.findings.map((f: { message: string }) => f.message)).toEqual([
        expect.stringMatching(/^greeter-01 answered http:\/\/[\d.]+:8080\/ with "Hello from greeter-01"$/),
        expect.stringMatching(/^greeter-02 answered http:\/\/[\d.]+:8080\/ with "Hello from greeter-02"$/),
      ]);
      expect(r.code).toBe(0);
      // a greeter on the wrong port does not answer on the lab's: the probe fails, and agrees with greeting/port
      const dir = answer('live-wrong-port', {
        'greeter-01/greeting.conf': 'port = 9090\ntext = Hello from greeter-01\n',
      });
      const bad = JSON.parse(cli(['check', dir, '--lab', 'greeting-lab', '--live', '--format', 'json']).stdout);
      const served = bad.checks.find((c: { id: string }) => c.id === 'live/greeting-served');
      expect(served.status).toBe('fail');
      expect(served.findings.find((f: { messageId: string }) => f.messageId === 'wrong-answer').data).toMatchObject({
        host: 'greeter-01',
        status: 0,
      });
      expect(bad.live.agreement).toEqual([
        {
          staticId: 'greeting/port',
          liveId: 'live/greeting-served',
          staticStatus: 'fail',
          liveStatus: 'fail',
          agree: true,
        },
      ]);
    },
  );

  it.skipIf(!!skipReason)(
    `check --live without root: the lab's probe runs in loopback mode, its servers in bubblewrap ${skipReason}`,
    { timeout: 120_000 },
    () => {
      // the caller is nobody: no network namespaces, so loopback mode; the answer must be readable by it
      const dir = answer('live-unprivileged', {});
      spawnSync('chmod', ['-R', 'a+rX', tmp]);
      const r = spawnSync(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          BIN,
          'check',
          dir,
          '--lab',
          'greeting-lab',
          '--live',
          '--only',
          'live/*',
          '--format',
          'json',
        ],
        {
          encoding: 'utf8',
          cwd: ROOT,
          env: { ...process.env, HOME: '/tmp', NO_COLOR: '1', WEB_INFRA_LAB_SPECS: LABS },
          timeout: 120_000,
        },
      );
      expect(r.stdout, `exit ${r.status} ${r.signal ?? ''}: ${r.stderr}`).toMatch(/^\{/);
      const report = JSON.parse(r.stdout);
      expect(report.live.mode, r.stderr).toBe('loopback');
      expect(report.live.changes.map((c: { what: string }) => c.what).join('\n')).toMatch(/loopback mode/);
      expect(
        report.checks.map((c: { id: string; status: string }) => [c.id, c.status]),
        JSON.stringify(report.checks),
      ).toEqual([['live/greeting-served', 'pass']]);
      expect(r.status).toBe(0);
    },
  );

  it('grade: a class of two, one right and one wrong, in the gradebook with the lab’s checks as columns', () => {
    const cls = join(tmp, 'class');
    cpSync(join(LAB, 'solution'), join(cls, 'alice'), { recursive: true });
    cpSync(
      answer('bob-src', { 'greeter-01/greeting.conf': 'port = 9090\ntext = Hello from greeter-01\n' }),
      join(cls, 'bob'),
      { recursive: true },
    );
    const out = join(tmp, 'grade-out');
    const r = cli(['grade', '--lab', 'greeting-lab', cls, '--out', out]);
    expect(r.stderr).toMatch(/2 learner\(s\): 1 passed, 1 not yet, 0 error\(s\)/);
    const csv = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split(/\r?\n/);
    expect(csv[0]).toBe('learner,name,email,status,score,max,passed,note,greeting/port,greeting/names-itself');
    expect(csv.slice(1)).toEqual(['alice,,,pass,3,3,true,,2,1', 'bob,,,fail,1,3,false,,0,1']);
  });

  it("the site's data plugin lists the lab, its checks with their options, and leaves it out of the playground (its checks run in Node)", async () => {
    const before = process.env.WEB_INFRA_LAB_SPECS;
    process.env.WEB_INFRA_LAB_SPECS = LABS;
    try {
      // loaded as Docusaurus loads the plugin (jiti), as test/site does
      const req = createRequire(join(ROOT, 'node_modules/@docusaurus/utils/lib/moduleUtils.js'));
      const jiti = req('jiti') as (file: string, opts: Record<string, unknown>) => (id: string) => unknown;
      const load = jiti(__filename, { cache: false, requireCache: false, interopDefault: false });
      const { readLabsData, readPlaygroundData } = load(
        join(ROOT, 'plugins/labs-data.ts'),
      ) as typeof import('../../plugins/labs-data');
      const data = readLabsData(ROOT);
      const lab = data.labs.find((l) => l.id === 'greeting-lab');
      expect(lab?.checks).toEqual([
        { id: 'greeting/port', points: 2, required: true, hidden: false, options: { port: 8080 } },
        { id: 'greeting/names-itself', points: 1, required: false, hidden: false, options: { prefix: 'Hello from' } },
        { id: 'live/greeting-served', points: 3, required: false, hidden: false, options: { port: 8080 } },
      ]);
      expect(data.checks.find((c) => c.id === 'greeting/port')).toMatchObject({
        component: 'greeting',
        kind: 'static',
        options: { port: { type: 'port' } },
      });
      expect(data.checks.find((c) => c.id === 'live/greeting-served')).toMatchObject({ kind: 'live' });
      expect(readPlaygroundData(ROOT).labs.map((l) => l.id)).not.toContain('greeting-lab');
    } finally {
      if (before === undefined) delete process.env.WEB_INFRA_LAB_SPECS;
      else process.env.WEB_INFRA_LAB_SPECS = before;
    }
    // (jiti transpiles the engine's TypeScript on the way: tens of seconds on a loaded machine)
  }, 180_000);

  it('no file under labs/core or labs/node names the lab, its kind, role, hosts or checks', () => {
    const hits: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d)) {
        const p = join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (/greeting-lab|greeter|greeting\/|'greeting'/i.test(readFileSync(p, 'utf8')))
          hits.push(p.slice(ROOT.length + 1));
      }
    };
    walk(join(ROOT, 'labs/core'));
    walk(join(ROOT, 'labs/node'));
    expect(hits).toEqual([]);
  });
});

describe("a lab's plug-in that cannot be used", () => {
  function labWith(pluginText: string | undefined, specExtra = ''): string {
    const dir = join(tmp, `labs-${Math.random().toString(36).slice(2, 8)}`);
    cpSync(LAB, join(dir, 'greeting-lab'), { recursive: true });
    if (pluginText !== undefined) writeFileSync(join(dir, 'greeting-lab', 'plugin.js'), pluginText);
    if (specExtra)
      writeFileSync(
        join(dir, 'greeting-lab', 'spec.yaml'),
        readFileSync(join(LAB, 'spec.yaml'), 'utf8').replace('plugins: [plugin.js]', specExtra),
      );
    return dir;
  }

  it('a plug-in that throws while loading: exit 2 naming the plug-in, no stack trace', () => {
    const r = cli(['check', join(LAB, 'solution'), '--lab', 'greeting-lab'], {
      WEB_INFRA_LAB_SPECS: labWith("throw new Error('boom');"),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot load the lab's plugin plugin\.js: boom/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a plug-in outside the lab folder is refused', () => {
    const r = cli(['check', join(LAB, 'solution'), '--lab', 'greeting-lab'], {
      WEB_INFRA_LAB_SPECS: labWith(undefined, 'plugins: [../../x.js]'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plugin '\.\.\/\.\.\/x\.js' is outside the lab's folder/);
  });

  it('a spec without its plug-in names the checks it does not know, at their lines', () => {
    const r = cli(['check', join(LAB, 'solution'), '--lab', 'greeting-lab'], {
      WEB_INFRA_LAB_SPECS: labWith(undefined, '# (no plug-in)'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /spec\.yaml:\d+:\d+: role 'greeter' names file kind 'greeting', which no parser registers/,
    );
    expect(r.stderr).toMatch(/spec\.yaml:\d+:\d+: unknown check 'greeting\/port'/);
  });
});
