import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MethodPage } from '../../demo/shop/flow-pages.tsx';
import { encodeBase64urlJson } from '../../demo/simulator/encoding.ts';
import { compIndOf, newTransaction } from '../../demo/simulator/three-ds-server/flow.ts';
import { methodFormData, receiveMethodNotification } from '../../demo/simulator/three-ds-server/method.ts';
import { ServerTransactions } from '../../demo/simulator/three-ds-server/transactions.ts';
import { ManualClock } from '../../src/core/clock.ts';

const clock = new ManualClock();

function transaction(methodURL: string | undefined) {
  return newTransaction(clock, {
    lang: 'ja',
    productId: 'matcha',
    amountYen: 3980,
    cardKey: 'demo-taro',
    windowSize: '05',
    version: '2.2.0',
    methodURL,
  });
}

test('threeDSCompInd: U without a method URL, N until the ACS notifies, Y once it has', () => {
  const store = new ServerTransactions();
  assert.equal(compIndOf(transaction(undefined)), 'U');
  const txn = transaction('http://127.0.0.1/3ds/method');
  store.add(txn);
  methodFormData(clock, txn, 'http://127.0.0.1/demo/3ds-server/method-notify');
  assert.equal(compIndOf(txn), 'N');
  assert.equal(receiveMethodNotification(clock, store, 'not base64url!'), undefined);
  const notified = receiveMethodNotification(
    clock,
    store,
    encodeBase64urlJson({ threeDSServerTransID: txn.threeDSServerTransID }),
  );
  assert.equal(notified, txn);
  assert.equal(compIndOf(txn), 'Y');
  assert.deepEqual(
    txn.entries.map((e) => e.label),
    ['3DS Method', '3DS Method notification'],
  );
});

test('the requestor page waits 5 s for the 3DS Method, then continues (threeDSCompInd N)', async () => {
  const page = MethodPage({
    lang: 'ja',
    nonce: 'n',
    order: { productName: 'matcha', amountYen: 3980, maskedPan: '4111 11** **** 1111' },
    threeDSServerTransID: 'id',
    authenticateAction: '/demo/3ds-server/authenticate',
    method: { url: 'http://127.0.0.1/3ds/method', threeDSMethodData: 'e30' },
  });
  const html = String(await page?.toString());
  assert.deepEqual(
    [...html.matchAll(/setTimeout\(go,(\d+)\)/g)].map((m) => m[1]),
    ['5000'],
  );
});
