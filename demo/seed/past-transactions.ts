import { DEFAULT_ISSUER_ID } from '../../src/features/issuer-api/issuer-data.ts';
import { issueCavv } from '../../src/infra/crypto/cavv-keys.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { newEmvId } from '../../src/infra/ids.ts';
import type { Db } from '../../src/storage/database.ts';
import { importFinishedTransaction } from '../../src/storage/repositories/transactions.ts';

interface Past {
  enetId: string;
  pan: string;
  daysAgo: number;
  merchant: string;
  amount: string;
  state: 'result_acknowledged' | 'decided';
  status: 'Y' | 'N';
  reason?: string;
  cancel?: string;
}

/**
 * A few past authentications for the demo members, so history, the console and fraud reports have
 * something to show on a fresh start. Written as the ACS would have left them (CAVVs are genuine).
 */
const PAST: Past[] = [
  {
    enetId: 'demo-taro',
    pan: '4111111111111111',
    daysAgo: 12,
    merchant: 'Example Electronics',
    amount: '129800',
    state: 'result_acknowledged',
    status: 'Y',
  },
  {
    enetId: 'demo-taro',
    pan: '4111111111111111',
    daysAgo: 5,
    merchant: 'さくら書店',
    amount: '3520',
    state: 'result_acknowledged',
    status: 'Y',
  },
  {
    enetId: 'demo-taro',
    pan: '4111111111111111',
    daysAgo: 2,
    merchant: 'Tokyo Travel',
    amount: '48000',
    state: 'result_acknowledged',
    status: 'N',
    reason: '19',
  },
  {
    enetId: 'demo-hanako',
    pan: '4111112222222227',
    daysAgo: 8,
    merchant: 'Example Electronics',
    amount: '9800',
    state: 'result_acknowledged',
    status: 'N',
    reason: '01',
    cancel: '01',
  },
  {
    enetId: 'demo-hanako',
    pan: '4111112222222227',
    daysAgo: 1,
    merchant: 'さくら書店',
    amount: '1760',
    state: 'result_acknowledged',
    status: 'Y',
  },
];

export async function seedPastTransactions(db: Db, keys: KeyRing, now: Date): Promise<void> {
  for (const p of PAST) {
    const at = new Date(now.getTime() - p.daysAgo * 86_400_000);
    const cavv = p.status === 'Y' ? issueCavv(keys, p.pan, 'authenticated') : undefined;
    await importFinishedTransaction(db, {
      acs_trans_id: newEmvId(),
      three_ds_server_trans_id: newEmvId(),
      ds_trans_id: newEmvId(),
      message_version: '2.2.0',
      device_channel: '02',
      message_category: '01',
      issuer_id: DEFAULT_ISSUER_ID,
      card_ref: `${p.enetId}-card`,
      enet_id: p.enetId,
      state: p.state,
      trans_status: p.status,
      trans_status_reason: p.reason ?? null,
      challenge_cancel: p.cancel ?? null,
      eci: cavv?.eci ?? '07',
      cavv: cavv?.cavv ?? null,
      authentication_type: '02',
      merchant_name: p.merchant,
      purchase_amount: p.amount,
      purchase_currency: '392',
      purchase_exponent: '0',
      browser_ip: '203.0.113.42',
      browser_user_agent: 'Mozilla/5.0 (demo)',
      interaction_count: 1,
      created_at: at,
      updated_at: at,
    });
  }
}
