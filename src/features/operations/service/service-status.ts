/**
 * Whether the service (or a part of it) is suspended right now (terms art. 11). The scheduler of
 * maintenance windows and emergency stops implements this; until then nothing is ever suspended.
 */
export interface Suspension {
  acs: boolean;
  sms: boolean;
}

export interface ServiceStatus {
  suspensionFor(issuerId: string, pan: string, at: Date): Suspension;
}
