// Shared test helpers for the UK Link codecs.
import * as UkLink from '../../../src/wire/uklink/UkLink'
import type { StreamOptions } from '../../../src/wire/FileCodec'

export const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))
export const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1')

export async function* fromChunks(chunks: ReadonlyArray<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c
}

export const collectBytes = async (chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> => {
  const parts: Uint8Array[] = []
  for await (const c of chunks) parts.push(c)
  return Uint8Array.from(Buffer.concat(parts))
}

/** Decodes chunks through a codec's stream decoder and collects the result as an inspection. */
export const inspectChunks = <H, R, T>(codec: UkLink.Codec<H, R, T>, chunks: ReadonlyArray<Uint8Array>, options?: StreamOptions) =>
  UkLink.collect(codec.decodeStream(fromChunks(chunks), options))
