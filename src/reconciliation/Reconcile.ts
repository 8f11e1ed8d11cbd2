/**
 * Reconciliation (docs/rules.md section 7): compares the flag each meter point is expected to have (from
 * the inventory or a replay) with the flag a registry holds for it, and reports every meter point
 * where they differ, with both sides and the evidence (the smart meters linked to it and their
 * statuses), plus counts.
 *
 * The inputs are small structural interfaces ({@link Expected}, {@link Registered}) so any state can
 * feed them through a thin adapter; {@link RegistryExtract.Row} is already a {@link Registered}.
 *
 * @since 0.1.0
 */
import type { Flag } from '../identifiers/Flag'
import type { Fuel } from '../identifiers/MeterPointId'
import { MeterPointKey } from '../identifiers'

/** A smart meter linked to a meter point: the evidence for its expected flag. @since 0.1.0 @category model */
export interface Meter {
  readonly deviceId: string
  readonly type: string
  /** The SMI status; null for devices without one. */
  readonly status: string | null
}

/** What the inventory implies for one meter point. @since 0.1.0 @category model */
export interface Expected {
  readonly meterPoint: string
  readonly fuel: Fuel
  /** Null when no smart meter has ever served the meter point. */
  readonly flag: Flag | null
  /** Null when not known (a derived flag, an inventory without dates): then dates are not compared. */
  readonly effectiveFrom: string | null
  /** The smart meters linked to it now. */
  readonly meters: ReadonlyArray<Meter>
}

/** What a registry holds for one meter point (a flag of null: the registry holds no flag). @since 0.1.0 @category model */
export interface Registered {
  readonly meterPoint: string
  readonly flag: Flag | null
  readonly effectiveFrom: string | null
}

/** One side of a comparison. @since 0.1.0 @category model */
export interface FlagAt {
  readonly flag: Flag | null
  readonly effectiveFrom: string | null
}

/** @since 0.1.0 @category model */
export type Kind = 'missing_at_registry' | 'flag_mismatch' | 'date_mismatch' | 'unknown_meter_point'

/**
 * @example
 * kinds.includes('flag_mismatch') // true
 * @since 0.1.0
 * @category constants
 */
export const kinds: ReadonlyArray<Kind> = ['missing_at_registry', 'flag_mismatch', 'date_mismatch', 'unknown_meter_point']

/** A meter point where registry and inventory differ. @since 0.1.0 @category model */
export interface Discrepancy {
  readonly meterPoint: string
  readonly kind: Kind
  /** The registry's row; null when it has none. */
  readonly registered: FlagAt | null
  /** The inventory's flag; null when the inventory does not know the meter point. */
  readonly expected: FlagAt | null
  /** The linked smart meters (by device id); empty for an unknown meter point. */
  readonly evidence: ReadonlyArray<Meter>
}

/** Discrepancies per kind, and the totals. @since 0.1.0 @category model */
export interface Counts extends Readonly<Record<Kind, number>> {
  /** Distinct meter points looked at: those expected plus those only the registry names. */
  readonly compared: number
  /** `compared` less the discrepancies. */
  readonly agreeing: number
}

/** @since 0.1.0 @category model */
export interface Report {
  /** In meter point id order (string order). */
  readonly discrepancies: ReadonlyArray<Discrepancy>
  readonly counts: Counts
}

/** The flags that reach the registries, per fuel. @since 0.1.0 @category model */
export type Exportable = Readonly<Record<Fuel, ReadonlyArray<Flag>>>

/**
 * Every current flag exportable for both fuels (both MP077 switches on): the default.
 *
 * @example
 * allExportable.gas // ['A', 'N', 'I']
 * @since 0.1.0
 * @category constants
 */
export const allExportable: Exportable = { electricity: ['A', 'N', 'I'], gas: ['A', 'N', 'I'] }

/**
 * The exportable flags for given MP077 switches (docs/rules.md section 6): a fuel with its switch on
 * exports `A`, `N`, `I`; with it off (before MP077) only `A` reached its registry.
 *
 * @example
 * exportableFor({ electricity: true, gas: false }).gas // ['A']
 * @since 0.1.0
 * @category constructors
 */
export const exportableFor = (switches: Readonly<Record<Fuel, boolean>>): Exportable => ({
  electricity: switches.electricity ? ['A', 'N', 'I'] : ['A'],
  gas: switches.gas ? ['A', 'N', 'I'] : ['A'],
})

/** @since 0.1.0 @category model */
export interface Options {
  /** Which expected flags the registry should hold, per fuel. Default {@link allExportable}. */
  readonly exportable?: Exportable
}

const keyOrThrow = (meterPoint: string): number => {
  const k = MeterPointKey.keyOf(meterPoint)
  if (k < 0) throw new Error(`reconcile: ${JSON.stringify(meterPoint)} is not a meter point id (1–13 digits)`)
  return k
}

const repeated = (meterPoint: string): Error => new Error(`reconcile: expected meter point ${meterPoint} given twice`)

const byDevice = (a: Meter, b: Meter): number => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0)

/**
 * Compares expected and registered flags, meter point by meter point.
 *
 * - registry holds no flag (no row, or a row with an empty flag) and the expected flag is exportable
 *   for its fuel → `missing_at_registry`; a null expected flag, or one not exportable (an `N` while
 *   the fuel's MP077 switch is off), with no registered flag agrees;
 * - registry holds a flag different from the expected one → `flag_mismatch` (this includes a null
 *   expected flag against a registered flag, and a non-exportable expected flag against another one);
 * - same flag, different effective-from date → `date_mismatch` (an expected date of null means
 *   "not known", as for a flag derived from the meters now, and is not compared);
 * - registry holds a flag for a meter point the inventory does not know → `unknown_meter_point` (a
 *   row without a flag for an unknown meter point agrees: full extracts list meter points that never
 *   had a smart meter).
 *
 * A later registered row for a meter point replaces an earlier one. Expected meter points must be
 * distinct (a state has one entry per meter point), and every id on both sides must be a digit
 * string of 1–13 characters (as every MPAN core and MPRN is): otherwise it is a programmer error
 * and throws. Expected items are streamed (not kept); registered rows are held and sorted.
 * Evidence is listed by device id. Deterministic: discrepancies come out in meter point id order.
 *
 * @example
 * const { discrepancies, counts } = reconcile(
 *   [{ meterPoint: '1200023305967', fuel: 'electricity', flag: 'N', effectiveFrom: '20211201', meters: [] }],
 *   [{ meterPoint: '1200023305967', flag: 'A', effectiveFrom: '20211104' }],
 * )
 * discrepancies[0].kind // 'flag_mismatch'
 * counts.agreeing // 0
 * @since 0.1.0
 * @category reconciliation
 */
export const reconcile = (expected: Iterable<Expected>, registered: Iterable<Registered>, options: Options = {}): Report => {
  const exportable = options.exportable ?? allExportable
  // Registered rows sorted by numeric key (later row wins), then each expected item binary-searched:
  // no string hashing and no Map size limit at GB scale (MeterPointKey).
  const rows: Registered[] = []
  const list = new MeterPointKey.KeyList()
  for (const r of registered) {
    list.push(keyOrThrow(r.meterPoint), rows.length)
    rows.push(r)
  }
  const order = MeterPointKey.sortedOrder(list.keys, list.length)
  const keys = new Float64Array(list.length)
  const rowAt = new Uint32Array(list.length)
  let distinct = 0
  for (let p = 0; p < order.length; p++) {
    const i = order[p]!
    const k = list.keys[i]!
    if (distinct > 0 && keys[distinct - 1] === k) rowAt[distinct - 1] = i
    else {
      keys[distinct] = k
      rowAt[distinct++] = i
    }
  }
  const matched = new Uint8Array(distinct)
  const withoutRow = new MeterPointKey.KeyList()

  const out: Discrepancy[] = []
  const counts = { missing_at_registry: 0, flag_mismatch: 0, date_mismatch: 0, unknown_meter_point: 0 }
  let compared = 0
  const report = (meterPoint: string, kind: Kind, reg: FlagAt | null, exp: Expected | null): void => {
    counts[kind]++
    out.push({
      meterPoint,
      kind,
      registered: reg === null ? null : { flag: reg.flag, effectiveFrom: reg.effectiveFrom },
      expected: exp === null ? null : { flag: exp.flag, effectiveFrom: exp.effectiveFrom },
      evidence: exp === null ? [] : [...exp.meters].sort(byDevice),
    })
  }

  for (const e of expected) {
    const k = keyOrThrow(e.meterPoint)
    const at = MeterPointKey.indexOfKey(keys, distinct, k)
    let r: Registered | undefined
    if (at === -1) withoutRow.push(k, 0)
    else if (matched[at] === 1) throw repeated(e.meterPoint)
    else {
      matched[at] = 1
      r = rows[rowAt[at]!]
    }
    compared++
    if (r === undefined || r.flag === null) {
      if (e.flag !== null && exportable[e.fuel].includes(e.flag)) report(e.meterPoint, 'missing_at_registry', r ?? null, e)
    } else if (r.flag !== e.flag) report(e.meterPoint, 'flag_mismatch', r, e)
    else if (e.effectiveFrom !== null && r.effectiveFrom !== e.effectiveFrom) report(e.meterPoint, 'date_mismatch', r, e)
  }
  const lonely = withoutRow.keys.subarray(0, withoutRow.length).sort()
  for (let i = 1; i < lonely.length; i++) if (lonely[i] === lonely[i - 1]) throw repeated(MeterPointKey.idOf(lonely[i]!))
  for (let at = 0; at < distinct; at++) {
    if (matched[at] === 1) continue
    const r = rows[rowAt[at]!]!
    compared++
    if (r.flag !== null) report(r.meterPoint, 'unknown_meter_point', r, null)
  }
  out.sort((a, b) => (a.meterPoint < b.meterPoint ? -1 : a.meterPoint > b.meterPoint ? 1 : 0))
  return { discrepancies: out, counts: { ...counts, compared, agreeing: compared - out.length } }
}

/**
 * A one-line summary of the counts (for stderr).
 *
 * @example
 * formatCounts({ missing_at_registry: 1, flag_mismatch: 0, date_mismatch: 2, unknown_meter_point: 0, compared: 10, agreeing: 7 })
 * // '10 meter points compared, 7 agree, 3 differ (missing_at_registry 1, flag_mismatch 0, date_mismatch 2, unknown_meter_point 0)'
 * @since 0.1.0
 * @category destructors
 */
export const formatCounts = (c: Counts): string =>
  `${c.compared} meter point${c.compared === 1 ? '' : 's'} compared, ${c.agreeing} agree, ${c.compared - c.agreeing} differ (` +
  kinds.map((k) => `${k} ${c[k]}`).join(', ') + ')'
