/**
 * Real answers are the test: every expert verdict of ../shared/field-corpus/labels.yaml must agree with
 * what check-lab says of the same file (issue: real answers). A false fail (expected pass, got fail) is
 * the worst bug this product can have.
 */
import { describe, expect, it } from 'vitest';
import { corpus, runFieldCorpus, type Verdict } from './corpus';
import { findTool } from '../../labs/node/realtools';

const tools = [!findTool('haproxy') && 'haproxy', !findTool('nginx') && 'nginx'].filter(Boolean).join(', ');
if (tools && process.env.CI === 'true') throw new Error(`CI needs ${tools} for the field-corpus test`);
const skip = corpus.missing ?? (tools ? `${tools} not installed (valid-config verdicts need them)` : undefined);

/**
 * Verdicts we believe the label gets wrong, each argued. Keep it near empty (target: none).
 * Key: `<file> <check id>`.
 */
export const DISAGREEMENTS: Record<string, string> = {
  'nginx/07-duncorir-app-server-3 nginx/serves-app':
    "The label fails it because the learner's Flask app serves /number_odd_or_even/<n> while the location forwards " +
    '/airbnb-dynamic/number_odd_or_even/<n> unchanged: a fact about application code that is not in the submission. ' +
    "Judged on what the files say against this lab's spec, /api/ goes to the application on 127.0.0.1:5000 through " +
    "`location /` with the full URI, which the lab's application serves (and the submission declares no separate app host).",
};

describe.skipIf(!!skip)(`field corpus: expert verdicts on real answers${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let verdicts: Verdict[] = [];
  it('every expected verdict agrees (real tools as check-lab runs them)', { timeout: 300_000 }, async () => {
    verdicts = await runFieldCorpus({ realTools: true });
    const wrong = verdicts.filter((v) => !v.ok && !DISAGREEMENTS[`${v.file} ${v.check}`]);
    const agree = verdicts.filter((v) => v.ok).length;
    console.log(
      `field corpus: ${agree}/${verdicts.length} expected verdicts agree; false fails: ${verdicts.filter((v) => v.expected === 'pass' && !v.ok).length}`,
    );
    expect(verdicts.length).toBeGreaterThan(150);
    expect(
      wrong.map((v) => `${v.file} ${v.check}: expected ${v.expected}, got ${v.status} (${v.message ?? ''})`),
    ).toEqual([]);
  });
  it('every listed disagreement is still a disagreement (no stale excuses)', () => {
    for (const key of Object.keys(DISAGREEMENTS)) {
      const [file, check] = key.split(' ');
      const v = verdicts.find((x) => x.file === file && x.check === check);
      expect(v, key).toBeDefined();
      expect(v!.ok, key).toBe(false);
    }
  });
});
