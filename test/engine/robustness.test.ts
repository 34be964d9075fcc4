/**
 * Every check over real-world configurations (the shared conformance corpus) put in the learner's
 * place, and over mangled variants of the solution: the engine, in strict mode, must never see a
 * crash or an invalid finding (status `error`), whatever the input.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { buildModel } from '../../labs/core/model/build';
import { shared } from '../shared';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';
import { solutionFiles } from '../checks/checkTester';

const lab = loadLab('distributed-web');
const corpus = shared('conformance');
const CORPUS = corpus.path;

function run(files: Record<string, string | Uint8Array>) {
  const r = checkSubmission({ tree: new MemoryTree(files), submission: 'x', lab, includeHidden: true, strict: true });
  return r.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.findings[0]?.message}`);
}

describe.skipIf(!!corpus.missing)(
  `the conformance corpus in the learner's place${corpus.missing ? ` (skipped: ${corpus.missing})` : ''}`,
  () => {
    const hp = existsSync(join(CORPUS, 'haproxy'))
      ? readdirSync(join(CORPUS, 'haproxy')).filter((f) => f.endsWith('.cfg'))
      : [];
    it(`${hp.length} HAProxy configs as lb-01/haproxy.cfg: no check errors`, () => {
      for (const f of hp)
        expect(run({ ...solutionFiles(), 'lb-01/haproxy.cfg': readFileSync(join(CORPUS, 'haproxy', f)) }), f).toEqual(
          [],
        );
    });
    const ng = existsSync(join(CORPUS, 'nginx'))
      ? readdirSync(join(CORPUS, 'nginx')).filter((d) => statSync(join(CORPUS, 'nginx', d)).isDirectory())
      : [];
    it(`${ng.length} Nginx cases (with their includes) as web-01/: no check errors`, () => {
      for (const d of ng) {
        const files: Record<string, string | Uint8Array> = { ...solutionFiles() };
        delete files['web-01/default'];
        const walk = (rel: string) => {
          for (const e of readdirSync(join(CORPUS, 'nginx', d, rel), { withFileTypes: true })) {
            const r = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory()) walk(r);
            else files[`web-01/${r}`] = readFileSync(join(CORPUS, 'nginx', d, r));
          }
        };
        walk('');
        expect(run(files), d).toEqual([]);
      }
    });
  },
);

describe('mangled solutions', () => {
  it('property: deleting, duplicating or truncating lines of any solution file never makes a check error', () => {
    const sol = solutionFiles();
    const names = Object.keys(sol);
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.array(fc.tuple(fc.nat(60), fc.constantFrom('delete', 'dup', 'truncate', 'garbage')), {
          minLength: 1,
          maxLength: 6,
        }),
        (name, edits) => {
          const lines = sol[name].split('\n');
          for (const [n, op] of edits) {
            const i = n % Math.max(1, lines.length);
            if (op === 'delete') lines.splice(i, 1);
            else if (op === 'dup') lines.splice(i, 0, lines[i] ?? '');
            else if (op === 'truncate') lines[i] = (lines[i] ?? '').slice(0, Math.floor((lines[i] ?? '').length / 2));
            else lines[i] = '{ } ; " \' # [ ] : - @ \\';
          }
          expect(run({ ...sol, [name]: lines.join('\n') })).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.ROBUST_RUNS ?? 150) },
    );
  });

  it('property: the same through provisioning scripts (heredoc, echo, sed) that write the configs', () => {
    const sol = solutionFiles();
    const targets: Record<string, string> = {
      'lb-01/haproxy.cfg': '/etc/haproxy/haproxy.cfg',
      'web-01/default': '/etc/nginx/sites-available/default',
      'db-primary/50-server.cnf': '/etc/mysql/mariadb.conf.d/50-server.cnf',
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(targets)),
        fc.array(fc.nat(40), { maxLength: 4 }),
        fc.constantFrom("<<'EOF'", '<<EOF'),
        fc.constantFrom(
          '',
          "sed -i 's/80/8080/' TARGET\n",
          "sed -i '/server/d' TARGET\n",
          "echo 'extra line' >> TARGET\n",
          "sed -i 's/nomatch/x/' TARGET\n",
        ),
        (name, dels, quote, tail) => {
          const lines = sol[name].split('\n');
          for (const n of dels) lines.splice(n % Math.max(1, lines.length), 1);
          const script = `#!/bin/bash\ncat > ${targets[name]} ${quote}\n${lines.join('\n')}\nEOF\n${tail.replace('TARGET', targets[name])}`;
          const files: Record<string, string> = { ...sol, [name.replace(/\/.*/, '/setup.sh')]: script };
          delete files[name];
          expect(run(files)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.ROBUST_RUNS ?? 100) },
    );
  });

  it('empty, binary and odd files everywhere', () => {
    const odd = [
      '',
      '\n',
      '\u0000\u0001binary',
      '\uFEFFserver {',
      '}}}}',
      '[mysqld]\nserver-id',
      'frontend\n bind',
      'CHANGE MASTER TO;',
      'lab: [',
      '#!/bin/bash\nsed -i',
    ];
    for (const text of odd) {
      const files: Record<string, string> = {};
      for (const p of Object.keys(solutionFiles())) files[p] = text;
      expect(run(files), JSON.stringify(text)).toEqual([]);
    }
    expect(run({})).toEqual([]);
  });
});

describe('the time budget (issue 12)', () => {
  // a clock that advances 10 ms each time it is read: the budget runs out part-way, deterministically
  const ticking = () => {
    let t = 0;
    return () => (t += 10);
  };
  it('files and checks it does not reach are error rows, never silent gaps', () => {
    const r = checkSubmission({
      tree: new MemoryTree(solutionFiles()),
      submission: 'x',
      lab,
      clock: ticking(),
      budgetMs: 45,
    });
    const budget = r.checks.filter((c) => c.findings.some((f) => f.messageId === '$budget'));
    expect(budget.length).toBeGreaterThan(0);
    for (const c of budget) {
      expect(c.status).toBe('error');
      expect(c.points).toBe(0);
      expect(c.findings[0].message).toMatch(/longer than its 0 s budget before this check was reached/);
    }
    const files = r.checks.find((c) => c.id === 'submission/files-recognised');
    expect(files?.status === 'error' || budget.some((c) => c.id === 'submission/files-recognised')).toBe(true);
    expect(r.passed).toBe(false);
  });
  it('with room to spare, the budget changes nothing', () => {
    const plain = checkSubmission({ tree: new MemoryTree(solutionFiles()), submission: 'x', lab });
    const timed = checkSubmission({
      tree: new MemoryTree(solutionFiles()),
      submission: 'x',
      lab,
      clock: ticking(),
      budgetMs: 1e9,
    });
    expect(timed.checks.map((c) => [c.id, c.status, c.points])).toEqual(
      plain.checks.map((c) => [c.id, c.status, c.points]),
    );
    expect(timed.passed).toBe(true);
  });
  it('a file the budget did not reach is named, and fails submission/files-recognised', () => {
    const tree = new MemoryTree(solutionFiles());
    const model = buildModel(tree, lab, [], { budget: { clock: ticking(), ms: 25 } });
    const late = model.diagnostics.filter((d) => d.code === 'file/time-budget');
    expect(late.length).toBeGreaterThan(0);
    expect(late.length).toBeLessThan(tree.list().length);
    expect(late.map((d) => d.span.file)).toEqual(tree.list().slice(tree.list().length - late.length));
    const r = checkSubmission({ tree, submission: 'x', lab, model });
    const files = r.checks.find((c) => c.id === 'submission/files-recognised')!;
    expect(files.status).toBe('fail');
    expect(files.findings.filter((f) => f.severity === 'error').map((f) => f.message)).toEqual(
      expect.arrayContaining([expect.stringContaining(`${late[0].span.file} was not read: reading this submission`)]),
    );
    expect(r.passed).toBe(false);
  });
});
