import { defineConfig } from 'vitest/config';

// The cluster suite (test/cluster/): run by `npm run test:cluster`, which starts scripts/cluster.sh first.
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    minWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
