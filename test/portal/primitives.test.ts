import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { sameOrigin } from '../../src/app/http/csrf.ts';
import { safeNext } from '../../src/features/portal/auth-routes.tsx';
import { hashPassword, needsRehash, verifyPassword } from '../../src/infra/crypto/password.ts';

describe('password hashing (scrypt)', () => {
  test('stored form names its parameters; verifies only the right password; salts differ', async () => {
    const a = await hashPassword('パスワード correct horse');
    const b = await hashPassword('パスワード correct horse');
    assert.match(a, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('パスワード correct horse', a), true);
    assert.equal(await verifyPassword('パスワード correct horsf', a), false);
    assert.equal(needsRehash(a), false);
  });

  test('malformed or hostile hashes never verify (and never ask for huge memory)', async () => {
    for (const bad of ['', 'plain', '$scrypt$ln=30,r=8,p=1$AAAA$BBBB', '$argon2id$v=19$m=65536,t=3,p=4$x$y']) {
      assert.equal(await verifyPassword('x', bad), false);
      assert.equal(needsRehash(bad), true);
    }
    assert.equal(await verifyPassword(randomBytes(200).toString('hex'), await hashPassword('short one here')), false);
  });
});

describe('CSRF origin check and redirect targets', () => {
  const us = 'https://acs.example.jp';
  test('Origin must equal ours; Referer stands in only when Origin is absent', () => {
    assert.equal(sameOrigin(us, undefined, us), true);
    assert.equal(sameOrigin('https://acs.example.jp.evil.example', undefined, us), false);
    assert.equal(sameOrigin('null', `${us}/enet`, us), false);
    assert.equal(sameOrigin(undefined, `${us}/enet/lost`, us), true);
    assert.equal(sameOrigin(undefined, 'https://evil.example/enet', us), false);
    assert.equal(sameOrigin(undefined, undefined, us), false);
  });

  test('only portal paths follow a re-authentication', () => {
    assert.equal(safeNext('/enet/phone'), '/enet/phone');
    for (const bad of [
      '//evil.example',
      'https://evil.example',
      '/enet/../admin',
      '/enetx',
      undefined,
      '/enet/phone?x=1',
    ])
      assert.equal(safeNext(bad), '/enet');
  });
});
