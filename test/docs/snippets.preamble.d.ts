// Values the documentation's examples take as given (a state, an inventory, some bytes…), declared
// once for every snippet compiled by test/docs/snippets.ts. A snippet that declares a name itself
// uses its own.
declare const state: import('dcc-service-flags').State.State
declare const inventory: import('dcc-service-flags').Model.Inventory
declare const bytes: Uint8Array
