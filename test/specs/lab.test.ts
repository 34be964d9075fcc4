/**
 * The lab as data: the spec validates (and its errors point at its own lines), the reference
 * solution scores 100%, every broken variant fails exactly the checks it should and passes the
 * rest, and the starter example fails a few checks.
 */
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { checks } from '../../labs/core/checks/index';
import { parseLabSpec } from '../../labs/core/spec/load';
import {
  listLabs,
  listVariants,
  loadLab,
  loadVariant,
  parseSpecText,
  SpecError,
  snapshotText,
  SNAPSHOT_FILE,
} from '../../labs/node/specs';
import { loadLab as loadLabFast } from '../../labs/node/check';
import { loadSubmission } from '../../labs/node/fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { specsDir } from '../../labs/node/paths';
import { fullYaml } from '../checks/checkTester';

const LAB = 'distributed-web';
const metas = checks.map((c) => c.meta);
const specText = readFileSync(join(specsDir, LAB, 'spec.yaml'), 'utf8');

describe('lab specs', () => {
  it('lists the labs', () => {
    expect(listLabs()).toContain(LAB);
  });

  it('loads distributed-web with hosts, parameters and checks', () => {
    const lab = loadLab(LAB);
    expect(lab.id).toBe(LAB);
    expect(lab.hosts.map((h) => [h.name, h.role, h.address])).toEqual([
      ['lb-01', 'load-balancer', '10.0.0.10'],
      ['web-01', 'web', '10.0.0.11'],
      ['web-02', 'web', '10.0.0.12'],
      ['app-01', 'app', '10.0.0.13'],
      ['db-primary', 'db-primary', '10.0.0.21'],
      ['db-replica', 'db-replica', '10.0.0.22'],
    ]);
    expect(lab.options).toMatchObject({ database: 'app_db', header: 'X-Served-By', appPort: 5000, appRoute: '/api/' });
    expect(lab.checks.find((c) => c.id === 'nginx/x-served-by')?.options).toEqual({
      webPort: 80,
      header: 'X-Served-By',
    });
    expect(lab.checks.find((c) => c.id === 'mysql/replication-least-privilege')?.hidden).toBe(true);
    expect(lab.checks.find((c) => c.id === 'haproxy/forwardfor')?.required).toBe(false);
    expect(lab.checks.find((c) => c.id === 'haproxy/frontend-port-80')?.required).toBe(true);
  });

  it('design/answers points equal the sum of its questions', () => {
    const lab = loadLab(LAB);
    const total = Object.values(lab.questions).reduce((s, q) => s + q.points, 0);
    expect(lab.checks.find((c) => c.id === 'design/answers')?.points).toBe(total);
  });

  it('every question has its explanation message in design/answers', () => {
    const lab = loadLab(LAB);
    const msgs = checks.find((c) => c.meta.id === 'design/answers')!.meta.messages;
    for (const [qid, q] of Object.entries(lab.questions)) {
      expect(msgs[`wrong-${qid}`], `wrong-${qid}`).toBeTypeOf('string');
      for (const m of Object.values(q.wrong)) expect(msgs[m], m).toBeTypeOf('string');
    }
  });

  const errorAt = (text: string) => {
    const r = parseLabSpec(text, 'spec.yaml', metas);
    expect(r.spec).toBeUndefined();
    return r.diagnostics.map((d) => [d.code, d.span.line, d.span.column]);
  };

  it('an unknown key is an error at its own line and column', () => {
    const text = specText.replace('\nroles:\n', '\nrole:\n  x: 1\nroles:\n');
    const line = text.split('\n').indexOf('role:') + 1;
    expect(errorAt(text)).toEqual([['spec/unrecognized-keys', line, 1]]);
  });

  it('a lab-wide option no listed check reads is an error at its key', () => {
    const text = specText.replace('  appRoute: /api/\n', '  appRoute: /api/\n  appRout: /x/\n');
    const line = text.split('\n').indexOf('  appRout: /x/') + 1;
    expect(errorAt(text)).toEqual([['spec/unused-option', line, 3]]);
  });

  it("an option of the wrong type points at the value, checked against the declaring check's type", () => {
    const text = specText.replace('appPort: 5000', 'appPort: five');
    const line = text.split('\n').findIndex((l) => l.includes('appPort: five')) + 1;
    expect(errorAt(text)).toEqual([['spec/invalid-option', line, 12]]);
    const high = errorAt(specText.replace('webPort: 80', 'webPort: 70000'));
    expect(high.map((d) => d[0])).toContain('spec/invalid-option');
  });

  it("a check's own options: an unknown one is an error at its key; a missing required one at the check", () => {
    const unknown = specText.replace(
      '{ id: haproxy/timeouts, points: 1 }',
      '{ id: haproxy/timeouts, points: 1, options: { port: 8080 } }',
    );
    const line = unknown.split('\n').findIndex((l) => l.includes('options: { port: 8080 }')) + 1;
    expect(errorAt(unknown)).toEqual([['spec/unknown-option', line, expect.any(Number)]]);
    const missing = specText.replace('  header: X-Served-By\n', '');
    const at = missing.split('\n').findIndex((l) => l.includes('nginx/x-served-by')) + 1;
    expect(errorAt(missing)).toEqual([['spec/missing-option', at, 11]]);
    const r = parseLabSpec(
      specText.replace(
        '{ id: nginx/x-served-by, points: 3 }',
        '{ id: nginx/x-served-by, points: 3, options: { header: X-Backend } }',
      ),
      'spec.yaml',
      metas,
    );
    expect(r.spec?.checks.find((c) => c.id === 'nginx/x-served-by')?.options).toEqual({
      webPort: 80,
      header: 'X-Backend',
    });
  });

  it('a check reading a kind no role holds is an error at the check', () => {
    const text = specText.replace('kinds: [haproxy, shell, firewall]', 'kinds: [shell, firewall]');
    const lines = text.split('\n');
    const at = (id: string) => lines.findIndex((l) => l.includes(`id: ${id},`)) + 1;
    const ds = errorAt(text);
    expect(ds.length).toBe(9);
    expect(ds).toContainEqual(['spec/unread-kind', at('haproxy/timeouts'), 11]);
  });

  it('a role naming an unregistered file kind is an error when the kinds are known', () => {
    const text = specText.replace('kinds: [haproxy, shell, firewall]', 'kinds: [haproxy, shel, firewall]');
    const line = text.split('\n').findIndex((l) => l.includes('shel,')) + 1;
    const r = parseLabSpec(
      text,
      'spec.yaml',
      metas,
      new Set([
        'haproxy',
        'shell',
        'firewall',
        'nginx',
        'systemd',
        'unknown',
        'app',
        'python',
        'javascript',
        'yaml',
        'readme',
        'ini',
        'gunicorn',
        'mycnf',
        'sql',
      ]),
    );
    expect(r.diagnostics.map((d) => [d.code, d.span.line])).toEqual([['spec/unknown-kind', line]]);
  });

  it('an unknown check id is an error at its line', () => {
    const text = specText.replace('{ id: haproxy/timeouts,', '{ id: haproxy/timeout,');
    const line = text.split('\n').findIndex((l) => l.includes('haproxy/timeout,')) + 1;
    expect(errorAt(text)).toEqual([['spec/unknown-check', line, 11]]);
  });

  it('a bad role is an error', () => {
    const text = specText.replace('role: load-balancer', 'role: balancer');
    const line = text.split('\n').findIndex((l) => l.includes('role: balancer')) + 1;
    expect(errorAt(text)).toEqual([['spec/unknown-role', line, expect.any(Number)]]);
  });

  it('broken YAML is an error with a position', () => {
    const [[code, line]] = errorAt('id: x\ntitle: [unclosed\n') as Array<[string, number, number]>;
    expect(code).toMatch(/^spec\/yaml-/);
    expect(line).toBeGreaterThanOrEqual(2);
  });

  it('the node loader throws a SpecError whose message names file:line:column', () => {
    const text = specText.replace('  appRoute: /api/\n', '  appRoute: /api/\n  extra: 1\n');
    expect(() => parseSpecText(text, 'labs/specs/x/spec.yaml')).toThrow(SpecError);
    expect(() => parseSpecText(text, 'labs/specs/x/spec.yaml')).toThrow(
      /labs\/specs\/x\/spec\.yaml:\d+:3: no check of this lab reads option 'extra'/,
    );
  });
});

for (const LAB_ID of listLabs())
  describe(`${LAB_ID}: reference solution`, () => {
    it('scores 100% with every check passing (hidden ones included)', async () => {
      const lab = loadLab(LAB_ID);
      const { tree } = await loadSubmission(join(specsDir, LAB_ID, 'solution'));
      const r = checkSubmission({ tree, submission: 'solution', lab, includeHidden: true, strict: true });
      expect(r.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
      // notes (info) may explain what the reference does right (lab 3's failover arithmetic); nothing more
      expect(r.checks.flatMap((c) => c.findings).filter((f) => f.severity !== 'info')).toEqual([]);
      expect(r.score).toBe(r.maxScore);
      expect(r.maxScore).toBe(lab.checks.reduce((s, c) => s + c.points, 0));
      expect(r.passed).toBe(true);
    });
  });

/** How many broken variants each lab holds at least (its issue's figure), and one passing variant it must keep. */
const VARIANTS: Record<string, { atLeast: number; passing: string }> = {
  'distributed-web': { atLeast: 15, passing: 'no-balance' },
  'no-spof': { atLeast: 10, passing: 'vrrp-script' },
};

for (const LAB_ID of listLabs())
  describe(`${LAB_ID}: broken variants`, () => {
    const variants = listVariants(LAB_ID);
    const want = VARIANTS[LAB_ID] ?? { atLeast: 1, passing: undefined };
    it(`there are at least ${want.atLeast} that fail something${want.passing ? `, and ${want.passing} is a passing one` : ''}`, () => {
      const failing = variants.filter((n) => (loadVariant(LAB_ID, n).manifest.expect.fail ?? []).length > 0);
      expect(failing.length).toBeGreaterThanOrEqual(want.atLeast);
      if (want.passing) expect(variants).toContain(want.passing);
    });
    const lab = loadLab(LAB_ID);
    /** Checks whose notes the reference solution already has: a variant need not list them again. */
    const solutionNotes = async () => {
      const { tree } = await loadSubmission(join(specsDir, LAB_ID, 'solution'));
      const r = checkSubmission({ tree, submission: 'solution', lab, includeHidden: true, strict: true });
      return new Set(r.checks.filter((c) => c.findings.length).map((c) => c.id));
    };
    for (const name of variants) {
      it(`${name}: fails exactly what it should, passes the rest`, async () => {
        const known = await solutionNotes();
        const v = loadVariant(LAB_ID, name);
        const r = checkSubmission({ tree: v.tree, submission: name, lab, includeHidden: true, strict: true });
        const by = (s: string) =>
          r.checks
            .filter((c) => c.status === s)
            .map((c) => c.id)
            .sort();
        expect(by('fail')).toEqual([...(v.manifest.expect.fail ?? [])].sort());
        expect(by('warn')).toEqual([...(v.manifest.expect.warn ?? [])].sort());
        expect(by('error')).toEqual([]);
        expect(by('skip')).toEqual([...(v.manifest.expect.skip ?? [])].sort());
        const withInfo = r.checks
          .filter((c) => c.status === 'pass' && c.findings.length)
          .map((c) => c.id)
          .filter((id) => !known.has(id) || (v.manifest.expect.info ?? []).includes(id))
          .sort();
        expect(withInfo).toEqual([...(v.manifest.expect.info ?? [])].sort());
        const failing = new Set([...(v.manifest.expect.fail ?? [])]);
        expect(r.passed).toBe(![...failing].some((id) => lab.checks.find((c) => c.id === id)?.required));
        for (const c of r.checks.filter((x) => x.status === 'fail')) {
          for (const f of c.findings.filter((x) => x.severity === 'error')) {
            // Every failing finding points into a learner file of this variant (the overlay, or the script).
            expect(f.file, `${c.id} ${f.messageId}`).toBeDefined();
            expect(v.tree.read(f.file!)).toBeDefined();
          }
        }
      });
    }
  });

describe('starter example', () => {
  it('fails a few checks (3 to 5), so a newcomer sees what feedback looks like', async () => {
    const lab = loadLab(LAB);
    const { tree } = await loadSubmission(join(specsDir, LAB, 'examples', 'starter'));
    const r = checkSubmission({ tree, submission: 'starter', lab, strict: true });
    const failing = r.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(failing.length).toBeGreaterThanOrEqual(3);
    expect(failing.length).toBeLessThanOrEqual(5);
    expect(failing).toEqual([
      'haproxy/health-checks',
      'haproxy/timeouts',
      'nginx/x-served-by',
      'mysql/replica-read-only',
      'design/answers',
    ]);
    expect(r.passed).toBe(false);
    expect(r.checks.find((c) => c.id === 'submission/files-recognised')?.status).toBe('pass');
  });
});

describe('no-spof starter example', () => {
  it('fails a few checks, the pair compared across its two hosts among them', async () => {
    const lab = loadLab('no-spof');
    const { tree } = await loadSubmission(join(specsDir, 'no-spof', 'examples', 'starter'));
    const r = checkSubmission({ tree, submission: 'starter', lab, strict: true });
    expect(r.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([
      'keepalived/script-security',
      'haproxy/identical-lbs',
      'haproxy/health-checks',
      'design/answers',
    ]);
    expect(r.passed).toBe(false);
  });
});

describe('secured-monitored starter example', () => {
  it('fails a few checks across HTTPS, the firewalls and the monitoring', async () => {
    const lab = loadLab('secured-monitored');
    const { tree } = await loadSubmission(join(specsDir, 'secured-monitored', 'examples', 'starter'));
    const r = checkSubmission({ tree, submission: 'starter', lab, strict: true });
    expect(r.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([
      'haproxy/redirect-https',
      'firewall/web-from-lb-only',
      'monitoring/collectors',
      'monitoring/prometheus-config',
      'design/answers',
    ]);
    expect(r.passed).toBe(false);
  });
});

describe('own-servers example (an answer as learners write it on their own servers)', () => {
  it('passes every static check but the design answers, with the inventory inferred from its files', async () => {
    const lab = loadLab(LAB);
    const { tree } = await loadSubmission(join(specsDir, LAB, 'examples', 'own-servers'));
    const r = checkSubmission({ tree, submission: 'own-servers', lab, strict: true, yaml: fullYaml });
    const bad = r.checks
      .filter((c) => c.status === 'fail' || c.status === 'error')
      .map((c) => `${c.id}: ${c.findings.map((f) => f.message).join(' | ')}`);
    expect(bad).toEqual([expect.stringMatching(/^design\/answers: /)]);
    const inv = Object.fromEntries((r.inventory ?? []).map((h) => [h.host, `${h.origin} ${h.address}`]));
    expect(inv).toMatchObject({
      'web-01': 'inferred 203.0.113.21',
      'web-02': 'inferred 203.0.113.22',
      'db-primary': 'inferred 198.51.100.31',
    });
    expect(r.checks.find((c) => c.id === 'nginx/serves-app')!.findings.map((f) => f.messageId)).toEqual([
      'app-on-web',
      'app-on-web',
    ]);
  });
});

describe('validated spec snapshot (what the CLI loads at start-up)', () => {
  it('is fresh: equal to what validating spec.yaml gives now', () => {
    for (const id of listLabs()) {
      const onDisk = readFileSync(join(specsDir, id, SNAPSHOT_FILE), 'utf8');
      expect(
        onDisk,
        `labs/specs/${id}/${SNAPSHOT_FILE} is stale: run \`node -r ts-node/register/transpile-only labs/node/specs.ts\``,
      ).toBe(snapshotText(id));
    }
  });
  it('the CLI loader returns the same spec as full validation', () => {
    const fast = loadLabFast(LAB);
    const { file: _a, ...a } = fast;
    const { file: _b, ...b } = loadLab(LAB);
    void _a;
    void _b;
    expect(a).toEqual(b);
  });
});
