export type Lang = 'ja' | 'en';

/**
 * docs/interfaces.md: pages are Japanese unless `?lang=en` (or a posted `lang` field) or an Accept-Language whose
 * first preference is English asks otherwise.
 */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined, posted?: string): Lang {
  const explicit = query ?? posted;
  if (explicit === 'en' || explicit === 'ja') return explicit;
  const first = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((e) => e.tag !== '' && e.q > 0)
    .sort((a, b) => b.q - a.q)[0];
  return first?.tag.startsWith('en') ? 'en' : 'ja';
}

/** `?lang=en` appended to our own links when the page is English (Japanese is the default). */
export function langQuery(lang: Lang, prefix: '?' | '&' = '?'): string {
  return lang === 'en' ? `${prefix}lang=en` : '';
}

export function formatYen(lang: Lang, amount: number): string {
  return lang === 'ja' ? `${amount.toLocaleString('ja-JP')} 円` : `JPY ${amount.toLocaleString('en-US')}`;
}
