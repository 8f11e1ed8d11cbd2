// fast-check arbitraries for reconciliation: expected meter points (distinct ids, each with its
// evidence) and registry rows.
import fc from 'fast-check'
import * as MeterPointId from '../../src/identifiers/MeterPointId'
import type { Flag } from '../../src/identifiers/Flag'
import type * as Reconcile from '../../src/reconciliation/Reconcile'
import * as arb from './identifiers'

export const meterPointId: fc.Arbitrary<MeterPointId.MeterPointId> = fc.oneof(arb.mpanCore, arb.mprn)

export const meterPointIds = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.uniqueArray(meterPointId, { selector: (id) => id, minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 40 })

const statuses = ['Pending', 'Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Suspended', 'Recovery', 'Recovered', 'Withdrawn', 'Decommissioned']

export const meters = (fuel: MeterPointId.Fuel): fc.Arbitrary<Reconcile.Meter[]> =>
  fc.array(
    fc.record({ deviceId: arb.deviceId as fc.Arbitrary<string>, type: fc.constant(fuel === 'electricity' ? 'ESME' : 'GSME'), status: fc.constantFrom(...statuses) as fc.Arbitrary<string | null> }),
    { maxLength: 2 },
  )

export const flagOrNull: fc.Arbitrary<Flag | null> = fc.constantFrom<Flag | null>(null, 'A', 'I', 'N')

/** One expected item for a given id: a flag (or null) with a date when flagged, and its evidence. */
export const expectedFor = (meterPoint: string): fc.Arbitrary<Reconcile.Expected> => {
  const fuel = MeterPointId.fuelOf(meterPoint)!
  return fc.record({
    meterPoint: fc.constant(meterPoint),
    fuel: fc.constant(fuel),
    flag: flagOrNull,
    effectiveFrom: arb.calendarDate as fc.Arbitrary<string>,
    meters: meters(fuel),
  }).map((e) => (e.flag === null ? { ...e, effectiveFrom: null } : e))
}

/** Expected items with distinct meter points. */
export const expectedList = (options: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<Reconcile.Expected[]> =>
  meterPointIds(options).chain((ids) => fc.tuple(...ids.map(expectedFor)).map((xs) => [...xs]))
