/**
 * Key-ring contexts (the AES-GCM additional data) of sealed columns whose writers and readers live in different
 * places: the feature that seals, and key rotation (key-rotation.ts), which re-seals every stored ciphertext.
 */

/** A trusted merchant's name (trusted_merchants.merchant_name_enc, migration 0022). */
export const TRUSTED_NAME_CONTEXT = 'trusted-merchant';

/** One officer's CVK component, bound to its ceremony and number (cvk_components.component_enc). */
export function componentContext(ceremonyId: string, number: number | string): string {
  return `cvk-component:${ceremonyId}:${number}`;
}
