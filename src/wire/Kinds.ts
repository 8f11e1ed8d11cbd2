/**
 * The three file kinds by name, for code that picks a codec at run time (the command line, the outbox).
 *
 * @since 0.1.0
 */
import * as D0350 from './dtc/D0350'
import * as Dxi from './uklink/Dxi'
import * as Dxr from './uklink/Dxr'
import type { FileCodec, FileKind } from './FileCodec'
import type * as FileEngine from './FileEngine'

/**
 * Each kind's codec module.
 *
 * @example
 * codecs.dxi.kind // 'dxi'
 * @since 0.1.0
 * @category constants
 */
export const codecs = { d0350: D0350, dxi: Dxi, dxr: Dxr } as const

/**
 * @example
 * kinds // ['d0350', 'dxi', 'dxr']
 * @since 0.1.0
 * @category constants
 */
export const kinds: ReadonlyArray<FileKind> = ['d0350', 'dxi', 'dxr']

/**
 * True for `d0350`, `dxi` and `dxr`.
 *
 * @example
 * isKind('dxi') // true
 * @since 0.1.0
 * @category refinements
 */
export const isKind = (s: string): s is FileKind => s === 'd0350' || s === 'dxi' || s === 'dxr'

/**
 * The codec of a kind, seen through the common {@link FileCodec} contract.
 *
 * @example
 * codecOf('d0350').kind // 'd0350'
 * @since 0.1.0
 * @category accessors
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const codecOf = (kind: FileKind): FileCodec<any, any, any> & {
  readonly jsonCodec: { decode: (u: unknown) => any }
  readonly jsonParts: { readonly [K in 'header' | 'record' | 'trailer']: { decode: (u: unknown) => any } }
  readonly declaration: FileEngine.Declaration<any, any, any>
} => codecs[kind]
