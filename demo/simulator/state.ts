import { DsRecords } from './ds/records.ts';
import { ServerTransactions } from './three-ds-server/transactions.ts';

/** Everything the simulated parties remember, in memory. */
export interface SimulatorState {
  ds: DsRecords;
  server: ServerTransactions;
  /** Whether the ACS answers at its 3DS Method URL, checked at most once a minute. */
  methodUrls: Map<string, { available: boolean; checkedAt: number }>;
}

const states = new WeakMap<object, SimulatorState>();

/**
 * The simulator state of one application: the DS's RReq receiver and the shop are mounted separately but
 * must see the same records, so they share it through the deps object both mounts receive.
 */
export function simulatorState(owner: object): SimulatorState {
  let state = states.get(owner);
  if (!state) {
    state = { ds: new DsRecords(), server: new ServerTransactions(), methodUrls: new Map() };
    states.set(owner, state);
  }
  return state;
}
