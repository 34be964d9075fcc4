/**
 * `promtool test rules` in the real-tool sandbox (labs/node/tools/promtool.ts): the learner's alerts, run
 * against a fixture of the lab's own metrics (web-01 down after 1 minute; everything up for 10 minutes).
 * Needs promtool (Debian's prometheus package) and bwrap: in CI (CI=true) a missing one FAILS these tests;
 * elsewhere they are skipped with the reason. promtool's output mapping is also tested without the tool.
 */
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../../labs/core/engine';
import { buildModel } from '../../../labs/core/model/build';
import { findTool, runRealTools } from '../../../labs/node/realtools';
import { firings, fixture, promtoolFindings, splitTestRuns } from '../../../labs/node/tools/promtool';
import { loadLab } from '../../../labs/node/specs';
import { buildTree, solutionFiles } from '../checkTester';
import { LAB, edit } from './lab2';

const ID = 'monitoring/alert-backend-down';
const CONFIG = 'monitoring/prometheus-config';
const P = 'monitor-01/prometheus.yml';
const A = 'monitor-01/alerts.yml';
const missingTools = ['promtool', 'bwrap'].filter((t) => !findTool(t));

if (missingTools.length && process.env.CI === 'true') {
  describe('promtool test rules', () => {
    it('its tools are installed in CI', () => {
      throw new Error(`CI=true but ${missingTools.join(', ')} is not installed (.ci/run must install prometheus)`);
    });
  });
}

async function run(files: Record<string, string> = {}, id = ID) {
  const lab = loadLab(LAB);
  const base = lab.checks.find((c) => c.id === id) ?? { id, points: 1, required: false, hidden: false };
  const only = { ...lab, checks: [{ ...base, hidden: false }] };
  const tree = buildTree({ name: 'x', base: 'solution', lab: LAB, files });
  const model = buildModel(tree, lab);
  const external = await runRealTools(model, { checks: new Set([id]) });
  return checkSubmission({ tree, submission: 'x', lab: only, model, external, strict: true }).checks[0]!;
}
const shape = (r: Awaited<ReturnType<typeof run>>) => r.findings.map((f) => [f.messageId, f.severity]);

describe.skipIf(missingTools.length > 0)(
  `promtool test rules in the sandbox${missingTools.length ? ` (skipped: ${missingTools.join(', ')} not installed)` : ''}`,
  () => {
    it("the reference's BackendServerDown fires 30 s after web-01 goes down (its for: 30s)", async () => {
      const r = await run();
      expect(shape(r)).toEqual([['fires', 'info']]);
      expect(r.findings[0]!.message).toContain('`BackendServerDown` fired 30 s after web-01 stopped');
      expect(r.status).toBe('pass');
    });

    it("an alert on the exporter's own `up` never fires: silent", async () => {
      const r = await run(edit(A, 'haproxy_server_status{state="UP"} == 0', 'up{job="haproxy"} == 0'));
      expect(shape(r)).toEqual([['silent', 'error']]);
      expect(r.status).toBe('fail');
    });

    it('an inverted condition fires while all is well: a false alarm', async () => {
      const r = await run(edit(A, 'haproxy_server_status{state="UP"} == 0', 'haproxy_server_status{state="UP"} == 1'));
      expect(shape(r)).toContainEqual(['false-alarm', 'error']);
      expect(r.status).toBe('fail');
    });

    it('`for: 5m`: it fires, 5 minutes later than the reference (and the static check warns nothing below 5m)', async () => {
      const r = await run(edit(A, 'for: 30s', 'for: 5m'));
      expect(r.findings[0]!.message).toContain('fired 9 min after');
    });

    it("the learner's own backend name is in the fixture (a renamed backend, an alert on it)", async () => {
      const cfg = solutionFiles(LAB)['lb-01/haproxy.cfg']!.replaceAll('web_servers', 'app_pool');
      const r = await run({
        'lb-01/haproxy.cfg': cfg,
        ...edit(A, 'haproxy_server_status{state="UP"} == 0', 'haproxy_backend_active_servers{proxy="app_pool"} < 2'),
      });
      expect(shape(r)).toEqual([['fires', 'info']]);
    });

    it("invalid PromQL: promtool's error, naming the learner's file", async () => {
      const r = await run(edit(A, 'haproxy_server_status{state="UP"} == 0', 'haproxy_server_status{state="UP" == 0'));
      const tool = r.findings.find((f) => f.messageId === 'tool');
      expect(tool?.severity).toBe('error');
      expect(tool?.message).toMatch(/alerts\.yml/);
      expect(tool?.message).not.toMatch(/\/tmp\//);
      expect(r.status).toBe('fail');
    });
  },
);

describe.skipIf(missingTools.length > 0)(
  `promtool check config in the sandbox${missingTools.length ? ` (skipped: ${missingTools.join(', ')} not installed)` : ''}`,
  () => {
    it('accepts the reference', async () => {
      const r = await run({}, CONFIG);
      expect(shape(r)).toEqual([['tool-ok', 'info']]);
    });

    it('a duration Prometheus cannot read: its refusal, in the report', async () => {
      const r = await run(edit(P, 'scrape_interval: 15s', 'scrape_interval: 15 seconds'), CONFIG);
      const tool = r.findings.find((f) => f.messageId === 'tool')!;
      expect(tool.message).toMatch(/not a valid duration string: "15 seconds"/);
      expect(tool.message).toContain('parsing YAML file monitor-01/prometheus.yml');
      expect(tool.message).not.toMatch(/\/tmp\//);
      expect(r.status).toBe('fail');
    });

    it('a YAML error at the line promtool names', async () => {
      const r = await run(edit(P, '  - job_name: haproxy\n', '  - job_name: haproxy\n   bad indent: [\n'), CONFIG);
      const tool = r.findings.find((f) => f.messageId === 'tool')!;
      expect(tool.message).toMatch(/yaml/);
      expect(tool.line).toBeGreaterThan(1);
    });

    it("a target with a path: path-in-target says it at its line, promtool's same refusal is not repeated", async () => {
      const r = await run(edit(P, "'10.0.0.10:8405'", "'10.0.0.10:8405/metrics'"), CONFIG);
      expect(r.findings.map((f) => f.messageId)).toEqual(['path-in-target']);
    });

    it('rule files and discovery files are not opened (--syntax-only): an absolute path reads nothing', async () => {
      const r = await run(edit(P, '  - alerts.yml', '  - /etc/shadow'), CONFIG);
      expect(shape(r)).toEqual([['tool-ok', 'info']]);
    });
  },
);

describe('promtool output, without the tool', () => {
  it('reads what fired from a failure report', () => {
    const out = `Unit Testing:  down.yml
  FAILED:
    alertname: BackendServerDown, time: 1m30s,
        exp:[],
        got:[
            0:
              Labels:{alertname="BackendServerDown", proxy="web_servers", server="web-01"}
            ]
    alertname: Other, time: 10m,
        exp:[],
        got:[]
`;
    expect(firings(out)).toEqual([
      { alert: 'BackendServerDown', time: '1m30s', fired: true },
      { alert: 'Other', time: '10m', fired: false },
    ]);
  });

  it('one run for both test files is cut at their "Unit Testing:" lines, each with its own status', () => {
    const merged = `Unit Testing:  /tmp/x/down.yml
  FAILED:
    alertname: A, time: 1m30s,
        exp:[],
        got:[]

Unit Testing:  /tmp/x/healthy.yml
  SUCCESS

`;
    const [down, healthy] = splitTestRuns({ stdout: merged, stderr: '', code: 1, timedOut: false }, [
      'down.yml',
      'healthy.yml',
    ]);
    expect(down.code).toBe(1);
    expect(firings(down.stdout)).toEqual([{ alert: 'A', time: '1m30s', fired: false }]);
    expect(healthy).toMatchObject({ code: 0, stdout: expect.stringContaining('SUCCESS') });
    expect(healthy.stdout).not.toContain('alertname');
    // stopped before any part: it stands for both
    const t = { stdout: '', stderr: '', code: null, timedOut: true };
    expect(splitTestRuns(t, ['down.yml', 'healthy.yml'])).toEqual([t, t]);
  });

  it('a timeout or a missing run is a warning, never a verdict', () => {
    const names = { proxy: 'p', servers: ['a', 'b'] };
    const base = { stdout: '', stderr: '', code: null, timedOut: false };
    expect(promtoolFindings({ ...base, timedOut: true }, ['X'], '/d', ['a.yml'], names)[0]).toMatchObject({
      messageId: 'tool',
      severity: 'warning',
    });
    expect(promtoolFindings({ ...base, error: 'ENOENT' }, ['X'], '/d', ['a.yml'], names)[0]).toMatchObject({
      messageId: 'tool',
      severity: 'warning',
    });
  });

  it("the fixture quotes the learner's names (an alert name with a quote cannot break out of the YAML)", () => {
    const f = fixture(['rules-0.yml'], ["it's down"], { proxy: 'web', servers: ['w1', 'w2'] }, true);
    expect(f).toContain("alertname: 'it''s down'");
    expect(f).toContain(`haproxy_server_status{proxy="web",server="w1",state="UP"}`);
  });
});
