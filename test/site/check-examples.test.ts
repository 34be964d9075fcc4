/**
 * Every Incorrect and Correct example of the check pages runs through its check (issue: engine, item 8; and
 * the playground's "try it"): in the reference solution's place (src/playground/examples.ts), an Incorrect
 * example must make its check report, a Correct one must leave it silent. Blocks that are not a file or a
 * section on their own say so on their fence (`fragment`).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { checks } from '../../labs/core/checks/index';
import { MemoryTree } from '../../labs/core/vfs';
import { listLabs, loadLab } from '../../labs/node/specs';
import { exampleAnswer, groupExamples, pageExamples } from '../../src/playground/examples';
import { fullYaml, solutionFiles } from '../checks/checkTester';
import { docsDir, walk } from './pages';

interface Example {
  checkId: string;
  file: string;
  line: number;
  kind: 'incorrect' | 'correct';
  lang: string;
  meta: string;
  body: string;
}

export function checkExamples(): Example[] {
  const out: Example[] = [];
  for (const f of walk(`${docsDir}/checks`)) {
    const rel = relative(`${docsDir}/checks`, f).replace(/\.mdx?$/, '');
    if (rel === 'index' || rel.startsWith('live/')) continue;
    for (const e of pageExamples(readFileSync(f, 'utf8'))) out.push({ ...e, checkId: rel, file: relative(docsDir, f) });
  }
  return out;
}

const labs = ['distributed-web', ...listLabs().filter((l) => l !== 'distributed-web')].map((id) => loadLab(id));
/** The lab an example runs in: the first that scores its check (lab 1 first), else lab 1. */
const labFor = (checkId: string) => labs.find((l) => l.checks.some((c) => c.id === checkId)) ?? labs[0]!;
// the valid-config checks report what haproxy -c / nginx -t say (test/site/snippets.test.ts runs those)
const examples = checkExamples().filter((e) => !e.checkId.endsWith('/valid-config'));
/** One example per group: the blocks of one section that go to different hosts together. */
const groups = [
  ...new Map(
    examples.map((e) => [
      `${e.checkId} ${e.kind}`,
      examples.filter((x) => x.checkId === e.checkId && x.kind === e.kind),
    ]),
  ).values(),
].flatMap((g) => groupExamples(g[0]!.checkId, g));

describe("check pages' examples, each through its check", () => {
  it('covers the Incorrect and Correct examples of every static check page', () => {
    const ids = new Set(examples.map((e) => e.checkId));
    for (const c of checks.filter(
      (c) => c.meta.kind === 'static' && !c.meta.id.startsWith('submission/') && !c.meta.id.endsWith('/valid-config'),
    )) {
      expect(ids.has(c.meta.id), `${c.meta.id} has no runnable example`).toBe(true);
    }
  });
  for (const g of groups) {
    const e = g[0]!;
    it(`${e.file}:${g.map((x) => x.line).join('+')} (${e.kind}) ${e.kind === 'incorrect' ? 'makes' : 'leaves'} ${e.checkId} ${e.kind === 'incorrect' ? 'report' : 'silent'}`, () => {
      const lab = labFor(e.checkId);
      const files = exampleAnswer(solutionFiles(lab.id), e.checkId, ...g);
      expect(files, 'not placeable: mark the fence `fragment` or give it `host=`').toBeDefined();
      const labCheck = lab.checks.find((c) => c.id === e.checkId) ?? {
        id: e.checkId,
        points: 1,
        required: true,
        hidden: false,
      };
      const r = checkSubmission({
        tree: new MemoryTree(files!),
        submission: e.file,
        lab: { ...lab, checks: [{ ...labCheck, hidden: false }] },
        strict: true,
        yaml: fullYaml,
      }).checks[0]!;
      const serious = r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.file}:${f.line} ${f.message}`);
      if (e.kind === 'incorrect')
        expect(serious.length, `${r.status}: ${r.findings.map((f) => f.message).join(' | ')}`).toBeGreaterThan(0);
      else expect(serious).toEqual([]);
    });
  }
});
