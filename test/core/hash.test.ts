import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contentHash } from '../../labs/core/hash';

describe('contentHash', () => {
  it('is 28 hex digits, the same for the same text', () => {
    const h = contentHash('lab: distributed-web\n');
    expect(h).toMatch(/^[0-9a-f]{28}$/);
    expect(contentHash('lab: distributed-web\n')).toBe(h);
  });

  it('changes with any one-character edit (no collisions over many random edits)', () => {
    const base = 'checks:\n  - id: haproxy/round-robin\n    points: 3\n';
    const seen = new Set([contentHash(base)]);
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.integer({ min: 32, max: 0x2fff }), (i, c) => {
        const edited = base.slice(0, i) + String.fromCharCode(c) + base.slice(i + 1);
        if (edited === base) return;
        expect(contentHash(edited)).not.toBe(contentHash(base));
        seen.add(contentHash(edited));
      }),
      { numRuns: 2000 },
    );
    expect(seen.size).toBeGreaterThan(1000);
  });
});
