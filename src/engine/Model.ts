/**
 * The engine's data model (docs/rules.md sections 3–4, docs/contract.md "JSON shapes"): device types and SMI
 * statuses, the five event kinds and their NDJSON form, rejections and flag changes, the inventory
 * snapshot with its checker, and the records a state holds. Codecs are io-ts values that reject
 * unknown fields and report errors as data: a path and a reason.
 *
 * @since 0.1.0
 */
export * from './model/Device'
export * from './model/Records'
export * from './model/StrictStruct'
export * from './model/Event'
export * from './model/Ndjson'
export * from './model/Rejection'
export * from './model/Change'
export * from './model/Inventory'
export * from './model/InventoryChecker'
export * from './model/InventoryDecoder'
