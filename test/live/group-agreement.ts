/**
 * The static/live agreement suite of a lab whose probes run as one group (lab 2, lab 3): the reference and every
 * broken variant whose failing checks a probe names in its `agreesWith` are checked statically (the model, the
 * real tools of the checks the probes name, the engine) and run live with those probes; every static/live pair
 * must agree by lab 1's rule (a static fail predicts a live fail; a static pass a live pass unless another check
 * of the probe's group fails), or be one of the lab's argued exceptions.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckMeta } from '../../labs/core/checks/types';
import { checkSubmission } from '../../labs/core/engine';
import { buildModel } from '../../labs/core/model/build';
import type { FileTree } from '../../labs/core/vfs';
import { loadSubmission } from '../../labs/node/fs';
import { runLive } from '../../labs/node/live';
import { runRealTools } from '../../labs/node/realtools';
import { listVariants, loadLab, loadVariant } from '../../labs/node/specs';
import { describeDisagreements, leftovers } from './helpers';

export interface GroupAgreementSuite {
  lab: string;
  /** The group's probes, with their `agreesWith`. */
  metas: readonly CheckMeta[];
  /** Why the suite cannot run here ('' when it can). */
  why: string;
  /** Pairs believed not to contradict each other, each argued (key: `<variant> <static id> <live id>`). */
  expected: Record<string, string>;
  /** At least this many variants a probe can see (so that a spec change cannot empty the suite silently). */
  minVariants: number;
  /** At least this many pairs on the reference. */
  minReferencePairs: number;
  timeouts: { reference: number; variants: number };
}

export function groupAgreementSuite(s: GroupAgreementSuite): void {
  const lab = loadLab(s.lab);
  // the static checks the probes name: only their real tools run (ufw, promtool and the rest add nothing here)
  const named = new Set(s.metas.flatMap((m) => m.agreesWith ?? []));
  const probesFor = (failing: readonly string[]) =>
    new Set(s.metas.filter((m) => (m.agreesWith ?? []).some((id) => failing.includes(id))).map((m) => m.id));

  async function both(name: string, tree: FileTree, only: Set<string>) {
    const model = buildModel(tree, lab, []);
    const external = await runRealTools(model, { checks: named });
    const stat = checkSubmission({ tree, submission: name, lab, model, external, includeHidden: true, strict: false });
    const staticChecks = stat.checks.filter((c) => c.kind === 'static');
    return runLive({ dir: name, tree, lab, only, staticChecks });
  }

  describe.skipIf(!!s.why)(`${s.lab}: static and live verdicts agree ${s.why}`, () => {
    it(
      'the reference: every probe passes and agrees with the static checks',
      { timeout: s.timeouts.reference },
      async () => {
        const { tree } = await loadSubmission(join(__dirname, '..', '..', 'labs', 'specs', s.lab, 'solution'));
        const live = await both('solution', tree, new Set(s.metas.map((m) => m.id)));
        const show = live.checks.map((c) => `${c.id} ${c.status}: ${c.findings.map((f) => f.message).join(' / ')}`);
        expect(
          live.checks.filter((c) => c.status !== 'pass').map((c) => c.id),
          show.join('\n'),
        ).toEqual([]);
        expect(live.live.agreement.length).toBeGreaterThanOrEqual(s.minReferencePairs);
        expect(describeDisagreements(live.live.agreement, live.checks)).toBe('');
        expect(live.debug.leftovers).toEqual([]);
      },
    );

    const variants = listVariants(s.lab)
      .map((name) => ({ name, v: loadVariant(s.lab, name) }))
      .map(({ name, v }) => ({ name, v, only: probesFor(v.manifest.expect.fail ?? []) }))
      .filter((x) => x.only.size > 0);
    it(
      `every broken variant a probe can see (${variants.length} now) agrees`,
      { timeout: s.timeouts.variants },
      async () => {
        const results: string[] = [];
        const bad: string[] = [];
        const excused: string[] = [];
        for (const { name, v, only } of variants) {
          const live = await both(name, v.tree, only);
          const key = (r: { staticId: string; liveId: string }) => `${name} ${r.staticId} ${r.liveId}`;
          for (const r of live.live.agreement) if (s.expected[key(r)] && !r.agree) excused.push(key(r));
          const rows = live.live.agreement.filter((r) => !s.expected[key(r)]);
          const d = describeDisagreements(rows, live.checks);
          if (d) bad.push(`${name}:\n${d}`);
          results.push(
            `${name}: ${live.checks.map((c) => `${c.id.slice(5)}=${c.status}`).join(' ')} | static fail: ${(v.manifest.expect.fail ?? []).join(',')} | ${rows.length} pairs`,
          );
          expect(live.debug.leftovers, name).toEqual([]);
        }
        console.log(results.join('\n'));
        expect(variants.length).toBeGreaterThanOrEqual(s.minVariants);
        expect(bad.join('\n\n')).toBe('');
        // every excuse is still needed (no stale ones)
        expect(excused.sort()).toEqual(Object.keys(s.expected).sort());
        expect(leftovers()).toEqual([]);
      },
    );
  });
}
