// fast-check arbitraries for the outbox: meter point records with every combination of flag,
// effective-from, notified pair and hold, over MPANs of public and independent distributors and
// MPRNs; switches; build options.
import fc from 'fast-check'
import * as arb from './identifiers'
import * as MpanCore from '../../src/identifiers/MpanCore'
import * as State from '../../src/engine/State'
import type * as Outbox from '../../src/engine/Outbox'

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n })

/** MPANs of independent networks (24–38): unroutable under the standard table. */
export const independentMpan = fc
  .tuple(fc.integer({ min: 24, max: 38 }).map(String), digits(10))
  .map(([d, rest]) => MpanCore.complete(d + rest))

// A few dates so that flags, notified pairs and holds coincide often.
const date = fc.constantFrom('20211103', '20211104', '20211105')
const flag = fc.constantFrom('A', 'I', 'N', 'S', 'W')
const pair = fc.record({ flag, effectiveFrom: date })

const meterPointJson = (id: string) =>
  fc.record({
    id: fc.constant(id),
    current: fc.option(pair, { nil: null, freq: 5 }),
    notified: fc.option(pair, { nil: null, freq: 3 }),
    held: fc.option(pair.map((p) => ({ ...p, reason: 'E46 RJ (response generation 1)' })), { nil: null, freq: 5 }),
  }).map(({ id, current, notified, held }) => ({
    id,
    flag: current?.flag ?? null,
    effectiveFrom: current?.effectiveFrom ?? null,
    notified,
    held,
  }))

/** Inventory meter points with distinct ids of both fuels and all three routing cases. */
export const meterPointsJson = fc
  .uniqueArray(fc.oneof({ weight: 5, arbitrary: arb.mpanCore }, { weight: 1, arbitrary: independentMpan }, { weight: 3, arbitrary: arb.mprn }), { maxLength: 40 })
  .chain((ids) => fc.tuple(...ids.map(meterPointJson)))

/** A state over {@link meterPointsJson} (no devices: the outbox reads meter points only). */
export const state: fc.Arbitrary<State.State> = meterPointsJson.map((mps) => {
  const r = State.decode({ meterPoints: mps, devices: [] })
  if (r._tag === 'Left') throw new Error(r.left.join('\n'))
  return r.right
})

export const switches: fc.Arbitrary<Outbox.Switches> = fc.record({ electricity: fc.boolean(), gas: fc.boolean() })

export const maxRecordsPerFile: fc.Arbitrary<number | undefined> = fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined })

export const buildOptions: fc.Arbitrary<Outbox.BuildOptions> = fc.record({
  firstFileId: fc.integer({ min: 1, max: 99_999_000 }),
  firstGeneration: fc.integer({ min: 1, max: 99_999_000 }),
  now: arb.timestamp,
  gasOrganisationId: digits(10),
  testDataFlag: fc.constantFrom('OPER', 'TR01'),
})
