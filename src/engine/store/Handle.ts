/**
 * A state is, inside the engine, a reference to a store version ({@link Ref}); outside, an opaque
 * `State.State`. The opaque type is declared here, with the two casts that are the only place the
 * two meet (`State` re-exports the type), so that no store file imports the `State` module.
 *
 * @internal
 * @since 0.2.0
 */
import type { Ref } from './Store'

/**
 * The state. Opaque: read it with the functions of the `State` module.
 *
 * @since 0.1.0
 * @category model
 */
export interface State {
  readonly _State: unique symbol
}

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
