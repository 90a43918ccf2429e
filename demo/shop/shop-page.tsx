import type { FC } from 'hono/jsx';
import { SUPPORTED_VERSIONS } from '../../src/protocol/versions.ts';
import type { DemoCard } from '../seed/seed.ts';
import { PRODUCTS } from './catalogue.ts';
import { formatYen, type Lang, langQuery } from './lang.ts';
import { Layout, SimulatorBar } from './page.tsx';
import { shopText } from './text.ts';

export const DEFAULT_VERSION = '2.2.0';
export const WINDOW_SIZES = ['01', '02', '03', '04', '05'] as const;

interface ShopPageProps {
  lang: Lang;
  nonce: string;
  cards: readonly DemoCard[];
  error?: string;
  /** `?trust=1`: the order's AReq offers the trusted-merchant box (2.2.0 and 2.3.1). */
  offerTrustList?: boolean;
}

export const ShopPage: FC<ShopPageProps> = ({ lang, nonce, cards, error, offerTrustList }) => {
  const t = shopText(lang);
  return (
    <Layout lang={lang} title={t.shopName} nonce={nonce}>
      <SimulatorBar
        lang={lang}
        title={t.shopName}
        links={
          <a href={t.otherLangHref} hreflang={lang === 'ja' ? 'en' : 'ja'}>
            {t.otherLang}
          </a>
        }
      />
      <main>
        <p>{t.tagline}</p>
        <p class="note">{t.simulatorNote}</p>
        {error && (
          <p class="note" role="alert">
            {error}
          </p>
        )}
        <form method="post" action={`/demo/shop/checkout${langQuery(lang)}`}>
          <input type="hidden" name="lang" value={lang} />
          {offerTrustList && <input type="hidden" name="trustList" value="1" />}
          <h2>{t.chooseProduct}</h2>
          <fieldset class="products">
            <legend class="sr-only">{t.chooseProduct}</legend>
            {PRODUCTS.map((p, i) => (
              <label class="product">
                <input type="radio" name="product" value={p.id} checked={i === 0} required />
                <span class="glyph" aria-hidden="true">
                  {p.glyph}
                </span>
                <span>
                  <strong>{p.name[lang]}</strong>
                  <br />
                  <span class="muted">{p.description[lang]}</span>
                  <br />
                  <span class="price">{formatYen(lang, p.priceYen)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <h2>{t.payment}</h2>
          <fieldset>
            <label class="field" for="card">
              {t.card}
            </label>
            <select id="card" name="card" required>
              {cards.map((card) => (
                <option value={card.enetId}>
                  {lang === 'ja' ? card.label : card.labelEn} · {card.maskedPan}
                </option>
              ))}
            </select>
            <label class="field" for="windowSize">
              {t.windowSize}
            </label>
            <select id="windowSize" name="windowSize">
              {WINDOW_SIZES.map((size) => (
                <option value={size} selected={size === '05'}>
                  {t.windowSizes[size]}
                </option>
              ))}
            </select>
            <label class="field" for="messageVersion">
              {t.version}
            </label>
            <select id="messageVersion" name="messageVersion">
              {SUPPORTED_VERSIONS.map((v) => (
                <option value={v} selected={v === DEFAULT_VERSION}>
                  {v}
                  {v === DEFAULT_VERSION ? ` ${t.versionDefault}` : ''}
                </option>
              ))}
            </select>
          </fieldset>
          <div class="actions">
            <button type="submit">{t.buy}</button>
            <a class="button secondary" href={`/dev/phone${langQuery(lang)}`} target="_blank" rel="noopener">
              {t.phoneLink}
            </a>
            <a class="button secondary" href={`/dev/mail${langQuery(lang)}`} target="_blank" rel="noopener">
              {t.mailLink}
            </a>
          </div>
          <p class="muted">{t.phoneHint}</p>
        </form>
      </main>
    </Layout>
  );
};
