/**
 * A body reader's program: what the two file engines (DTC and UK Link) tell the one generator
 * (`Emit`) about the clean body records of a layout — how each record starts, how its fields are
 * framed, which item rule checks each, what the value keeps — and the contract of the readers made
 * from it (`BodyReader`), generated at build time for the built-in layouts (`src/wire/generated/`)
 * or, on request, compiled at run time for a layout a user supplies.
 *
 * A reader only ever takes records the detailed path would take without a diagnostic; it stops at
 * the first line it cannot take (a bad item, an unknown record, a group out of place, a foreign
 * line end, a byte outside printable ASCII, a partial line) and the detailed path reads that line.
 *
 * Internal to the codecs: not exported from the package root.
 *
 * @internal
 * @since 0.2.0
 */
import type { CharClass } from '../Items'

/**
 * The item rule a field's content must pass. Each names one function of `identifiers/` or `Items`
 * (`oneOf` compares bytes with constants; `never` is a field no clean record can hold).
 *
 * @example
 * const c: Check = { _tag: 'chars', cls: 1, min: 4, max: 4 }
 * @since 0.2.0
 * @category model
 */
export type Check =
  | { readonly _tag: 'mpanCore' }
  | { readonly _tag: 'mprn'; readonly min: number; readonly max: number }
  | { readonly _tag: 'date' }
  | { readonly _tag: 'timestamp' }
  | { readonly _tag: 'timeOfDay' }
  | { readonly _tag: 'count'; readonly min: number; readonly max: number }
  | { readonly _tag: 'digits'; readonly min: number; readonly max: number }
  | { readonly _tag: 'flag' }
  | { readonly _tag: 'oneOf'; readonly values: ReadonlyArray<string> }
  | { readonly _tag: 'chars'; readonly cls: CharClass; readonly min: number; readonly max: number }
  | { readonly _tag: 'never' }

/**
 * What a clean field puts in its record: its bytes as text (`slice`), a date's text through the
 * date cache (`date`), the constant its check matched (`literal`), its digits as a number
 * (`number`), or nothing (`none`: a transaction type, say).
 *
 * @example
 * const v: Value = 'slice'
 * @since 0.2.0
 * @category model
 */
export type Value = 'slice' | 'date' | 'literal' | 'number' | 'none'

/**
 * One field of a record.
 *
 * @example
 * const f: FieldProgram = { name: 'flag', quoted: false, after: 124, empty: false, check: { _tag: 'flag' }, value: 'literal' }
 * @since 0.2.0
 * @category model
 */
export interface FieldProgram {
  /** The key in the record (and a comment in the generated code). */
  readonly name: string
  /** Enclosed in double quotes (UK Link text). */
  readonly quoted: boolean
  /** The byte that follows the field (`|` 124, `,` 44), or null when the line ends after it. */
  readonly after: number | null
  /** Whether an empty field is clean (its value then `''`). */
  readonly empty: boolean
  readonly check: Check
  readonly value: Value
}

/**
 * How a record's value is built: an object literal with the given keys holding the given fields
 * (`shape`), or the mapping's own `record(specs[index], items)` from the scratch items (`items`).
 *
 * @example
 * const b: Build = { _tag: 'shape', keys: [['mpanCore', 0], ['flag', 1], ['effectiveFrom', 2]] }
 * @since 0.2.0
 * @category model
 */
export type Build =
  | { readonly _tag: 'shape'; readonly keys: ReadonlyArray<readonly [key: string, field: number]> }
  | { readonly _tag: 'items' }

/**
 * One kind of body record: the bytes it starts with, its place in the nesting of groups (UK Link
 * records are all level 1), its fields and how it is built. `never`: a record the detailed path
 * reads (the reader stops at it).
 *
 * @example
 * const r: RecordProgram = { prefix: 'DSF|', id: 'DSF', level: 1, parent: null, index: 0, never: false, fields: [], build: { _tag: 'items' } }
 * @since 0.2.0
 * @category model
 */
export interface RecordProgram {
  readonly prefix: string
  readonly id: string
  readonly level: number
  readonly parent: string | null
  /** Position of the record's spec in the `specs` handed to the reader (for `record`). */
  readonly index: number
  readonly never: boolean
  readonly fields: ReadonlyArray<FieldProgram>
  readonly build: Build
}

/**
 * A reader's program: its record kinds, tried in order (the first whose prefix matches decides).
 *
 * @example
 * const p: Program = { records: [], nested: false }
 * @since 0.2.0
 * @category model
 */
export interface Program {
  readonly records: ReadonlyArray<RecordProgram>
  /** Whether records nest in groups (DTC): the reader then keeps flows, depth and the open groups; else only the lines. */
  readonly nested: boolean
}

/**
 * A program's identity: two programs with the same key read alike (the generated readers are
 * found by it).
 *
 * @example
 * keyOf({ records: [], nested: false }) // '{"records":[],"nested":false}'
 * @since 0.2.0
 * @category destructors
 */
export const keyOf = (p: Program): string => JSON.stringify(p)

/**
 * Index in a reader's {@link Counts} of the body lines read.
 *
 * @example
 * emptyCounts()[LINES] // 0
 * @since 0.2.0
 * @category constants
 */
export const LINES = 0

/**
 * Index in a reader's {@link Counts} of the flows (level-1 groups) read.
 *
 * @example
 * emptyCounts()[FLOWS] // 0
 * @since 0.2.0
 * @category constants
 */
export const FLOWS = 1

/**
 * Index in a reader's {@link Counts} of the depth of the open groups (how many ids of `open` are current).
 *
 * @example
 * emptyCounts()[DEPTH] // 0
 * @since 0.2.0
 * @category constants
 */
export const DEPTH = 2

/**
 * The engine's counters a reader keeps up to date ({@link LINES}, {@link FLOWS}, {@link DEPTH}).
 * A typed array, not an object: the reader's optimised code checks the hidden class of every
 * object it touches, and a typed array's lives as long as the program, while a plain object's dies
 * with the last decoder holding one; the garbage collector then throws the reader's optimised code
 * away, and the next decode starts in the interpreter (measured: 2–3 times slower that run).
 *
 * @example
 * const counts: Counts = emptyCounts()
 * @since 0.2.0
 * @category model
 */
export type Counts = Float64Array

/**
 * Counters at zero.
 *
 * @example
 * emptyCounts().length // 3
 * @since 0.2.0
 * @category constructors
 */
export const emptyCounts = (): Counts => new Float64Array(3)

/**
 * A body reader: reads clean records from `u` (the chunk's bytes, read up to `len`; `s` is their
 * latin1 text, same offsets) starting at `at`, each ending with the file's line end (`crlf`),
 * pushing them on `out` until it holds `max`; returns the offset reached (just past the last record
 * read; `at` when none). It keeps `counts` and `open` (ids of the open groups by level, index
 * level − 1) up to date. `items` is the scratch array handed to `record` (with `specs[index]`) for
 * records built by the mapping; `dateKeys`/`dateValues` are the caller's date string cache
 * (`DateCache`).
 *
 * @example
 * const none: BodyReader = (u, s, at) => at
 * @since 0.2.0
 * @category model
 */
export type BodyReader = (
  u: Uint8Array,
  s: string,
  at: number,
  len: number,
  max: number,
  crlf: boolean,
  legacy: boolean,
  out: unknown[],
  counts: Counts,
  open: string[],
  items: string[],
  record: (spec: never, items: ReadonlyArray<string>) => unknown,
  specs: ReadonlyArray<unknown>,
  dateKeys: Int32Array,
  dateValues: string[],
) => number
