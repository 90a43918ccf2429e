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
  enet_id: string;
  merchant_mac: string;
  merchant_name: string;
  added_at: Timestamp;
  added_from: 'challenge' | 'portal';
}

export type RiskPolicyRow = Selectable<RiskPoliciesTable>;

declare module '../schema.ts' {
  interface Database {
    risk_policies: RiskPoliciesTable;
    trusted_merchants: TrustedMerchantsTable;
  }
}
