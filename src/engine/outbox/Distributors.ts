/**
 * Electricity routing (docs/rules.md section 6): an MPAN core's distributor id (its first two digits)
 * names the MPAS that holds its DCC Service Flag. The fourteen public distribution areas (10–23)
 * are one table value, {@link standard}; independent networks (24–38) come from a table the caller
 * supplies with {@link extend}. An MPAN whose distributor is not in the table is unroutable: the
 * outbox reports it, it never drops it.
 *
 * @since 0.1.0
 */

/**
 * A routing table: distributor id (two digits) → MPAS participant id (four of `[A-Z0-9]`).
 *
 * @example
 * const t: Table = { '12': 'LOND' }
 * @since 0.1.0
 * @category model
 */
export type Table = Readonly<Record<string, string>>

/**
 * The MPAS of each public distribution area, distributor ids 10–23 (docs/rules.md section 6).
 *
 * @example
 * standard['12'] // 'LOND'
 * @since 0.1.0
 * @category constants
 */
export const standard: Table = Object.freeze({
  '10': 'EELC',
  '11': 'EMEB',
  '12': 'LOND',
  '13': 'MANW',
  '14': 'MIDE',
  '15': 'NEEB',
  '16': 'NORW',
  '17': 'HYDE',
  '18': 'SPOW',
  '19': 'SEEB',
  '20': 'SOUT',
  '21': 'SWAE',
  '22': 'SWEB',
  '23': 'YELG',
})

const DISTRIBUTOR = /^[0-9]{2}$/
const PARTICIPANT = /^[A-Z0-9]{4}$/
const hasOwn = Object.prototype.hasOwnProperty

/**
 * Why routing entries are malformed: one readable line per bad entry (distributor ids are two
 * digits, participant ids four of `[A-Z0-9]`, as the D0350 `ZHV` To Participant Id requires).
 * Empty when every entry is well formed.
 *
 * @example
 * problems({ '24': 'IPNL' }) // []
 * problems({ '7': 'lower' }) // ['distributor id "7" must be two digits', 'participant id "lower" for distributor 7 must be four of A-Z, 0-9']
 * @since 0.1.0
 * @category checks
 */
export const problems = (entries: Table): ReadonlyArray<string> => {
  const out: string[] = []
  for (const id of Object.keys(entries)) {
    if (!DISTRIBUTOR.test(id)) out.push(`distributor id ${JSON.stringify(id)} must be two digits`)
    const p = entries[id]
    if (typeof p !== 'string' || !PARTICIPANT.test(p)) out.push(`participant id ${JSON.stringify(p)} for distributor ${id} must be four of A-Z, 0-9`)
  }
  return out
}

/**
 * A new table: `table` plus `entries` (an entry for an id already in `table` replaces it, so a
 * caller can also correct a standard entry). Malformed entries are a programmer error and throw;
 * check input from users with {@link problems} first.
 *
 * @example
 * const t = extend(standard, { '24': 'IPNL', '25': 'ESPE' })
 * participantOf(t, '2400000000011') // 'IPNL'
 * @since 0.1.0
 * @category combinators
 */
export const extend = (table: Table, entries: Table): Table => {
  const bad = problems(entries)
  if (bad.length > 0) throw new TypeError(`Distributors.extend: ${bad.join('; ')}`)
  return Object.freeze({ ...table, ...entries })
}

/**
 * The MPAS participant id for an MPAN core (by its first two digits), or null when the table has
 * no entry for its distributor.
 *
 * @example
 * participantOf(standard, '1200023305967') // 'LOND'
 * participantOf(standard, '2400000000011') // null
 * @since 0.1.0
 * @category accessors
 */
export const participantOf = (table: Table, mpanCore: string): string | null => {
  const id = mpanCore.slice(0, 2)
  return hasOwn.call(table, id) ? table[id]! : null
}
