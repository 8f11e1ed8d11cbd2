/**
 * Registered flags: what a registry (MPAS or the gas RDP) says each meter point's DCC Service Flag is,
 * read from a registry extract CSV (header `meterPoint,flag,effectiveFrom`, docs/contract.md "Command line") or
 * built from decoded D0350 / DXI E45 records. Errors are data: every malformed row comes back as a
 * {@link Problem} (line, field, input, code, message) and is left out of the rows, never dropped
 * silently.
 *
 * CSV rules: bytes are read as latin1; lines end in LF or CRLF (a last line without a line end is
 * read too); values are never trimmed (`" A"` is not a flag); there is no quoting (no value can hold
 * a comma); an empty `flag` cell means the registry holds no flag; an empty `effectiveFrom` cell is
 * allowed only with an empty flag.
 *
 * @since 0.1.0
 */
import { toLatin1 } from '../wire/Bytes'
import * as MeterPointId from '../identifiers/MeterPointId'
import * as CalendarDate from '../identifiers/CalendarDate'
import * as Flag from '../identifiers/Flag'
import { MeterPointKey } from '../identifiers'

/** The extract's columns, in order. @since 0.1.0 @category model */
export type Column = 'meterPoint' | 'flag' | 'effectiveFrom'

/**
 * @example
 * columns[0] // 'meterPoint'
 * @since 0.1.0
 * @category constants
 */
export const columns: ReadonlyArray<Column> = ['meterPoint', 'flag', 'effectiveFrom']

/**
 * The only header accepted.
 *
 * @example
 * HEADER // 'meterPoint,flag,effectiveFrom'
 * @since 0.1.0
 * @category constants
 */
export const HEADER = 'meterPoint,flag,effectiveFrom'

/** One registered flag, with where it was read. @since 0.1.0 @category model */
export interface Row {
  readonly meterPoint: MeterPointId.MeterPointId
  /** Null when the registry holds no flag for the meter point. */
  readonly flag: Flag.Flag | null
  readonly effectiveFrom: CalendarDate.CalendarDate | null
  /** The file it came from, when the caller named one. */
  readonly file: string | null
  /** 1-based line in that file, when known (always for CSV; for wire records, their `line` if given). */
  readonly line: number | null
  /** 1-based position among the file's data rows or records. */
  readonly record: number
}

/** @since 0.1.0 @category model */
export type ProblemCode =
  | 'bad_header'
  | 'field_count'
  | 'invalid_meter_point'
  | 'invalid_flag'
  | 'invalid_date'
  | 'duplicate_meter_point'

/**
 * @example
 * problemCodes.includes('bad_header') // true
 * @since 0.1.0
 * @category constants
 */
export const problemCodes: ReadonlyArray<ProblemCode> = [
  'bad_header', 'field_count', 'invalid_meter_point', 'invalid_flag', 'invalid_date', 'duplicate_meter_point',
]

/** Why a row (or the header) could not be read. @since 0.1.0 @category model */
export interface Problem {
  readonly code: ProblemCode
  readonly file: string | null
  /** 1-based line; null for a wire record that did not say its line. */
  readonly line: number | null
  /** 1-based position among the data rows or records; 0 for the header. */
  readonly record: number
  /** The column, when the problem is in one. */
  readonly field: Column | null
  /** The offending text (a whole line is cut to 200 characters). */
  readonly input: string
  readonly message: string
}

/** What a read gives: the rows that are valid and a problem for everything else. @since 0.1.0 @category model */
export interface Extract {
  readonly rows: ReadonlyArray<Row>
  readonly problems: ReadonlyArray<Problem>
}

/** @since 0.1.0 @category model */
export interface Options {
  /** Accept the legacy flags `S` and `W` (SEC before MP077). Default false. */
  readonly legacyFlags?: boolean
  /** Name of the file, kept in rows and problems for provenance. Default null. */
  readonly file?: string | null
}

const cut = (s: string): string => (s.length > 200 ? s.slice(0, 200) : s)

const show = (s: string): string => JSON.stringify(s)

type Checked = { readonly meterPoint: MeterPointId.MeterPointId | null; readonly flag: Flag.Flag | null; readonly date: CalendarDate.CalendarDate | null; readonly ok: boolean }

// Validates one row's three values, pushing a problem per bad field; `ok` is false when any was bad.
const checkValues = (
  meterPoint: string,
  flag: string | null,
  effectiveFrom: string | null,
  legacy: boolean,
  at: (field: Column, input: string, code: ProblemCode, message: string) => void,
): Checked => {
  let ok = true
  let id: MeterPointId.MeterPointId | null = null
  if (MeterPointId.isValid(meterPoint)) id = meterPoint as MeterPointId.MeterPointId
  else {
    ok = false
    at('meterPoint', meterPoint, 'invalid_meter_point', MeterPointId.describeInvalid(meterPoint))
  }
  let f: Flag.Flag | null = null
  if (flag !== null && flag !== '') {
    if (Flag.isFlag(flag, legacy)) f = flag
    else {
      ok = false
      at('flag', flag, 'invalid_flag', Flag.isFlag(flag, true)
        ? `DCC Service Flag ${show(flag)} is a legacy flag (SEC before MP077); read with the legacy option to accept it`
        : `DCC Service Flag ${show(flag)} is not ${legacy ? 'A, N, I, S or W' : 'A, N or I'} (nor empty for no flag)`)
    }
  }
  let d: CalendarDate.CalendarDate | null = null
  if (effectiveFrom === null || effectiveFrom === '') {
    if (flag !== null && flag !== '') {
      ok = false
      at('effectiveFrom', effectiveFrom ?? '', 'invalid_date', 'a flag needs an effective-from date (YYYYMMDD)')
    }
  } else if (CalendarDate.isDate(effectiveFrom)) d = effectiveFrom
  else {
    ok = false
    at('effectiveFrom', effectiveFrom, 'invalid_date', `effective-from date ${show(effectiveFrom)} is not a real YYYYMMDD date`)
  }
  return { meterPoint: id, flag: f, date: d, ok }
}

/**
 * Reads a registry extract CSV. The header must be exactly `meterPoint,flag,effectiveFrom` (a bad
 * header stops the read: the columns cannot be trusted, so no row is returned and the problem says
 * how many lines were left unread). A second row for a meter point is a `duplicate_meter_point`
 * problem naming the first row's line; the first row is kept when it is valid.
 *
 * @example
 * import { fromLatin1 } from '../wire/Bytes'
 * const { rows, problems } = parse(fromLatin1('meterPoint,flag,effectiveFrom\n1200023305967,A,20211104\n'))
 * rows[0].flag // 'A'
 * problems.length // 0
 * @since 0.1.0
 * @category decoders
 */
export const parse = (bytes: Uint8Array, options: Options = {}): Extract => {
  const text = toLatin1(bytes)
  const file = options.file ?? null
  const legacy = options.legacyFlags === true
  const rows: Row[] = []
  const problems: Problem[] = []
  // Rows with a valid meter point, in line order (null when another field was bad); duplicates are
  // found afterwards by sorting their numeric keys (MeterPointKey), not by hashing strings.
  const candidates: Array<Row | null> = []
  const candidateLines: number[] = []
  const candidateIds: string[] = []
  const candidateRecords: number[] = []
  const keys = new MeterPointKey.KeyList()

  let start = 0
  let lineNo = 0
  let record = 0
  const nextLine = (): string | null => {
    if (start >= text.length) return null
    let nl = text.indexOf('\n', start)
    let end = nl === -1 ? text.length : nl
    const next = nl === -1 ? text.length : nl + 1
    if (nl !== -1 && end > start && text.charCodeAt(end - 1) === 13) end--
    const s = text.slice(start, end)
    start = next
    lineNo++
    return s
  }

  const header = nextLine()
  if (header !== HEADER) {
    let rest = 0
    while (nextLine() !== null) rest++
    const bom = header !== null && header.startsWith('\u00ef\u00bb\u00bf') ? ' (it starts with a UTF-8 byte order mark)' : ''
    problems.push({
      code: 'bad_header', file, line: 1, record: 0, field: null, input: cut(header ?? ''),
      message: (header === null ? `the file is empty: expected the header ${show(HEADER)}` : `header ${show(cut(header))} is not ${show(HEADER)}${bom}`)
        + (rest > 0 ? `; ${rest} line${rest === 1 ? '' : 's'} after it not read` : ''),
    })
    return { rows, problems }
  }

  for (let line = nextLine(); line !== null; line = nextLine()) {
    record++
    const c1 = line.indexOf(',')
    const c2 = c1 === -1 ? -1 : line.indexOf(',', c1 + 1)
    if (c2 === -1 || line.indexOf(',', c2 + 1) !== -1) {
      let n = 1
      for (let i = line.indexOf(','); i !== -1; i = line.indexOf(',', i + 1)) n++
      problems.push({
        code: 'field_count', file, line: lineNo, record, field: null, input: cut(line),
        message: line === '' ? 'empty line: expected 3 fields (meterPoint,flag,effectiveFrom)' : `${n} field${n === 1 ? '' : 's'}, expected 3 (meterPoint,flag,effectiveFrom)`,
      })
      continue
    }
    const rawId = line.slice(0, c1)
    const rawFlag = line.slice(c1 + 1, c2)
    const rawDate = line.slice(c2 + 1)
    const here = lineNo
    const at = (field: Column, input: string, code: ProblemCode, message: string): void => {
      problems.push({ code, file, line: here, record, field, input: cut(input), message })
    }
    const checked = checkValues(rawId, rawFlag, rawDate, legacy, at)
    if (checked.meterPoint === null) continue
    keys.push(MeterPointKey.keyOf(checked.meterPoint), candidates.length)
    candidateLines.push(lineNo)
    candidateIds.push(rawId)
    candidateRecords.push(record)
    candidates.push(checked.ok ? { meterPoint: checked.meterPoint, flag: checked.flag, effectiveFrom: checked.date, file, line: lineNo, record } : null)
  }

  // In each run of equal keys the first row (stable sort: lowest line) stands; the others are duplicates.
  const order = MeterPointKey.sortedOrder(keys.keys, keys.length)
  const duplicates: Problem[] = []
  let first = order.length > 0 ? keys.values[order[0]!]! : 0
  for (let p = 1; p < order.length; p++) {
    const c = keys.values[order[p]!]!
    if (keys.keys[order[p]!] !== keys.keys[order[p - 1]!]) {
      first = c
      continue
    }
    duplicates.push({
      code: 'duplicate_meter_point', file, line: candidateLines[c]!, record: candidateRecords[c]!,
      field: 'meterPoint', input: candidateIds[c]!, message: `meter point ${candidateIds[c]} already appears on line ${candidateLines[first]}`,
    })
    candidates[c] = null
  }
  for (const row of candidates) if (row !== null) rows.push(row)
  if (duplicates.length === 0) return { rows, problems }
  duplicates.sort((a, b) => a.line! - b.line!)
  return { rows, problems: mergeByLine(problems, duplicates) }
}

// Merges two line-ordered problem lists; on the same line, `a`'s problems come first.
const mergeByLine = (a: ReadonlyArray<Problem>, b: ReadonlyArray<Problem>): Problem[] => {
  const out: Problem[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (j === b.length || (i < a.length && a[i]!.line! <= b[j]!.line!)) out.push(a[i++]!)
    else out.push(b[j++]!)
  }
  return out
}

/** A decoded D0350 record (the MPAS flow), as the D0350 codec gives it. @since 0.1.0 @category model */
export interface D0350Record {
  readonly mpanCore: string
  readonly flag: string
  readonly effectiveFrom: string
  /** The record's line in its file, when the decoder kept it. */
  readonly line?: number
}

/** A decoded DXI E45 record (the gas RDP's DCC Status File). @since 0.1.0 @category model */
export interface E45Record {
  readonly mprn: string
  readonly flag: string
  readonly effectiveFrom: string
  /** The record's line in its file, when the decoder kept it. */
  readonly line?: number
}

/** One decoded file's records, with the file's name. @since 0.1.0 @category model */
export interface WireFile {
  readonly file: string
  readonly records: Iterable<D0350Record | E45Record>
}

/**
 * Builds registered rows from decoded D0350 and DXI E45 files, applied in the order given: a later
 * record for a meter point replaces an earlier one (in the same file or an earlier file), as each
 * flow updates the registry. Rows come out in the order their meter point was first seen; each keeps
 * the file name (and line, when the record has one) of the record that won. The values are checked
 * again (the codecs check them too, but these are plain objects): a bad one is a problem and that
 * record is not applied. Duplicates are not problems here.
 *
 * @example
 * const { rows } = fromWireRecords([
 *   { file: 'a.d0350', records: [{ mpanCore: '1200023305967', flag: 'A', effectiveFrom: '20211104' }] },
 *   { file: 'b.d0350', records: [{ mpanCore: '1200023305967', flag: 'N', effectiveFrom: '20211201' }] },
 * ])
 * rows[0].flag // 'N'
 * rows[0].file // 'b.d0350'
 * @since 0.1.0
 * @category constructors
 */
export const fromWireRecords = (files: Iterable<WireFile>, options: { readonly legacyFlags?: boolean } = {}): Extract => {
  const legacy = options.legacyFlags === true
  const problems: Problem[] = []
  const all: Row[] = []
  const keys = new MeterPointKey.KeyList()
  for (const { file, records } of files) {
    let record = 0
    for (const r of records) {
      record++
      const id = 'mpanCore' in r ? r.mpanCore : r.mprn
      const line = typeof r.line === 'number' ? r.line : null
      const n = record
      const at = (field: Column, input: string, code: ProblemCode, message: string): void => {
        problems.push({ code, file, line, record: n, field, input: cut(input), message })
      }
      const fuel: MeterPointId.Fuel = 'mpanCore' in r ? 'electricity' : 'gas'
      if (MeterPointId.isValid(id) && MeterPointId.fuelOf(id) !== fuel) {
        at('meterPoint', id, 'invalid_meter_point', `${fuel === 'electricity' ? 'a D0350 record names MPAN core' : 'an E45 record names MPRN'} ${show(id)}, which is a ${fuel === 'electricity' ? 'gas' : 'electricity'} meter point`)
        continue
      }
      const checked = checkValues(id, r.flag, r.effectiveFrom, legacy, at)
      if (!checked.ok) continue
      keys.push(MeterPointKey.keyOf(checked.meterPoint!), all.length)
      all.push({ meterPoint: checked.meterPoint!, flag: checked.flag, effectiveFrom: checked.date, file, line, record })
    }
  }
  // Per meter point (a run of equal keys, stably sorted): the first record's place, the last record's values.
  const order = MeterPointKey.sortedOrder(keys.keys, keys.length)
  const winner = new Int32Array(all.length).fill(-1)
  for (let p = 0; p < order.length; p++) {
    const first = order[p]!
    while (p + 1 < order.length && keys.keys[order[p + 1]!] === keys.keys[first]) p++
    winner[first] = order[p]!
  }
  const rows: Row[] = []
  for (let i = 0; i < all.length; i++) if (winner[i]! >= 0) rows.push(all[winner[i]!]!)
  return { rows, problems }
}

/**
 * The one-line rendering of a problem, like `dcc-flags validate`: `LINE:FIELD CODE MESSAGE`, prefixed
 * with the file name when there is one, and `-` for an unknown line or no field.
 *
 * @example
 * format({ code: 'invalid_flag', file: null, line: 3, record: 2, field: 'flag', input: 'X', message: 'bad' })
 * // '3:flag invalid_flag bad'
 * @since 0.1.0
 * @category destructors
 */
export const format = (p: Problem): string =>
  `${p.file === null ? '' : p.file + ':'}${p.line === null ? '-' : p.line}:${p.field ?? '-'} ${p.code} ${p.message}`
