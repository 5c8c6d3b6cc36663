import { defineConfig } from 'vitest/config';

// Lambdas run on nodejs22.x; Node 20 is supported for development, so the SDK's notice is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// Two tiers: `unit` (test/unit: pure rules and the use cases on in-memory ports — seconds, no
// Java; `npm run test:unit`) and `integration` (everything else, on one DynamoDB Local for the whole
// run — every test uses its own account ids — the local runtime and the CDK templates).
export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default on a 2-core machine is one worker, so the files ran one after another; most
    // of a file's time is waiting (DynamoDB Local, workflow retries, a browser), so two share two
    // cores well (three made the slowest waits of a loaded machine exceed their bounds).
    maxWorkers: 2,
    // Upper bounds for a busy CI machine, not timings: a passing test takes a fraction of them.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/env.ts'],
        },
      },
    ],
  },
});
