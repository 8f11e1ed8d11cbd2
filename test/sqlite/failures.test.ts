// A database that fills up or cannot be written: the run fails as data (a DbError saying which),
// and leaves the previous state whole — no half-applied batch, no file, no staging folder, no
// number used.
import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import * as Synthetic from '../../bench/Synthetic'
import { Apply, Database, Export, Notify, Status } from '../../src/sqlite'
import { crashInventory, crashEvents } from './crashFixture'
import { createFrom, freshFile, right, tmpDir } from './support'

let dir: string
beforeAll(() => {
  dir = tmpDir('sqlite-failures')
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const settings = { policy: 'mp077' as const, switches: { electricity: true, gas: true }, routes: {}, gasOrganisationId: '1234567890' }
const items = (): Apply.Item[] => crashEvents.map((e, i) => Model.parseEventLine(JSON.stringify(e), i + 1))
const exported = (db: Database.StateDb): string => [...Export.inventoryJson(db)].join('')

/** Caps the database at its current size (plus `spare` pages) on this connection: the next growth fails SQLITE_FULL. */
const cap = (db: Database.StateDb, spare = 0): void => {
  const pages = Number(db.connection.pragma('page_count', { simple: true }))
  db.connection.pragma(`max_page_count = ${pages + spare}`)
}

/** Many new devices: the apply must grow the file. */
const growth = (n: number): Apply.Item[] =>
  Array.from({ length: n }, (_, i) =>
    Model.parseEventLine(JSON.stringify({ eventId: `g${i}`, at: '2024-04-01T10:00:00Z', type: 'DeviceRegistered', deviceId: `00-AA-00-00-00-${((i >> 8) & 255).toString(16).padStart(2, '0').toUpperCase()}-${(i & 255).toString(16).padStart(2, '0').toUpperCase()}-00`, deviceType: 'IHD' }), i + 1),
  )

describe('a full database', () => {
  it('apply: "full", and nothing of the run is kept (even batches already written)', async () => {
    const db = await createFrom(freshFile(dir), crashInventory, { settings })
    try {
      const before = exported(db)
      cap(db, 2)
      const r = await Apply.apply(db, [...items(), ...growth(5000)], { batchSize: 50 })
      expect(E.isLeft(r) && r.left.code).toBe('full')
      expect(E.isLeft(r) && r.left.message).toMatch(/full/)
      expect(exported(db)).toBe(before)
      expect(Status.status(db).appliedEvents).toBe(0)
      expect(Status.status(db).lastRuns.map((x) => x.command)).toEqual(['init'])
    } finally {
      Database.close(db)
    }
  })

  it('notify: "full", no file and no staging folder left, no number used; the next run sends everything', async () => {
    // thousands of meter points never sent: the run must grow the file to record them
    const big = Synthetic.inventory({ mpans: 3000, mprns: 2000, seed: 3 })
    const db = await createFrom(freshFile(dir), { ...big, meterPoints: big.meterPoints.map((mp) => ({ ...mp, notified: null })) }, { settings })
    try {
      const out = path.join(dir, 'full-out')
      cap(db)
      const r = await Notify.notify(db, { out, now: '20240402060000' })
      expect(E.isLeft(r) && r.left._tag === 'DbError' && r.left.code).toBe('full')
      expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([])
      expect(Database.counters(db)).toEqual({ nextFileId: 1, nextGeneration: 1 })
      db.connection.pragma('max_page_count = 1073741823')
      const ok = right(await Notify.notify(db, { out, now: '20240402060000' }))
      expect(ok.files.length).toBeGreaterThan(2)
      expect(fs.readdirSync(out).sort()).toEqual(ok.files.map((f) => f.name).sort())
    } finally {
      Database.close(db)
    }
  })
})

describe('a read-only database', () => {
  it('apply and notify: "read_only", nothing written', async () => {
    const file = freshFile(dir)
    Database.close(await createFrom(file, crashInventory, { settings }))
    const db = right(await Database.open(file, { readonly: true }))
    try {
      const a = await Apply.apply(db, items())
      expect(E.isLeft(a) && a.left.code).toBe('read_only')
      const out = path.join(dir, 'ro-out')
      const n = await Notify.notify(db, { out, now: '20240402060000' })
      expect(E.isLeft(n) && n.left._tag === 'DbError' && n.left.code).toBe('read_only')
      expect(fs.existsSync(out)).toBe(false)
    } finally {
      Database.close(db)
    }
  })
})
