import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Live and browser tests start real servers; keep parallelism modest on 2-core machines.
    maxWorkers: 2,
  },
});
