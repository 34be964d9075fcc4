/**
 * Property tests (fast-check): random inputs on a developer's machine, the same inputs in CI.
 * Locally every run draws new cases, which is how the random-script tests keep finding real bugs; a
 * failure prints its seed and path, and `FC_SEED=<seed> npx vitest run <file>` replays it. In CI
 * (CI=true) the seed is fixed, so a gating run fails only on a change, not on the draw; set FC_SEED
 * there to explore other seeds.
 */
import fc from 'fast-check';

const fixed =
  process.env.FC_SEED !== undefined && process.env.FC_SEED !== ''
    ? Number(process.env.FC_SEED)
    : process.env.CI === 'true'
      ? 20261125
      : undefined;
if (fixed !== undefined && Number.isFinite(fixed)) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: fixed });
