import type { Finding, Relation } from './evidence.ts';
import type { TransactionRef, UsedFact } from './findings.ts';
import { isValidInstant, jstDateOf, jstTimeOf } from './jst-date.ts';
import { QUESTIONS, type Question } from './liability-clauses.ts';

/**
 * One plain sentence per fact an evaluator used, in Japanese or English, for the decision text a member
 * and an investigator read. Written for this product, not copied from the terms.
 */
export type Lang = 'ja' | 'en';

const JA_CHANNEL = { email: '電子メール', post: '郵送' } as const;

/** `2026-03-01` → `2026年3月1日` (ja) or unchanged (en). */
function dateText(date: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || lang === 'en') return date;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** An ISO instant from a fact, in Japan time. */
function instantText(iso: string, lang: Lang, withTime: boolean): string {
  const at = new Date(iso);
  if (!isValidInstant(at)) return iso;
  const date = dateText(jstDateOf(at), lang);
  if (!withTime) return date;
  return lang === 'ja' ? `${date} ${jstTimeOf(at)}` : `${date} ${jstTimeOf(at)} JST`;
}

function purchase(t: TransactionRef, lang: Lang): string {
  if (lang === 'ja') return t.merchantName ? `${t.merchantName}でのご利用` : '加盟店不明のご利用';
  return t.merchantName ? `The purchase at ${t.merchantName}` : 'A purchase (merchant unknown)';
}

const WORDING = new Map(QUESTIONS.map((q) => [q.name, q]));

/** The console form's label of a question: `5-3-1 認証情報を…` / `5-3 main text: …`. */
export function questionLabel(question: Question, lang: Lang): string {
  const q = WORDING.get(question);
  return q ? `${q.number} ${q.ask[lang]}` : question;
}

function findingText(question: Question, value: Finding, lang: Lang): string {
  const wording = WORDING.get(question);
  if (value === 'yes') return wording?.yes[lang] ?? question;
  const topic = wording?.topic[lang] ?? question;
  if (lang === 'ja') return value === 'no' ? `${topic}：該当しません。` : `${topic}：まだ確認中です。`;
  return value === 'no' ? `${topic}: no.` : `${topic}: not yet established.`;
}

const ADDRESS: Record<Relation | 'not_applicable', { ja: string; en: string }> = {
  member: { ja: '商品はご本人の住所に届けられていました。', en: 'the goods were delivered to your address.' },
  related_person: {
    ja: '商品はご家族など関係者の住所に届けられていました。',
    en: "the goods were delivered to a related person's address.",
  },
  unrelated: {
    ja: '商品はお客さまと関係のない住所に届けられていました。',
    en: 'the goods were delivered to an address unconnected to you.',
  },
  unknown: { ja: '商品のお届け先はまだ分かっていません。', en: 'where the goods went is not yet known.' },
  not_applicable: { ja: '商品の配送はありません。', en: 'nothing was delivered.' },
};

const ORIGIN: Record<Relation, { ja: string; en: string }> = {
  member: {
    ja: '接続元（IPアドレスまたは発信元の電話番号）はご本人の自宅・勤務先などでした。',
    en: 'it was made from your home or workplace (IP address or calling number).',
  },
  related_person: {
    ja: '接続元（IPアドレスまたは発信元の電話番号）はご家族など関係者の自宅・勤務先などでした。',
    en: "it was made from a related person's home or workplace (IP address or calling number).",
  },
  unrelated: {
    ja: '接続元（IPアドレスまたは発信元の電話番号）はお客さまや関係者とは関係のない場所でした。',
    en: 'it was made from a place unconnected to you or anyone related to you.',
  },
  unknown: {
    ja: '接続元（IPアドレスまたは発信元の電話番号）はまだ分かっていません。',
    en: 'where it was made from (IP address or calling number) is not yet known.',
  },
};

export function factText(fact: UsedFact, lang: Lang): string {
  const ja = lang === 'ja';
  switch (fact.name) {
    case 'finding':
      return findingText(fact.question, fact.value, lang);
    case 'objective_reason':
      return ja ? `判断の理由：${fact.reason}` : `Reason: ${fact.reason}`;
    case 'objective_reason_missing':
      return ja ? '判断の理由がまだ記録されていません。' : 'The reason for this judgment has not been recorded yet.';
    case 'cooperation_request': {
      const asked = instantText(fact.askedAt, lang, false);
      const due = dateText(fact.dueOn, lang);
      if (fact.state === 'overdue') {
        return ja
          ? `${asked}に調査へのご協力をお願いしましたが、回答期限の${due}を過ぎてもご回答がありません（${dateText(fact.today, lang)}現在）。`
          : `We asked for your cooperation on ${asked}; no answer had arrived by the due date ${due} (as of ${fact.today}).`;
      }
      if (fact.state === 'open' || fact.answeredAt === undefined) {
        return ja
          ? `${asked}にお願いした調査へのご協力は、回答期限（${due}）前で、ご回答をお待ちしています。`
          : `We asked for your cooperation on ${asked}; the answer is due by ${due} and has not arrived yet.`;
      }
      const answered = instantText(fact.answeredAt, lang, false);
      return ja
        ? `${asked}にお願いした調査へのご協力に、${answered}にご回答いただきました。`
        : `We asked for your cooperation on ${asked}; you answered on ${answered}.`;
    }
    case 'no_cooperation_requests':
      return ja
        ? '調査へのご協力のお願いはしていません。'
        : 'We have not asked you for anything in this investigation.';
    case 'statement_window': {
      const what = purchase(fact.transaction, lang);
      return ja
        ? `${what}（${dateText(fact.transactionDate, lang)}）：${dateText(fact.noticeDate, lang)}に${JA_CHANNEL[fact.channel]}でカード利用代金明細をお知らせし、不正利用のお届けは${dateText(fact.reportedOn, lang)}（お知らせの日から${fact.day}日目）でした。お届けの期限は60日目です。`
        : `${what} on ${fact.transactionDate}: statement notified ${fact.noticeDate} (${fact.channel}); reported ${fact.reportedOn} = day ${fact.day} (the last day in time is day 60).`;
    }
    case 'no_statement_notice':
      return ja
        ? `${purchase(fact.transaction, lang)}（${dateText(fact.transactionDate, lang)}）：このご利用を含む明細はまだお知らせしていません。`
        : `${purchase(fact.transaction, lang)} on ${fact.transactionDate}: no statement covering it has been notified yet.`;
    case 'transaction_date_unknown':
      return ja
        ? `${purchase(fact.transaction, lang)}：ご利用の日時が分かっていません。`
        : `${purchase(fact.transaction, lang)}: the date of the purchase is not known.`;
    case 'delivery_address':
      return `${purchase(fact.transaction, lang)}${ja ? '：' : ': '}${ADDRESS[fact.value][lang]}`;
    case 'origin':
      return `${purchase(fact.transaction, lang)}${ja ? '：' : ': '}${ORIGIN[fact.value][lang]}`;
    case 'disaster_period': {
      const at = instantText(fact.at, lang, true);
      const from = instantText(fact.period.startsAt, lang, true);
      const to = instantText(fact.period.endsAt, lang, true);
      return ja
        ? `${purchase(fact.transaction, lang)}（${at}）は、「${fact.period.name}」の期間（${from}から${to}まで）中のご利用です。`
        : `${purchase(fact.transaction, lang)} on ${at} falls within the declared period "${fact.period.name}" (${from} to ${to}).`;
    }
    case 'passkey_approval': {
      const registered = instantText(fact.registeredAt, lang, false);
      const approved = instantText(fact.approvedAt, lang, true);
      return ja
        ? `${purchase(fact.transaction, lang)}は、${approved}に、ご本人が${registered}に登録したパスキー「${fact.passkeyName}」で承認されました。パスキーは登録した端末の指紋・顔・画面ロックによる確認が必要で、当社のサイトでしか使えないため、偽のサイトを通して他人に使われることはありません（有力な証拠です）。`
        : `${purchase(fact.transaction, lang)} was approved on ${approved} with the passkey "${fact.passkeyName}" you registered on ${registered}. A passkey needs the fingerprint, face or screen lock of the registering device and works only on our site, so it cannot be relayed through a fake site (strong evidence).`;
    }
    case 'no_disaster_periods':
      return ja
        ? '戦争・大地震などによる大規模な混乱の期間は宣言されていません。'
        : 'No period of war, earthquake or similar disorder has been declared.';
    case 'no_transactions':
      return ja ? '調査の対象となるご利用が登録されていません。' : 'No disputed purchase is recorded.';
    case 'invalid_date': {
      const field =
        fact.field === 'noticeDate'
          ? ja
            ? '明細通知日'
            : 'statement notice date'
          : ja
            ? '回答期限'
            : 'answer due date';
      return ja
        ? `${field}「${fact.value}」は正しい日付ではありません。`
        : `The ${field} "${fact.value}" is not a valid date.`;
    }
  }
}
