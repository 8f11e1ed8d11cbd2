/**
 * Loading the engine's inputs on the command line: the inventory (streamed, any size), the NDJSON
 * events (streamed, each line checked as UTF-8), with errors that name the file and the path or line.
 *
 * @since 0.1.0
 */
import { Policy, Reducer, State } from '../engine'
import type { Instant } from '../identifiers'
import { NdjsonLines, readState } from '../io'
import { InputError, UsageError } from './Errors'
import { progress, type Io } from './Io'

// Problems and warnings beyond this many are counted, not listed.
const SHOWN = 50

/**
 * A small JSON file (a manifest) as text: UTF-8, refused when it is not.
 *
 * @example
 * import { readJsonText } from './Inputs'
 * import { nodeIo } from './Io'
 * await readJsonText(nodeIo(), 'examples/data/manifest.json')
 * @since 0.1.0
 * @category loaders
 */
export const readJsonText = async (io: Io, file: string): Promise<string> => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await io.readBytes(file))
  } catch (e) {
    if (e instanceof TypeError) throw new InputError(`${file}: not UTF-8 text`)
    throw e
  }
}

/**
 * Refuses a command line that reads standard input (`-`) for more than one option: it can be read
 * only once.
 *
 * @example
 * import { oneStdin } from './Inputs'
 * oneStdin({ inventory: '-', events: 'ev.ndjson' }) // fine
 * oneStdin({ inventory: '-', events: '-' }) // throws UsageError
 * @since 0.2.0
 * @category options
 */
export const oneStdin = (files: Readonly<Record<string, string | undefined>>): void => {
  const stdin = Object.keys(files).filter((k) => files[k] === '-')
  if (stdin.length > 1) throw new UsageError(`${stdin.map((k) => `--${k}`).join(' and ')} both read standard input ("-"), which can be read only once`)
}

/**
 * The state of an inventory file (streamed: any size), or an input error listing the problems with
 * file and path. Warnings (devices linking meter points the inventory does not list) go to stderr.
 * The state is the engine's one store, the compact store (about 55 bytes a meter point); the tests
 * compare its results with a plain Map-based oracle (property-tested).
 *
 * @example
 * import { loadInventory } from './Inputs'
 * import { nodeIo } from './Io'
 * const state = await loadInventory(nodeIo(), 'examples/data/inventory.json')
 * @since 0.1.0
 * @category loaders
 */
export const loadInventory = async (io: Io, file: string): Promise<State.State> => {
  const { report, state } = await readState(io.readStream(file), { file, maxProblems: SHOWN })
  for (const w of report.warnings.slice(0, SHOWN)) io.stderr(`warning: ${w}\n`)
  if (report.warningCount > report.warnings.length) io.stderr(`warning: ${file}: … and ${report.warningCount - report.warnings.length} more meter points linked but not listed\n`)
  if (state === null) {
    const more = report.problemCount > report.problems.length ? [`  … and ${report.problemCount - report.problems.length} more`] : []
    throw new InputError(`${file}: invalid inventory\n${[...report.problems.map((p) => `  ${p}`), ...more].join('\n')}`)
  }
  return state
}

/**
 * Feeds every line of an NDJSON events file (streamed: any size) to each fold, in order: a line that
 * is not UTF-8 is an `invalid_event` rejection naming its line and byte offset. Several folds (one
 * per policy) read the file once, so standard input works for them too.
 *
 * @example
 * import { feedEvents } from './Inputs'
 * import { nodeIo } from './Io'
 * import { Policy, Reducer, State } from '../engine'
import type { Instant } from '../identifiers'
 * const fold = Reducer.begin(State.empty, { policy: Policy.mp077 })
 * await feedEvents(nodeIo(), 'examples/data/events.ndjson', [fold])
 * const { changes, rejected } = fold.finish()
 * @since 0.2.0
 * @category loaders
 */
export const feedEvents = async (io: Io, file: string, folds: ReadonlyArray<Reducer.Fold>): Promise<void> => {
  const bar = progress(io, `${file}: events read`)
  await NdjsonLines.forEachLine(io.readStream(file), {
    line: (text, lineNo) => {
      for (const f of folds) f.pushLine(text, lineNo)
      if ((lineNo & 0x3fff) === 0) bar.tick(lineNo)
    },
    invalid: (_lineNo, message) => {
      for (const f of folds) f.reject({ eventId: null, code: 'invalid_event', message })
    },
  })
  bar.done()
}

/**
 * Replays an NDJSON events file (when given) over a state under a policy (and a clock reading
 * `asOf`, when given: later events are rejected `future_event`).
 *
 * @example
 * import { replayFile, loadInventory } from './Inputs'
 * import { nodeIo } from './Io'
 * import { Policy } from '../engine'
 * const io = nodeIo()
 * const state0 = await loadInventory(io, 'examples/data/inventory.json')
 * const { state, changes, rejected } = await replayFile(io, state0, 'examples/data/events.ndjson', Policy.mp077)
 * @since 0.1.0
 * @category loaders
 */
export const replayFile = async (
  io: Io,
  state: State.State,
  file: string | undefined,
  policy: Policy.Policy,
  asOf?: Instant.Instant,
): Promise<Reducer.Result> => {
  if (file === undefined) return { state, changes: [], rejected: [] }
  const fold = Reducer.begin(state, asOf === undefined ? { policy } : { policy, asOf })
  await feedEvents(io, file, [fold])
  return fold.finish()
}

/**
 * Prints each rejection on stderr as `FILE: eventId CODE message`, and a count.
 *
 * @example
 * import { reportRejections } from './Inputs'
 * import { nodeIo } from './Io'
 * reportRejections(nodeIo(), 'events.ndjson', [{ eventId: 'e9', code: 'unknown_device', message: 'no device 00-0D-6F-00-00-00-00-09' }])
 * @since 0.1.0
 * @category loaders
 */
export const reportRejections = (io: Io, file: string, rejected: ReadonlyArray<{ readonly eventId: string | null; readonly code: string; readonly message: string }>, limit = SHOWN): void => {
  for (const r of rejected.slice(0, limit)) io.stderr(`${file}: ${r.eventId ?? '(no eventId)'} ${r.code} ${r.message}\n`)
  if (rejected.length > limit) io.stderr(`${file}: … and ${rejected.length - limit} more rejected events\n`)
}
