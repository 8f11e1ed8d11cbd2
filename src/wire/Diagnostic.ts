/**
 * Decoder diagnostics: one tagged union keyed by `code` (docs/contract.md "Diagnostic codes"), each
 * carrying where it happened (1-based line, field, byte offset), the offending input and a message.
 * Rendered by one printer, {@link format}.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 @category model */
export type DiagnosticCode =
  | 'empty_file'
  | 'non_ascii'
  | 'mixed_line_endings'
  | 'missing_header'
  | 'missing_trailer'
  | 'unexpected_record'
  | 'trailing_data'
  | 'field_count'
  | 'invalid_field'
  | 'bad_check_digit'
  | 'invalid_date'
  | 'invalid_flag'
  | 'file_id_mismatch'
  | 'group_count_mismatch'
  | 'flow_count_mismatch'
  | 'record_count_mismatch'
  | 'unterminated_item'
  | 'bad_quoting'
  | 'line_too_long'
  | 'too_many_diagnostics'

/**
 * @example
 * codes.includes('bad_quoting') // true
 * @since 0.1.0
 * @category constants
 */
export const codes: ReadonlyArray<DiagnosticCode> = [
  'empty_file', 'non_ascii', 'mixed_line_endings', 'missing_header', 'missing_trailer',
  'unexpected_record', 'trailing_data', 'field_count', 'invalid_field', 'bad_check_digit',
  'invalid_date', 'invalid_flag', 'file_id_mismatch', 'group_count_mismatch', 'flow_count_mismatch',
  'record_count_mismatch', 'unterminated_item', 'bad_quoting', 'line_too_long', 'too_many_diagnostics',
]

/** A field of a record: its camelCase name and 1-based position. @since 0.1.0 @category model */
export interface FieldRef {
  readonly name: string
  readonly index: number
}

/** @since 0.1.0 @category model */
export type Severity = 'error' | 'warning'

/** @since 0.1.0 @category model */
export interface Diagnostic {
  readonly code: DiagnosticCode
  readonly severity: Severity
  /** 1-based line number; the line after the last when the problem is a missing end. */
  readonly line: number
  /** The field, when the problem is in one. */
  readonly field: FieldRef | null
  /** 0-based byte offset of the field (or of the line) in the file. */
  readonly byteOffset: number
  /** What the rule wants there, in words (`13 digits`, `A, N or I`, `a real date YYYYMMDD`, …). */
  readonly expected: string
  /** What is there instead: the offending bytes as latin1 text, cut to {@link MAX_FOUND} characters. */
  readonly found: string
  /** The same as {@link found} (its name before 0.2.0). @deprecated use `found` */
  readonly input: string
  readonly message: string
}

/**
 * Diagnostics reported per file before the decoder stops listing them.
 *
 * @example
 * new Collector().max === DEFAULT_MAX_DIAGNOSTICS // true
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_MAX_DIAGNOSTICS = 100

/**
 * Most characters of an offending value a diagnostic keeps (in `found`, and quoted in its message):
 * a 5 MB field must not make a 5 MB diagnostic.
 *
 * @example
 * MAX_FOUND // 200
 * @since 0.2.0
 * @category constants
 */
export const MAX_FOUND = 200

/**
 * A value cut to {@link MAX_FOUND} characters, `…` marking the cut.
 *
 * @example
 * excerpt('x'.repeat(300)).length // 201
 * @since 0.2.0
 * @category destructors
 */
export const excerpt = (s: string): string => (s.length > MAX_FOUND ? s.slice(0, MAX_FOUND) + '\u2026' : s)

/**
 * A value as a message quotes it: in double quotes, cut by {@link excerpt}.
 *
 * @example
 * quote('X') // '"X"'
 * @since 0.2.0
 * @category destructors
 */
export const quote = (s: string): string => JSON.stringify(excerpt(s))

/**
 * What {@link of} needs.
 *
 * @example
 * const i: Issue = { code: 'invalid_flag', line: 3, field: { name: 'flag', index: 2 }, byteOffset: 110, expected: 'A, N or I', found: 'X', message: 'flag "X" is not A, N or I' }
 * @since 0.2.0
 * @category model
 */
export interface Issue {
  readonly code: DiagnosticCode
  readonly line: number
  readonly field: FieldRef | null
  readonly byteOffset: number
  readonly expected: string
  readonly found: string
  readonly message: string
  /** Default `error`. */
  readonly severity?: Severity
}

/**
 * Builds a diagnostic from named parts; `found` is cut by {@link excerpt}.
 *
 * @example
 * of({ code: 'invalid_flag', line: 3, field: { name: 'flag', index: 2 }, byteOffset: 110, expected: 'A, N or I', found: 'X', message: 'flag "X" is not A, N or I' }).severity // 'error'
 * @since 0.2.0
 * @category constructors
 */
export const of = (i: Issue): Diagnostic => {
  const found = excerpt(i.found)
  return { code: i.code, severity: i.severity ?? 'error', line: i.line, field: i.field, byteOffset: i.byteOffset, expected: i.expected, found, input: found, message: i.message }
}

/**
 * Builds a diagnostic; `severity` defaults to `error`, `expected` to none (use {@link of} to name it).
 *
 * @example
 * make('invalid_flag', 3, { name: 'flag', index: 2 }, 110, 'X', 'flag must be A, N or I')
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  code: DiagnosticCode,
  line: number,
  field: FieldRef | null,
  byteOffset: number,
  input: string,
  message: string,
  severity: Severity = 'error',
  expected = '',
): Diagnostic => of({ code, line, field, byteOffset, expected, found: input, message, severity })

/**
 * The one-line rendering used by `dcc-flags validate`: `LINE:FIELD CODE MESSAGE (byte OFFSET)`,
 * with `-` when no field applies, and ` (warning)` after warnings.
 *
 * @example
 * format(make('invalid_flag', 3, { name: 'flag', index: 2 }, 110, 'X', 'DCC Service Flag "X" is not A, N or I'))
 * // '3:flag invalid_flag DCC Service Flag "X" is not A, N or I (byte 110)'
 * @since 0.1.0
 * @category destructors
 */
export const format = (d: Diagnostic): string =>
  `${d.line}:${d.field === null ? '-' : d.field.name} ${d.code} ${d.message} (byte ${d.byteOffset})${d.severity === 'warning' ? ' (warning)' : ''}`

/**
 * The JSON object `dcc-flags validate --json` prints per diagnostic: line, field, byte offset,
 * code, severity, expected, found and message (one object per line).
 *
 * @example
 * toJson(make('invalid_flag', 3, { name: 'flag', index: 2 }, 110, 'X', 'flag "X" is not A, N or I', 'error', 'A, N or I')).expected // 'A, N or I'
 * @since 0.2.0
 * @category destructors
 */
export const toJson = (d: Diagnostic): {
  readonly line: number
  readonly field: string | null
  readonly fieldIndex: number | null
  readonly byteOffset: number
  readonly code: DiagnosticCode
  readonly severity: Severity
  readonly expected: string
  readonly found: string
  readonly message: string
} => ({
  line: d.line,
  field: d.field === null ? null : d.field.name,
  fieldIndex: d.field === null ? null : d.field.index,
  byteOffset: d.byteOffset,
  code: d.code,
  severity: d.severity,
  expected: d.expected,
  found: d.found,
  message: d.message,
})

/**
 * True when any diagnostic is an error (warnings alone leave a file valid).
 *
 * @example
 * hasErrors([]) // false
 * @since 0.1.0
 * @category checks
 */
export const hasErrors = (ds: ReadonlyArray<Diagnostic>): boolean => ds.some((d) => d.severity === 'error')

/**
 * A bounded collector: keeps the first `max` diagnostics, then one `too_many_diagnostics` marker.
 * A stream decoder may {@link Collector.take} the kept ones as it goes (so that memory stays bounded
 * with no cap at all); the cap counts every one kept, taken or not.
 *
 * @example
 * const sink = new Collector(2)
 * sink.add(make('non_ascii', 1, null, 0, '\u00e9', 'byte 0xE9 is not printable ASCII'))
 * sink.errors // 1
 * @since 0.1.0
 * @category constructors
 */
export class Collector {
  list: Diagnostic[] = []
  errors = 0
  private kept = 0
  private dropped = 0
  constructor(readonly max: number = DEFAULT_MAX_DIAGNOSTICS) {}
  private droppedErrors = 0
  add(d: Diagnostic): void {
    if (d.severity === 'error') this.errors++
    if (this.kept < this.max) {
      this.list.push(d)
      this.kept++
    } else {
      this.dropped++
      if (d.severity === 'error') this.droppedErrors++
    }
  }
  /** The diagnostics kept since the last take, forgotten here. */
  take(): Diagnostic[] {
    const out = this.list
    this.list = []
    return out
  }
  /**
   * The kept diagnostics not taken, closed with a `too_many_diagnostics` line when some were dropped
   * (an error when errors were among them, else a warning).
   */
  finish(lastLine: number, byteOffset: number): Diagnostic[] {
    if (this.dropped === 0) return this.list
    return [
      ...this.list,
      of({
        code: 'too_many_diagnostics', line: lastLine, field: null, byteOffset, expected: `at most ${this.max} diagnostics`, found: `${this.dropped} more`,
        message: `${this.dropped} more diagnostics not listed (cap ${this.max})`,
        // an error when errors were among them: the file is invalid whatever was listed
        severity: this.droppedErrors > 0 ? 'error' : 'warning',
      }),
    ]
  }
}
