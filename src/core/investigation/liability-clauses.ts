import type { ReasonedFinding } from './clause-answers.ts';
import { nonCooperation } from './clause-cooperation.ts';
import { deliveryOrOrigin, socialDisorder } from './clause-evidence.ts';
import { lateReport } from './clause-statement.ts';
import type { CaseEvidence, Finding } from './evidence.ts';
import type { Judgement } from './judgement.ts';

/**
 * The exceptions of terms art. 5-3 (the member pays despite reporting misuse), declared once, in the order
 * the terms list them. Everything else derives from this list: the engine's evaluators and input shape
 * (facts.ts), the investigator's questions and the console form, the stored question names, and the texts
 * of decisions. A clause is either judged on the gathered evidence (`evaluate`) or answered by the
 * investigator (`finding`: yes/no/unknown; `reasoned`: a yes needs a written reason). Wording is ours,
 * not copied from the terms. docs/architecture.md says which files a new clause touches.
 */
export const LIABILITY_CLAUSES = [
  {
    id: '5-3-1',
    title: { ja: '認証情報の管理の不備', en: 'Credentials not kept safe' },
    answer: 'finding',
    question: {
      name: 'credentialsMishandled',
      ask: {
        ja: '認証情報を他人に使わせた・漏らした・管理を怠った',
        en: 'Credentials shared, disclosed, leaked or not kept with care',
      },
      topic: { ja: '認証情報の管理', en: 'Care of your authentication details' },
      yes: {
        ja: '本人認証に使う情報（e-net IDや認証コード）を他の人に使わせた、教えた、漏れていたなど、大切に管理されていなかったことを確認しました。',
        en: 'We found that your authentication details (e-net ID, SMS codes) were shared, disclosed or leaked, or not looked after with due care.',
      },
    },
  },
  {
    id: '5-3-2',
    title: { ja: 'ご本人・ご家族など関係者による利用', en: 'Used by the member or a related person' },
    answer: 'finding',
    question: {
      name: 'usedByRelatedPerson',
      ask: {
        ja: '本人・家族・同居人など関係者による利用',
        en: 'Used by the member, family, household or a related person',
      },
      topic: { ja: 'ご本人・関係者による利用', en: 'Use by you or a related person' },
      yes: {
        ja: 'ご本人、ご家族、同居の方などの関係者がカードを使ったことを確認しました（わざとかどうかは問いません）。',
        en: 'We found that the card was used by you or a related person such as family or someone in your household, whether on purpose or not.',
      },
    },
  },
  {
    id: '5-3-3',
    title: { ja: '調査へのご協力がない', en: 'No cooperation with the investigation' },
    answer: 'evidence',
    evaluate: nonCooperation,
  },
  {
    id: '5-3-4',
    title: { ja: 'ご報告内容に事実と違う点がある', en: 'Untrue statements in the report' },
    answer: 'finding',
    question: {
      name: 'falseStatement',
      ask: { ja: '届出内容に虚偽がある', en: "The member's report is untrue" },
      topic: { ja: 'ご報告内容と事実の食い違い', en: 'Untrue statements in your report' },
      yes: {
        ja: '調査へのご報告に、事実と違う内容があることを確認しました。',
        en: 'We found that your report to the investigation contains untrue statements.',
      },
    },
  },
  {
    id: '5-3-5',
    title: { ja: '明細通知から60日を過ぎたお届け', en: 'Reported more than 60 days after the statement' },
    answer: 'evidence',
    evaluate: lateReport,
  },
  {
    id: '5-3-6',
    title: { ja: 'お届け先・接続元がご本人や関係者', en: "Delivered to or sent from the member's side" },
    answer: 'evidence',
    evaluate: deliveryOrOrigin,
  },
  {
    id: '5-3-7',
    title: { ja: '携帯電話の不具合・誤操作や通信障害', en: 'Phone fault, misoperation or network failure' },
    answer: 'finding',
    question: {
      name: 'deviceOrNetworkFault',
      ask: {
        ja: '携帯電話の故障・誤操作・通信障害が原因',
        en: 'Caused by a phone fault, misoperation or network failure',
      },
      topic: { ja: '携帯電話の不具合や通信障害', en: 'Phone fault or communication failure' },
      yes: {
        ja: '携帯電話の不具合・故障・操作の誤り、または通信障害が原因であることを確認しました。',
        en: 'We found that the cause was a fault, breakdown or misoperation of your phone, or a communication failure.',
      },
    },
  },
  {
    id: '5-3-8',
    title: { ja: '戦争・大地震などの大規模な混乱', en: 'War, earthquake or similar disorder' },
    answer: 'evidence',
    evaluate: socialDisorder,
  },
  {
    id: '5-3-9',
    title: { ja: '客観的事実からご本人の利用と判断', en: "Judged the member's own use on objective facts" },
    answer: 'reasoned',
    question: {
      name: 'objectiveMemberUse',
      ask: {
        ja: '客観的事実から本人の利用と判断（「はい」は理由必須）',
        en: "Judged the member's own use on objective facts (a yes needs the reason)",
      },
      topic: { ja: '客観的事実によるご本人利用の判断', en: 'Own use judged on objective facts' },
      yes: {
        ja: '客観的な事実から、ご本人によるご利用と判断しました。',
        en: 'On objective facts, we judged the purchases to be your own use.',
      },
    },
  },
] as const satisfies readonly ClauseDeclaration[];

/** Art. 5-3 main text: the payment is waived only when the member is found not at fault (`no`). */
const MAIN_TEXT_QUESTION = {
  number: '5-3',
  answer: 'finding',
  name: 'memberAtFault',
  ask: { ja: '本文：会員に過失がある', en: 'main text: the member is at fault' },
  topic: { ja: 'お客さまの責任', en: 'Whether you were at fault' },
  yes: { ja: '調査の結果、お客さまに責任があると判断しました。', en: 'The investigation found you at fault.' },
} as const satisfies AskedQuestion;

export interface Words {
  ja: string;
  en: string;
}

export interface QuestionWording {
  /** The field of the engine's input and the stored question name. */
  name: string;
  /** The question as the console form asks it (after the clause number). */
  ask: Words;
  /** What the question is about, in a decision text for the member. */
  topic: Words;
  /** What a `yes` means, in a decision text for the member. */
  yes: Words;
}

export type ClauseDeclaration =
  | { id: string; title: Words; answer: 'finding' | 'reasoned'; question: QuestionWording }
  | { id: string; title: Words; answer: 'evidence'; evaluate: (facts: CaseEvidence) => Judgement };

/** A question the investigator answers, with the number of the clause (or main text) it belongs to. */
export interface AskedQuestion extends QuestionWording {
  number: string;
  answer: 'finding' | 'reasoned';
}

export type DeclaredClause = (typeof LIABILITY_CLAUSES)[number];
type QuestionOf<C> = C extends { question: { name: infer N } } ? N : never;
type AskedBy<A extends DeclaredClause['answer']> = QuestionOf<Extract<DeclaredClause, { answer: A }>>;

export type ClauseId = DeclaredClause['id'];
export type Question = AskedBy<'finding' | 'reasoned'> | (typeof MAIN_TEXT_QUESTION)['name'];

/** The investigator's answers the engine reads: a finding per yes/no question, a reasoned finding for the rest. */
export type CaseAnswers = { [Q in AskedBy<'finding'> | (typeof MAIN_TEXT_QUESTION)['name']]: Finding } & {
  [Q in AskedBy<'reasoned'>]: ReasonedFinding;
};

/** What the liability engine decides on: the gathered evidence and the investigator's answers. */
export type CaseFacts = CaseEvidence & CaseAnswers;

/** The clauses in the order of the terms. */
export const CLAUSES: readonly ClauseId[] = LIABILITY_CLAUSES.map((c) => c.id);

/** The investigator's questions in the order of the terms, the main text's question of fault last. */
export const QUESTIONS: readonly (AskedQuestion & { name: Question })[] = [
  ...LIABILITY_CLAUSES.flatMap((c) =>
    c.answer === 'evidence' ? [] : [{ ...c.question, number: c.id as string, answer: c.answer }],
  ),
  MAIN_TEXT_QUESTION,
];

export const QUESTION_NAMES: readonly Question[] = QUESTIONS.map((q) => q.name);

/** A record with one value per question (the one place that turns the question list into an object). */
export function perQuestion<T>(value: (question: Question) => T): Record<Question, T> {
  return Object.fromEntries(QUESTION_NAMES.map((q) => [q, value(q)])) as Record<Question, T>;
}

/** The engine's answers from each question's current finding and note (a reasoned question's note is its reason). */
export function caseAnswers(answers: Readonly<Record<Question, { finding: Finding; note: string }>>): CaseAnswers {
  const reasonedOf = ({ finding, note }: { finding: Finding; note: string }): ReasonedFinding => ({
    finding,
    reason: note === '' ? undefined : note,
  });
  const out: Record<string, Finding | ReasonedFinding> = {};
  for (const q of QUESTIONS)
    out[q.name] = q.answer === 'reasoned' ? reasonedOf(answers[q.name]) : answers[q.name].finding;
  return out as CaseAnswers;
}
