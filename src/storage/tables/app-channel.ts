/** App-channel columns of `transactions` (migration 0007_app_channel), merged into the schema's table type. */
import type { ColumnType } from 'kysely';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

import type { AppChallengeStep } from '../../core/challenge-view.ts';

/** The app challenge's two native text screens (core/challenge-view.ts). */
export type { AppChallengeStep };

declare module '../schema.ts' {
  interface TransactionsTable {
    /** The SDK–ACS session key, encrypted by the key ring (context `app-session:<acsTransID>`); never plain. */
    app_session_key_enc: Nullable<string>;
    /** The sdkCounterStoA the next CReq must carry (EMV 3DS §6.2.4: no gaps, no repeats). */
    app_sdk_counter: Nullable<number>;
    /** The acsCounterAtoS of the next CRes. */
    app_acs_counter: Nullable<number>;
    app_step: Nullable<AppChallengeStep>;
    /** MAC of the e-net ID typed on the first screen, checked with the code on the second (terms art. 4-2). */
    app_enet_id_mac: Nullable<string>;
    /** Language of the native screens, from the SDK's device locale. */
    app_lang: Nullable<'ja' | 'en'>;
  }
}
