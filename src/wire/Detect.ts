/**
 * Tells a file's kind from its first record, for `--kind` left out on the command line:
 * `ZHV|…|D0350001|…` is a D0350; a UK Link `"A00"` header is a DXI when its File Type is `"DXI"`,
 * and otherwise an E46 response (whose File Type is not public: WIRE.md).
 *
 * @since 0.1.0
 */
import type { FileKind } from './FileCodec'
import { toLatin1 } from './Bytes'

/**
 * The kind of a file from its first line, or null when it is none of the three.
 *
 * @example
 * detectKind(new TextEncoder().encode('ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\n')) // 'd0350'
 * detectKind(new TextEncoder().encode('"A00",1,"DXI",20211104,120000,1\n')) // 'dxi'
 * detectKind(new TextEncoder().encode('"A00",1,"DXR",20211104,120000,1\n')) // 'dxr'
 * @since 0.1.0
 * @category parsers
 */
export const detectKind = (bytes: Uint8Array): FileKind | null => {
  const head = toLatin1(bytes.subarray(0, Math.min(bytes.length, 256)))
  const nl = head.indexOf('\n')
  const first = nl === -1 ? head : head.slice(0, nl)
  if (first.startsWith('ZHV|')) return 'd0350'
  if (first.startsWith('"A00",')) {
    const fields = first.split(',')
    return fields[2] === '"DXI"' ? 'dxi' : 'dxr'
  }
  return null
}
