/**
 * How the compact store lays out its records: each device's fields together and each meter
 * point's, in rows of 32-bit words (one cache line holds two device rows, or two and a half meter
 * point rows), so that a replayed event reads its device and its meter point with a cache miss
 * each at most.
 *
 * Device row, 8 words (32 bytes):
 * | word | field |
 * |---|---|
 * | 0, 1 | id as two halves (`DeviceKey.hi`, `DeviceKey.lo`), as int32 |
 * | 2 | meta: status code (bits 0–3), type code (bits 4–6), deleted (bit 7) |
 * | 3 | first meter point served: its row + 1 (0: none) |
 * | 4 | the next meter of that meter point's list: a device row + 1 (0: the end) |
 * | 5 | second link (twin-element ESMEs): its entry in the link table + 1 (0: none) |
 * | 6, 7 | the instant of its last event, microseconds since the epoch, as a double (`NaN`: none) |
 *
 * Meter point row, 6 words (24 bytes):
 * | word | field |
 * |---|---|
 * | 0, 1 | key (`MeterPointKey.keyOf`) as a double |
 * | 2 | meta: flag code (bits 0–2), notified flag code (bits 3–5), held (bit 6) |
 * | 3 | effective-from date code (`Codes.dateCode`) |
 * | 4 | notified effective-from date code |
 * | 5 | the first meter of its list of linked smart meters: a device row + 1 (0: none) |
 *
 * Link table entry, 3 words: a device's second meter point (row + 1), the next meter of that
 * meter point's list (device row + 1), and the device it belongs to (row). Each smart meter is in the list of every meter point it
 * serves, so a meter point's meters are walked from its row without a second index.
 *
 * @internal
 * @since 0.2.0
 */

/**
 * Words per device row, and the word of each field.
 *
 * @example
 * DEV.stride // 8
 * @since 0.2.0
 * @category layout
 */
export const DEV = { stride: 8, hi: 0, lo: 1, meta: 2, mp0: 3, next0: 4, link2: 5, at: 6 } as const

/**
 * Words per meter point row, and the word of each field.
 *
 * @example
 * MP.stride // 6
 * @since 0.2.0
 * @category layout
 */
export const MP = { stride: 6, key: 0, meta: 2, date: 3, notifiedDate: 4, first: 5 } as const

/**
 * Words per link table entry, and the word of each field.
 *
 * @example
 * LINK.stride // 3
 * @since 0.2.0
 * @category layout
 */
export const LINK = { stride: 3, mp: 0, next: 1, owner: 2 } as const

/**
 * The device meta word of a status code, a type code and the deleted bit.
 *
 * @example
 * deviceMeta(4, 0, false) // 4: a Commissioned ESME
 * @since 0.2.0
 * @category layout
 */
export const deviceMeta = (status: number, type: number, deleted: boolean): number => status | (type << 4) | (deleted ? 128 : 0)

/**
 * The meter point meta word of a flag code, a notified flag code and the held bit.
 *
 * @example
 * meterPointMeta(1, 1, false) // 9
 * @since 0.2.0
 * @category layout
 */
export const meterPointMeta = (flag: number, notifiedFlag: number, held: boolean): number => flag | (notifiedFlag << 3) | (held ? 64 : 0)
