// Shared helpers for the DTC tests.
import type * as FileCodec from '../../../src/wire/FileCodec'
import type * as Diagnostic from '../../../src/wire/Diagnostic'
import type { Eol } from '../../../src/wire/Lines'

export const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))
export const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1')

export async function* source(chunks: ReadonlyArray<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c
}

export async function* asyncOf<A>(xs: ReadonlyArray<A>): AsyncGenerator<A> {
  for (const x of xs) yield x
}

export interface Collected<H, R, T> {
  header: H | null
  records: R[]
  batchSizes: number[]
  trailer: T | null
  eol: Eol | null
  finalNewline: boolean | null
  diagnostics: ReadonlyArray<Diagnostic.Diagnostic>
  order: string[]
}

/** Runs a stream decoder to the end, keeping what it yielded and in which order. */
export const collect = async <H, R, T>(stream: AsyncGenerator<FileCodec.StreamItem<H, R, T>>): Promise<Collected<H, R, T>> => {
  const out: Collected<H, R, T> = { header: null, records: [], batchSizes: [], trailer: null, eol: null, finalNewline: null, diagnostics: [], order: [] }
  for await (const item of stream) {
    out.order.push(item.type)
    if (item.type === 'header') out.header = item.header
    else if (item.type === 'records') {
      out.records.push(...item.records)
      out.batchSizes.push(item.records.length)
    } else {
      out.trailer = item.trailer
      out.eol = item.eol
      out.finalNewline = item.finalNewline
      out.diagnostics = item.diagnostics
    }
  }
  return out
}

export const collectBytes = async (chunks: AsyncIterable<Uint8Array>): Promise<{ all: Uint8Array; sizes: number[] }> => {
  const parts: Uint8Array[] = []
  for await (const c of chunks) parts.push(c)
  return { all: new Uint8Array(Buffer.concat(parts)), sizes: parts.map((p) => p.length) }
}

export const codesOf = (ds: ReadonlyArray<Diagnostic.Diagnostic>): string[] => ds.map((d) => d.code)
