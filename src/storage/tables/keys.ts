import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type CvkState = 'loaded' | 'registered' | 'active' | 'retiring' | 'retired';
export type CvkOrigin = 'components' | 'generated' | 'key_ring';

/** A CVK pair and its ceremony steps (migration 0014). */
export interface CvkKeysTable {
  id: string;
  key_indicator: 1 | 2;
  state: CvkState;
  origin: CvkOrigin;
  kcv: string | null;
  wrapped: string;
  wrap_label: string;
  loaded_by: string;
  loaded_at: Timestamp;
  registered_by: string | null;
  registered_at: Timestamp | null;
  visa_reference: string | null;
  /** YYYY-MM-DD (Japan date) the issuer registered it with Visa. */
  visa_registered_on: string | null;
  activated_by: string | null;
  activated_at: Timestamp | null;
  retiring_at: Timestamp | null;
  grace_ends_at: Timestamp | null;
  retired_at: Timestamp | null;
}

/** A component import in progress. */
export interface CvkCeremoniesTable {
  id: string;
  components: 2 | 3;
  state: ColumnType<'open' | 'finished' | 'cancelled', 'open' | 'finished' | 'cancelled' | undefined>;
  started_by: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  cvk_id: string | null;
}

/** One officer's component, encrypted under a data key until the key is combined (then deleted). */
export interface CvkComponentsTable {
  ceremony_id: string;
  number: number;
  officer: string;
  component_enc: string;
  kcv: string;
  entered_at: Timestamp;
}

export type CvkRow = Selectable<CvkKeysTable>;
export type CvkCeremonyRow = Selectable<CvkCeremoniesTable>;

declare module '../schema.ts' {
  interface Database {
    cvk_keys: CvkKeysTable;
    cvk_ceremonies: CvkCeremoniesTable;
    cvk_components: CvkComponentsTable;
  }
}
