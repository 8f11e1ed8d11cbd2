/**
 * The functions a body reader calls, each the one statement of its rule elsewhere, under the name
 * the emitted code uses. The generated readers import them from here; the run-time compiler
 * (`reader/Compile`) passes the same functions to the code it builds.
 *
 * Internal to the codecs: not exported from the package root.
 *
 * @internal
 * @since 0.2.0
 */
import { Ascii, CalendarDate, Flag, MpanCore, Mprn } from '../../identifiers'
import * as Items from '../Items'
import { dateSlot as dateSlotOf } from '../DateCache'

/**
 * `MpanCore.checkDigitOfSum`: the MPAN check digit of the weighted sum (the readers unroll the sum).
 *
 * @example
 * mpanCheckOfSum(0) // 0
 * @since 0.2.0
 * @category rules
 */
export const mpanCheckOfSum = MpanCore.checkDigitOfSum

/**
 * `Mprn.endAt`: where the MPRN at an offset ends, or -1.
 *
 * @example
 * mprnEndAt(new TextEncoder().encode('3938424403,'), 0, 11) // 10
 * @since 0.2.0
 * @category rules
 */
export const mprnEndAt = Mprn.endAt

/**
 * `CalendarDate.dateAt`: the `YYYYMMDD` date at an offset, checked, or -1.
 *
 * @example
 * dateAt(new TextEncoder().encode('20211104'), 0) >= 0 // true
 * @since 0.2.0
 * @category rules
 */
export const dateAt = CalendarDate.dateAt

/**
 * `Ascii.eightDigitsAt`: eight ASCII digits at an offset as a number, or -1.
 *
 * @example
 * eightDigitsAt(new TextEncoder().encode('20211104'), 0) // 20211104
 * @since 0.2.0
 * @category rules
 */
export const eightDigitsAt = Ascii.eightDigitsAt

/**
 * `CalendarDate.timestampAt`: whether a valid `YYYYMMDDHHMMSS` timestamp stands at an offset.
 *
 * @example
 * timestampAt(new TextEncoder().encode('20211104120000'), 0) // true
 * @since 0.2.0
 * @category rules
 */
export const timestampAt = CalendarDate.timestampAt

/**
 * `CalendarDate.timeOfDayAt`: whether a valid `HHMMSS` time stands at an offset.
 *
 * @example
 * timeOfDayAt(new TextEncoder().encode('126000'), 0) // false
 * @since 0.2.0
 * @category rules
 */
export const timeOfDayAt = CalendarDate.timeOfDayAt

/**
 * `Flag.ofByte`: the flag a byte stands for (legacy flags when allowed), or null.
 *
 * @example
 * flagOf(65, false) // 'A'
 * @since 0.2.0
 * @category rules
 */
export const flagOf = Flag.ofByte

/**
 * `Items.countAt`: the problem of a count field (0: none), **the** count rule.
 *
 * @example
 * countAt(new TextEncoder().encode('120'), 0, 3) // 0
 * @since 0.2.0
 * @category rules
 */
export const countAt = Items.countAt

/**
 * `Items.allAdmitted`: whether a character class admits every byte of a field.
 *
 * @example
 * import { Chars } from '../Items'
 * allAdmitted(new TextEncoder().encode('AB1x'), 0, 3, Chars.UPPER_ALPHANUMERIC) // true
 * @since 0.2.0
 * @category rules
 */
export const allAdmitted = Items.allAdmitted

/**
 * `Items.numberAt`: the number the (checked) digits of a field spell.
 *
 * @example
 * numberAt(new TextEncoder().encode('0042'), 0, 4) // 42
 * @since 0.2.0
 * @category rules
 */
export const numberAt = Items.numberAt

/**
 * `DateCache.dateSlot`: the date cache's slot of an eight-digit date.
 *
 * @example
 * dateSlot(20211104) >= 0 // true
 * @since 0.2.0
 * @category rules
 */
export const dateSlot = dateSlotOf
