import { describe, expect, it } from 'vitest';
import { codeFrame } from '../../labs/core/report/pretty';
import {
  formatGithub,
  formatJunit,
  formatReport,
  toGradescope,
  toSarif,
  xmlEscape,
} from '../../labs/core/report/index';
import type { Report } from '../../labs/core/report/types';

const cfg = 'global\n    maxconn 10\nbackend web\n\tserver web-01 10.0.0.11:80\n';

function sample(): Report {
  return {
    tool: { name: 'web-infra-lab', version: '0.1.0' },
    lab: 'distributed-web',
    submission: 'alice',
    score: 5,
    maxScore: 8,
    passed: false,
    files: [{ path: 'lb-01/haproxy.cfg', kind: 'haproxy', host: 'lb-01' }],
    durationMs: 42,
    checks: [
      {
        id: 'haproxy/backend-roundrobin',
        title: 'The backend distributes round-robin',
        component: 'haproxy',
        severity: 'error',
        status: 'pass',
        points: 3,
        maxPoints: 3,
        docsUrl: 'https://x.test/docs/checks/haproxy/backend-roundrobin',
        kind: 'static',
        findings: [
          {
            checkId: 'haproxy/backend-roundrobin',
            messageId: 'implicit',
            message: 'No balance line: HAProxy defaults to roundrobin',
            severity: 'info',
            file: 'lb-01/haproxy.cfg',
            line: 3,
            column: 1,
          },
        ],
      },
      {
        id: 'haproxy/health-checks',
        title: 'Every server has check',
        component: 'haproxy',
        severity: 'error',
        status: 'fail',
        points: 0,
        maxPoints: 3,
        docsUrl: 'https://x.test/docs/checks/haproxy/health-checks',
        kind: 'static',
        findings: [
          {
            checkId: 'haproxy/health-checks',
            messageId: 'noCheck',
            data: { server: 'web-01' },
            message: 'server web-01 has no `check` <&>, "quoted"\nsecond line: 100%',
            severity: 'error',
            file: 'lb-01/haproxy.cfg',
            line: 4,
            column: 2,
            hint: 'Add check',
          },
        ],
      },
      {
        id: 'mysql/replica-read-only',
        title: 'Replica is read-only',
        component: 'mysql',
        severity: 'warning',
        status: 'warn',
        points: 2,
        maxPoints: 2,
        docsUrl: 'https://x.test/docs/checks/mysql/replica-read-only',
        kind: 'static',
        hidden: true,
        findings: [
          {
            checkId: 'mysql/replica-read-only',
            messageId: 'prefer',
            message: 'prefer super_read_only',
            severity: 'warning',
            file: 'db-replica/my.cnf',
            line: 2,
            column: 1,
          },
        ],
      },
      {
        id: 'design/answers',
        title: 'Design answers',
        component: 'design',
        severity: 'error',
        status: 'skip',
        points: 0,
        maxPoints: 0,
        docsUrl: 'https://x.test/docs/checks/design/answers',
        kind: 'static',
        findings: [],
      },
    ],
  };
}

describe('pretty', () => {
  it('groups by component, shows a code frame with the caret under the tab-expanded column, and the score', () => {
    const out = formatReport(sample(), 'pretty', { sourceText: (f) => (f === 'lb-01/haproxy.cfg' ? cfg : undefined) });
    expect(out).not.toMatch(/\u001b\[/);
    const lines = out.split('\n');
    const hp = lines.findIndex((l) => l.startsWith('HAProxy'));
    const my = lines.findIndex((l) => l.startsWith('MySQL'));
    expect(hp).toBeGreaterThan(0);
    expect(my).toBeGreaterThan(hp);
    const at = lines.findIndex((l) => l.includes('> 4 |'));
    expect(lines[at]).toContain('        server web-01');
    // tab at column 1 expands to 8 spaces: the caret under column 2 sits after 8 spaces
    expect(lines[at + 1]).toMatch(/\| {9}\^$/);
    expect(out).toContain('hint: Add check');
    expect(out).toContain('docs: https://x.test/docs/checks/haproxy/health-checks');
    expect(out).toContain('note: No balance line');
    expect(out).not.toContain('> 3 |'); // a note on a passing check has no code frame
    expect(out).toContain('Score 5/8');
  });
  it('uses ANSI colour only when asked', () => {
    expect(formatReport(sample(), 'pretty', { color: true })).toMatch(/\u001b\[31m/);
  });
  it('code frames ignore lines outside the file', () => {
    const p = { red: String, green: String, yellow: String, cyan: String, dim: String, bold: String };
    expect(codeFrame('a\nb', 9, 1, p)).toEqual([]);
    expect(codeFrame('a\nb\nc', 2, undefined, p)).toHaveLength(3);
  });
  it('an unreadable submission is one clear line, not a stack', () => {
    const r = {
      ...sample(),
      checks: [],
      error: { code: 'input/unreadable', message: 'cannot read alice.zip: truncated archive' },
    };
    expect(formatReport(r, 'pretty')).toContain('could not be checked: cannot read alice.zip');
  });
});

describe('junit', () => {
  it('has one suite per submission, one case per check, escaped, with counts', () => {
    const xml = formatJunit([sample(), { ...sample(), submission: 'bob <b>' }]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toMatch(/<testsuites name="web-infra-lab" tests="8" failures="2" errors="0" skipped="2"/);
    expect(xml).toContain('<testsuite name="bob &lt;b&gt;"');
    expect(xml.match(/<testcase /g)).toHaveLength(8);
    expect(xml).toContain('classname="alice.haproxy" name="haproxy/health-checks" file="lb-01/haproxy.cfg" line="4"');
    expect(xml).toContain('&lt;&amp;&gt;, &quot;quoted&quot;');
    expect(xml).not.toMatch(/<[^>]*<[^/?!]/); // no unescaped '<' inside a tag
  });
  it('a crashed submission is an error testcase', () => {
    const xml = formatJunit([{ ...sample(), checks: [], error: { code: 'crash', message: 'boom' } }]);
    expect(xml).toContain('errors="1"');
    expect(xml).toContain('<error message="boom" type="crash">');
  });
  it('shows characters XML 1.0 cannot carry as escapes (issue 12: outputs escape what they did not write)', () => {
    expect(xmlEscape('a\u0001b\u0000c')).toBe('a\\x01b\\x00c');
  });
});

describe('sarif', () => {
  it('is SARIF 2.1.0 with a rule per check and regions per finding', () => {
    const s = toSarif(sample()) as any;
    expect(s.version).toBe('2.1.0');
    const run = s.runs[0];
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(sample().checks.map((c) => c.id));
    const fail = run.results.find((r: any) => r.ruleId === 'haproxy/health-checks');
    expect(fail.level).toBe('error');
    expect(fail.ruleIndex).toBe(1);
    expect(fail.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'lb-01/haproxy.cfg' },
      region: { startLine: 4, startColumn: 2 },
    });
    expect(run.results.find((r: any) => r.ruleId === 'haproxy/backend-roundrobin').level).toBe('note');
    expect(run.results.find((r: any) => r.ruleId === 'mysql/replica-read-only').level).toBe('warning');
    expect(fail.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{8}:1$/);
  });
});

describe('github', () => {
  it('escapes data and properties as the workflow-command syntax requires', () => {
    const out = formatGithub(sample());
    const err = out.split('\n').find((l) => l.startsWith('::error'))!;
    expect(err).toMatch(
      /^::error file=lb-01\/haproxy.cfg,line=4,col=2,title=haproxy\/health-checks%3A Every server has check::/,
    );
    expect(err).toContain('%0Asecond line%3A 100%25'.replace('%3A', ':'));
    expect(out).toContain('::warning file=db-replica/my.cnf,line=2');
    expect(out.trim().split('\n').at(-1)).toBe(
      '::notice title=web-infra-lab distributed-web::5/8 points; some required checks fail',
    );
  });
  it('caps annotations per level and says how many were dropped', () => {
    const r = sample();
    const c = r.checks[1];
    c.findings = Array.from({ length: 13 }, (_, i) => ({ ...c.findings[0], line: i + 1 }));
    const out = formatGithub(r, { maxAnnotations: 10 });
    expect(out.split('\n').filter((l) => l.startsWith('::error'))).toHaveLength(10);
    expect(out).toContain('3 more findings not shown');
  });
});

describe('gradescope', () => {
  it('scores each check as a test and marks hidden checks after_published', () => {
    const g = toGradescope(sample()) as any;
    expect(g.score).toBe(5);
    expect(g.tests.map((t: any) => [t.score, t.max_score, t.status])).toEqual([
      [3, 3, 'passed'],
      [0, 3, 'failed'],
      [2, 2, 'passed'],
      [0, 0, 'passed'],
    ]);
    expect(g.tests[2].visibility).toBe('after_published');
    expect(g.tests[1].output).toContain('`lb-01/haproxy.cfg:4:2`');
    expect(g.tests.every((t: any) => t.output_format === 'md')).toBe(true);
  });
});

describe('the inventory the answer was judged with, in every format', () => {
  const withInventory = (): Report => ({
    ...sample(),
    inventory: [
      { host: 'lb-01', address: '10.0.0.10', origin: 'default', from: '' },
      {
        host: 'web-01',
        address: '203.0.113.45',
        origin: 'inferred',
        from: "server 1234-web-01 203.0.113.45 in lb-01's backend (lb-01/haproxy.cfg:4)",
      },
      { host: 'web-02', address: '192.168.1.12', origin: 'inventory', from: 'inventory.yaml' },
    ],
  });
  it("pretty: a section naming each host's address and where it came from; nothing for the sandbox default", () => {
    const out = formatReport(withInventory(), 'pretty');
    expect(out).toContain('Inventory');
    expect(out).toMatch(
      /web-01 +203\.0\.113\.45 +inferred from server 1234-web-01 203\.0\.113\.45 in lb-01's backend \(lb-01\/haproxy\.cfg:4\)/,
    );
    expect(out).toMatch(/web-02 +192\.168\.1\.12 +from inventory\.yaml/);
    expect(out).toMatch(/lb-01 +not named in your files/);
    expect(out).not.toContain('10.0.0.10');
  });
  it('pretty: no section when inventory.yaml names every host', () => {
    const r = {
      ...sample(),
      inventory: [{ host: 'web-01', address: '10.1.1.1', origin: 'inventory' as const, from: 'inventory.yaml' }],
    };
    expect(formatReport(r, 'pretty')).not.toContain('Inventory');
  });
  it('json, junit, sarif, github and gradescope carry it', () => {
    const r = withInventory();
    expect(JSON.parse(formatReport(r, 'json')).inventory).toEqual(r.inventory);
    expect(formatJunit([r])).toContain(
      '<property name="inventory.web-01" value="203.0.113.45 (inferred from server 1234-web-01 203.0.113.45 in lb-01&apos;s backend (lb-01/haproxy.cfg:4))"/>',
    );
    expect(
      (toSarif(r) as { runs: Array<{ properties: { inventory: unknown } }> }).runs[0].properties.inventory,
    ).toEqual(r.inventory);
    expect(formatGithub(r)).toMatch(
      /^::notice title=web-infra-lab inventory::lb-01 not named in the files; web-01 203\.0\.113\.45 \(inferred from/m,
    );
    expect((toGradescope(r) as { output: string }).output).toContain('- web-02: 192.168.1.12 (inventory.yaml)');
  });
});
