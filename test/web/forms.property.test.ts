import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  type FoundForm,
  formsOfVisitor,
  hostileQuery,
  hostileText,
  QUERY_NAMES,
  signedInVisitors,
  submit,
  type Visitor,
} from './support/form-walk.ts';

/**
 * Issue 14 item 7: random text (NUL, lone surrogates, huge Unicode, markup) in every form field and every
 * query parameter of the portal and the console, signed in: never a 5xx.
 */
forEachDialect('portal and console forms and query strings under random text', (getDb) => {
  let server: TestServer;
  let visitors: Visitor[];
  before(async () => {
    server = await startTestServer(getDb());
    visitors = (await signedInVisitors(server, getDb().db)).visitors;
  });
  after(() => server.close());

  test('every form field of every page: never a 5xx', async () => {
    let forms = 0;
    let sent = 0;
    for (const visitor of visitors) {
      const found: FoundForm[] = await formsOfVisitor(visitor);
      forms += found.length;
      for (const form of found) {
        const fields = [...form.fields, ...form.files];
        if (fields.length === 0) continue;
        await fc.assert(
          fc.asyncProperty(fc.record(Object.fromEntries(fields.map((f) => [f, hostileText]))), async (values) => {
            sent++;
            const status = await submit(visitor, form, values);
            assert.ok(status < 500, `${visitor.name} ${form.method} ${form.action}: ${status}`);
          }),
          { numRuns: 6 },
        );
      }
    }
    console.log(`# ${forms} forms on ${visitors.length} signed-in visitors, ${sent} submissions, no 5xx`);
    assert.ok(forms >= 20, `only ${forms} forms found`);
  });

  test('every query parameter of every page: never a 5xx', async () => {
    let sent = 0;
    for (const visitor of visitors) {
      for (const path of visitor.pages) {
        await fc.assert(
          fc.asyncProperty(
            fc.dictionary(fc.constantFrom(...QUERY_NAMES), hostileQuery, { minKeys: 1, maxKeys: 4 }),
            async (params) => {
              sent++;
              const query = Object.entries(params)
                .map(([k, v]) => `${k}=${v}`)
                .join('&');
              const status = await visitor.send(`${path}?${query}`);
              assert.ok(status < 500, `${visitor.name} GET ${path}?${query}: ${status}`);
            },
          ),
          { numRuns: 4 },
        );
      }
    }
    console.log(`# ${sent} query strings, no 5xx`);
  });
});
