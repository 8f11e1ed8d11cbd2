/**
 * Writing a fold's result back: the records the engine wrote (`State.diff`), the flag changes (the
 * history, tagged with the run) and the applied event ids. The caller holds the transaction.
 *
 * @since 0.2.0
 */
import { State, type Model, type Reducer } from 'dcc-service-flags'
import * as Rows from './Rows'
import type { Statements } from './Statements'

/**
 * Writes everything the engine wrote into `state` since it was built from the database's records.
 *
 * @example
 * import type { Reducer } from 'dcc-service-flags'
 * import { statementsOf } from './Statements'
 * import type { Connection } from './Driver'
 * declare const connection: Connection
 * declare const result: Reducer.Result
 * writeDiff(statementsOf(connection), result.state)
 * @since 0.2.0
 * @category writers
 */
export const writeDiff = (s: Statements, state: State.State): State.Diff => {
  const diff = State.diff(state)
  for (const mp of diff.meterPoints) s.upsertMeterPoint.run(...Rows.meterPointRow(mp))
  for (const d of diff.devices) s.upsertDevice.run(...Rows.deviceRow(d))
  for (const id of diff.deletedDevices) {
    const [hi, lo] = Rows.halvesOf(id)
    s.deleteDevice.run(hi, lo)
  }
  for (const id of diff.eventIds) s.insertEvent.run(id)
  return diff
}

/**
 * Appends flag changes to the history, in order, tagged with the run that made them.
 *
 * @example
 * import type { Reducer } from 'dcc-service-flags'
 * import { statementsOf } from './Statements'
 * import type { Connection } from './Driver'
 * declare const connection: Connection
 * declare const result: Reducer.Result
 * declare const run: number
 * writeChanges(statementsOf(connection), run, result.changes)
 * @since 0.2.0
 * @category writers
 */
export const writeChanges = (s: Statements, run: number, changes: ReadonlyArray<Reducer.Change | Model.Change>): void => {
  for (const c of changes) s.insertChange.run(run, Rows.keyOf(c.meterPoint), c.from, c.to, Rows.dateToInt(c.effectiveFrom), c.eventId, c.policy)
}
