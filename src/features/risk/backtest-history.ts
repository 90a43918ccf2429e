import type { RiskHistory } from '../../core/risk/types.ts';
import type { BacktestHistoryRow, BacktestMemberRecords } from '../../storage/repositories/risk-backtest-reads.ts';
import { RISK_HISTORY_DAYS } from './history.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One card transaction of the replayed period or of the history window before it. */
interface Entry {
  id: string;
  card: string;
  enetId: string | null;
  at: number;
  transStatus: string | null;
  reason: string | null;
  device: string | null;
  ipRange: string | null;
  merchant: string | null;
  yen: number | null;
  language: string | null;
}

const time = (v: Date | string) => (v instanceof Date ? v : new Date(v)).getTime();

/**
 * The history the AReq path would have read for each transaction (src/storage/repositories/risk-history.ts), rebuilt
 * in memory from the transactions themselves in time order, so a backtest costs no statement per transaction.
 * The transactions' outcomes are the ones they ended with: a purchase the draft would have refused still counts
 * as authenticated in the history of the next one (what really happened, not what the draft would have caused).
 */
export class ReplayedHistory {
  readonly #byId = new Map<string, Entry>();
  readonly #byCard = new Map<string, Entry[]>();
  readonly #byDevice = new Map<string, Entry[]>();
  readonly #byIpRange = new Map<string, Entry[]>();
  readonly #phones: Map<string, BacktestMemberRecords['phoneBindings']>;
  readonly #lostStolen: Map<string, BacktestMemberRecords['lostStolen']>;
  readonly #cases: Map<string, BacktestMemberRecords['cases']>;
  readonly #trusted: Map<string, BacktestMemberRecords['trusted']>;

  constructor(rows: readonly BacktestHistoryRow[], members: BacktestMemberRecords) {
    this.#phones = byMember(members.phoneBindings);
    this.#lostStolen = byMember(members.lostStolen);
    this.#cases = byMember(members.cases);
    this.#trusted = byMember(members.trusted);
    for (const r of rows) {
      const e: Entry = {
        id: r.acs_trans_id,
        card: r.card_ref,
        enetId: r.enet_id,
        at: time(r.created_at),
        transStatus: r.trans_status,
        reason: r.trans_status_reason,
        device: r.risk_device_mac,
        ipRange: r.risk_ip_range_mac,
        merchant: r.risk_merchant_mac,
        yen: r.risk_amount_yen === null ? null : Number(r.risk_amount_yen),
        language: r.risk_language,
      };
      this.#byId.set(e.id, e);
      push(this.#byCard, e.card, e);
      if (e.device) push(this.#byDevice, e.device, e);
      if (e.ipRange) push(this.#byIpRange, e.ipRange, e);
    }
  }

  /** The stored facts of a transaction the history holds (its MACs, yen amount, language). */
  facts(acsTransID: string) {
    const e = this.#byId.get(acsTransID);
    return e && { device: e.device, ipRange: e.ipRange, merchant: e.merchant, yen: e.yen, language: e.language };
  }

  /** What readRiskHistory would have returned just before this transaction's AReq. */
  before(acsTransID: string): RiskHistory | undefined {
    const e = this.#byId.get(acsTransID);
    if (!e) return undefined;
    const t = e.at;
    const card = earlier(this.#byCard.get(e.card), t, t - RISK_HISTORY_DAYS * DAY);
    const ok = card.filter((c) => c.transStatus === 'Y');
    const languages = new Set<string>();
    let largest = 0;
    for (const c of ok) {
      if (c.language) languages.add(c.language);
      if (c.yen !== null && c.yen > largest) largest = c.yen;
    }
    const member = e.enetId ?? '';
    const phone = this.#phoneChangedAt(member, t);
    return {
      authenticatedPurchases: ok.length,
      authenticatedOnDevice: e.device ? ok.filter((c) => c.device === e.device).length : 0,
      authenticatedFromIpRange: e.ipRange ? ok.filter((c) => c.ipRange === e.ipRange).length : 0,
      authenticatedAtMerchant: e.merchant ? ok.filter((c) => c.merchant === e.merchant).length : 0,
      largestAuthenticatedYen: largest,
      knownLanguages: [...languages],
      cardAReqsLastHour: card.filter((c) => c.at > t - HOUR).length,
      cardAReqsLastDay: card.filter((c) => c.at > t - DAY).length,
      cardsOnDeviceLastHour: e.device ? otherCards(this.#byDevice.get(e.device), e, t) : 0,
      cardsFromIpRangeLastHour: e.ipRange ? otherCards(this.#byIpRange.get(e.ipRange), e, t) : 0,
      hoursSincePhoneChange: phone === undefined ? undefined : (t - phone) / HOUR,
      lostStolenBefore: (this.#lostStolen.get(member) ?? []).some((l) => time(l.at) <= t),
      failedChallenges: card.filter((c) => c.transStatus === 'N' && c.reason === '19').length,
      openFraudReports: (this.#cases.get(member) ?? []).filter(
        (c) => time(c.opened_at) <= t && (c.ended_at === null || time(c.ended_at) > t),
      ).length,
      trustedMerchant: (this.#trusted.get(member) ?? []).some(
        (m) => m.merchant_mac === e.merchant && time(m.added_at) <= t,
      ),
    };
  }

  /** When the binding in force at `t` was made, if it replaced an earlier one (a phone change). */
  #phoneChangedAt(enetId: string, t: number): number | undefined {
    const bindings = this.#phones.get(enetId) ?? [];
    const inForce = bindings
      .filter((b) => time(b.bound_at) <= t && (b.unbound_at === null || time(b.unbound_at) > t))
      .sort((a, b) => time(b.bound_at) - time(a.bound_at))[0];
    if (!inForce) return undefined;
    const boundAt = time(inForce.bound_at);
    return bindings.some((b) => b !== inForce && time(b.bound_at) < boundAt) ? boundAt : undefined;
  }
}

function byMember<T extends { enet_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.enet_id);
    if (list) list.push(r);
    else map.set(r.enet_id, [r]);
  }
  return map;
}

function push(map: Map<string, Entry[]>, key: string, e: Entry): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

/** The entries (oldest first) strictly before `t` and after `since`: the AReq's own row is not yet written. */
function earlier(list: readonly Entry[] | undefined, t: number, since: number): Entry[] {
  if (!list) return [];
  let hi = list.length;
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as Entry).at < t) lo = mid + 1;
    else hi = mid;
  }
  const out: Entry[] = [];
  for (let i = lo - 1; i >= 0; i--) {
    const c = list[i] as Entry;
    if (c.at <= since) break;
    out.push(c);
  }
  return out;
}

/** Other cards seen with the same device or network in the hour before `t`. */
function otherCards(list: readonly Entry[] | undefined, e: Entry, t: number): number {
  const cards = new Set<string>();
  for (const c of earlier(list, t, t - HOUR)) if (c.card !== e.card) cards.add(c.card);
  return cards.size;
}
