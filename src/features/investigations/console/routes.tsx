import { downloadHeaders } from '../../../app/http/headers.ts';
import { ServiceError } from '../../../core/errors.ts';
import { activeInvestigators, memberContact } from '../../../storage/repositories/case-reads.ts';
import type { Handler, Signed } from '../../console/guard.tsx';
import { type Ctx, formAll, withLang } from '../../console/http.ts';
import { sendConsolePage } from '../../console/page.tsx';
import { actorDirectory, actorName } from '../../console/service/audit-log.ts';
import { recentTransactions } from '../../portal/service/history.ts';
import { addAttachment, attachmentOf } from '../service/attachments.ts';
import { recordAnswer, requestCooperation } from '../service/cooperation.ts';
import { closeCase, recordDecision, reopenCase, reviewDecision } from '../service/decisions.ts';
import { declareDisaster, listDisasters, withdrawDisaster } from '../service/disasters.ts';
import {
  addContact,
  addNote,
  assignCase,
  QUESTIONS,
  recordFindings,
  refreshEvidence,
  setTransactionFacts,
} from '../service/facts.ts';
import { type DescribedPurchase, openCaseByInvestigator } from '../service/open.ts';
import { caseFile, caseQueue } from '../service/queries.ts';
import type { InvestigationRouteKey } from './access.ts';
import { CaseView } from './case-view.tsx';
import { DisastersView } from './disaster-view.tsx';
import { casePath, tl } from './parts.tsx';
import { NewCaseView, QueueView } from './queue-view.tsx';

const param = (c: Ctx, name: string) => c.req.param(name) ?? '';

/**
 * What the page an investigator lands on says after each case step (`?done=…`, docs/console.md): the member
 * actions' pattern (src/features/console/member-routes.tsx), so every step is confirmed in words.
 */
const DONE = {
  opened: ['調査を開始しました。', 'The case was opened.'],
  assigned: ['担当者を割り当てました。', 'The case was assigned.'],
  'evidence-refreshed': ['証跡を再収集しました。', 'The evidence was gathered again.'],
  findings: ['所見を記録しました。', 'The findings were recorded.'],
  'transaction-facts': ['対象取引の事実を記録しました。', 'The facts of the purchase were recorded.'],
  contact: ['IP アドレス・電話番号を記録しました。', 'The IP address or number was recorded.'],
  note: ['メモを追加しました。', 'The note was added.'],
  'cooperation-requested': [
    '会員への協力依頼を送りました。回答期限までに回答がない場合の扱いは規約第5条第3項第3号のとおりです。',
    'The cooperation request was sent to the member (terms art. 5-3-3 applies if the deadline passes).',
  ],
  'cooperation-answered': ['会員の回答を記録しました。', "The member's answer was recorded."],
  attached: ['ファイルを添付しました。', 'The file was attached.'],
  'decision-recorded': ['決定を記録しました。', 'The decision was recorded.'],
  'decision-proposed': [
    '決定案を記録しました。別の調査担当者の承認を待っています。',
    'The decision was proposed; it waits for a second investigator.',
  ],
  'decision-approved': ['決定案を承認しました。会員に通知します。', 'The decision was approved; the member is told.'],
  'decision-rejected': ['決定案を差し戻しました。', 'The decision was sent back.'],
  closed: ['調査を終了しました。', 'The case was closed.'],
  reopened: ['再調査を開始しました。', 'The case was reopened.'],
  'disaster-declared': ['災害等の期間を宣言しました。', 'The disaster period was declared.'],
  'disaster-withdrawn': ['災害等の期間の宣言を取り下げました。', 'The disaster period was withdrawn.'],
} as const satisfies Record<string, readonly [ja: string, en: string]>;
export type CaseDone = keyof typeof DONE;

/** The done-message of `?done=`, in the page's language; nothing for an unknown or absent key. */
export function caseDoneText(c: Ctx, s: Pick<Signed, 'lang'>): string | undefined {
  const key = c.req.query('done') ?? '';
  const pair = Object.hasOwn(DONE, key) ? DONE[key as CaseDone] : undefined;
  return pair ? tl(s)(pair[0], pair[1]) : undefined;
}

/** After a step: back to the page it was taken on, saying what was done. */
const doneAt = (c: Ctx, s: Signed, path: string, done: CaseDone) =>
  c.redirect(withLang(s.lang, `${path}?done=${done}`), 303);
const backToCase = (c: Ctx, s: Signed, done: CaseDone) => doneAt(c, s, casePath(param(c, 'id')), done);

async function investigators(s: Signed) {
  return activeInvestigators(s.web.deps.db);
}

/** Purchases the investigator described from the statement (rows left empty are ignored). */
function describedOf(s: Signed): DescribedPurchase[] {
  return [1, 2].flatMap((n) => {
    const v = (k: string) => s.f(`d${n}_${k}`);
    if (v('on') === '' && v('merchant') === '' && v('amount') === '') return [];
    return [
      {
        purchasedOn: v('on'),
        merchantName: v('merchant'),
        amount: v('amount'),
        currency: v('currency'),
        description: v('description'),
      },
    ];
  });
}

/** RFC 6266 filename for a download: ASCII fallback plus the UTF-8 name. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Handlers of INVESTIGATION_ROUTES. */
export const investigationHandlers = {
  'GET /console/cases': async (c, s) => {
    const filter = {
      state: c.req.query('state') ?? 'open',
      assignee: c.req.query('assignee') ?? '',
      overdue: c.req.query('overdue') === '1',
    };
    const [rows, people] = await Promise.all([
      caseQueue(s.web.deps.db, filter, s.web.deps.clock.now()),
      investigators(s),
    ]);
    return sendConsolePage(
      c,
      s,
      tl(s)('不正利用調査', 'Fraud cases'),
      <QueueView s={s} rows={rows} filter={filter} investigators={people} />,
    );
  },
  'GET /console/cases/new': async (c, s) => {
    const l = tl(s);
    const enetId = (c.req.query('enetId') ?? '').trim();
    let history: Awaited<ReturnType<typeof recentTransactions>> | undefined;
    let error: string | undefined;
    if (enetId !== '') {
      const member = await memberContact(s.web.deps.db, enetId);
      if (member) history = await recentTransactions(s.web.deps.db, enetId, 50);
      else error = l('会員が見つかりません', 'No such member');
    }
    return sendConsolePage(
      c,
      s,
      l('調査を開始', 'Open a case'),
      <NewCaseView s={s} enetId={enetId} history={history} {...(error && { error })} />,
    );
  },
  'POST /console/cases': async (c, s) => {
    const created = await openCaseByInvestigator(s.web.deps, s.op, {
      enetId: s.f('enetId'),
      source: s.f('source'),
      reportedAt: s.f('reportedAt'),
      summary: s.f('summary'),
      acsTransIds: await formAll(c, 'txn'),
      described: describedOf(s),
    });
    return doneAt(c, s, casePath(created.caseId), 'opened');
  },
  'GET /console/cases/:id': async (c, s) => {
    const deps = s.web.deps;
    const [file, directory] = await Promise.all([
      caseFile(deps.db, param(c, 'id'), deps.clock.now(), deps.config.FRAUD_APPROVAL_THRESHOLD_JPY),
      actorDirectory(deps.db),
    ]);
    const actor = (stored: string) => actorName(directory, stored, s.lang);
    return sendConsolePage(
      c,
      s,
      `${tl(s)('不正利用調査', 'Fraud case')} ${file.row.reference}`,
      <CaseView s={s} file={file} actor={actor} done={caseDoneText(c, s)} />,
    );
  },
  'GET /console/cases/:id/attachments/:attachmentId': async (c, s) => {
    const file = await attachmentOf(s.web.deps.db, param(c, 'id'), param(c, 'attachmentId'));
    return new Response(Buffer.from(file.bytes), {
      headers: {
        'Content-Type': file.contentType,
        'Content-Disposition': disposition(file.fileName),
        ...downloadHeaders(),
        // RFC 9530: the stored SHA-256, so the copy can be checked against the one received.
        'Repr-Digest': `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`,
      },
    });
  },
  'POST /console/cases/:id/assign': async (c, s) => {
    await assignCase(s.web.deps, s.op, param(c, 'id'), s.f('assignee'));
    return backToCase(c, s, 'assigned');
  },
  'POST /console/cases/:id/evidence': async (c, s) => {
    await refreshEvidence(s.web.deps, s.op, param(c, 'id'));
    return backToCase(c, s, 'evidence-refreshed');
  },
  'POST /console/cases/:id/findings': async (c, s) => {
    const answers = QUESTIONS.filter((q) => s.f(`finding_${q}`) !== '').map((q) => ({
      question: q,
      finding: s.f(`finding_${q}`),
      note: s.f(`note_${q}`),
    }));
    await recordFindings(s.web.deps, s.op, param(c, 'id'), answers);
    return backToCase(c, s, 'findings');
  },
  'POST /console/cases/:id/transactions': async (c, s) => {
    await setTransactionFacts(s.web.deps, s.op, param(c, 'id'), {
      transactionId: s.f('transaction'),
      delivery: s.f('delivery'),
      deliveryNote: s.f('deliveryNote'),
      origin: s.f('origin'),
      originNote: s.f('originNote'),
      originPhone: s.f('originPhone'),
    });
    return backToCase(c, s, 'transaction-facts');
  },
  'POST /console/cases/:id/contacts': async (c, s) => {
    await addContact(s.web.deps, s.op, param(c, 'id'), {
      kind: s.f('kind'),
      place: s.f('place'),
      owner: s.f('owner'),
      value: s.f('value'),
      note: s.f('note'),
    });
    return backToCase(c, s, 'contact');
  },
  'POST /console/cases/:id/notes': async (c, s) => {
    await addNote(s.web.deps, s.op, param(c, 'id'), { kind: s.f('kind'), body: s.f('body') });
    return backToCase(c, s, 'note');
  },
  'POST /console/cases/:id/cooperation': async (c, s) => {
    await requestCooperation(s.web.deps, s.op, param(c, 'id'), { question: s.f('question'), dueOn: s.f('dueOn') });
    return backToCase(c, s, 'cooperation-requested');
  },
  'POST /console/cases/:id/cooperation/answer': async (c, s) => {
    await recordAnswer(s.web.deps, s.op, param(c, 'id'), { requestId: s.f('request'), answer: s.f('answer') });
    return backToCase(c, s, 'cooperation-answered');
  },
  'POST /console/cases/:id/attachments': async (c, s) => {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File)) throw new ServiceError('invalid', 'choose a file to attach', 'file');
    await addAttachment(s.web.deps, s.op, param(c, 'id'), {
      fileName: file.name,
      contentType: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
      description: s.f('description'),
    });
    return backToCase(c, s, 'attached');
  },
  'POST /console/cases/:id/decision': async (c, s) => {
    const { approval } = await recordDecision(s.web.deps, s.op, param(c, 'id'), {
      outcome: s.f('outcome'),
      reasons: s.f('reasons'),
      overrideReason: s.f('overrideReason'),
    });
    return backToCase(c, s, approval === 'pending' ? 'decision-proposed' : 'decision-recorded');
  },
  'POST /console/cases/:id/approval': async (c, s) => {
    const verdict = s.f('verdict');
    await reviewDecision(s.web.deps, s.op, param(c, 'id'), { verdict, note: s.f('note') });
    return backToCase(c, s, verdict === 'approved' ? 'decision-approved' : 'decision-rejected');
  },
  'POST /console/cases/:id/close': async (c, s) => {
    await closeCase(s.web.deps, s.op, param(c, 'id'), s.f('note'));
    return backToCase(c, s, 'closed');
  },
  'POST /console/cases/:id/reopen': async (c, s) => {
    await reopenCase(s.web.deps, s.op, param(c, 'id'), s.f('reason'));
    return backToCase(c, s, 'reopened');
  },
  'GET /console/disasters': async (c, s) => {
    const rows = await listDisasters(s.web.deps.db);
    return sendConsolePage(
      c,
      s,
      tl(s)('災害等の宣言期間 (5-3-8)', 'Declared disaster periods (5-3-8)'),
      <DisastersView s={s} rows={rows} done={caseDoneText(c, s)} />,
    );
  },
  'POST /console/disasters': async (c, s) => {
    await declareDisaster(s.web.deps, s.op, {
      name: s.f('name'),
      startsAt: s.f('startsAt'),
      endsAt: s.f('endsAt'),
      note: s.f('note'),
    });
    return doneAt(c, s, '/console/disasters', 'disaster-declared');
  },
  'POST /console/disasters/:id/withdraw': async (c, s) => {
    await withdrawDisaster(s.web.deps, s.op, param(c, 'id'), s.f('reason'));
    return doneAt(c, s, '/console/disasters', 'disaster-withdrawn');
  },
} satisfies Record<InvestigationRouteKey, Handler>;
