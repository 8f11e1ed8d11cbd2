import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// `npm run test:slow`: the tests that are slow by nature (inputs of hundreds of megabytes, runs
// killed at many moments). CI runs them after `npm test` (.ci/run).
export default defineConfig({
  resolve: { alias: { 'dcc-service-flags': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    fileParallelism: false,
  },
})
