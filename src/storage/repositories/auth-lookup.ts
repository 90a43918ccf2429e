import { type CompiledQuery, sql } from 'kysely';
import { type Db, executePrepared } from '../database.ts';
import type { Enrollment } from '../schema.ts';
import { distinctLanguages, type RiskHistoryKeys, type RiskHistoryRow, riskHistoryLateral } from './risk-history.ts';

export interface CardForAuthentication {
  card_ref: string;
  card_status: 'active' | 'closed';
  expiry: string;
  enet_id: string;
  member_status: 'active' | 'suspended';
  enrollment: Enrollment;
  binding_id: string | null;
  /**
   * The card's risk history (issue #20), when the lookup was asked for it and its statement answered; absent when
   * that statement failed and the card was looked up alone (the AReq then challenges).
   */
  history?: RiskHistoryRow;
}

/** The AReq's own keys of a risk history read; the card's come from the card the same statement finds. */
export type RiskLookupKeys = Omit<RiskHistoryKeys, 'cardRef' | 'enetId'>;

interface Waiter {
  panMac: string;
  risk: RiskLookupKeys | undefined;
  resolve: (card: CardForAuthentication | undefined) => void;
  reject: (err: unknown) => void;
}

/**
 * Card, member and current phone binding for the AReq hot path, looked up for every AReq that arrived in
 * the same turn of the event loop with one indexed query (`pan_mac = any(…)`): under load one round trip
 * (and one socket write, the largest single cost in the profile) serves a whole batch; alone, an AReq waits
 * one `setImmediate` for it. While a risk policy (or a shadow) is in force, an AReq also brings its history keys
 * and the same statement reads each found card's risk history (`findCardsWithHistory`): one statement per batch,
 * not a card lookup and then a history read in series. If that statement fails, the batch's cards are looked up
 * alone, without history (docs/risk.md "Bench").
 */
export class CardLookups {
  #pending: Waiter[] = [];
  #scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 500,
  ) {}

  find(panMac: string, risk?: RiskLookupKeys): Promise<CardForAuthentication | undefined> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ panMac, risk, resolve, reject });
      if (this.#pending.length >= this.maxBatch) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    const alone = (): void => {
      findCards(
        this.db,
        batch.map((w) => w.panMac),
      ).then(
        (found) => {
          for (const w of batch) w.resolve(found.get(w.panMac));
        },
        (err: unknown) => {
          for (const w of batch) w.reject(err);
        },
      );
    };
    if (!batch.some((w) => w.risk)) {
      alone();
      return;
    }
    findCardsWithHistory(this.db, batch).then((found) => {
      for (const [i, w] of batch.entries()) {
        const card = found[i];
        w.resolve(card && w.risk ? card : card && withoutHistory(card));
      }
    }, alone);
  }
}

function withoutHistory({ history: _history, ...card }: CardForAuthentication): CardForAuthentication {
  return card;
}

/** The card lookup alone: the statement `CardLookups` runs while no risk policy or shadow needs the history. */
export async function findCards(db: Db, panMacs: string[]): Promise<Map<string, CardForAuthentication>> {
  const rows = await executePrepared(
    db,
    'find_cards',
    sql<CardForAuthentication & { pan_mac: string }>`
    select c.pan_mac, c.card_ref, c.status as card_status, c.expiry, c.enet_id,
           m.status as member_status, m.enrollment, pb.id as binding_id
    from cards c
    join members m on m.enet_id = c.enet_id
    left join phone_bindings pb on pb.enet_id = c.enet_id and pb.unbound_at is null
    where c.pan_mac = any(${[...new Set(panMacs)]}::text[])`.compile(db),
  );
  const found = new Map<string, CardForAuthentication>();
  for (const { pan_mac, ...card } of rows) if (!found.has(pan_mac)) found.set(pan_mac, card);
  return found;
}

/**
 * The card lookup and, for each found card, its risk history (the figures of `readRiskHistory`: the card's from
 * `riskHistoryLateral`, the member's from the member row, migration 0029) in one statement: the AReqs' PAN MACs and
 * history keys, `unnest … with ordinality`, the cards and members joined, the history in a `cross join lateral` on
 * the found card's row.
 * Each key column goes as one text parameter, its values joined by commas (`joined`; `string_to_array` in the
 * statement, '' for null): MACs are base64url and times numbers, so no value holds a comma, and the driver sends a
 * string as it is where it quotes and escapes every element of an array. Each AReq's time goes as epoch
 * milliseconds and the windows are computed in the statement (no date strings built per key). The statement's
 * text never changes: it is compiled once (`historyStatement`) and run with each batch's parameters.
 * Answers per waiter, in order; a waiter without history keys (a batch formed while the policy changed) is read
 * with empty ones.
 */
export async function findCardsWithHistory(
  db: Db,
  lookups: readonly { panMac: string; risk: RiskLookupKeys | undefined }[],
): Promise<(CardForAuthentication | undefined)[]> {
  const now = new Date();
  const keys = lookups.map(
    (l) => l.risk ?? { deviceMac: null, ipRangeMac: null, merchantMac: null, at: now, windowDays: 0 },
  );
  const parameters = [
    joined(lookups.map((l) => l.panMac)),
    joined(keys.map((k) => k.deviceMac)),
    joined(keys.map((k) => k.ipRangeMac)),
    joined(keys.map((k) => k.merchantMac)),
    keys.map((k) => k.at.getTime()).join(','),
    keys.map((k) => k.windowDays).join(','),
  ];
  historyStatement ??= historyQuery(parameters).compile(db);
  const statement = { ...historyStatement, parameters };
  const rows = await executePrepared<HistoryStatementRow>(db, 'cards_with_history', statement);
  const found: (CardForAuthentication | undefined)[] = lookups.map(() => undefined);
  for (const { i, history, ...card } of rows) {
    const at = Number(i) - 1;
    // JSON has no timestamps: the phone change comes as an ISO string, and is a Date as `readRiskHistory` returns it
    const changed = history.phone_changed_at;
    const phone = { phone_changed_at: changed === null ? null : new Date(changed) };
    const read = { ...history, ...phone, languages: distinctLanguages(history.languages) };
    found[at] ??= { ...card, history: read };
  }
  return found;
}

type HistoryStatementRow = Omit<CardForAuthentication, 'history'> & { i: string | number; history: RiskHistoryRow };

/** `findCardsWithHistory`'s statement, compiled on its first run (the same text on PGlite and PostgreSQL). */
let historyStatement: CompiledQuery<HistoryStatementRow> | undefined;

function historyQuery(p: readonly string[]) {
  return sql<HistoryStatementRow>`
    with k as materialized (
      select q.i, c.card_ref, c.status as card_status, c.expiry, c.enet_id,
             m.status as member_status, m.enrollment, pb.id as binding_id, m.risk_phone_changed_at,
             m.risk_lost_stolen, m.risk_open_cases, m.risk_trusted_merchants,
             q.device_mac, q.ip_range_mac, q.merchant_mac,
             to_timestamp((q.at_ms - q.window_days * 86400000) / 1000) as since,
             to_timestamp((q.at_ms - 3600000) / 1000) as hour_ago, to_timestamp((q.at_ms - 86400000) / 1000) as day_ago
      from unnest(
        string_to_array(${p[0]}::text, ','), string_to_array(${p[1]}::text, ',', ''),
        string_to_array(${p[2]}::text, ',', ''), string_to_array(${p[3]}::text, ',', ''),
        string_to_array(${p[4]}::text, ',')::float8[], string_to_array(${p[5]}::text, ',')::float8[]
      ) with ordinality as q(pan_mac, device_mac, ip_range_mac, merchant_mac, at_ms, window_days, i)
      join cards c on c.pan_mac = q.pan_mac
      join members m on m.enet_id = c.enet_id
      left join phone_bindings pb on pb.enet_id = c.enet_id and pb.unbound_at is null
    )
    select k.i, k.card_ref, k.card_status, k.expiry, k.enet_id, k.member_status, k.enrollment, k.binding_id,
           to_json(h) as history
    from k
    cross join lateral (${riskHistoryLateral}) h`;
}

/**
 * One key column as `string_to_array(…, ',', '')` reads it back: null as ''. A batch of one null is '', which it
 * reads as no element at all; `unnest` pads the shorter arrays with nulls, so that key is still null.
 */
function joined(values: readonly (string | null)[]): string {
  for (const v of values) if (v?.includes(',') || v === '') throw new Error('a lookup key holds a comma or is empty');
  return values.map((v) => v ?? '').join(',');
}
