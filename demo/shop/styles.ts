/** The demo's whole stylesheet, inlined with the page's CSP nonce (no external resources). */
export const DEMO_CSS = `
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;color:#1d2330;background:#f6f4ef;line-height:1.6}
body.frame{background:#fff}
header.bar{background:#1f3b57;color:#fff;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}
header.bar a{color:#fff}
.sim{font-size:.75rem;background:#f2b134;color:#1d2330;border-radius:.25rem;padding:.1rem .4rem;font-weight:600}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.25rem 0}
h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
.products{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.75rem;padding:0;margin:0;border:0}
.product{background:#fff;border:2px solid #e2ddd2;border-radius:.6rem;padding:.75rem;display:flex;gap:.6rem;align-items:flex-start;cursor:pointer}
.product:has(input:checked){border-color:#1f3b57}
.glyph{flex:none;width:2.6rem;height:2.6rem;border-radius:50%;background:#1f3b57;color:#fff;display:flex;align-items:center;justify-content:center;font-size:1.25rem;font-weight:700}
.price{font-weight:700}
.muted{color:#5b6170;font-size:.9rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
fieldset{border:1px solid #e2ddd2;border-radius:.6rem;background:#fff;padding:.75rem;margin:.75rem 0}
label.field{display:block;margin:.5rem 0 .2rem;font-weight:600}
select,button,input[type=text]{font:inherit;max-width:100%}
select{width:100%;padding:.45rem;border-radius:.4rem;border:1px solid #b9b3a6;background:#fff}
button,.button{display:inline-block;background:#1f3b57;color:#fff;border:0;border-radius:.5rem;padding:.65rem 1.2rem;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#e9e5dc;color:#1d2330}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin:1rem 0}
.note{background:#fff8e6;border-left:4px solid #f2b134;padding:.6rem .8rem;border-radius:.3rem;font-size:.92rem}
.challenge-frame{display:block;margin:1rem auto;border:1px solid #b9b3a6;background:#fff;max-width:100%}
.challenge-frame.full{width:100%;height:80vh}
.hidden-frame{position:absolute;width:0;height:0;border:0;visibility:hidden}
.result{background:#fff;border-radius:.6rem;padding:1rem;border-left:6px solid #8a8f99}
.result.good{border-left-color:#2e7d32}.result.bad{border-left-color:#c62828}.result.warn{border-left-color:#f2b134}
dl.figures{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:.75rem 0}
dl.figures dt{font-weight:600}dl.figures dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
dl.figures dd.plain{font-family:inherit;word-break:normal}
.inspector details{background:#fff;border:1px solid #e2ddd2;border-radius:.5rem;margin:.4rem 0}
.inspector summary{cursor:pointer;padding:.5rem .75rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}
.inspector pre{margin:0;padding:.75rem;overflow:auto;background:#1d2330;color:#e8e6e1;font-size:.8rem;border-radius:0 0 .5rem .5rem}
.tag{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:700}
.ok{color:#2e7d32}.ng{color:#c62828}
.phone{max-width:24rem;margin:1rem auto;background:#111;border-radius:2rem;padding:1rem .75rem 1.5rem}
.screen{background:#eef1f5;border-radius:1.25rem;min-height:32rem;padding:.75rem;overflow:hidden}
.screen h1{font-size:1rem;text-align:center;margin:.25rem 0 .75rem}
.sms{background:#fff;border-radius:1rem;padding:.6rem .8rem;margin:.5rem 0;box-shadow:0 1px 1px rgba(0,0,0,.08)}
.sms .meta{display:flex;justify-content:space-between;gap:.5rem;font-size:.75rem;color:#5b6170}
.sms p{margin:.3rem 0 0;white-space:pre-wrap;word-break:break-word}
.mailbox{max-width:46rem;margin:1rem auto;padding:0 1rem}
.mail{background:#fff;border:1px solid #d5d9e0;border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}
.mail h2{font-size:1rem;margin:0 0 .25rem}
.mail .meta{display:flex;flex-wrap:wrap;gap:.75rem;font-size:.8rem;color:#4a5060}
.mail-body{white-space:pre-wrap;word-break:break-word;font:inherit;margin:.5rem 0 0}
.empty{text-align:center;color:#5b6170;margin-top:3rem}
`;
