import type { JsonObject } from '../../../src/protocol/json.ts';
import { BoundedMap } from '../bounded-map.ts';
import type { FlowEntry } from '../flow-log.ts';

/** What the simulated DS remembers of one transaction (keyed by threeDSServerTransID). */
export interface DsTransaction {
  threeDSServerTransID: string;
  dsTransID: string | undefined;
  acsTransID: string | undefined;
  messageVersion: string | undefined;
  /** The AReq as forwarded (PAN masked): the context an RReq is validated against. */
  areq: JsonObject | undefined;
  /** Where this transaction's RReq goes next: the AReq's threeDSServerURL. */
  threeDSServerURL: string | undefined;
  rreq: JsonObject | undefined;
  rres: JsonObject | undefined;
  entries: FlowEntry[];
}

/** The last 500 transactions the DS simulator saw; older ones are forgotten. */
export class DsRecords {
  readonly #byServerTransID = new BoundedMap<string, DsTransaction>(500);

  get(threeDSServerTransID: string): DsTransaction | undefined {
    return this.#byServerTransID.get(threeDSServerTransID);
  }

  /** The record for this transaction, created empty when the DS never saw its AReq. */
  open(threeDSServerTransID: string): DsTransaction {
    let record = this.#byServerTransID.get(threeDSServerTransID);
    if (!record) {
      record = {
        threeDSServerTransID,
        dsTransID: undefined,
        acsTransID: undefined,
        messageVersion: undefined,
        areq: undefined,
        threeDSServerURL: undefined,
        rreq: undefined,
        rres: undefined,
        entries: [],
      };
      this.#byServerTransID.set(threeDSServerTransID, record);
    }
    return record;
  }
}
