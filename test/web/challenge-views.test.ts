import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChallengeNotice, ChallengePageView, FinalCResView } from '../../src/core/challenge-view.ts';
import { formatAmount } from '../../src/core/format.ts';
import { chooseLang } from '../../src/core/i18n.ts';
import {
  renderChallengeError,
  renderChallengePage,
  renderFinalCRes,
} from '../../src/features/authentication/page/views.tsx';

const NONCE = 'bm9uY2Utdjk4NzY1';

function pageView(overrides: Partial<ChallengePageView> = {}): ChallengePageView {
  return {
    lang: 'ja',
    cspNonce: NONCE,
    windowSize: '05',
    actionUrl: '/3ds/challenge',
    formToken: 'tok.abc-123',
    issuerName: 'ninsho カード',
    merchantName: 'デモショップ',
    amount: '¥129,800',
    maskedPhone: '090-****-5678',
    codeValidityMinutes: 5,
    notice: undefined,
    enetIdValue: '',
    canResend: true,
    ...overrides,
  };
}

function finalView(overrides: Partial<FinalCResView> = {}): FinalCResView {
  return {
    lang: 'ja',
    cspNonce: NONCE,
    windowSize: '05',
    end: 'authenticated',
    notificationUrl: 'https://shop.example/3ds/notify',
    cres: 'eyJtZXNzYWdlVHlwZSI6IkNSZXMifQ',
    threeDSSessionData: 'c2Vzc2lvbi0x',
    ...overrides,
  };
}

/** The opening tag of the element carrying `name="…"` (and `value="…"` when given). */
function tagWith(html: string, name: string, value?: string): string {
  const tags = html.match(/<(?:input|button)\b[^>]*>/g) ?? [];
  const found = tags.find(
    (tag) => tag.includes(`name="${name}"`) && (value === undefined || tag.includes(`value="${value}"`)),
  );
  assert.ok(found, `no control named ${name}`);
  return found;
}

/** Attribute names only: quoted values are blanked first (the escaper turns any `"` inside them into `&quot;`). */
function assertNoInlineAttributes(html: string) {
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    const names = tag.replace(/"[^"]*"/g, '""');
    assert.doesNotMatch(names, /\sstyle\s*=/i, tag);
    assert.doesNotMatch(names, /\son[a-z]+\s*=/i, tag);
  }
}

describe('challenge page', () => {
  it('is a Japanese document by default with the binding form controls', () => {
    const html = renderChallengePage(pageView());
    assert.match(html, /^<!doctype html><html lang="ja">/);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1"/);
    assert.match(html, /<form method="post" action="\/3ds\/challenge">/);
    assert.match(tagWith(html, 'token'), /type="hidden"[^>]*value="tok\.abc-123"/);
    const enet = tagWith(html, 'enetId');
    assert.match(enet, /autocomplete="username"/);
    assert.match(enet, /id="enetId"/);
    assert.match(enet, /autofocus=""/);
    const otp = tagWith(html, 'otp');
    for (const attr of ['autocomplete="one-time-code"', 'inputmode="numeric"', 'maxlength="6"', 'id="otp"']) {
      assert.ok(otp.includes(attr), attr);
    }
    assert.doesNotMatch(otp, /autofocus/);
    assert.match(html, /<label for="enetId">/);
    assert.match(html, /<label for="otp">/);
    assert.match(tagWith(html, 'action', 'submit'), /type="submit"/);
    const resend = tagWith(html, 'resend', '1');
    assert.match(resend, /formnovalidate=""/);
    assert.doesNotMatch(resend, /disabled/);
    assert.match(tagWith(html, 'cancel', '1'), /formnovalidate=""/);
    assert.match(tagWith(html, 'lang', 'en'), /formnovalidate=""/);
    assert.match(html, /ご本人確認/);
    assert.match(html, /デモショップ/);
    assert.match(html, /¥129,800/);
    assert.match(html, /090-\*\*\*\*-5678/);
    assert.match(html, /有効期限は、送信から 5 分間です/);
    assert.match(html, /お電話でワンタイムパスワードをお尋ねすることは一切ありません/);
  });

  it('puts the submit button before every other button, so Enter submits the code', () => {
    const html = renderChallengePage(pageView());
    const first = /<button\b[^>]*>/.exec(html)?.[0] ?? '';
    assert.match(first, /name="action" value="submit"/);
  });

  it('disables resend when it is not allowed and focuses the code once the ID is known', () => {
    const html = renderChallengePage(pageView({ canResend: false, enetIdValue: 'member_1' }));
    assert.match(tagWith(html, 'resend'), /disabled=""/);
    assert.match(tagWith(html, 'enetId'), /value="member_1"/);
    assert.doesNotMatch(tagWith(html, 'enetId'), /autofocus/);
    assert.match(tagWith(html, 'otp'), /autofocus=""/);
  });

  it('speaks English with lang="en" and offers the switch back to Japanese', () => {
    const html = renderChallengePage(
      pageView({ lang: 'en', actionUrl: '/3ds/challenge?lang=en', amount: 'JPY 129,800' }),
    );
    assert.match(html, /^<!doctype html><html lang="en">/);
    assert.match(html, /action="\/3ds\/challenge\?lang=en"/);
    assert.match(html, /Enter your e-net service ID/);
    assert.match(tagWith(html, 'lang', 'ja'), /lang="ja"/);
    assert.match(html, /SMS sent to/);
  });

  const notices: [ChallengeNotice, 'alert' | 'status', RegExp][] = [
    [{ kind: 'code_sent' }, 'status', /SMS でお送りしました/],
    [{ kind: 'code_resent' }, 'status', /新しいワンタイムパスワード/],
    [
      { kind: 'wrong_credentials', attemptsLeft: 2 },
      'alert',
      /e-net サービス ID またはワンタイムパスワードが正しくありません。あと 2 回/,
    ],
    [{ kind: 'code_expired' }, 'alert', /有効期限が切れました/],
    [{ kind: 'resend_cooldown', secondsLeft: 42 }, 'status', /42 秒後/],
    [{ kind: 'resend_limit' }, 'alert', /上限/],
    [{ kind: 'send_failed' }, 'alert', /送信できませんでした/],
    [{ kind: 'sms_paused' }, 'alert', /メンテナンス/],
    [{ kind: 'stale_form' }, 'alert', /画面の情報が古く/],
    [{ kind: 'missing_fields' }, 'alert', /入力してください/],
  ];
  for (const [notice, role, text] of notices) {
    it(`shows ${notice.kind} with role="${role}"`, () => {
      const html = renderChallengePage(pageView({ notice }));
      const m = /<p id="notice" role="(alert|status)"[^>]*>([^<]*)<\/p>/.exec(html);
      assert.ok(m, 'notice rendered');
      assert.equal(m[1], role);
      assert.match(m[2] ?? '', text);
    });
  }

  it('never says which of the two credentials was wrong, in English either', () => {
    const html = renderChallengePage(pageView({ lang: 'en', notice: { kind: 'wrong_credentials', attemptsLeft: 1 } }));
    assert.match(html, /The e-net service ID or the one-time password is incorrect\. 1 attempt left\./);
  });

  it('uses the compact layout and the short guidance for windows 01, 02 and 04', () => {
    for (const windowSize of ['01', '02', '04'] as const) {
      const html = renderChallengePage(pageView({ windowSize }));
      assert.match(html, new RegExp(`<body class="compact w${windowSize}">`));
      assert.match(html, /有効期限 5 分・他人には教えないでください/);
      assert.doesNotMatch(html, /お尋ねすることは一切ありません/);
    }
    assert.match(renderChallengePage(pageView({ windowSize: '03' })), /<body class="w03">/);
  });

  it('renders hostile merchant and issuer names inert', () => {
    const hostile = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
    for (const name of hostile) {
      const html = renderChallengePage(
        pageView({ merchantName: name, issuerName: name, enetIdValue: name, formToken: name }),
      );
      assert.doesNotMatch(html, /<script>alert/);
      assert.doesNotMatch(html, /<img/);
      assert.doesNotMatch(html, /<script\b/);
      assert.ok(
        html.includes('&lt;script&gt;alert(1)&lt;/script&gt;') ||
          html.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'),
      );
      assertNoInlineAttributes(html);
    }
  });

  it('has only the one nonce-bearing style element, no style= or on*= attributes, and nothing external', () => {
    const html = renderChallengePage(pageView({ notice: { kind: 'code_expired' }, windowSize: '01' }));
    assert.equal(html.match(/<style\b/g)?.length, 1);
    assert.match(html, new RegExp(`<style nonce="${NONCE}">`));
    assert.doesNotMatch(html, /<script\b/);
    assert.doesNotMatch(html, /(?:src|href)="(?:https?:)?\/\//);
    assert.doesNotMatch(html, /@import|url\(/);
    assertNoInlineAttributes(html);
  });
});

describe('final CRes page', () => {
  it('posts cres and threeDSSessionData to the notification URL, with a visible button and the nonce script', () => {
    const html = renderFinalCRes(finalView());
    assert.match(html, /^<!doctype html><html lang="ja">/);
    assert.match(html, /<form id="cres-form" method="post" action="https:\/\/shop\.example\/3ds\/notify">/);
    assert.match(tagWith(html, 'cres'), /type="hidden"[^>]*value="eyJtZXNzYWdlVHlwZSI6IkNSZXMifQ"/);
    assert.match(tagWith(html, 'threeDSSessionData'), /value="c2Vzc2lvbi0x"/);
    assert.match(html, /<button type="submit" class="primary">続ける<\/button>/);
    assert.equal(html.match(/<script\b/g)?.length, 1);
    assert.match(
      html,
      new RegExp(`<script nonce="${NONCE}">document\\.getElementById\\("cres-form"\\)\\.submit\\(\\);</script>`),
    );
    assert.match(html, /認証が完了しました/);
    assertNoInlineAttributes(html);
  });

  it('leaves out threeDSSessionData when there is none, and speaks English', () => {
    const html = renderFinalCRes(finalView({ lang: 'en', threeDSSessionData: undefined, end: 'cancelled' }));
    assert.match(html, /<html lang="en">/);
    assert.doesNotMatch(html, /threeDSSessionData/);
    assert.match(html, />Continue<\/button>/);
    assert.match(html, /Authentication cancelled/);
  });

  it('has a message for every outcome', () => {
    const ends = ['authenticated', 'failed', 'cancelled', 'timed_out', 'locked', 'suspended'] as const;
    const titles = new Set(ends.map((end) => /<h1>([^<]+)<\/h1>/.exec(renderFinalCRes(finalView({ end })))?.[1]));
    assert.equal(titles.size, ends.length);
  });

  it('never posts to a non-http notification URL', () => {
    const html = renderFinalCRes(finalView({ notificationUrl: 'javascript:alert(1)' }));
    assert.doesNotMatch(html, /<form|<script|javascript:/);
    assert.match(html, /ショップの画面に戻り/);
  });
});

describe('error page', () => {
  it('explains each kind in plain words and sends the member back to the shop', () => {
    for (const kind of ['bad_request', 'unknown_transaction', 'expired', 'already_completed'] as const) {
      const ja = renderChallengeError({ lang: 'ja', cspNonce: NONCE, kind });
      assert.match(ja, /^<!doctype html><html lang="ja">/);
      assert.match(ja, /ショップの画面に戻り、もう一度/);
      assertNoInlineAttributes(ja);
      const en = renderChallengeError({ lang: 'en', cspNonce: NONCE, kind });
      assert.match(en, /<html lang="en">/);
      assert.match(en, /go back to the shop and try your purchase again/);
    }
  });
});

describe('formatAmount', () => {
  it('formats yen without minor units', () => {
    assert.equal(formatAmount('129800', '392', '0', 'ja'), '¥129,800');
    assert.equal(formatAmount('129800', '392', '0', 'en'), 'JPY 129,800');
    assert.equal(formatAmount('0', '392', '0', 'ja'), '¥0');
  });

  it('formats dollars with two minor units', () => {
    assert.equal(formatAmount('1234', '840', '2', 'ja'), 'US$12.34');
    assert.equal(formatAmount('1234', '840', '2', 'en'), 'USD 12.34');
    assert.equal(formatAmount('5', '840', '2', 'en'), 'USD 0.05');
    assert.equal(formatAmount('123456789', '978', '2', 'ja'), '€1,234,567.89');
  });

  it('uses the code where Japanese has no common symbol, and the ISO minor units when the exponent is missing', () => {
    assert.equal(formatAmount('1250', '756', '2', 'ja'), 'CHF 12.50');
    assert.equal(formatAmount('1250', '840', null, 'ja'), 'US$12.50');
  });

  it('falls back to "<code> <amount>" for an unknown currency', () => {
    assert.equal(formatAmount('1234567', '999', '2', 'ja'), '999 12,345.67');
    assert.equal(formatAmount('1234567', '999', '0', 'en'), '999 1,234,567');
  });

  it('keeps every digit of long amounts and returns "" without an amount', () => {
    assert.equal(
      formatAmount('000000000000000000001234567890123456789012', '392', '0', 'ja'),
      '¥1,234,567,890,123,456,789,012',
    );
    assert.equal(formatAmount(null, '392', '0', 'ja'), '');
    assert.equal(formatAmount('12a', '392', '0', 'ja'), '');
  });
});

describe('chooseLang', () => {
  it('lets ?lang= win', () => {
    assert.equal(chooseLang('en', 'ja'), 'en');
    assert.equal(chooseLang('ja', 'en-US'), 'ja');
    assert.equal(chooseLang('EN', undefined), 'en');
  });

  it('follows the best-ranked supported Accept-Language, Japanese by default', () => {
    assert.equal(chooseLang(undefined, undefined), 'ja');
    assert.equal(chooseLang(undefined, ''), 'ja');
    assert.equal(chooseLang('fr', 'en-US,en;q=0.9'), 'en');
    assert.equal(chooseLang(undefined, 'ja,en-US;q=0.9,en;q=0.8'), 'ja');
    assert.equal(chooseLang(undefined, 'fr-FR, en;q=0.8, ja;q=0.5'), 'en');
    assert.equal(chooseLang(undefined, 'ja;q=0.4, en-GB;q=0.7'), 'en');
    assert.equal(chooseLang(undefined, 'en;q=0, ja;q=0.1'), 'ja');
    assert.equal(chooseLang(undefined, 'fr, de'), 'ja');
    assert.equal(chooseLang(undefined, 'en;q=abc'), 'ja');
    assert.equal(chooseLang(undefined, '*, en;q=0.5'), 'ja');
  });
});
