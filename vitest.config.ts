import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // The Node edge (src/io) imports the core by the package's name, as a user would (tsconfig paths).
  // The state database (src/sqlite) imports the core and the edge the same way (exact names: an alias
  // of the bare name alone would also rewrite `dcc-service-flags/node`).
  resolve: {
    alias: [
      { find: /^dcc-service-flags$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^dcc-service-flags\/node$/, replacement: fileURLToPath(new URL('./src/node.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // What is slow by nature runs apart: npm run test:slow (vitest.slow.config.ts), also run by CI.
    exclude: ['test/slow/**', '**/node_modules/**'],
    testTimeout: 60_000,
    // Test files share each worker's module cache (no test mocks modules or global state): the
    // suite then spends about half the CPU it spends isolated, most of it once importing src/.
    isolate: false,
    coverage: { provider: 'v8', include: ['src/**'] },
  },
})
