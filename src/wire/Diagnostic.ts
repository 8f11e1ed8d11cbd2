/**
 * Decoder diagnostics: one tagged union keyed by `code` (API.md "Decoder diagnostic codes"), each
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
  'record_count_mismatch', 'unterminated_item', 'bad_quoting', 'too_many_diagnostics',
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
  /** The offending bytes, as latin1 text (a whole line is cut to 200 characters). */
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
 * Builds a diagnostic; `severity` defaults to `error`.
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
): Diagnostic => ({ code, severity, line, field, byteOffset, input: input.length > 200 ? input.slice(0, 200) : input, message })

/**
 * The one-line rendering used by `dcc-flags validate`: `LINE:FIELD CODE MESSAGE`, with `-` when no
 * field applies, and ` (warning)` after warnings.
 *
 * @example
 * format(make('invalid_flag', 3, { name: 'flag', index: 2 }, 110, 'X', 'DCC Service Flag "X" is not A, N or I'))
 * // '3:flag invalid_flag DCC Service Flag "X" is not A, N or I'
 * @since 0.1.0
 * @category destructors
 */
export const format = (d: Diagnostic): string =>
  `${d.line}:${d.field === null ? '-' : d.field.name} ${d.code} ${d.message}${d.severity === 'warning' ? ' (warning)' : ''}`

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
 *
 * @example
 * const sink = new Collector(2)
 * sink.add(make('non_ascii', 1, null, 0, '\u00e9', 'byte 0xE9 is not printable ASCII'))
 * sink.errors // 1
 * @since 0.1.0
 * @category constructors
 */
export class Collector {
  readonly list: Diagnostic[] = []
  errors = 0
  private dropped = 0
  constructor(readonly max: number = DEFAULT_MAX_DIAGNOSTICS) {}
  add(d: Diagnostic): void {
    if (d.severity === 'error') this.errors++
    if (this.list.length < this.max) this.list.push(d)
    else this.dropped++
  }
  /** The kept diagnostics, closed with a `too_many_diagnostics` line when some were dropped. */
  finish(lastLine: number, byteOffset: number): Diagnostic[] {
    if (this.dropped === 0) return this.list
    return [
      ...this.list,
      make('too_many_diagnostics', lastLine, null, byteOffset, '', `${this.dropped} more diagnostics not listed (cap ${this.max})`),
    ]
  }
}
