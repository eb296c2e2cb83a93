import { defineConfig } from 'vitest/config';

const labTests = ['test/lab/**/*.test.ts', 'test/**/*.lab.test.ts', 'test/**/*.lab.test.tsx'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['**/node_modules/**', ...labTests],
        },
      },
      {
        // Tests against the lab: it is started once per run (test/lab/global-setup.ts), and its hosts are
        // shared state, so these files run one at a time.
        extends: true,
        test: {
          name: 'lab',
          include: labTests,
          globalSetup: ['test/lab/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
