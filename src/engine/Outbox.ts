/**
 * The outbox (docs/rules.md section 6): which flags the registries have not been told yet, the D0350
 * and DXI (E45) files that tell them, and what to record once those files are sent or answered.
 *
 * The cycle, all pure (no clock, no randomness, no I/O: file ids and timestamps come from the caller):
 * 1. {@link pending}: meter points whose current (flag, effective-from) differs from `notified`,
 *    flag not null, flag exportable under the fuel's MP077 switch, not on hold;
 * 2. {@link plan}: one file per MPAS (electricity) and one for the gas registry, split at
 *    `maxRecordsPerFile` when set; MPANs of unknown distributors reported as unroutable;
 * 3. {@link build}: the files' bytes, numbered from the caller's `firstFileId`;
 * 4. {@link recordSent}: `notified` set where the meter point still holds what was sent;
 * 5. {@link applyResponse}: E46 `AC` confirms, E46 `RJ` puts the meter point on hold until
 *    {@link release}.
 *
 * @since 0.1.0
 */
export * from './outbox/Pending'
export * from './outbox/Plan'
export * from './outbox/Build'
export * from './outbox/Sent'
export * from './outbox/Responses'
