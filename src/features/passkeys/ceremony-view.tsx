import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { ceremonyScript } from './browser-script.ts';

/** Embeds JSON in a data block: `<` escaped so no text can close the element. */
export function jsonBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Where the script tells the member the browser cannot, or the authenticator did not (hidden until then). */
export const CeremonyError: FC<{ unsupported: string; cancelled: string }> = ({ unsupported, cancelled }) => (
  <p
    id="webauthn-error"
    class="notice alert"
    role="alert"
    hidden
    data-unsupported={unsupported}
    data-cancelled={cancelled}
  />
);

/** The options as a data block (never executed) and the nonce'd script that runs the ceremony on submit. */
export const CeremonyScript: FC<{ mode: 'create' | 'get'; options: unknown; nonce: string }> = ({
  mode,
  options,
  nonce,
}) => (
  <>
    <script type="application/json" id="webauthn-options">
      {raw(jsonBlock(options))}
    </script>
    <script nonce={nonce}>{raw(ceremonyScript(mode))}</script>
  </>
);
