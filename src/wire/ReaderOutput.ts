/**
 * Arrays the compiled readers (`dtc/Fast`, `uklink/Fast`) write their records into.
 *
 * Internal to the codecs: not exported from the package root.
 *
 * @internal
 * @since 0.1.0
 */

/**
 * An empty array to hand a reader as `out`: of the elements kind that holds any value, where an
 * empty literal starts with the kind for small integers and changes at its first record. The
 * reader's optimised code is specialised to the kinds of array it has seen; a new decoder's empty
 * literal would throw that code away at its first record.
 *
 * @example
 * const out = emptyOut<unknown>()
 * out.length // 0
 * @since 0.1.0
 * @category constructors
 */
export const emptyOut = <A>(): A[] => {
  const a: unknown[] = []
  a.push(undefined)
  a.length = 0
  return a as A[]
}
