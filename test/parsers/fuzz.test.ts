/**
 * Issue 12: a seeded slice of the mutation fuzzer (bench/fuzz.ts; the full run is `npm run bench -- fuzz`):
 * 2,000 mutated real configurations through the HAProxy, Nginx, my.cnf, SQL and keepalived parsers, the prometheus.yml
 * and alert-rules readers and the ufw model, in-process. No
 * parser may throw, and none may take a second. A fixed seed in CI, a new one elsewhere (printed on failure;
 * FUZZ_SEED=<seed> replays it).
 */
import { describe, expect, it } from 'vitest';
import { fuzz } from '../../bench/fuzz';

const seed = Number(process.env.FUZZ_SEED ?? (process.env.CI === 'true' ? 20261207 : Date.now() % 1e9));

describe('mutation fuzzing (seeded slice)', () => {
  it(
    `2,000 mutated configurations, every parser: no throw, each under 1 s (seed ${seed})`,
    { timeout: 120_000 },
    () => {
      const r = fuzz(2000, seed, 1000);
      expect(r.findings.map((f) => `seed ${f.seed} ${f.parser}: ${f.what}`)).toEqual([]);
      expect(r.runs).toBe(2000 * 8);
    },
  );
});
