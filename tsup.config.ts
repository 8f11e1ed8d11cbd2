import { defineConfig, type Options } from 'tsup'

// The library's entry points, each built on its own (no shared chunks: rollup-plugin-dts mistakes
// interfaces for values across chunks):
// - `dcc-service-flags`: the pure core;
// - `dcc-service-flags/node`: the Node edge. It imports the core by the package's name (see
//   src/io/index.ts), kept external here, so that it uses the installed core: one copy of every
//   class, one set of types;
// - `dcc-service-flags/compile`: the opt-in run-time compiler of body readers, apart so that the
//   core holds no code generation from strings (it shares no state with the core);
// - `dcc-service-flags/sqlite`: the state database. Like the Node edge it imports the core (and the
//   edge) by the package's name, kept external; better-sqlite3 (a peer) is loaded only on open.
const common: Options = {
  dts: true,
  sourcemap: true,
  clean: false, // the build script empties dist/ first: configs cleaning in parallel would race
  target: 'node20',
  splitting: false,
  treeshake: true,
}

export default defineConfig([
  { ...common, entry: { index: 'src/index.ts' }, format: ['esm', 'cjs'] },
  { ...common, entry: { compile: 'src/wire/reader/Compile.ts' }, format: ['esm', 'cjs'] },
  { ...common, entry: { node: 'src/node.ts' }, format: ['esm'], external: ['dcc-service-flags'] },
  // stream-json is ESM-only: the CommonJS build carries its own copy, so `require` works on every Node 20.
  { ...common, entry: { node: 'src/node.ts' }, format: ['cjs'], external: ['dcc-service-flags'], noExternal: ['stream-json', 'stream-chain'] },
  { ...common, entry: { sqlite: 'src/sqlite/index.ts' }, format: ['esm', 'cjs'], external: ['dcc-service-flags', 'dcc-service-flags/node'] },
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
