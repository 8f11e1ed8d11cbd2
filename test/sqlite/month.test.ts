// A month as a DSP team runs it — 31 daily `apply` + `notify` on the database — against the engine
// in memory: every day's files are the same bytes as the in-memory outbox builds from the same
// state, and the month ends with the flags of one in-memory replay of the whole month.
import { describe, expect, it, afterAll } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import * as State from '../../src/engine/State'
import * as Reducer from '../../src/engine/Reducer'
import * as Outbox from '../../src/engine/Outbox'
import * as Synthetic from '../../bench/Synthetic'
import * as Instant from '../../src/identifiers/Instant'
import { Apply, Database, Export, Notify } from '../../src/sqlite'
import { createFrom, freshFile, right, tmpDir } from './support'

const dir = tmpDir('sqlite-month')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const settings = { policy: 'mp077' as const, switches: { electricity: true, gas: true }, routes: {}, gasOrganisationId: '1234567890' }
const inventory = Synthetic.inventory({ mpans: 700, mprns: 500, seed: 21 })
const month = Synthetic.month(inventory, { events: 4000, days: 31, start: '20240102' as never, seed: 8 })

/** The events of each London day, in order; a few lines are bad or repeated (rejected, and the run goes on). */
const days = (): Array<{ date: string; lines: string[] }> => {
  const byDay = new Map<string, string[]>()
  month.forEach((e, i) => {
    const d = Instant.londonDate(e.at)!
    const list = byDay.get(d) ?? []
    list.push(JSON.stringify(e))
    if (i % 397 === 0) list.push('{"eventId":"broken",')
    if (i % 499 === 1) list.push(JSON.stringify(e))
    byDay.set(d, list)
  })
  return [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, lines]) => ({ date, lines }))
}

const nextMorning = (date: string): string => {
  const d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8) + 1))
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}060000`
}

describe('a month of daily runs on the database = the engine in memory', () => {
  it('31 days of apply + notify: the same files, byte for byte, and the flags of one replay of the month', async () => {
    const schedule = days()
    expect(schedule).toHaveLength(31)
    const db = await createFrom(freshFile(dir), inventory, { settings })
    let memory = State.fromInventory(right(Model.decodeInventory(inventory)))
    let counters = { nextFileId: 1, nextGeneration: 1 }
    let sentTotal = 0
    try {
      for (const { date, lines } of schedule) {
        const items = lines.map((l, i) => Model.parseEventLine(l, i + 1))
        // the database
        const applied = right(await Apply.apply(db, items, { batchSize: 97 }))
        const out = path.join(dir, `out-${date}`)
        const notified = right(await Notify.notify(db, { out, now: nextMorning(date) }))
        // the engine in memory: the same day
        const fold = Reducer.begin(memory)
        for (const it of items) if (E.isRight(it)) fold.push(it.right); else fold.reject(it.left)
        const r = fold.finish()
        expect([...Apply.changesOf(db, applied.run)], date).toEqual(r.changes)
        expect([...Apply.rejections(db)], date).toEqual(r.rejected)
        const due = Outbox.pending(r.state, settings.switches)
        const planned = Outbox.plan(due.notifications)
        const built = right(Outbox.build(planned.files, { firstFileId: counters.nextFileId, firstGeneration: counters.nextGeneration, now: nextMorning(date), gasOrganisationId: settings.gasOrganisationId }))
        counters = { nextFileId: built.nextFileId, nextGeneration: built.nextGeneration }
        memory = Outbox.recordSent(r.state, built.files.flatMap((f) => f.notifications)).state
        expect(notified.files.map((f) => f.name), date).toEqual(built.files.map((f) => f.name))
        for (const f of built.files) expect(fs.readFileSync(path.join(out, f.name)).equals(Buffer.from(f.bytes)), `${date} ${f.name}`).toBe(true)
        expect(fs.existsSync(out) ? fs.readdirSync(out).sort() : []).toEqual(built.files.map((f) => f.name).sort())
        expect(notified.counters).toEqual(counters)
        sentTotal += built.files.reduce((n, f) => n + f.recordCount, 0)
      }
      expect(sentTotal).toBeGreaterThan(100)
      // the final flags: those of one replay of the whole month over the inventory
      const once = Reducer.reduce(State.fromInventory(right(Model.decodeInventory(inventory))), month)
      const flags = (inv: { meterPoints: ReadonlyArray<{ id: string; flag: unknown; effectiveFrom: unknown }> }) =>
        Object.fromEntries(inv.meterPoints.map((m) => [m.id, `${String(m.flag)} ${String(m.effectiveFrom)}`]))
      const fromDb = JSON.parse([...Export.inventoryJson(db)].join('')) as { meterPoints: Array<{ id: string; flag: unknown; effectiveFrom: unknown }> }
      expect(flags(fromDb)).toEqual(flags(State.toInventory(once.state)))
      expect(flags(fromDb)).toEqual(flags(State.toInventory(memory)))
    } finally {
      Database.close(db)
    }
  })
})
