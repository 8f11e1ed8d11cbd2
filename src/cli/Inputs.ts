/**
 * Loading the engine's inputs on the command line: the inventory JSON, the NDJSON events and the
 * policy option, with errors that name the file and the field.
 *
 * @since 0.1.0
 */
import { either as E } from 'fp-ts'
import { InputError } from './Errors'
import { progress, type Io } from './Io'
import { Model, Policy, Reducer, State, CompactStore } from '../engine'

const utf8 = new TextDecoder('utf-8')

/**
 * JSON files are UTF-8 text (RFC 8259); the wire files, unlike them, are read as latin1 bytes.
 *
 * @example
 * await readJsonText(io, 'inventory.json')
 * @since 0.1.0
 * @category loaders
 */
export const readJsonText = async (io: Io, file: string): Promise<string> => utf8.decode(await io.readBytes(file))

/**
 * The state of an inventory file, or an input error listing every problem with its path. The
 * command line always uses the compact store (about 55 bytes a meter point, and the reducer's fast
 * path); its results equal the Map store's (property-tested).
 *
 * @example
 * const state = await loadInventory(io, 'inventory.json')
 * @since 0.1.0
 * @category loaders
 */
export const loadInventory = async (io: Io, file: string): Promise<State.State> => {
  const inv = Model.parseInventory(await readJsonText(io, file))
  if (E.isLeft(inv)) {
    const shown = inv.left.slice(0, 50).map((m) => `  ${file}: ${m}`)
    const more = inv.left.length > 50 ? [`  … and ${inv.left.length - 50} more`] : []
    throw new InputError(`${file}: invalid inventory\n${[...shown, ...more].join('\n')}`)
  }
  return State.fromInventory(inv.right, CompactStore.fromRecords)
}

/**
 * Replays an NDJSON events file (when given) over a state under a policy.
 *
 * @example
 * const { state, changes, rejected } = await replayFile(io, state0, 'events.ndjson', Policy.mp077)
 * @since 0.1.0
 * @category loaders
 */
export const replayFile = async (io: Io, state: State.State, file: string | undefined, policy: Policy.Policy): Promise<Reducer.Result> => {
  if (file === undefined) return { state, changes: [], rejected: [] }
  const text = await readJsonText(io, file)
  // The same fold as Reducer.replayNdjson, line by line, so that a long replay can show progress.
  const fold = Reducer.begin(state, { policy })
  const bar = progress(io, `${file}: events replayed (${policy.name})`)
  Model.forEachLine(text, (line, lineNo) => {
    fold.pushLine(line, lineNo)
    if ((lineNo & 0x3fff) === 0) bar.tick(lineNo)
  })
  bar.done()
  return fold.finish()
}

/**
 * Prints each rejection on stderr as `FILE: eventId CODE message`, and a count.
 *
 * @example
 * reportRejections(io, 'events.ndjson', rejected)
 * @since 0.1.0
 * @category loaders
 */
export const reportRejections = (io: Io, file: string, rejected: ReadonlyArray<Model.Rejection>, limit = 50): void => {
  for (const r of rejected.slice(0, limit)) io.stderr(`${file}: ${r.eventId ?? '(no eventId)'} ${r.code} ${r.message}\n`)
  if (rejected.length > limit) io.stderr(`${file}: … and ${rejected.length - limit} more rejected events\n`)
}
