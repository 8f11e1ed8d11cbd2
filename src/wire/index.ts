/**
 * The wire folder's public face: every other folder imports wire modules from here, never from a
 * file inside (so files can move without breaking their users).
 *
 * @internal
 * @since 0.2.0
 */
export * as Diagnostic from './Diagnostic'
export * as Bytes from './Bytes'
export * as Lines from './Lines'
export type * as FileCodec from './FileCodec'
export * as Detect from './Detect'
export * as Kinds from './Kinds'
export * as FileEngine from './FileEngine'
export * as DtcSchema from './dtc/Schema'
export * as Dtc from './dtc/Dtc'
export * as D0350 from './dtc/D0350'
export * as UkLinkSchema from './uklink/Schema'
export * as UkLink from './uklink/UkLink'
export * as Dxi from './uklink/Dxi'
export * as Dxr from './uklink/Dxr'
