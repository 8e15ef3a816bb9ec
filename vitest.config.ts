import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The cluster suite needs scripts/cluster.sh running: `npm run test:cluster`.
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    pool: 'forks',
    // Two files at a time (Vitest's default is one fewer than the cores: 1 on CI's 2 cores). Files share
    // no state: each has its own PGlite data dir or PostgreSQL database (test/helpers/file-database.ts).
    maxWorkers: 2,
    minWorkers: 1,
    // One migrated template per run; each file gets its own copy of it (test/helpers/global-setup.ts).
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/file-database.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
