import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { purchaseSmsText } from '../../src/core/sms-text.ts';
import { encodeGsm7, encodeUcs2, smsEncodingFor, smsLayout } from '../../src/infra/channels/sms/gsm.ts';
import { isDeliveryReceipt, parseDeliveryReceipt } from '../../src/infra/channels/sms/smpp-receipt.ts';
import { OTP_TEXT } from '../support/sms-contract.ts';

describe('sms encoding', () => {
  it('uses GSM-7 for the default alphabet and UCS-2 for anything else', () => {
    assert.equal(smsEncodingFor('Your code is 123456. @localhost #123456'), 'gsm7');
    assert.equal(smsEncodingFor('Price €5 {ok} [x]'), 'gsm7');
    assert.equal(smsEncodingFor('ご本人確認コード'), 'ucs2');
    assert.equal(smsEncodingFor('naïve'), 'ucs2');
  });

  it('keeps the contract OTP text within one UCS-2 segment', () => {
    assert.deepEqual(smsLayout(OTP_TEXT).segments, 1);
    assert.equal(smsLayout(OTP_TEXT).encoding, 'ucs2');
  });

  // Issue #18 item 6: the purchase SMS names the merchant, is courteous, and is ONE UCS-2 segment.
  it('keeps the purchase SMS in one segment for a long merchant name, cutting the name with …', () => {
    const base = { issuerShortName: 'ninshoカード', amount: '¥3,980', code: '493817', validMinutes: 10 };
    for (const host of ['localhost:8080', 'acs.example.jp', 'acs.card.example.co.jp']) {
      for (const merchantName of [
        'ヨドバシ・ドット・コム オンラインストア 新宿西口本店 家電・カメラ・パソコン',
        'A VERY LONG MERCHANT NAME INTERNATIONAL TRADING COMPANY LIMITED',
        '😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀',
        'Shop',
      ]) {
        const text = purchaseSmsText({ ...base, merchantName, host });
        const layout = smsLayout(text);
        assert.deepEqual([layout.encoding, layout.segments], ['ucs2', 1], `${layout.units}: ${text}`);
        assert.ok(text.endsWith(`@${host} #493817`), text);
        assert.match(text, /^【ninshoカード】認証コード493817\n/);
        assert.match(text, /他人に教えないでください/);
        const shown = text.split('\n')[1] ?? '';
        // only a long host leaves no room at all for an emoji name; the code and warning still go out
        if (shown === '他人に教えないでください' && host.length > 20 && merchantName.startsWith('😀')) continue;
        const prefix = shown.replace(/….*$/, '').replace(/ ¥3,980$/, '');
        assert.ok(prefix.length >= 1 && merchantName.startsWith(prefix), `merchant named: ${shown}`);
        assert.ok(!/[\uD800-\uDBFF]$/.test(prefix), 'no half surrogate pair');
      }
    }
  });

  it('keeps short merchant names whole with the amount and validity', () => {
    const text = purchaseSmsText({
      issuerShortName: 'ninshoカード',
      merchantName: 'Shop',
      amount: '¥3,980',
      code: '111111',
      validMinutes: 10,
      host: 'a.jp',
    });
    assert.equal(
      text,
      '【ninshoカード】認証コード111111\nShop ¥3,980\n10分有効・他人に教えないでください\n@a.jp #111111',
    );
  });

  it('counts 70 UCS-2 units per single segment and 67 per concatenated part', () => {
    assert.deepEqual(smsLayout('あ'.repeat(70)), { encoding: 'ucs2', units: 70, segments: 1 });
    assert.deepEqual(smsLayout('あ'.repeat(71)), { encoding: 'ucs2', units: 71, segments: 2 });
    assert.deepEqual(smsLayout('あ'.repeat(134)), { encoding: 'ucs2', units: 134, segments: 2 });
    assert.deepEqual(smsLayout('あ'.repeat(135)), { encoding: 'ucs2', units: 135, segments: 3 });
  });

  it('counts 160 septets single, 153 per part, extension characters as two', () => {
    assert.equal(smsLayout('a'.repeat(160)).segments, 1);
    assert.equal(smsLayout('a'.repeat(161)).segments, 2);
    assert.deepEqual(smsLayout('€'.repeat(80)), { encoding: 'gsm7', units: 160, segments: 1 });
    assert.equal(smsLayout('a'.repeat(306)).segments, 2);
    assert.equal(smsLayout('a'.repeat(307)).segments, 3);
  });

  it('never splits a surrogate pair or an escape sequence across parts', () => {
    // 66 units then a 2-unit emoji: the emoji starts part two
    assert.equal(smsLayout(`${'あ'.repeat(66)}😀${'あ'.repeat(66)}`).segments, 3);
    assert.equal(smsLayout(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments, 3);
  });

  it('encodes GSM-7 unpacked with escapes and UCS-2 as UTF-16BE', () => {
    assert.equal(encodeGsm7('@A€\n').toString('hex'), '00411b650a');
    assert.equal(encodeUcs2('あ😀').toString('hex'), '3042d83dde00');
    assert.throws(() => encodeGsm7('あ'), RangeError);
  });
});

describe('smpp delivery receipts', () => {
  const text =
    'id:7f00a1 sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:?? 123456';

  it('recognises the receipt message type in esm_class', () => {
    assert.equal(isDeliveryReceipt(0x04), true);
    assert.equal(isDeliveryReceipt(0x44), true);
    assert.equal(isDeliveryReceipt(0x00), false);
    assert.equal(isDeliveryReceipt(0x08), false);
  });

  it('reads id, stat and err from the receipt text and drops the echoed message text', () => {
    const report = parseDeliveryReceipt({ text });
    assert.deepEqual(report, { providerMessageId: '7f00a1', status: 'delivered', detail: 'stat:DELIVRD err:000' });
    assert.ok(!JSON.stringify(report).includes('123456'));
  });

  it('prefers receipted_message_id and message_state TLVs over the text', () => {
    assert.deepEqual(parseDeliveryReceipt({ text, receiptedMessageId: 'ABC', messageState: 5 }), {
      providerMessageId: 'ABC',
      status: 'failed',
      detail: 'stat:UNDELIV err:000',
    });
  });

  it('maps final and intermediate states', () => {
    const stat = (s: string) => parseDeliveryReceipt({ text: `id:1 stat:${s} err:001` })?.status;
    assert.deepEqual(['EXPIRED', 'DELETED', 'UNDELIV', 'REJECTD', 'UNKNOWN', 'ENROUTE', 'ACCEPTD'].map(stat), [
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'sent',
      'sent',
    ]);
  });

  it('ignores receipts without an id or with an unknown state, and stat: inside the echoed text', () => {
    assert.equal(parseDeliveryReceipt({ text: 'stat:DELIVRD' }), null);
    assert.equal(parseDeliveryReceipt({ text: 'id:1 stat:WHATEVER' }), null);
    assert.equal(parseDeliveryReceipt({ text: 'id:1 sub:001 text:stat:DELIVRD' }), null);
  });
});
