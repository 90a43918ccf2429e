import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A versioned risk policy (migration 0020_risk_based_authentication, docs/risk.md); `body` is a RiskPolicy. */
export interface RiskPoliciesTable {
  id: string;
  version: number;
  name: string;
  name_en: string;
  body: ColumnType<unknown, string, string>;
  /** The terms version that describes the policy; activation needs it in force (null: the article 4 baseline). */
  terms_version_id: string | null;
  status: 'draft' | 'requested' | 'active' | 'retired';
  created_by: string;
  created_at: Timestamp;
  requested_by: string | null;
  requested_at: Timestamp | null;
  activated_by: string | null;
  activated_at: Timestamp | null;
  retired_at: Timestamp | null;
}

/** A merchant the member trusts (EMV 2.2 whiteListStatus / 2.3.1 trustListStatus); the merchant is a keyed MAC. */
export interface TrustedMerchantsTable {
  /** Our row id, `tmer_…` (migration 0022). */
  id: string;
  enet_id: string;
  merchant_mac: string;
  /** The merchant's name as the AReq gave it, sealed (context `trusted-merchant`; migration 0022). */
  merchant_name_enc: string;
  added_at: Timestamp;
  added_from: 'challenge' | 'portal';
  /** The challenge the member ticked the box in (migration 0022). */
  acs_trans_id: string | null;
}

export type RiskPolicyRow = Selectable<RiskPoliciesTable>;

declare module '../schema.ts' {
  interface Database {
    risk_policies: RiskPoliciesTable;
    trusted_merchants: TrustedMerchantsTable;
  }
}
