import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Maintenance windows and emergency stops (terms art. 11). */
export interface ServiceWindowsTable {
  id: string;
  kind: 'maintenance' | 'emergency';
  scope: string;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  notice_from: Timestamp | null;
  title: string;
  title_en: string;
  body: string;
  body_en: string;
  created_by: string;
  created_at: Timestamp;
  cancelled_at: Timestamp | null;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  announced_at: Timestamp | null;
}

/** Public notices: /notices, its Atom feed, the portal and the console (terms art. 3-2, 11-2, 12). */
export interface NoticesTable {
  id: string;
  kind: 'maintenance' | 'emergency' | 'service_change' | 'terms';
  title: string;
  title_en: string;
  body: string;
  body_en: string;
  published_at: Timestamp;
  window_id: string | null;
  created_by: string;
  created_at: Timestamp;
}

export type ServiceWindowRow = Selectable<ServiceWindowsTable>;
export type NoticeRow = Selectable<NoticesTable>;

declare module '../schema.ts' {
  interface Database {
    service_windows: ServiceWindowsTable;
    notices: NoticesTable;
  }
}
