import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  CAVV_BYTES,
  type CvkPair,
  cavvKeyIndicatorForVersion,
  composeCavv,
  cvkPairFromDoubleLengthKey,
  generateCavv,
  verifyCavv,
} from './cavv.ts';
import { cvvAlgorithm, cvvKeys, cvvWithKeys, decimalise } from './cvv-algorithm.ts';

const hex = (text: string): Buffer => Buffer.from(text, 'hex');

// The CVK pair used by the published CVV test data below.
const TEST_A = hex('0123456789ABCDEF');
const TEST_B = hex('FEDCBA9876543210');

const KEY_1: CvkPair = { keyIndicator: 1, a: TEST_A, b: TEST_B };
const KEY_2: CvkPair = { keyIndicator: 2, a: hex('1F2E3D4C5B6A7988'), b: hex('0899AABBCCDDEEF1') };
const bothKeys = (indicator: number): CvkPair | undefined =>
  indicator === 1 ? KEY_1 : indicator === 2 ? KEY_2 : undefined;
const onlyKey1 = (indicator: number): CvkPair | undefined => (indicator === 1 ? KEY_1 : undefined);

const PAN = '4987654321098769';
const ATN = '3141592653589793';

describe('CVV algorithm', () => {
  // Visa CVV test data (CVKA 0123456789ABCDEF, CVKB FEDCBA9876543210), as reproduced in a Chinese card-issuing
  // guide: http://fsou.com/html/text/chl/848/84828_4.html ("测试数据"). The 13-digit rows show that the classic
  // CVV method concatenates PAN, expiry and service code and pads the block on the right.
  const visaTable: [pan: string, expiry: string, serviceCode: string, cvv: string][] = [
    ['4123456789012345', '8701', '101', '561'],
    ['4999988887777000', '9105', '111', '245'],
    ['4666655554444111', '9206', '120', '664'],
    ['4333322221111222', '9307', '141', '382'],
    ['4123456789012', '8701', '101', '370'],
    ['4999988887777', '9105', '111', '649'],
    ['4666655554444', '9206', '120', '821'],
    ['4333322221111', '9307', '141', '697'],
  ];
  for (const [pan, expiry, serviceCode, cvv] of visaTable) {
    it(`Visa test data: ${pan} ${expiry} ${serviceCode} → ${cvv}`, () => {
      assert.equal(cvvAlgorithm(TEST_A, TEST_B, `${pan}${expiry}${serviceCode}`), cvv);
    });
  }

  it('worked example with intermediate block 8D5625FA78011A0C → 856', () => {
    // http://topic.alibabacloud.com/a/algorithm-generation-7-cvn_8_8_31672247.html (PAN, 8701, service code 111)
    assert.equal(cvvAlgorithm(TEST_A, TEST_B, '41234567890123458701111'), '856');
    assert.equal(decimalise(hex('8D5625FA78011A0C'), 16), '8562578011035002');
  });

  it('jPOS JCESecurityModule CAVV vectors (A = B = 1234567812345678, i.e. single DES)', () => {
    // jpos/jPOS jpos/src/test/java/org/jpos/security/jceadapter/JCESecurityModuleTest.java, testCalculateCAVVImpl1/2
    const key = hex('1234567812345678');
    assert.equal(cvvAlgorithm(key, key, '123456789012' + '1108' + '0' + '00'), '204');
    assert.equal(cvvAlgorithm(key, key, '123456789012' + '1108' + '1' + '00'), '439');
  });

  it('one pair of ciphers serves every CVV computed with the key, in any order', () => {
    // cvvKeys' ciphers are never finalised (ECB, one block per update): the Visa table through one pair, twice
    // over, gives the same values as fresh ciphers each time.
    const keys = cvvKeys(TEST_A, TEST_B);
    for (let round = 0; round < 2; round++) {
      for (const [pan, expiry, serviceCode, cvv] of visaTable) {
        assert.equal(cvvWithKeys(keys, `${pan}${expiry}${serviceCode}`), cvv);
      }
    }
  });

  it('decimalises digits first, then A-F minus 10', () => {
    assert.equal(decimalise(hex('A1B2C3D4E5F6A7B8'), 3), '123');
    assert.equal(decimalise(hex('ABCDEFABCDEFAB12'), 3), '120');
    assert.equal(decimalise(hex('FFFFFFFFFFFFFFFF'), 4), '5555');
  });

  it('a 4-digit result extends the 3-digit one', () => {
    const data = '41234567890123458701101';
    assert.equal(cvvAlgorithm(TEST_A, TEST_B, data, 4).slice(0, 3), cvvAlgorithm(TEST_A, TEST_B, data, 3));
  });

  it('rejects bad keys and data', () => {
    assert.throws(() => cvvAlgorithm(Buffer.alloc(16), TEST_B, '1234'), RangeError);
    assert.throws(() => cvvAlgorithm(TEST_A, TEST_B, '12a4'), RangeError);
    assert.throws(() => cvvAlgorithm(TEST_A, TEST_B, '1'.repeat(33)), RangeError);
  });
});

describe('CAVV layout', () => {
  it('matches the go-cavv Visa vector (ARC 7, SFAC 00, key 01, ATN 9602231034727993)', () => {
    // pablom/go-cavv visa_cavv_test.go: CVV output 972, CAVV 0700010972799396022310347279930000000000.
    // A third-party implementation, not a Visa-published vector: no official CAVV vector was found.
    const raw = composeCavv(
      '4123456789012345',
      { authenticationResultsCode: 7, secondFactorCode: 0, keyIndicator: 1, atn: '9602231034727993' },
      TEST_A,
      TEST_B,
    );
    assert.equal(raw.toString('hex'), '0700010972799396022310347279930000000000');
  });

  it('lays out an authenticated SMS-OTP CAVV field by field', () => {
    const { cavv, eci } = generateCavv({ pan: PAN, kind: 'authenticated', method: 'sms_otp', atn: ATN, cvk: KEY_1 });
    assert.equal(eci, '05');
    assert.equal(cavv.length, 28);
    const raw = Buffer.from(cavv, 'base64');
    assert.equal(raw.length, CAVV_BYTES);
    const cvv = cvvAlgorithm(TEST_A, TEST_B, `${PAN}${ATN.slice(12)}002`);
    const fields = ['00', '02', '01', `0${cvv}`, ATN.slice(12), ATN, '00', '00000000'];
    assert.equal(raw.toString('hex'), fields.join(''));
  });

  it('lays out an attempts CAVV with results code 7 and second factor 98', () => {
    const { cavv, eci } = generateCavv({ pan: PAN, kind: 'attempts', atn: ATN, cvk: KEY_2 });
    assert.equal(eci, '06');
    assert.equal(Buffer.from(cavv, 'base64').subarray(0, 3).toString('hex'), '079802');
  });

  it('is deterministic for the same inputs', () => {
    const input = { pan: PAN, kind: 'attempts', atn: ATN, cvk: KEY_1 } as const;
    assert.equal(generateCavv(input).cavv, generateCavv(input).cavv);
  });

  it('uses the rightmost 16 PAN digits, and left-pads shorter PANs with zeros', () => {
    const long = generateCavv({ pan: `123${PAN}`, kind: 'attempts', atn: ATN, cvk: KEY_1 });
    assert.equal(long.cavv, generateCavv({ pan: PAN, kind: 'attempts', atn: ATN, cvk: KEY_1 }).cavv);
    const short = generateCavv({ pan: '4123456789012', kind: 'attempts', atn: ATN, cvk: KEY_1 });
    assert.equal(short.cavv, generateCavv({ pan: '0004123456789012', kind: 'attempts', atn: ATN, cvk: KEY_1 }).cavv);
  });

  it('refuses bad inputs', () => {
    const base = { kind: 'attempts', cvk: KEY_1 } as const;
    assert.throws(() => generateCavv({ ...base, pan: '4111-1111', atn: ATN }), RangeError);
    assert.throws(() => generateCavv({ ...base, pan: PAN, atn: '1234' }), RangeError);
    assert.throws(() => generateCavv({ ...base, pan: PAN, atn: ATN, cvk: { ...KEY_1, a: Buffer.alloc(16) } }));
    const badIndicator = { ...KEY_1, keyIndicator: 3 } as unknown as CvkPair;
    assert.throws(() => generateCavv({ ...base, pan: PAN, atn: ATN, cvk: badIndicator }), RangeError);
  });

  it('maps key ring material to CVK pairs and indicator slots', () => {
    const pair = cvkPairFromDoubleLengthKey(2, Buffer.concat([TEST_A, TEST_B]));
    assert.deepEqual(pair, { keyIndicator: 2, a: TEST_A, b: TEST_B });
    assert.deepEqual([1, 2, 3, 4].map(cavvKeyIndicatorForVersion), [1, 2, 1, 2]);
    assert.throws(() => cvkPairFromDoubleLengthKey(1, TEST_A), RangeError);
  });
});

describe('CAVV verification', () => {
  const authenticated = generateCavv({ pan: PAN, kind: 'authenticated', method: 'sms_otp', atn: ATN, cvk: KEY_1 });
  const attempts = generateCavv({ pan: PAN, kind: 'attempts', atn: ATN, cvk: KEY_2 });

  it('round-trips an authenticated CAVV', () => {
    assert.deepEqual(verifyCavv({ pan: PAN, cavv: authenticated.cavv, eci: '05', cvk: bothKeys }), {
      valid: true,
      kind: 'authenticated',
      method: 'sms_otp',
      atn: ATN,
      keyIndicator: 1,
    });
  });

  it('round-trips an attempts CAVV', () => {
    assert.deepEqual(verifyCavv({ pan: PAN, cavv: attempts.cavv, eci: '06', cvk: bothKeys, expectedAtn: ATN }), {
      valid: true,
      kind: 'attempts',
      atn: ATN,
      keyIndicator: 2,
    });
  });

  it('round-trips random ATNs and every authentication method', () => {
    const methods = ['static_passcode', 'sms_otp', 'app_otp', 'oob_app_login', 'frictionless'] as const;
    for (let i = 0; i < 50; i++) {
      const atn = Array.from({ length: 16 }, () => randomInt(10)).join('');
      const method = methods[i % methods.length]!;
      const made = generateCavv({ pan: PAN, kind: 'authenticated', method, atn, cvk: i % 2 ? KEY_1 : KEY_2 });
      const result = verifyCavv({ pan: PAN, cavv: made.cavv, eci: made.eci, cvk: bothKeys, expectedAtn: atn });
      assert.deepEqual(result, { valid: true, kind: 'authenticated', method, atn, keyIndicator: i % 2 ? 1 : 2 });
    }
  });

  it('rejects any changed byte of the CAVV (20 bytes × 4 bit patterns)', () => {
    for (const { cavv, eci } of [authenticated, attempts]) {
      const original = Buffer.from(cavv, 'base64');
      for (let index = 0; index < CAVV_BYTES; index++) {
        for (const flip of [0x01, 0x08, 0x10, 0x80]) {
          const tampered = Buffer.from(original);
          tampered[index] = tampered[index]! ^ flip;
          const result = verifyCavv({
            pan: PAN,
            cavv: tampered.toString('base64'),
            eci,
            cvk: bothKeys,
            expectedAtn: ATN,
          });
          assert.equal(result.valid, false, `byte ${index + 1} ^ 0x${flip.toString(16)} accepted`);
        }
      }
    }
  });

  it('without the stored ATN, ATN digits 1-12 are not covered (Visa computes the CVV over the last four only)', () => {
    const tampered = Buffer.from(authenticated.cavv, 'base64');
    tampered[7] = 0x99;
    const cavv = tampered.toString('base64');
    assert.equal(verifyCavv({ pan: PAN, cavv, eci: '05', cvk: bothKeys }).valid, true);
    assert.deepEqual(verifyCavv({ pan: PAN, cavv, eci: '05', cvk: bothKeys, expectedAtn: ATN }), {
      valid: false,
      reason: 'mismatch',
    });
  });

  it('rejects a wrong PAN', () => {
    // Fixed PANs: with a 3-digit CVV output about 1 wrong PAN in 1000 would pass (see docs/cavv.md).
    for (const pan of ['4987654321098777', '4111111111111111', '4987654321098', '4987654321098769001']) {
      assert.deepEqual(verifyCavv({ pan, cavv: authenticated.cavv, eci: '05', cvk: bothKeys }), {
        valid: false,
        reason: 'mismatch',
      });
    }
  });

  it('rejects an ECI that does not match the results code', () => {
    for (const eci of ['06', '07', '5', '', '02']) {
      assert.deepEqual(verifyCavv({ pan: PAN, cavv: authenticated.cavv, eci, cvk: bothKeys }), {
        valid: false,
        reason: 'eci_mismatch',
      });
    }
    for (const eci of ['05', '07']) {
      assert.deepEqual(verifyCavv({ pan: PAN, cavv: attempts.cavv, eci, cvk: bothKeys }), {
        valid: false,
        reason: 'eci_mismatch',
      });
    }
  });

  it('rejects malformed values', () => {
    const raw = Buffer.from(authenticated.cavv, 'base64');
    const withByte = (index: number, value: number): string => {
      const copy = Buffer.from(raw);
      copy[index] = value;
      return copy.toString('base64');
    };
    const malformed = [
      '',
      authenticated.cavv.slice(0, 27),
      `${authenticated.cavv}A`,
      authenticated.cavv.replace('=', 'A'),
      raw.toString('base64url'),
      raw.toString('hex'),
      `${authenticated.cavv.slice(0, 27)}!`,
      Buffer.alloc(21).toString('base64'),
      Buffer.alloc(CAVV_BYTES).toString('base64'), // key indicator 00
      withByte(0, 0x05), // results code 5 (U) never carries a CAVV
      withByte(1, 0x98), // second factor 98 with results code 0
      withByte(1, 0x0a), // not BCD
      withByte(5, 0x00), // unpredictable number differs from the ATN's last four digits
      withByte(15, 0x10), // CAVV version 1
      withByte(19, 0x01), // IP address bytes must be zero in version 0
      // 'B' sets one of the two trailing bits of a 20-byte value, which canonical base64 leaves zero.
      `${authenticated.cavv.slice(0, 26)}B=`,
    ];
    for (const cavv of malformed) {
      assert.deepEqual(
        verifyCavv({ pan: PAN, cavv, eci: '05', cvk: bothKeys }),
        { valid: false, reason: 'malformed' },
        cavv,
      );
    }
  });

  it('reports an unknown key indicator', () => {
    assert.deepEqual(verifyCavv({ pan: PAN, cavv: attempts.cavv, eci: '06', cvk: onlyKey1 }), {
      valid: false,
      reason: 'unknown_key',
    });
    const wrongSlot = () => ({ ...KEY_1, keyIndicator: 1 as const });
    assert.deepEqual(verifyCavv({ pan: PAN, cavv: attempts.cavv, eci: '06', cvk: wrongSlot }), {
      valid: false,
      reason: 'unknown_key',
    });
  });

  it('rejects a CAVV made under another key with the same indicator', () => {
    const other = (): CvkPair => ({ ...KEY_2, keyIndicator: 1 });
    assert.deepEqual(verifyCavv({ pan: PAN, cavv: authenticated.cavv, eci: '05', cvk: other }), {
      valid: false,
      reason: 'mismatch',
    });
  });

  it('rejects a different recorded ATN', () => {
    assert.deepEqual(
      verifyCavv({ pan: PAN, cavv: authenticated.cavv, eci: '05', cvk: bothKeys, expectedAtn: '3141592653589794' }),
      { valid: false, reason: 'mismatch' },
    );
  });

  it('throws on caller errors rather than answering for bad PAN or ATN input', () => {
    assert.throws(() => verifyCavv({ pan: '12', cavv: authenticated.cavv, eci: '05', cvk: bothKeys }), RangeError);
    assert.throws(
      () => verifyCavv({ pan: PAN, cavv: authenticated.cavv, eci: '05', cvk: bothKeys, expectedAtn: 'x' }),
      RangeError,
    );
  });
});
