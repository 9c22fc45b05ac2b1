import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{engine,scenarios,bridge,app}/**/*.test.ts', 'test/unit/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
