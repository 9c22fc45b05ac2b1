import { defineConfig } from 'vitest/config';

const ALL = '{formats,scenarios,bridge,engine,app,cli,test}/**/';

/**
 * Three slices, each runnable alone (`npm run test:unit|test:kafka|test:tools`):
 * - `unit`: Node only — no broker, no JVM, no kcat or promtool;
 * - `kafka`: `*.kafka.test.ts`, against a real Apache Kafka broker (Java, Maven, kcat);
 * - `tools`: `*.tools.test.ts`, Tapedeck's output checked by other tools (promtool).
 * The browser tests are Playwright's (`npm run test:e2e`).
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [`${ALL}*.test.ts`],
          exclude: [`${ALL}*.kafka.test.ts`, `${ALL}*.tools.test.ts`, '**/node_modules/**'],
        },
      },
      { extends: true, test: { name: 'kafka', include: [`${ALL}*.kafka.test.ts`] } },
      { extends: true, test: { name: 'tools', include: [`${ALL}*.tools.test.ts`] } },
    ],
  },
});
