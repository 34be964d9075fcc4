/**
 * Lab 2's static and live verdicts agree (issue 14: "static/live agreement as in lab 1"): the reference and every
 * broken variant whose failing checks a probe names in its `agreesWith` are checked statically (the model, the
 * real haproxy -c and nginx -t, the engine) and run live with those probes; every static/live pair must agree by
 * lab 1's rule (a static fail predicts a live fail; a static pass a live pass unless another check of the probe's
 * group fails). Root and the real tools; skipped with the reason elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSubmission } from '../../labs/core/engine';
import { securedMetas } from '../../labs/core/checks/live/secured';
import { buildModel } from '../../labs/core/model/build';
import type { FileTree } from '../../labs/core/vfs';
import { loadSubmission } from '../../labs/node/fs';
import { runLive } from '../../labs/node/live';
import { runRealTools } from '../../labs/node/realtools';
import { listVariants, loadLab, loadVariant } from '../../labs/node/specs';
import { describeDisagreements, leftovers, skipReason } from './helpers';

const LAB = 'secured-monitored';
const lab = loadLab(LAB);
const ufwMissing = spawnSync('sh', ['-c', 'command -v ufw && command -v iptables'], { stdio: 'ignore' }).status !== 0;
const why = skipReason || (ufwMissing ? '(skipped: ufw or iptables is not installed)' : '');
if (ufwMissing && !skipReason && process.env.CI === 'true')
  throw new Error('the lab 2 agreement test cannot run in CI: ufw (or iptables) is not installed');

async function both(name: string, tree: FileTree, only: Set<string>) {
  const model = buildModel(tree, lab, []);
  const external = await runRealTools(model, { checks: new Set(['haproxy/valid-config', 'nginx/valid-config']) });
  const stat = checkSubmission({ tree, submission: name, lab, model, external, includeHidden: true, strict: false });
  const staticChecks = stat.checks.filter((c) => c.kind === 'static');
  const live = await runLive({ dir: name, tree, lab, only, staticChecks });
  return { staticChecks, live };
}

/**
 * Pairs believed not to contradict each other, each argued (key: `<variant> <static id> <live id>`). Keep it near
 * empty.
 */
const EXPECTED: Record<string, string> = {
  'no-mode-http haproxy/https-bind live/tls-versions':
    'In `mode tcp` the TLS bind is there and negotiates TLS 1.2 and 1.3 as it should: https-bind fails it for what HAProxy cannot do with HTTP in tcp mode, not for its TLS.',
  'no-mode-http haproxy/https-bind live/https-round-robin':
    'In `mode tcp` HAProxy still terminates TLS and balances connections, and the probe opens a connection per request, so its answers alternate; what https-bind fails `mode tcp` for (redirects, headers, one request at a time) live/redirect, live/hsts and live/x-forwarded-proto show.',
};

/** The probes whose group names one of these static checks. */
const probesFor = (failing: readonly string[]) =>
  new Set(securedMetas.filter((m) => (m.agreesWith ?? []).some((id) => failing.includes(id))).map((m) => m.id));

describe.skipIf(!!why)(`lab 2: static and live verdicts agree ${why}`, () => {
  it('the reference: every probe passes and agrees with the static checks', { timeout: 120_000 }, async () => {
    const { tree } = await loadSubmission(join(__dirname, '..', '..', 'labs', 'specs', LAB, 'solution'));
    const { live } = await both('solution', tree, new Set(securedMetas.map((m) => m.id)));
    expect(live.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
    expect(live.live.agreement.length).toBeGreaterThan(10);
    expect(describeDisagreements(live.live.agreement, live.checks)).toBe('');
    expect(live.debug.leftovers).toEqual([]);
  });

  const variants = listVariants(LAB)
    .map((name) => ({ name, v: loadVariant(LAB, name) }))
    .map(({ name, v }) => ({ name, v, only: probesFor(v.manifest.expect.fail ?? []) }))
    .filter((x) => x.only.size > 0);
  it(`every broken variant a probe can see (${variants.length} now) agrees`, { timeout: 600_000 }, async () => {
    const results: string[] = [];
    const bad: string[] = [];
    const excused: string[] = [];
    for (const { name, v, only } of variants) {
      const { live } = await both(name, v.tree, only);
      const key = (r: { staticId: string; liveId: string }) => `${name} ${r.staticId} ${r.liveId}`;
      for (const r of live.live.agreement) if (EXPECTED[key(r)] && !r.agree) excused.push(key(r));
      const rows = live.live.agreement.filter((r) => !EXPECTED[key(r)]);
      const d = describeDisagreements(rows, live.checks);
      if (d) bad.push(`${name}:\n${d}`);
      results.push(
        `${name}: ${live.checks.map((c) => `${c.id.slice(5)}=${c.status}`).join(' ')} | static fail: ${(v.manifest.expect.fail ?? []).join(',')} | ${rows.length} pairs`,
      );
      expect(live.debug.leftovers, name).toEqual([]);
    }
    console.log(results.join('\n'));
    expect(variants.length).toBeGreaterThanOrEqual(12);
    expect(bad.join('\n\n')).toBe('');
    // every excuse is still needed (no stale ones)
    expect(excused.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(leftovers()).toEqual([]);
  });
});
