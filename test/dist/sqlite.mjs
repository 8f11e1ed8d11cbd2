// The BUILT `dcc-service-flags/sqlite` entry point in plain Node ESM: a state database made, a day
// applied and notified, read back — through the package's export map (no bundler, no vitest).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import assert from 'node:assert/strict'
import { Apply, Database, Init, Notify, Status } from 'dcc-service-flags/sqlite'

const dir = mkdtempSync(join(tmpdir(), 'dcc-flags-sqlite-esm-'))
try {
  const file = join(dir, 'state.db')
  const loader = await Init.create(file, { settings: { policy: 'mp077', switches: { electricity: true, gas: true }, routes: {}, gasOrganisationId: '1234567890' } })
  assert.equal(loader._tag, 'Right')
  loader.right.device({ id: '00-0D-6F-00-00-00-00-01', type: 'ESME', status: 'InstalledNotCommissioned', meterPoints: ['1200023305967'] })
  assert.equal(loader.right.finish()._tag, 'Right')
  const db = (await Database.open(file)).right
  const applied = await Apply.apply(db, [{ _tag: 'Right', right: { eventId: 'e1', at: '2024-03-01T09:00:00Z', type: 'StatusChanged', deviceId: '00-0D-6F-00-00-00-00-01', status: 'Commissioned' } }])
  assert.equal(applied.right.changes, 1)
  const sent = await Notify.notify(db, { out: join(dir, 'out'), now: '20240302060000' })
  assert.deepEqual(sent.right.files.map((f) => f.name), ['D0350_LOND_0000000001.txt'])
  assert.deepEqual(readdirSync(join(dir, 'out')), ['D0350_LOND_0000000001.txt'])
  assert.equal(Status.status(db).pending, 0)
  Database.close(db)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log('dist sqlite ESM smoke test: ok')
