import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.ts';
import type { AppEnv } from '../../app/http/app.ts';
import { verifyCavv } from '../../infra/crypto/cavv.ts';
import { cvkFor } from '../../infra/crypto/cavv-keys.ts';
import { claimCavvUse, transactionByCavv } from '../../storage/repositories/cavv-uses.ts';
import { requireToken } from './auth.ts';

const verifyBody = z.strictObject({
  pan: z.string().regex(/^\d{13,19}$/, 'must be 13 to 19 digits'),
  cavv: z.string().min(1).max(64),
  eci: z.string().regex(/^\d{2}$/, 'must be two digits'),
  acsTransID: z.uuid().optional(),
});

/**
 * POST /api/v1/cavv/verify — the issuer's authorization system asks whether a CAVV is genuine.
 * Valid only if it recomputes under our CVK for this PAN and ECI, we issued it for a transaction, and it
 * was not already verified for a different transaction. 4xx only for a malformed request.
 */
export function mountCavvVerify(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post('/api/v1/cavv/verify', requireToken(deps.db, deps.keys, 'cavv'), async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return c.json({ code: 'invalid_json', message: 'the body is not valid JSON' }, 400);
    }
    const parsed = verifyBody.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || undefined;
      return c.json(
        { code: 'invalid_body', message: `${field ?? 'body'}: ${issue.message}`, ...(field && { field }) },
        400,
      );
    }
    const { pan, cavv, eci, acsTransID } = parsed.data;
    const check = verifyCavv({ pan, cavv, eci, cvk: (ki) => cvkFor(deps.keys, ki, deps.clock.now()) });
    if (!check.valid) return c.json({ valid: false, reason: check.reason });
    const txn = await transactionByCavv(deps.db, cavv);
    if (!txn || txn.eci !== eci) return c.json({ valid: false, reason: 'unknown_transaction' });
    if (acsTransID && acsTransID !== txn.acs_trans_id) return c.json({ valid: false, reason: 'transaction_mismatch' });
    const cavvMac = deps.keys.mac('cavv', cavv);
    const firstUse = await claimCavvUse(deps.db, cavvMac, txn.acs_trans_id, deps.clock.now());
    if (firstUse !== txn.acs_trans_id) return c.json({ valid: false, reason: 'already_used' });
    return c.json({ valid: true, kind: check.kind, acsTransID: txn.acs_trans_id });
  });
}
