#!/usr/bin/env node
// Runs a TypeScript file (an example, a benchmark, the sample-data generator) on plain Node 20:
// bundles it with esbuild (installed with tsup) into .tmp/, then imports it with the remaining args.
import { build } from 'esbuild'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [file, ...args] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: node scripts/run-ts.mjs FILE.ts [ARGS…]\n')
  process.exit(2)
}
const outDir = path.resolve('.tmp/run-ts')
mkdirSync(outDir, { recursive: true })
const outfile = path.join(outDir, path.basename(file).replace(/\.ts$/, '') + '.mjs')
await build({
  entryPoints: [file],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  packages: 'external',
  logLevel: 'warning',
})
process.argv = [process.argv[0], path.resolve(file), ...args]
await import(pathToFileURL(outfile).href)
