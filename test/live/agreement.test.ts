/**
 * Static and live verdicts agree: the reference solution and every broken variant that exists
 * (labs/specs/distributed-web/broken/*) are checked statically (the engine, as checkDir does) and
 * run live; every static/live pair of `live.agreement` must agree. A variant that changes only the
 * web side runs the web tier, one that changes only the databases runs the database tier.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkSubmission } from '../../labs/core/engine';
import { buildModel } from '../../labs/core/model/build';
import { runRealTools } from '../../labs/node/realtools';
import type { FileTree } from '../../labs/core/vfs';
import { computeAgreement, runLive } from '../../labs/node/live';
import { listVariants, loadLab, loadVariant } from '../../labs/node/specs';
import { loadSubmission } from '../../labs/node/fs';
import { SOLUTION, describeDisagreements, leftovers, skipReason } from './helpers';

const LAB = 'distributed-web';
const lab = loadLab(LAB);
const WEB_HOSTS = new Set(['lb-01', 'web-01', 'web-02', 'app-01']);
const DB_HOSTS = new Set(['db-primary', 'db-replica']);

function touched(dir: string, remove: string[] = []): Set<string> {
  const hosts = new Set<string>();
  for (const e of readdirSync(dir)) if (statSync(join(dir, e)).isDirectory()) hosts.add(e);
  for (const r of remove) hosts.add(r.split('/')[0]);
  return hosts;
}

/** The static verdicts as checkDir makes them: the model, the real tools (haproxy -c, nginx -t), the engine. */
async function staticReport(name: string, tree: FileTree) {
  const model = buildModel(tree, lab, []);
  const external = await runRealTools(model, { checks: new Set(['haproxy/valid-config', 'nginx/valid-config']) });
  return checkSubmission({ tree, submission: name, lab, model, external, includeHidden: true, strict: false });
}

async function both(name: string, tree: FileTree, tiers?: Array<'web' | 'db'>) {
  const stat = await staticReport(name, tree);
  const staticChecks = stat.checks.filter((c) => c.kind === 'static');
  const live = await runLive({ dir: name, tree, lab, tiers, staticChecks });
  return { staticChecks, live };
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let t = queue.shift(); t !== undefined; t = queue.shift()) await fn(t);
    }),
  );
}

describe.skipIf(!!skipReason)(`static and live verdicts agree ${skipReason}`, () => {
  it(
    'the reference solution: every live probe passes and agrees with the static checks',
    { timeout: 90_000 },
    async () => {
      const { tree } = await loadSubmission(SOLUTION);
      const { staticChecks, live } = await both('solution', tree);
      expect(
        live.checks
          .filter((c) => c.status !== 'pass')
          .map((c) => `${c.id}: ${c.findings.map((f) => f.message).join('; ')}`),
      ).toEqual([]);
      expect(live.live.mode).toBe('netns');
      expect(live.live.agreement.length).toBeGreaterThan(10);
      expect(describeDisagreements(live.live.agreement, live.checks)).toBe('');
      expect(live.live.agreement).toEqual(computeAgreement(staticChecks, live.checks));
      expect(live.debug.leftovers).toEqual([]);
    },
  );

  const variants = listVariants(LAB);
  it(`every broken variant that exists (${variants.length} now) agrees`, { timeout: 240_000 }, async () => {
    const results: string[] = [];
    const disagreements: string[] = [];
    await pool(variants, 2, async (name) => {
      const v = loadVariant(LAB, name);
      const hosts = touched(v.dir, v.manifest.remove);
      const tiers: Array<'web' | 'db'> = [];
      if ([...hosts].some((h) => WEB_HOSTS.has(h))) tiers.push('web');
      if ([...hosts].some((h) => DB_HOSTS.has(h))) tiers.push('db');
      if (!tiers.length) {
        results.push(`${name}: no host changed (nothing to run live)`);
        return;
      }
      const { live } = await both(name, v.tree, tiers);
      const rows = live.live.agreement;
      const bad = describeDisagreements(rows, live.checks);
      if (bad) disagreements.push(`${name}:\n${bad}`);
      const expectedFail = v.manifest.expect.fail ?? [];
      results.push(
        `${name} [${tiers}]: ${live.checks.map((c) => `${c.id.slice(5)}=${c.status}`).join(' ')} | static fail: ${expectedFail.join(',') || '-'} | ${rows.length} pairs`,
      );
      expect(live.debug.leftovers).toEqual([]);
    });
    console.log(results.sort().join('\n'));
    expect(disagreements.join('\n\n')).toBe('');
    expect(leftovers()).toEqual([]);
  });
});
