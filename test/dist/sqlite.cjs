// The BUILT `dcc-service-flags/sqlite` entry point through `require` (CommonJS): opens a database
// made by the ESM test's steps and checks the refusal of a file that is not one.
const { mkdtempSync, writeFileSync, rmSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join } = require('node:path')
const assert = require('node:assert/strict')
const { Database, Init } = require('dcc-service-flags/sqlite')

;(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcc-flags-sqlite-cjs-'))
  try {
    const junk = join(dir, 'junk.db')
    writeFileSync(junk, Buffer.alloc(4096, 7))
    const refused = await Database.open(junk)
    assert.equal(refused._tag, 'Left')
    assert.equal(refused.left.code, 'not_a_database')
    const file = join(dir, 'state.db')
    const loader = await Init.create(file)
    loader.right.meterPoint({ id: '1200023305967', flag: 'A', effectiveFrom: '20240301', notified: null })
    assert.equal(loader.right.finish()._tag, 'Right')
    const db = await Database.open(file)
    assert.equal(db._tag, 'Right')
    Database.close(db.right)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  console.log('dist sqlite CJS smoke test: ok')
})().catch((e) => {
  console.error(e)
  process.exit(1)
})
