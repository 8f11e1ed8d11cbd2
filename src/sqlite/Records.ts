/**
 * Reading records out of the database for the engine: the records a batch of events touches (so
 * the reducer folds a batch over a small state and the day costs O(events), not O(inventory)), and
 * meter points by key.
 *
 * What a batch touches, so that its fold gives what a fold over the whole state would:
 * 1. the devices its events name (those in the database);
 * 2. the meter points its events name, and those the devices of (1) serve;
 * 3. every device linked to a meter point of (2) (a flag is derived from all of a meter point's
 *    meters);
 * 4. the meter points the devices of (3) serve besides (the other MPAN of a twin ESME): no event of
 *    the batch derives them, but a device record names them, and the state would otherwise make
 *    them blank (`State.fromRecords` takes links from the devices; a record the fold does not
 *    write is never in `State.diff`, so they are read only so that the state holds them as they are);
 * 5. which of its event ids were already applied.
 * Every rule stays the reducer's: this only decides what to read.
 *
 * @since 0.2.0
 */
import { State, type Model } from 'dcc-service-flags'
import { DeviceKey, type DeviceId } from 'dcc-service-flags'
import * as Rows from './Rows'
import type { Statements } from './Statements'

const deviceKey = (hi: number, lo: number): number => hi * 4294967296 + lo

/** The meters' ids of a meter point, in device id order (the order `MeterPointRecord.meters` keeps). */
const meterIdsOf = (s: Statements, key: number): DeviceId.DeviceId[] => {
  const rows = s.deviceIdsOf.all({ key }) as Array<[number, number]>
  if (rows.length > 1) rows.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  return rows.map(([hi, lo]) => DeviceKey.idOf(hi, lo))
}

/**
 * A meter point record by key, with its meters' ids; undefined when the database has none.
 *
 * @example
 * import { statementsOf } from './Statements'
 * import type { Connection } from './Driver'
 * declare const connection: Connection
 * meterPointByKey(statementsOf(connection), 1200023305967)?.flag
 * @since 0.2.0
 * @category readers
 */
export const meterPointByKey = (s: Statements, key: number): Model.MeterPointRecord | undefined => {
  const row = s.meterPoint.get(key) as Rows.MeterPointRow | undefined
  return row === undefined ? undefined : Rows.meterPointOf(row, meterIdsOf(s, key))
}

/**
 * A device record by id; undefined when the database has none.
 *
 * @example
 * import type { DeviceId } from 'dcc-service-flags'
 * import { statementsOf } from './Statements'
 * import type { Connection } from './Driver'
 * declare const connection: Connection
 * deviceById(statementsOf(connection), '00-0D-6F-00-00-00-00-01' as DeviceId.DeviceId)?.status
 * @since 0.2.0
 * @category readers
 */
export const deviceById = (s: Statements, id: DeviceId.DeviceId): Model.DeviceRecord | undefined => {
  const [hi, lo] = Rows.halvesOf(id)
  const row = s.device.get(hi, lo) as Rows.DeviceRow | undefined
  return row === undefined ? undefined : Rows.deviceOf(row)
}

/** The ids a batch of events names. @since 0.2.0 @category model */
export interface Named {
  readonly devices: ReadonlyArray<DeviceId.DeviceId>
  readonly meterPoints: ReadonlyArray<string>
  readonly eventIds: ReadonlyArray<string>
}

/**
 * The ids a batch of decoded events names: devices, meter points (of links and unlinks), event ids.
 *
 * @example
 * import type { DeviceId, Instant } from 'dcc-service-flags'
 * const id = '00-0D-6F-00-00-00-00-01' as DeviceId.DeviceId
 * namedBy([{ eventId: 'e1', at: '2021-11-04T09:00:00Z' as Instant.Instant, type: 'DeviceDeleted', deviceId: id }]).devices // [id]
 * @since 0.2.0
 * @category readers
 */
export const namedBy = (events: Iterable<Model.Event>): Named => {
  const devices = new Set<DeviceId.DeviceId>()
  const meterPoints = new Set<string>()
  const eventIds: string[] = []
  for (const e of events) {
    eventIds.push(e.eventId)
    devices.add(e.deviceId)
    if (e.type === 'MeterPointLinked' || e.type === 'MeterPointUnlinked') meterPoints.add(e.meterPoint)
  }
  return { devices: [...devices], meterPoints: [...meterPoints], eventIds }
}

/**
 * The state a batch folds over: the records it touches (see the module notes) and which of its
 * event ids were already applied.
 *
 * @example
 * import { Policy, Reducer, type Model } from 'dcc-service-flags'
 * import { statementsOf } from './Statements'
 * import type { Connection } from './Driver'
 * declare const connection: Connection
 * declare const events: ReadonlyArray<Model.Event>
 * const state = touchedBy(statementsOf(connection), namedBy(events))
 * const { state: next, changes, rejected } = Reducer.reduce(state, events, { policy: Policy.mp077 })
 * @since 0.2.0
 * @category readers
 */
export const touchedBy = (s: Statements, named: Named): State.State => {
  const devices = new Map<number, Model.DeviceRecord>()
  const meterPoints = new Map<number, Model.MeterPointRecord>()
  const addDeviceRow = (row: Rows.DeviceRow): Model.DeviceRecord => {
    const k = deviceKey(row[0], row[1])
    const known = devices.get(k)
    if (known !== undefined) return known
    const d = Rows.deviceOf(row)
    devices.set(k, d)
    return d
  }
  // 1. the devices named
  for (const id of named.devices) {
    const [hi, lo] = Rows.halvesOf(id)
    const row = s.device.get(hi, lo) as Rows.DeviceRow | undefined
    if (row !== undefined) addDeviceRow(row)
  }
  // 2. the meter points named and served by them; 3. all their meters
  const derivable = new Set<number>()
  for (const id of named.meterPoints) derivable.add(Rows.keyOf(id))
  for (const d of devices.values()) for (const mp of d.meterPoints) derivable.add(Rows.keyOf(mp))
  for (const key of derivable) {
    const row = s.meterPoint.get(key) as Rows.MeterPointRow | undefined
    const meters = s.devicesOf.all({ key }) as Rows.DeviceRow[]
    const ids: DeviceId.DeviceId[] = []
    for (const m of meters) ids.push(addDeviceRow(m).id)
    if (ids.length > 1) ids.sort()
    if (row !== undefined) meterPoints.set(key, Rows.meterPointOf(row, ids))
  }
  // 4. the other meter points of the devices read in 3
  for (const d of devices.values()) {
    for (const mp of d.meterPoints) {
      const key = Rows.keyOf(mp)
      if (meterPoints.has(key) || derivable.has(key)) continue
      const row = s.meterPoint.get(key) as Rows.MeterPointRow | undefined
      if (row !== undefined) meterPoints.set(key, Rows.meterPointOf(row, []))
    }
  }
  // 5. the event ids already applied
  const eventIds: string[] = []
  for (const id of named.eventIds) if (s.hasEvent.get(id) !== undefined) eventIds.push(id)
  return State.fromRecords({ meterPoints: meterPoints.values(), devices: devices.values(), eventIds })
}
