/**
 * `npm run gen:readers`: writes the body readers of the built-in layouts (D0350, DXI's E45, the
 * E46 response) as TypeScript under `src/wire/generated/`, from `src/wire/reader/Builtins.ts`.
 * Run it after changing a built-in layout, the reader generator (`src/wire/reader/Emit.ts`) or a
 * rule's helper list; `test/wire/generated.test.ts` fails until the checked-in files are regenerated.
 * `--check` writes nothing and exits 1 when a file is stale.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { generatedFiles } from '../src/wire/reader/Builtins'

const check = process.argv.includes('--check')
let stale = 0
for (const f of generatedFiles()) {
  const now = existsSync(f.path) ? readFileSync(f.path, 'utf8') : null
  if (now === f.text) continue
  stale++
  if (check) {
    process.stderr.write(`${f.path} is stale\n`)
    continue
  }
  // temp + rename: a run killed part-way leaves each file old or new
  writeFileSync(`${f.path}.tmp`, f.text)
  renameSync(`${f.path}.tmp`, f.path)
  process.stdout.write(`wrote ${f.path}\n`)
}
if (stale === 0) process.stdout.write('generated readers are up to date\n')
process.exitCode = check && stale > 0 ? 1 : 0
