import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 180_000, // child-process CLI tests on a loaded 2-core machine
    hookTimeout: 120_000,
    pool: 'forks',
    // Service tests share one Postgres database and one Redis; files run in parallel but each uses its own schema/queue.
    fileParallelism: true,
  },
});
