/**
 * A seeded, reproducible generator of labelled synthetic AReq traffic for `npm run risk:eval` (issue #20 item 7):
 * members with habits (devices, merchants, amounts, hours) and the fraud patterns the risk policy must stop.
 * Pure: the same seed gives the same events; bench/risk-eval/run.ts turns them into AReqs.
 */

export type FraudPattern =
  | 'new_device_high_amount'
  | 'card_testing'
  | 'takeover_after_phone_change'
  | 'country_language_mismatch'
  | 'known_device_stolen_card';

export interface Device {
  userAgent: string;
  screen: [string, string];
  tz: string;
  language: string;
  ip: string;
}

export interface Merchant {
  id: string;
  name: string;
  mcc: string;
}

export interface TrafficEvent {
  /** Minutes from the start of the period. */
  minute: number;
  member: number;
  label: 'legit' | FraudPattern;
  /** Counted in the result (the warm-up only builds the members' histories). */
  evaluated: boolean;
  device: Device;
  merchant: Merchant;
  amountYen: number;
  /** The member's phone number changed at this minute (the harness records it before sending the event). */
  phoneChangedAtMinute?: number;
}

export interface TrafficOptions {
  seed: number;
  members: number;
  /** Days of history before the evaluated days. */
  warmUpDays: number;
  evaluatedDays: number;
}

/** mulberry32: small, fast and good enough to make traffic reproducible from a seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SO-51D) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
];
const SCREENS: Array<[string, string]> = [
  ['1920', '1080'],
  ['430', '932'],
  ['412', '915'],
  ['1512', '982'],
];
const EVERYDAY_MCC = ['5411', '5812', '5942', '5651', '4111', '5912', '5999', '7832'];
const RISKY_MCC = ['5732', '5944', '5815', '6051'];

export function generateTraffic(o: TrafficOptions): TrafficEvent[] {
  const r = random(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  let deviceCounter = 0;
  const device = (ip: string, language = 'ja', tz = '-540'): Device => {
    deviceCounter++;
    const i = Math.floor(r() * USER_AGENTS.length);
    // A model or build number in the user agent tells one household's two iPhones apart, as real ones do.
    return { userAgent: `${USER_AGENTS[i]} b/${deviceCounter}`, screen: SCREENS[i]!, tz, language, ip };
  };
  const merchants: Merchant[] = Array.from({ length: 60 }, (_, i) => ({
    id: `M${String(i).padStart(6, '0')}`,
    name: `Shop ${i}`,
    mcc: i < 50 ? pick(EVERYDAY_MCC) : pick(RISKY_MCC),
  }));
  const homeIp = (m: number) => `10.${(m >> 8) & 255}.${m & 255}.${between(2, 250)}`;
  const members = Array.from({ length: o.members }, (_, m) => {
    const language = r() < 0.05 ? 'en' : 'ja';
    const ip = homeIp(m);
    const devices = [device(ip, language), ...(r() < 0.5 ? [device(ip, language)] : [])];
    const favourites = Array.from({ length: between(3, 6) }, () => merchants[between(0, 49)]!);
    const low = between(500, 3_000);
    return { devices, favourites, low, high: between(low * 3, 30_000), language, ip };
  });
  const events: TrafficEvent[] = [];
  const dayMinutes = 24 * 60;
  const startOfEval = o.warmUpDays * dayMinutes;
  const totalMinutes = (o.warmUpDays + o.evaluatedDays) * dayMinutes;
  const daytime = (day: number) => day * dayMinutes + between(8 * 60, 23 * 60 - 1) - 9 * 60; // JST hours, UTC minutes

  members.forEach((p, m) => {
    const purchases = between(14, 24);
    for (let i = 0; i < purchases; i++) {
      const day = between(0, o.warmUpDays + o.evaluatedDays - 1);
      const minute = Math.max(0, daytime(day));
      const evaluated = minute >= startOfEval;
      const roll = r();
      let dev = pick(p.devices);
      let merchant = pick(p.favourites);
      let amountYen = between(p.low, p.high);
      if (evaluated && roll < 0.02)
        dev = device(p.ip, p.language); // a new phone or laptop
      else if (roll < 0.07)
        merchant = merchants[between(0, 49)]!; // a shop tried for the first time
      else if (roll < 0.08) amountYen = Math.min(90_000, p.high * 2); // the occasional bigger purchase
      events.push({ minute, member: m, label: 'legit', evaluated, device: dev, merchant, amountYen });
    }
  });

  const fraudTime = () => between(startOfEval, totalMinutes - 60);
  const victims = () => between(0, o.members - 1);
  const fraudCount = Math.max(5, Math.round(o.members / 10));
  for (let i = 0; i < fraudCount; i++) {
    const foreignIp = `198.51.${between(0, 255)}.${between(1, 254)}`;
    events.push({
      minute: fraudTime(),
      member: victims(),
      label: 'new_device_high_amount',
      evaluated: true,
      device: device(foreignIp),
      merchant: merchants[between(50, 59)]!,
      amountYen: between(50_000, 250_000),
    });
    events.push({
      minute: fraudTime(),
      member: victims(),
      label: 'country_language_mismatch',
      evaluated: true,
      device: device(foreignIp, pick(['en', 'zh', 'ru']), pick(['0', '-480', '300'])),
      merchant: merchants[between(0, 59)]!,
      amountYen: between(3_000, 60_000),
    });
    const taken = victims();
    const changedAt = fraudTime();
    events.push({
      minute: changedAt + between(30, 40 * 60),
      member: taken,
      label: 'takeover_after_phone_change',
      evaluated: true,
      device: device(foreignIp),
      merchant: merchants[between(0, 59)]!,
      amountYen: between(5_000, 80_000),
      phoneChangedAtMinute: changedAt,
    });
    const holder = members[victims()]!;
    const stolenFrom = members.indexOf(holder);
    // Mostly at night (01:00–04:59 JST), when the card's holder is asleep; JST minutes − 540 = UTC minutes.
    const jstMinute = r() < 0.7 ? between(60, 4 * 60 + 59) : between(12 * 60, 21 * 60);
    events.push({
      minute: Math.max(
        startOfEval,
        between(o.warmUpDays, o.warmUpDays + o.evaluatedDays - 1) * dayMinutes + jstMinute - 540,
      ),
      member: stolenFrom,
      label: 'known_device_stolen_card',
      evaluated: true,
      device: holder.devices[0]!,
      merchant: merchants[between(52, 59)]!,
      amountYen: Math.max(20_000, holder.high * between(3, 5)),
    });
  }
  // Card-testing bursts: one bot tries many members' cards within minutes, small amounts at one merchant.
  for (let b = 0; b < Math.max(1, Math.round(o.members / 50)); b++) {
    const bot = device(`203.0.113.${between(1, 254)}`);
    const start = fraudTime();
    const merchant = merchants[between(50, 59)]!;
    for (let k = 0; k < 12; k++) {
      events.push({
        minute: start + k,
        member: victims(),
        label: 'card_testing',
        evaluated: true,
        device: bot,
        merchant,
        amountYen: between(100, 500),
      });
    }
  }
  return events.sort((a, b) => a.minute - b.minute || a.member - b.member);
}
