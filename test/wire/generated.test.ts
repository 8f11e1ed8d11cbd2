// The body readers of the built-in layouts are generated at build time and checked in
// (`npm run gen:readers`): they must be what the generator writes now, read like the run-time
// compiled form of the same program, and work where code generation from strings is forbidden.
import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import { builtins, generatedFiles } from '../../src/wire/reader/Builtins'
import { compile } from '../../src/wire/reader/Compile'
import { readers } from '../../src/wire/generated/readers'
import * as Program from '../../src/wire/reader/Program'
import * as DateCache from '../../src/wire/DateCache'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dxi from '../../src/wire/uklink/Dxi'
import * as Dxr from '../../src/wire/uklink/Dxr'
import * as arbDtc from '../arbitraries/dtc'
import * as arbUk from '../arbitraries/uklink'

const ROOT = path.resolve(__dirname, '../..')

describe('generated readers', () => {
  it.each(generatedFiles().map((f) => [f.path, f.text] as const))('%s is up to date (run `npm run gen:readers`)', (file, text) => {
    expect(readFileSync(path.join(ROOT, file), 'utf8')).toBe(text)
  })

  it('the index holds one reader per built-in program, found by its key', () => {
    expect(readers.map((r) => r.key)).toEqual(builtins().map((b) => Program.keyOf(b.program)))
  })

  // every built-in program's reader, run from the first body line over damaged files, against the
  // same program compiled at run time (TypeScript and JavaScript written by the one generator)
  const damaged = fc.oneof(
    arbDtc.d0350File({ legacyFlags: true, maxRecords: 8 }).map((f) => D0350.encode(f)),
    arbUk.dxiFile(true, 8).map((f) => Dxi.encode(f)),
    arbUk.dxrFile(true, 8).map((f) => Dxr.encode(f)),
  ).chain((b) => fc.oneof(fc.constant(b), arbDtc.mutate(b)))
  fcTest.prop([damaged, fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 10 })])(
    'each generated reader reads what the run-time compiled form of its program reads',
    (b, crlf, legacy, max) => {
      const s = Buffer.from(b).toString('latin1')
      const from = s.indexOf('\n') + 1
      const runOf = (read: Program.BodyReader) => {
        const out: unknown[] = []
        const counts = Program.emptyCounts()
        const items: string[] = []
        const calls: unknown[] = []
        const cache = DateCache.emptyDateCache()
        const to = read(b, s, from, b.length, max, crlf, legacy, out, counts, [], items, (spec, it) => (calls.push(spec), it.slice()), D0350.layout.groups, cache.keys, cache.values)
        return { to, out, counts: Array.from(counts), calls }
      }
      builtins().forEach((builtin, i) => {
        expect(runOf(readers[i]!.read)).toEqual(runOf(compile(builtin.program)!))
      })
    },
  )

  it('the default codecs decode with their generated readers under node --disallow-code-generation-from-strings', () => {
    const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', 'scripts/run-ts.mjs', 'test/wire/noCodegen.child.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({ codegen: false, readers: [true, true, true], compiled: null, agree: [true, true, true], roundTrip: true })
  })
})
