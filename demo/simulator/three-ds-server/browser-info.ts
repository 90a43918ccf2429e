import { isIP } from 'node:net';
import type { MessageVersion } from '../../../src/protocol/versions.ts';

/** What the 3DS Server knows of the cardholder's browser (the AReq's browser fields). */
export interface BrowserInfo {
  acceptHeader: string;
  userAgent: string;
  ip: string | undefined;
  /** Accept-Language tags in order (2.3.1 acceptLanguage). */
  acceptLanguage: string[];
  /** navigator.language when the script ran, else the first Accept-Language tag. */
  language: string;
  javascriptEnabled: boolean;
  /** Only known when the collection script ran. */
  collected: CollectedByScript | undefined;
}

export interface CollectedByScript {
  screenWidth: string;
  screenHeight: string;
  colorDepth: number;
  /** Minutes from UTC as getTimezoneOffset() reports them (Japan: -540). */
  tz: string;
  javaEnabled: boolean;
}

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/** The browser form fields posted by the collection page (`js`, `screenWidth`, …) plus request headers. */
export function browserInfoFrom(
  form: Record<string, string | undefined>,
  headers: { accept?: string; userAgent?: string; acceptLanguage?: string },
  remoteAddress: string | undefined,
): BrowserInfo {
  const acceptLanguage = parseAcceptLanguage(headers.acceptLanguage);
  const scriptLanguage = form.language && LANGUAGE_TAG.test(form.language) ? form.language : undefined;
  const javascriptEnabled = form.js === '1';
  const screenWidth = digits(form.screenWidth, 6);
  const screenHeight = digits(form.screenHeight, 6);
  const colorDepth = digits(form.colorDepth, 3);
  const tz = form.tz && /^[+-]?\d{1,4}$/.test(form.tz) ? form.tz : undefined;
  const collected =
    javascriptEnabled && screenWidth && screenHeight && colorDepth && tz
      ? { screenWidth, screenHeight, colorDepth: Number(colorDepth), tz, javaEnabled: form.java === '1' }
      : undefined;
  return {
    acceptHeader: (headers.accept || 'text/html').slice(0, 2048),
    userAgent: (headers.userAgent || 'unknown').slice(0, 2048),
    ip: normaliseIp(remoteAddress),
    acceptLanguage,
    language: scriptLanguage ?? acceptLanguage[0] ?? 'ja-JP',
    javascriptEnabled: collected !== undefined,
    collected,
  };
}

function digits(value: string | undefined, max: number): string | undefined {
  return value && new RegExp(`^\\d{1,${max}}$`).test(value) ? value : undefined;
}

function parseAcceptLanguage(header: string | undefined): string[] {
  const tags = (header ?? '')
    .split(',')
    .map((part) => part.split(';')[0]?.trim() ?? '')
    .filter((tag) => LANGUAGE_TAG.test(tag) && tag.length <= 100)
    .slice(0, 99);
  return tags.length > 0 ? tags : ['ja-JP'];
}

function normaliseIp(address: string | undefined): string | undefined {
  const plain = address?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return plain && isIP(plain) !== 0 ? plain : undefined;
}

/** Colour depths 2.1.0/2.2.0 accept; 2.3.1 takes any 1–99 (fields.json browserColorDepth). */
const LISTED_DEPTHS = [1, 4, 8, 15, 16, 24, 32, 48];

function colorDepthFor(version: MessageVersion, depth: number): string {
  if (version === '2.3.1') return String(Math.min(99, Math.max(1, depth)));
  // A depth the list lacks (e.g. 30 on wide-gamut screens) is sent as the closest listed depth below it.
  return String(LISTED_DEPTHS.filter((d) => d <= depth).at(-1) ?? 1);
}

/** browserLanguage is 1–8 characters before 2.3.1 (1–35 in 2.3.1): a longer tag keeps its language subtag. */
function languageFor(version: MessageVersion, tag: string): string {
  const max = version === '2.3.1' ? 35 : 8;
  return tag.length <= max ? tag : (tag.split('-')[0] ?? 'ja').slice(0, max);
}

/**
 * The AReq's browser fields for a version. 2.2.0+ ask for screen, colour, time zone and Java only when
 * JavaScript ran (browserJavascriptEnabled); 2.1.0 always requires them, so usual defaults stand in.
 */
export function browserFields(version: MessageVersion, info: BrowserInfo): Record<string, string | boolean | string[]> {
  const fields: Record<string, string | boolean | string[]> = {
    browserAcceptHeader: info.acceptHeader,
    browserUserAgent: info.userAgent,
    ...(info.ip && { browserIP: info.ip }),
    browserLanguage: languageFor(version, info.language),
  };
  if (version !== '2.1.0') fields.browserJavascriptEnabled = info.javascriptEnabled;
  if (version === '2.3.1') fields.acceptLanguage = info.acceptLanguage;
  const screen =
    info.collected ??
    (version === '2.1.0'
      ? { screenWidth: '1920', screenHeight: '1080', colorDepth: 24, tz: '-540', javaEnabled: false }
      : undefined);
  if (screen) {
    fields.browserJavaEnabled = screen.javaEnabled;
    fields.browserColorDepth = colorDepthFor(version, screen.colorDepth);
    fields.browserScreenHeight = screen.screenHeight;
    fields.browserScreenWidth = screen.screenWidth;
    fields.browserTZ = screen.tz;
  }
  return fields;
}
