import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // The Node edge (src/io) imports the core by the package's name, as a user would (tsconfig paths).
  resolve: { alias: { 'dcc-service-flags': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    coverage: { provider: 'v8', include: ['src/**'] },
  },
})
