/**
 * The browser half of a WebAuthn ceremony, sent as one small nonce'd inline script (no external resources):
 * base64url <-> ArrayBuffer, navigator.credentials.create/get, and the JSON the server verifies put into the
 * form's hidden `credential` field before the form is posted. Options come from a JSON data block
 * (`<script type="application/json" id="webauthn-options">`), which the CSP never executes.
 * `mode` is `create` (portal registration) or `get` (challenge approval).
 */
export function ceremonyScript(mode: 'create' | 'get'): string {
  return `(() => {
  const form = document.getElementById('webauthn-form');
  const out = document.getElementById('webauthn-error');
  if (!form || !out) return;
  const b2a = (s) => { const p = s.replace(/-/g, '+').replace(/_/g, '/'); const b = atob(p + '==='.slice((p.length + 3) % 4)); return Uint8Array.from(b, (c) => c.charCodeAt(0)).buffer; };
  const a2b = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  const show = (key) => { out.textContent = out.dataset[key] || ''; out.hidden = false; };
  if (!window.PublicKeyCredential || !navigator.credentials) { show('unsupported'); return; }
  form.addEventListener('submit', async (event) => {
    if (form.dataset.ready === '1') return;
    event.preventDefault();
    if (!form.reportValidity()) return;
    const o = JSON.parse(document.getElementById('webauthn-options').textContent);
    o.challenge = b2a(o.challenge);
    if (o.user) o.user.id = b2a(o.user.id);
    for (const c of o.excludeCredentials || []) c.id = b2a(c.id);
    for (const c of o.allowCredentials || []) c.id = b2a(c.id);
    try {
      const cred = await navigator.credentials.${mode}({ publicKey: o });
      const r = cred.response;
      const response = { clientDataJSON: a2b(r.clientDataJSON) };
      if (r.attestationObject) { response.attestationObject = a2b(r.attestationObject); response.transports = r.getTransports ? r.getTransports() : []; }
      if (r.authenticatorData) { response.authenticatorData = a2b(r.authenticatorData); response.signature = a2b(r.signature); if (r.userHandle) response.userHandle = a2b(r.userHandle); }
      form.elements.credential.value = JSON.stringify({ id: cred.id, rawId: a2b(cred.rawId), type: cred.type, response, clientExtensionResults: cred.getClientExtensionResults() });
      form.dataset.ready = '1';
      form.requestSubmit();
    } catch (e) {
      form.dispatchEvent(new CustomEvent('webauthn-failed', { detail: String(e && e.name) }));
      show('cancelled');
    }
  });
})();`;
}
