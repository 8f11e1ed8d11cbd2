import { defineConfig, type Options } from 'tsup'

// The library's entry points: the pure core, and the Node edge (streams, files). Both share one
// copy of the core per module format (code splitting), so a state read by `dcc-service-flags/node`
// is the very class the core's reducer knows. `compile`: the opt-in run-time compiler of body
// readers, apart so that the core holds no code generation from strings.
const entry = { index: 'src/index.ts', node: 'src/node.ts', compile: 'src/wire/reader/Compile.ts' }
const library: Options = {
  entry,
  dts: true,
  sourcemap: true,
  clean: false, // the build script empties dist/ first: configs cleaning in parallel would race
  target: 'node20',
  splitting: true,
  treeshake: true,
}

export default defineConfig([
  { ...library, format: ['esm'] },
  // stream-json is ESM-only: the CommonJS build carries its own copy, so `require` works on every Node 20.
  { ...library, format: ['cjs'], noExternal: ['stream-json', 'stream-chain'] },
  {
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
])
