/** The languages our pages speak. Japanese is the default (docs/interfaces.md, "HTML conventions"). */
export type Lang = 'ja' | 'en';

const DEFAULT_LANG: Lang = 'ja';

/** One set of texts per language; each page family declares its own text shape `T`. */
export type Catalogue<T> = Readonly<Record<Lang, T>>;

function isLang(value: string | undefined): value is Lang {
  return value === 'ja' || value === 'en';
}

// A real Accept-Language has a handful of entries; a long one is padding or an attack, never a preference.
const MAX_ENTRIES = 32;
const QVALUE = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * `?lang=en|ja` (or a posted `lang` field) wins; otherwise the supported language the browser ranks highest
 * in Accept-Language (ties go to the one listed first; `*` counts as the default); otherwise Japanese.
 */
export function chooseLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  const explicit = query?.trim().toLowerCase();
  if (isLang(explicit)) return explicit;
  if (!acceptLanguage) return DEFAULT_LANG;

  let best: Lang = DEFAULT_LANG;
  let bestQ = 0;
  for (const entry of acceptLanguage.split(',', MAX_ENTRIES)) {
    const [rawTag = '', ...params] = entry.split(';');
    const lang = supportedLang(rawTag.trim().toLowerCase());
    if (lang === undefined) continue;
    const q = qualityOf(params);
    if (q > bestQ) {
      best = lang;
      bestQ = q;
    }
  }
  return best;
}

function supportedLang(tag: string): Lang | undefined {
  if (tag === '*') return DEFAULT_LANG;
  const primary = tag.split('-', 1)[0];
  return isLang(primary) ? primary : undefined;
}

/** RFC 9110 §12.4.2 weight; a malformed one makes the entry unusable (0). */
function qualityOf(params: readonly string[]): number {
  for (const param of params) {
    const p = param.trim();
    if (!p.toLowerCase().startsWith('q=')) continue;
    return QVALUE.test(p) ? Number(p.slice(2)) : 0;
  }
  return 1;
}
