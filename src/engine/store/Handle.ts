/**
 * A state is, inside the engine, a reference to a store version ({@link Ref}); outside, an opaque
 * `State.State`. These two casts are the only place the two meet.
 *
 * @internal
 * @since 0.2.0
 */
import type { State } from '../State'
import type { Ref } from './Store'

/**
 * The store reference behind a state.
 *
 * @example
 * // toRef(State.empty).version.contents.mpCount === 0
 * @since 0.2.0
 * @category internals
 */
export const toRef = (s: State): Ref => s as unknown as Ref

/**
 * The state of a store reference.
 *
 * @example
 * // ofRef(new Builder().build())
 * @since 0.2.0
 * @category internals
 */
export const ofRef = (r: Ref): State => r as unknown as State
