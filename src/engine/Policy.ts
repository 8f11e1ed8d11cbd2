/**
 * Flag policies (docs/rules.md section 5): the built-in rule sets and how to write one's own. A policy
 * derives a meter point's flag from a small summary of its linked smart meters, its current flag
 * and the cause; the reducer compiles any policy into a lookup table.
 *
 * @since 0.1.0
 */
export * from './policy/Summary'
export * from './policy/Policies'
export * from './policy/AtRest'
