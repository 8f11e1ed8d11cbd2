/**
 * DCC Service Flag values (docs/rules.md). `A`, `I`, `N` since MP077 (4 Nov 2021); `S`, `W`
 * before it. Null (no smart meter has ever served the meter point) is never exported.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

/** @since 0.1.0 @category model */
export type CurrentFlag = 'A' | 'I' | 'N'

/** @since 0.1.0 @category model */
export type LegacyFlag = 'S' | 'W'

/** @since 0.1.0 @category model */
export type Flag = CurrentFlag | LegacyFlag

/**
 * @example
 * currentFlags.includes('I') // true
 * @since 0.1.0
 * @category constants
 */
export const currentFlags: ReadonlyArray<CurrentFlag> = ['A', 'I', 'N']

/**
 * @example
 * allFlags.length // 5
 * @since 0.1.0
 * @category constants
 */
export const allFlags: ReadonlyArray<Flag> = ['A', 'I', 'N', 'S', 'W']

/**
 * @example
 * names.N // 'Non-Active'
 * @since 0.1.0
 * @category constants
 */
export const names: Readonly<Record<Flag, string>> = {
  A: 'Active',
  I: 'InstalledNotCommissioned',
  N: 'Non-Active',
  S: 'Suspended',
  W: 'Withdrawn',
}

/**
 * The flag a byte spells: `A`, `N`, `I`; `S`, `W` only when `legacy` is set; else null. **The**
 * flag rule: {@link isFlag} and the wire decoders' generated readers call it.
 *
 * @example
 * ofByte(0x41, false) // 'A'
 * ofByte(0x53, false) // null
 * ofByte(0x53, true) // 'S'
 * @since 0.2.0
 * @category parsers
 */
export const ofByte = (c: number, legacy: boolean): Flag | null =>
  c === 65 ? 'A' : c === 78 ? 'N' : c === 73 ? 'I' : legacy && c === 83 ? 'S' : legacy && c === 87 ? 'W' : null

/**
 * True for `A`, `I`, `N`; also `S`, `W` when `legacy` is set.
 *
 * @example
 * isFlag('N') // true
 * isFlag('S') // false
 * isFlag('S', true) // true
 * @since 0.1.0
 * @category refinements
 */
export const isFlag = (s: unknown, legacy = false): s is Flag =>
  typeof s === 'string' && s.length === 1 && ofByte(s.charCodeAt(0), legacy) !== null

/**
 * io-ts codec of every flag value, current and legacy.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(codec.decode('W')) // true
 * @since 0.1.0
 * @category codecs
 */
export const codec: t.Type<Flag> = t.keyof({ A: null, I: null, N: null, S: null, W: null }, 'Flag')
