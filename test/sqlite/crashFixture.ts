// A small state whose first notify writes several D0350 files (several distributors) and a DXI file:
// a synthetic inventory with a month of valid events (Synthetic, seeded).
import * as Synthetic from '../../bench/Synthetic'

export const crashInventory = Synthetic.inventory({ mpans: 40, mprns: 25, seed: 11 })
export const crashEvents = Synthetic.month(crashInventory, { events: 60, seed: 5, days: 1, start: '20240401' as never })
