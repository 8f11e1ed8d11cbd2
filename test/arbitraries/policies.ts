// The policies every engine property runs with: the built-ins, `mp077With` variants, and a user's
// own policy that reads the count and the cause (so the compiled table must follow it too).
import * as Policy from '../../src/engine/Policy'

/** A user's policy that reads the count and the cause: the table must follow it too. */
const userPolicy: Policy.Policy = {
  name: 'twoOrMore',
  flags: ['A', 'I', 'N'],
  derive: (s) =>
    s.count >= 2 && s.statuses.has('Commissioned')
      ? 'A'
      : s.cause !== null && s.cause.kind === 'unlinked' && s.cause.deleted
        ? s.flag === null ? null : 'N'
        : Policy.anyOf(s, ['Commissioned', 'Suspended']) ? 'A' : s.count > 0 ? 'I' : null,
}

export const policies: ReadonlyArray<Policy.Policy> = [
  ...Policy.names.map((n) => Policy.fromName(n)!),
  Policy.mp077With({ whitelistedCountsAsInstalled: true, name: 'mp077-whitelisted' }),
  Policy.mp077With({ name: 'x' }),
  userPolicy,
]
