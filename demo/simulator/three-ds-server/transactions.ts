import type { JsonObject } from '../../../src/protocol/json.ts';
import type { MessageVersion } from '../../../src/protocol/versions.ts';
import { BoundedMap } from '../bounded-map.ts';
import type { FlowEntry } from '../flow-log.ts';
import type { WindowSize } from './messages.ts';

/** One purchase as the simulated 3DS Server tracks it, keyed by threeDSServerTransID. */
export interface ServerTransaction {
  threeDSServerTransID: string;
  createdAt: Date;
  lang: 'ja' | 'en';
  productId: string;
  amountYen: number;
  /** Key of the demo card chosen (its e-net ID); the PAN is looked up when the AReq is built. */
  cardKey: string;
  windowSize: WindowSize;
  version: MessageVersion;
  /** The shop offers trust listing in the AReq (`/demo/shop?trust=1`; docs/risk.md "Trusted merchants"). */
  offerTrustList?: boolean;
  /** The ACS's 3DS Method URL, when its card range has one (our stand-in for PRes card-range data). */
  methodURL: string | undefined;
  methodNotifiedAt: Date | undefined;
  /** Opaque value sent with the CReq; the CRes must bring it back unchanged (docs/emv-codes.md §13 step 4). */
  threeDSSessionData: string;
  /** The AReq as sent, PAN masked. */
  areq?: JsonObject;
  ares?: JsonObject;
  creq?: JsonObject;
  cres?: JsonObject;
  rreq?: JsonObject;
  rres?: JsonObject;
  /** Set when the DS could not be reached at all. */
  failure?: string;
  entries: FlowEntry[];
}

/** The last 500 purchases; the demo forgets older ones. */
export class ServerTransactions {
  readonly #byId = new BoundedMap<string, ServerTransaction>(500);

  get(threeDSServerTransID: string | undefined): ServerTransaction | undefined {
    return threeDSServerTransID === undefined ? undefined : this.#byId.get(threeDSServerTransID);
  }

  add(txn: ServerTransaction): void {
    this.#byId.set(txn.threeDSServerTransID, txn);
  }
}
