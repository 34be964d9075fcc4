/** Issue #13: the spec selects lab 1's probes, and a selection brings up only the tiers it needs. */
import { describe, expect, it } from 'vitest';
import { GROUP_PROBES, tiersFor } from '../../labs/node/live/index';
import { loadLab } from '../../labs/node/specs';

describe('probe selection', () => {
  it("lab 1's spec lists its six probes, scored 0 points; only live/valid-start is required", () => {
    const lab = loadLab('distributed-web');
    const probes = lab.checks.filter((c) => c.id.startsWith('live/'));
    // (runLive also runs lab 3's keepalived group, whose own probes follow lab 1's six in GROUP_PROBES)
    expect(probes.map((c) => c.id)).toEqual(GROUP_PROBES.slice(0, 6));
    expect(probes.filter((c) => c.required).map((c) => c.id)).toEqual(['live/valid-start']);
    expect(probes.every((c) => c.points === 0)).toBe(true);
  });

  it('a selection brings up the tiers its probes need, and waits for failover only when selected', () => {
    expect(tiersFor(new Set(['live/round-robin']))).toEqual({ tiers: ['web'], skipFailover: true });
    expect(tiersFor(new Set(['live/failover']))).toEqual({ tiers: ['web'], skipFailover: false });
    expect(tiersFor(new Set(['live/replica-read-only']))).toEqual({ tiers: ['db'], skipFailover: true });
    expect(tiersFor(new Set(['live/app-path', 'live/replication']))).toEqual({
      tiers: ['web', 'db'],
      skipFailover: true,
    });
    expect(tiersFor(new Set(['live/valid-start']))).toEqual({ tiers: ['web', 'db'], skipFailover: true });
    expect(tiersFor(new Set(GROUP_PROBES))).toEqual({ tiers: ['web', 'db'], skipFailover: false });
  });
});
