import { defineConfig } from 'vitest/config'
import base from './vitest.config'

// `npm run test:slow`: the tests that are slow by nature (inputs of hundreds of megabytes, runs
// killed at many moments, consumer projects type-checked). CI runs them after `npm test`
// (.ci/run). The rest of the configuration (module aliases…) is vitest.config.ts's.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/slow/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
})
