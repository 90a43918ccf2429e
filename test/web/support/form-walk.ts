import fc from 'fast-check';
import type { Role } from '../../../src/features/console/service/roles.ts';
import type { Db } from '../../../src/storage/database.ts';
import { ConsoleClient, makeOperator } from '../../console/support.ts';
import { PortalClient, seedPortalMember } from '../../portal/support.ts';
import type { TestServer } from '../../support/server.ts';

/** A form found on a page: where it posts, its fields, the hidden values it carries (the CSRF token). */
export interface FoundForm {
  action: string;
  method: 'get' | 'post';
  multipart: boolean;
  fields: string[];
  files: string[];
  hidden: Record<string, string>;
}

/** A signed-in browser of one surface: a cookie, the pages it can open. */
export interface Visitor {
  name: string;
  pages: string[];
  send(path: string, init?: { method?: string; body?: string | FormData; type?: string }): Promise<number>;
  page(path: string): Promise<string>;
}

/** Query parameters the portal and console read (grep `c.req.query(` in src/web). */
export const QUERY_NAMES = [
  'lang',
  'q',
  'page',
  'next',
  'state',
  'assignee',
  'overdue',
  'enetId',
  'mailing',
  'before',
  'done',
  'token',
  'kind',
  'sent',
  'txn',
  'answered',
  'accepted',
  'from',
  'to',
  'merchant',
  'id',
  'cardRef',
  'last4',
  'expiry',
  'phone',
  'actor',
  'action',
  'subject',
];

/** Forms whose success ends the session the walk runs in (they are still reached by the route walk). */
const SESSION_ENDING = /\/(sign-out|logout|revoke-all|unregister)$|\/operators\/[^/]+\/change$/;

/** Text a hostile client may type: NUL, lone surrogates, huge Unicode, markup, numbers out of range. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u202e\u200b',
    '𠮷'.repeat(3000),
    'あ'.repeat(30_000),
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '9'.repeat(400),
    '-1',
    '2026-02-30',
    '',
  ),
);

/** Raw query values, sent as they are (bad percent-encodings, encoded NUL and surrogates). */
export const hostileQuery: fc.Arbitrary<string> = fc.oneof(
  hostileText.map((s) => new URLSearchParams({ v: s }).toString().slice(2)),
  fc.constantFrom('%00', 'a%00b', '%ED%A0%80', '%', '%zz', '%C0%AF', '..%2F..%2F', '%F0%9F'),
);

function unescapeHtml(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

export function formsOf(html: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1] ?? '';
    const inner = m[2] ?? '';
    const action = unescapeHtml(/\baction="([^"]*)"/.exec(attrs)?.[1] ?? '');
    if (!action.startsWith('/')) continue;
    const form: FoundForm = {
      action,
      method: /\bmethod="post"/i.test(attrs) ? 'post' : 'get',
      multipart: /multipart\/form-data/.test(attrs),
      fields: [],
      files: [],
      hidden: {},
    };
    for (const f of inner.matchAll(/<(input|textarea|select|button)\b([^>]*)>/g)) {
      const a = f[2] ?? '';
      const name = /\bname="([^"]+)"/.exec(a)?.[1];
      if (!name) continue;
      const value = unescapeHtml(/\bvalue="([^"]*)"/.exec(a)?.[1] ?? '');
      if (name === 'csrf') form.hidden[name] = value;
      else if (/\btype="file"/.test(a)) form.files.push(name);
      else if (!form.fields.includes(name)) form.fields.push(name);
    }
    forms.push(form);
  }
  return forms;
}

/** Every form of every page a visitor can open (POST forms that would end the session left out). */
export async function formsOfVisitor(v: Visitor): Promise<FoundForm[]> {
  const seen = new Map<string, FoundForm>();
  for (const path of v.pages) {
    for (const form of formsOf(await v.page(path))) {
      const key = `${form.method} ${form.action.split('?')[0]}`;
      if (form.method === 'post' && SESSION_ENDING.test(form.action.split('?')[0] ?? '')) continue;
      if (!seen.has(key)) seen.set(key, form);
    }
  }
  return [...seen.values()];
}

/** Sends a form with the given field values (the CSRF token kept); answers the HTTP status. */
export function submit(v: Visitor, form: FoundForm, values: Record<string, string>): Promise<number> {
  const all = { ...values, ...form.hidden };
  if (form.method === 'get') {
    const query = new URLSearchParams(all).toString();
    return v.send(`${form.action}${form.action.includes('?') ? '&' : '?'}${query}`);
  }
  if (form.multipart) {
    const data = new FormData();
    for (const [k, s] of Object.entries(all)) data.append(k, s);
    for (const name of form.files) data.append(name, new Blob([values[name] ?? 'x']), 'evidence.txt');
    return v.send(form.action, { method: 'POST', body: data });
  }
  return v.send(form.action, {
    method: 'POST',
    body: new URLSearchParams(all).toString(),
    type: 'application/x-www-form-urlencoded',
  });
}

function cookieVisitor(
  server: TestServer,
  name: string,
  cookie: string,
  token: () => string,
  pages: string[],
): Visitor {
  const send: Visitor['send'] = async (path, init = {}) => {
    const headers: Record<string, string> = { cookie: `${cookie}=${token()}`, origin: server.url };
    if (init.type) headers['content-type'] = init.type;
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body,
      redirect: 'manual',
    });
    await res.arrayBuffer();
    return res.status;
  };
  const page = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, {
      headers: { cookie: `${cookie}=${token()}` },
      redirect: 'manual',
    });
    return res.text();
  };
  return { name, pages, send, page };
}

/** GET pages of a surface from the routes the app registers, path parameters filled with real ids. */
function pagesOf(server: TestServer, prefix: string, enetId: string): string[] {
  const pages = new Set<string>();
  for (const r of server.server.app.routes) {
    if (r.method !== 'GET' || !r.path.startsWith(prefix) || r.path.includes('*')) continue;
    pages.add(r.path.replace(':enetId', enetId).replace(/:[A-Za-z]+/g, 'x1'));
  }
  return [...pages];
}

/** A signed-in portal member and signed-in console operators of the given roles. */
export async function signedInVisitors(
  server: TestServer,
  db: Db,
  roles: Role[] = ['admin', 'operator', 'investigator'],
) {
  const holder = await seedPortalMember(db, server.keys);
  const portal = new PortalClient(server.url);
  await portal.signIn(holder.enetId);
  const visitors: Visitor[] = [
    cookieVisitor(
      server,
      'portal',
      '__Host-ninsho_enet',
      () => portal.cookie ?? '',
      pagesOf(server, '/enet', holder.enetId),
    ),
  ];
  for (const role of roles) {
    const op = await makeOperator(db, server.keys, role);
    const client = new ConsoleClient(server.url);
    await client.signIn(op.principal.username, op.password, op.secret);
    visitors.push(
      cookieVisitor(
        server,
        `console ${role}`,
        '__Host-ninsho_console',
        () => client.token,
        pagesOf(server, '/console', holder.enetId),
      ),
    );
  }
  return { visitors, enetId: holder.enetId };
}
