// The law of the database's fold: applying events through the database, in batches of any size,
// gives what one in-memory fold of the same events over the same inventory gives — the same changes
// in the same order, the same rejections, the same final state.
import { describe, expect, afterAll } from 'vitest'
import { fc, it } from '@fast-check/vitest'
import * as fs from 'node:fs'
import { either as E } from 'fp-ts'
import * as arb from '../arbitraries/engine'
import * as Model from '../../src/engine/Model'
import * as State from '../../src/engine/State'
import * as Reducer from '../../src/engine/Reducer'
import { Apply, Database, Export } from '../../src/sqlite'
import { createFrom, freshFile, right, tmpDir } from './support'

const dir = tmpDir('sqlite-equivalence')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const exported = (db: Database.StateDb) => {
  const inv = JSON.parse([...Export.inventoryJson(db)].join('')) as { meterPoints: Array<{ id: string }>; devices: Array<{ id: string }> }
  return { meterPoints: inv.meterPoints.sort(byId), devices: inv.devices.sort(byId) }
}
const inMemory = (s: State.State) => {
  const inv = JSON.parse(JSON.stringify(State.toInventory(s))) as { meterPoints: Array<{ id: string }>; devices: Array<{ id: string }> }
  return { meterPoints: inv.meterPoints.sort(byId), devices: inv.devices.sort(byId) }
}

describe('apply through the database = one in-memory fold', () => {
  it.prop([arb.pools.chain((p) => fc.record({ inventory: arb.inventory(p), text: arb.ndjson(p) })), fc.integer({ min: 1, max: 12 }), fc.option(arb.instant, { nil: undefined })], { numRuns: 120 })(
    'any batch size, with or without a clock reading',
    async ({ inventory, text }, batchSize, asOf) => {
      const inv = Model.decodeInventory(inventory)
      if (E.isLeft(inv)) return
      const options = asOf === undefined ? {} : { asOf }
      const expected = Reducer.replayNdjson(State.fromInventory(inv.right), text.text, options)
      const db = await createFrom(freshFile(dir), inventory)
      try {
        const items: Apply.Item[] = []
        Model.forEachLine(text.text, (line, n) => items.push(Model.parseEventLine(line, n)))
        const r = right(await Apply.apply(db, items, { batchSize, ...options }))
        expect([...Apply.changesOf(db, r.run)]).toEqual(expected.changes)
        expect([...Apply.rejections(db)]).toEqual(expected.rejected)
        expect(exported(db)).toEqual(inMemory(expected.state))
        // the same events again (applied ones are duplicates now; a rejected one may apply): as in memory
        const twice = Reducer.replayNdjson(expected.state, text.text, options)
        const again = right(await Apply.apply(db, items, { batchSize: batchSize + 3, ...options }))
        expect([...Apply.changesOf(db, again.run)]).toEqual(twice.changes)
        expect([...Apply.rejections(db)]).toEqual(twice.rejected)
        expect(exported(db)).toEqual(inMemory(twice.state))
      } finally {
        Database.close(db)
      }
    },
  )
})
