import type { FC } from 'hono/jsx';
import type { Catalogue, Lang } from '../../core/i18n.ts';

/** The trusted-merchant box of the browser challenge (issue #20 item 5; docs/risk.md "Trusted merchants"). */
const TEXTS: Catalogue<{ label: string; hint: string }> = {
  ja: {
    label: 'このお店を信頼できるお店に登録する',
    hint: '登録すると、このお店でのお買い物ではパスワードの入力を省略できる場合があります。e-net サービスでいつでも解除できます。',
  },
  en: {
    label: 'Add this shop to my trusted shops',
    hint: 'Purchases at a trusted shop may then go through without a password. You can remove it at any time in the e-net service.',
  },
};

/**
 * In small windows (01, 02, 04, or a frame under 440 px high: the page's compact rules) the box is one small line
 * without its hint, and the "code sent" info notice gives way to it (the purchase block still shows where the SMS
 * went), so every control still fits without scrolling (test/browser/challenge-sizes.browser.test.ts sizes).
 */
const smallRules = (p: string) => `
${p}.trust{gap:6px;margin-bottom:4px}
${p}.trust input{width:18px;height:18px;margin-top:0}
${p}.trust label{font-size:12px;line-height:1.3;min-height:0}
${p}.trust .hint{display:none}
${p}main:has(.trust) .notice.info{display:none}
`;

/** Its rules, added to the challenge page's style sheet (the page's CSP allows no inline style). */
export const TRUST_BOX_CSS = `
.trust{display:flex;align-items:flex-start;gap:8px;margin:0 0 10px}
.trust input{flex:none;width:22px;height:22px;margin:2px 0 0}
.trust label{font-size:14px;font-weight:600;line-height:1.5;min-height:26px}
.trust .hint{display:block;margin:0;font-weight:400}
${smallRules('.compact ')}
@media (max-height:440px){
${smallRules('')}
}
`;

/** Unticked by default: only the member's own tick adds the shop (the requestor merely offers it). */
export const TrustListBox: FC<{ lang: Lang }> = ({ lang }) => {
  const t = TEXTS[lang];
  return (
    <p class="trust">
      <input type="checkbox" id="trustMerchant" name="trustMerchant" value="1" aria-describedby="trust-hint" />
      <label for="trustMerchant">
        {t.label}
        <span id="trust-hint" class="hint">
          {t.hint}
        </span>
      </label>
    </p>
  );
};
