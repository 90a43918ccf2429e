/**
 * Service suspension (terms art. 11): maintenance windows announced in advance (11-2) and emergency
 * stops without notice (11-1), for the whole service or a part of it. Pure: which windows are in force
 * at an instant, and what that suspends for one card.
 */
export type SuspensionScope = 'all' | 'sms' | 'registration' | `range:${string}`;

export interface ServiceWindow {
  id: string;
  kind: 'maintenance' | 'emergency';
  scope: SuspensionScope;
  startsAt: Date;
  /** undefined: an emergency stop lasts until someone ends it. */
  endsAt: Date | undefined;
  cancelledAt: Date | undefined;
}

export function inForce(w: ServiceWindow, at: Date): boolean {
  if (w.cancelledAt && w.cancelledAt <= at) return false;
  return w.startsAt <= at && (w.endsAt === undefined || at < w.endsAt);
}

/**
 * What the windows in force suspend for a card of this issuer range: `acs` stops authentication (AReq → U/22),
 * `sms` stops sending codes (challenges cannot proceed), `registration` only the portal's phone registration.
 */
export function suspensionAt(windows: readonly ServiceWindow[], at: Date, rangeId: string | undefined) {
  let acs = false;
  let sms = false;
  let registration = false;
  for (const w of windows) {
    if (!inForce(w, at)) continue;
    if (w.scope === 'all') acs = sms = registration = true;
    else if (w.scope === 'sms') sms = true;
    else if (w.scope === 'registration') registration = true;
    else if (rangeId !== undefined && w.scope === `range:${rangeId}`) acs = true;
  }
  return { acs, sms, registration };
}

export function isScope(value: string): value is SuspensionScope {
  return value === 'all' || value === 'sms' || value === 'registration' || /^range:[A-Za-z0-9_-]{1,64}$/.test(value);
}
