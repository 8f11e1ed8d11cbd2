/**
 * Printing long JSON results: items one per line, written in slices that wait for standard output
 * to drain, so that millions of changes or discrepancies never build one string (V8 caps a string
 * at about 512 MiB) nor pile up in memory.
 *
 * @since 0.2.0
 */
import type { Io } from './Io'

// Items joined into one write.
const SLICE = 10_000

/**
 * Writes `items` as the elements of a JSON array, one per line (`[\n{…},\n{…}\n]`; an empty array is
 * `[]`), without the brackets' surroundings: the caller writes what comes before and after.
 *
 * @example
 * import { writeJsonItems } from './Output'
 * import { nodeIo } from './Io'
 * await writeJsonItems(nodeIo(), [{ a: 1 }, { a: 2 }]) // prints [\n{"a":1},\n{"a":2}\n]
 * @since 0.2.0
 * @category printers
 */
export const writeJsonItems = async (io: Io, items: Iterable<unknown>): Promise<void> => {
  let first = true
  let part: string[] = []
  const flushPart = async (): Promise<void> => {
    if (part.length === 0) return
    io.stdout((first ? '[\n' : ',\n') + part.join(',\n'))
    first = false
    part = []
    await io.flush()
  }
  for (const x of items) {
    part.push(JSON.stringify(x))
    if (part.length === SLICE) await flushPart()
  }
  await flushPart()
  io.stdout(first ? '[]' : '\n]')
}
