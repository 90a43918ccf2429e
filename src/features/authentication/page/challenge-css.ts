/** The challenge page's own style sheet (views.tsx adds it to the base layout's). */

/*
 * Sizes: the default suits 03 (500x600) and 05. The compact rules apply to windows 01, 02 and 04 (400 px high)
 * AND to any frame under 440 px high whatever the CReq asked for; under 300 px high (400x250: a merchant
 * library that swaps window 01's sides, issue #18 item 7) the page goes landscape: one line for the purchase,
 * the two inputs side by side, submit and resend on one row. キャンセル is never beside SMS を再送信: it is a
 * link-style button on the bottom row, on the other side from where a resend tap lands. Tap targets stay at
 * least 36 px high.
 */
const compactRules = (p: string) => `
${p}main{padding:8px 10px}
${p}.brand{gap:8px;margin-bottom:6px}
${p}.logo{width:28px;height:28px}
${p}.issuer{font-size:12px}
${p}h1{font-size:16px}
${p}.purchase{gap:0 8px;padding:5px 8px;margin-bottom:6px}
${p}.purchase dt{font-size:12px}
${p}.purchase .amount{font-size:15px}
${p}.notice{padding:5px 8px;margin-bottom:6px;font-size:13px}
${p}.field{margin-bottom:6px}
${p}.field label{margin-bottom:1px;font-size:13px}
${p}.field input{min-height:40px;padding:6px 10px}
${p}button{min-height:40px;padding:6px 10px}
${p}.foot{margin-top:4px}
${p}.guide{margin-top:0;font-size:12px}
${p}.links{margin-top:2px}
${p}.hint{margin:8px 0 6px}
`;

export const CHALLENGE_CSS = `
.purchase{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;padding:10px 12px;margin-bottom:12px;background:#f1f4f9;border-radius:8px}
.purchase dt{font-size:13px;color:#454545;align-self:center}
.purchase dd{font-weight:600}
.purchase .amount{font-size:18px}
.purchase .phone{overflow-wrap:normal}
.intro{margin-bottom:12px}
#otp{letter-spacing:.15em;font-variant-numeric:tabular-nums}
.actions{display:flex;flex-wrap:wrap;gap:8px}
.actions .primary{flex:1 1 100%}
.actions .resend{flex:1 1 100%}
.guide{margin-top:16px;font-size:13px;color:#3b3b3b}
.guide ul{margin:4px 0 0;padding-left:1.2em}
.links{display:flex;justify-content:space-between;align-items:center;gap:8px;margin-top:8px}
.links button.link{min-height:36px}
.links .cancel{margin-left:-8px}
.compact{font-size:14px}
.passkey{margin-bottom:10px}
.passkey a.primary{display:flex;align-items:center;justify-content:center;min-height:44px;padding:8px 14px;font-weight:600;color:#fff;background:#0b3d91;border-radius:6px;text-decoration:none}
.passkey .hint{margin:4px 0}
.passkey form{display:flex;justify-content:space-between;gap:8px}
details.sms>summary{min-height:36px;padding:6px 0;font-weight:600;color:#0b3d91;cursor:pointer}
form.sms button.link{min-height:36px;padding:6px 0;font-weight:600}
${compactRules('.compact ')}
.w01 .purchase dd{font-size:13px}
@media (max-height:440px){
body{font-size:14px}
${compactRules('')}
}
@media (max-height:300px){
:root main{padding:4px 10px}
:root .brand{margin-bottom:2px}
:root .brand .logo{display:none}
:root .brand>div{display:flex;align-items:baseline;gap:8px}
:root .issuer{font-size:11px}
:root h1{font-size:14px}
:root .purchase{grid-template-columns:auto 1fr auto auto;padding:2px 8px;margin-bottom:4px;font-size:12px}
:root .purchase dt{font-size:11px}
:root .purchase dd:first-of-type{grid-column:2 / span 3}
:root .purchase dd,:root .purchase .amount{font-size:13px}
:root .notice{padding:2px 8px;margin-bottom:4px;font-size:12px}
:root .field{margin-bottom:4px}
:root .field label{font-size:12px}
:root .field input,:root button{min-height:36px;padding:4px 10px}
:root .actions{flex-wrap:nowrap}
:root .actions .primary{flex:3 1 0}
:root .actions .resend{flex:2 1 0}
:root .foot{display:flex;align-items:center;gap:8px;margin-top:8px}
:root .links{display:contents}
:root .links .cancel{order:1}
:root .guide{order:2;flex:1 1 0;font-size:11px;text-align:center}
:root .links button[name="lang"]{order:3}
}
@media (max-width:300px) and (max-height:440px){
:root .brand{margin-bottom:4px}
:root .logo{width:20px;height:20px}
:root .brand>div{display:flex;align-items:baseline;flex-wrap:wrap;gap:0 6px}
:root .field{margin-bottom:4px}
:root .field input,:root button{min-height:36px;padding:4px 8px}
:root .actions{flex-wrap:nowrap}
:root .actions .primary{flex:1 1 0}
:root .actions .resend{flex:0 1 auto;white-space:nowrap;font-size:13px}
:root .purchase{line-height:1.3;padding:4px 8px}
:root .notice{font-size:12px;line-height:1.4}
:root .foot{margin-top:8px}
:root .guide{font-size:11px}
:root .links{margin-top:0}
}
@media (min-width:360px) and (max-height:300px),(min-width:480px){
.fields{display:grid;grid-template-columns:1fr 1fr;gap:0 12px}
}
@media (min-width:480px){
.compact .actions{flex-wrap:nowrap}
.compact .actions .primary{flex:3 1 0}
.compact .actions .resend{flex:2 1 0}
}
`;
