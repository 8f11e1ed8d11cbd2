// The inventory's new fields (lastEventAt, counters) and the checker's messages.
import { describe, expect, it } from 'vitest'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'

const ESME = '00-0D-6F-00-00-00-00-01'
const MPAN = '1200023305967'

describe('inventory fields', () => {
  it('counters are read back (positive integers, no other field)', () => {
    const r = Model.decodeInventory({ meterPoints: [], devices: [], counters: { nextFileId: 12, nextGeneration: 3 } })
    expect(E.isRight(r) && r.right.counters).toEqual({ nextFileId: 12, nextGeneration: 3 })
    const bad = Model.decodeInventory({ meterPoints: [], devices: [], counters: { nextFileId: 0, nextGeneration: 1.5, extra: 1 } })
    expect(E.isLeft(bad) && bad.left).toEqual([
      'counters.extra: unknown field "extra"',
      'counters.nextFileId: 0 is not a positive integer',
      'counters.nextGeneration: 1.5 is not a positive integer',
    ])
  })
  it('lastEventAt must be an instant with an offset; null means none', () => {
    const ok = Model.decodeInventory({ meterPoints: [], devices: [{ id: ESME, type: 'ESME', status: 'Pending', lastEventAt: null }] })
    expect(E.isRight(ok)).toBe(true)
    const bad = Model.decodeInventory({ meterPoints: [], devices: [{ id: ESME, type: 'ESME', status: 'Pending', lastEventAt: '2024-03-01T10:00:00' }] })
    expect(E.isLeft(bad) && bad.left).toEqual(['devices[0].lastEventAt: "2024-03-01T10:00:00" is not an ISO-8601 instant with an offset or Z'])
  })
  it('a link to a meter point not listed is a warning, not an error; listing it later in the file clears it', () => {
    const device = { id: ESME, type: 'ESME', status: 'Pending', meterPoints: [MPAN] }
    const r = Model.decodeInventoryWithWarnings({ meterPoints: [], devices: [device] })
    expect(E.isRight(r) && r.right.warnings).toEqual([`devices[0].meterPoints: meter point ${MPAN} is not in meterPoints: it starts with a null flag`])
    const checker = new Model.InventoryChecker()
    expect(E.isRight(checker.device(device, 0))).toBe(true)
    expect(E.isRight(checker.meterPoint({ id: MPAN }, 0))).toBe(true)
    expect(checker.finish()).toEqual({ meterPoints: 1, devices: 1, unlisted: 0, warnings: [] })
  })
  it('duplicates are reported on the second record, naming the first', () => {
    const r = Model.decodeInventory({ meterPoints: [{ id: MPAN }, { id: MPAN, flag: 'A' }], devices: [{ id: ESME, type: 'CHF', status: 'Pending' }, { id: '000d6f0000000001', type: 'CHF', status: 'Pending' }] })
    expect(E.isLeft(r) && r.left).toEqual([
      `meterPoints[1].id: duplicate meter point ${MPAN} (also meterPoints[0])`,
      'meterPoints[1].effectiveFrom: flag A needs its effectiveFrom date',
      `devices[1].id: duplicate device ${ESME} (also devices[0])`,
    ])
  })
  it('a finished checker is a programmer error to use again', () => {
    const c = new Model.InventoryChecker()
    c.finish()
    expect(() => c.meterPoint({ id: MPAN }, 0)).toThrow()
  })
})
