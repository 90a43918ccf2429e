import type { Hono } from 'hono';
import type { AppDeps } from '../../app/deps.ts';
import type { AppEnv } from '../../app/http/app.ts';
import { dummyPasswordHash } from '../../infra/crypto/password.ts';
import { mountPasskeyRoutes } from '../passkeys/portal-routes.tsx';
import { mountTrustedMerchantRoutes } from '../risk/trusted-portal-routes.tsx';
import { mountTermsRoutes } from '../terms/portal-routes.tsx';
import { mountAuthRoutes } from './auth-routes.tsx';
import { mountEnrollmentRoutes } from './enrollment-routes.tsx';
import { mountHomeRoutes } from './home-routes.tsx';
import { createPortalWeb } from './http.ts';
import { mountPhoneRoutes } from './phone-routes.tsx';
import { mountRecordRoutes } from './record-routes.tsx';

/**
 * The member portal (e-net service) under /enet: terms art. 2 (phone registration, change, lost/stolen lock,
 * unregistration), 4-3 and 12 (terms consent), 5-2 (fraud report), plus history. See docs/portal.md.
 */
export function mountPortal(app: Hono<AppEnv>, deps: AppDeps): void {
  const web = createPortalWeb(deps);
  // Computed now so the first unknown-ID sign-in costs no more than a wrong password.
  void dummyPasswordHash();
  mountAuthRoutes(app, web);
  mountHomeRoutes(app, web);
  mountPhoneRoutes(app, web);
  mountEnrollmentRoutes(app, web);
  mountRecordRoutes(app, web);
  mountTermsRoutes(app, web);
  mountPasskeyRoutes(app, web);
  mountTrustedMerchantRoutes(app, web);
}
