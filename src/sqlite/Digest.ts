/**
 * SHA-256 of bytes and files: how the database knows a file it sent (notify) or applied (respond)
 * by its content.
 *
 * @since 0.2.0
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'

/**
 * The SHA-256 of bytes, in hex.
 *
 * @example
 * sha256(new Uint8Array()) // 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 * @since 0.2.0
 * @category digests
 */
export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/**
 * The SHA-256 of a file's bytes, or null when it does not exist.
 *
 * @example
 * sha256OfFile('outbox/DXI_0000000001.txt')
 * @since 0.2.0
 * @category digests
 */
export const sha256OfFile = (file: string): string | null => {
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
  return sha256(bytes)
}
