import type { LiabilityEvaluation, LiabilityOutcome } from './evaluate.ts';
import { factText, type Lang } from './fact-text.ts';
import type { ClauseFinding } from './findings.ts';
import { CLAUSES, type ClauseId, LIABILITY_CLAUSES } from './liability-clauses.ts';

export type { Lang } from './fact-text.ts';

/** Short titles of the exceptions of terms art. 5-3 (liability-clauses.ts), for tables in the console. */
export const CLAUSE_TITLES = Object.fromEntries(LIABILITY_CLAUSES.map((c) => [c.id, c.title])) as Record<
  ClauseId,
  { ja: string; en: string }
>;

/** `規約第5条第3項第6号` / `Terms art. 5-3-6`. */
export function clauseNumber(clause: ClauseId, lang: Lang): string {
  return lang === 'ja' ? `規約第5条第3項第${itemOf(clause)}号` : `Terms art. ${clause}`;
}

/** `5-3-6` → `6`. */
function itemOf(clause: string): string {
  return clause.slice('5-3-'.length);
}

/** Art. 5-3 main text: waived only when the member is found not at fault. */
const MAIN_TEXT = { ja: '規約第5条第3項（お客さまの責任）', en: 'Terms art. 5-3 (fault)' } as const;

const OUTCOME: Record<LiabilityOutcome, { ja: string; en: string }> = {
  waived: {
    ja: '結果：不正に利用されたカード利用代金のお支払いを免除します。',
    en: 'Decision: you do not have to pay for the fraudulent purchases.',
  },
  not_waived: {
    ja: '結果：不正に利用されたとお届けのあったカード利用代金のお支払いは免除されません。',
    en: 'Decision: the payment for the purchases you reported is not waived.',
  },
};

/**
 * The explanation of a decision (terms art. 5-3), for the member and the investigator: the outcome, an
 * override and its reason when the investigator departed from the proposal, then each exception that
 * applied with its number and the facts behind it.
 */
export function decisionText(
  evaluation: LiabilityEvaluation,
  outcome: LiabilityOutcome,
  lang: Lang,
  overrideReason?: string,
): string {
  const ja = lang === 'ja';
  const lines = [OUTCOME[outcome][lang], ...overrideLines(evaluation, outcome, lang, overrideReason)];
  const applied = evaluation.findings.filter((f) => f.result === 'applies');
  const atFault = evaluation.memberAtFault === 'yes';

  if (applied.length > 0 || atFault) {
    const setAside = ja
      ? '次の点は確認されましたが、担当者の判断により免除します：'
      : 'Found, but set aside by the investigator:';
    lines.push(outcome === 'not_waived' ? (ja ? '免除されない理由：' : 'Why:') : setAside);
    for (const finding of applied) lines.push(...clauseLines(finding, lang));
    if (atFault) {
      lines.push(
        `■ ${MAIN_TEXT[lang]}`,
        bullet(factText({ name: 'finding', question: 'memberAtFault', value: 'yes' }, lang), lang),
      );
    }
  } else if (outcome === 'waived' && evaluation.proposal.kind === 'waived') {
    const first = CLAUSES[0] ?? '';
    const last = CLAUSES[CLAUSES.length - 1] ?? '';
    lines.push(
      ja
        ? `調査の結果、お客さまに責任はないと認められ、規約第5条第3項第${itemOf(first)}号から第${itemOf(last)}号のいずれにも当たりませんでした。`
        : `The investigation found you not at fault, and none of the exceptions of Terms art. ${first} to ${last} applies.`,
    );
  }

  const open = evaluation.findings.filter((f) => f.result === 'undetermined');
  if (open.length > 0) {
    lines.push(ja ? '確認が済んでいなかった点：' : 'Points not settled when this was decided:');
    for (const finding of open) lines.push(...clauseLines(finding, lang));
  }
  return lines.join('\n');
}

function overrideLines(
  evaluation: LiabilityEvaluation,
  outcome: LiabilityOutcome,
  lang: Lang,
  overrideReason: string | undefined,
): string[] {
  const ja = lang === 'ja';
  const { proposal } = evaluation;
  if (proposal.kind === outcome) return [];
  const reason = overrideReason?.trim()
    ? `${ja ? '担当者の判断理由：' : "Investigator's reason: "}${overrideReason.trim()}`
    : ja
      ? '担当者の判断理由は記録されていません。'
      : "The investigator's reason was not recorded.";
  if (proposal.kind === 'blocked') {
    const points: string[] = proposal.undetermined.map((c) => clauseNumber(c, lang));
    if (proposal.memberAtFaultUnknown) points.push(ja ? 'お客さまの責任の有無' : 'whether you were at fault');
    const list = points.join(ja ? '、' : ', ');
    return [
      ja
        ? `この決定は、確認が済んでいない点（${list}）が残る中で、担当者が判断したものです。`
        : `An investigator made this decision while some points were not settled (${list}).`,
      reason,
    ];
  }
  const waive = proposal.kind === 'waived';
  return [
    ja
      ? `この決定は、規約に基づく判定（${waive ? '免除する' : '免除しない'}）とは異なり、担当者が判断したものです。`
      : `An investigator made this decision, overriding the rules' proposal ${waive ? 'to waive' : 'not to waive'} the payment.`,
    reason,
  ];
}

function clauseLines(finding: ClauseFinding, lang: Lang): string[] {
  const title = CLAUSE_TITLES[finding.clause][lang];
  const heading =
    lang === 'ja'
      ? `■ ${clauseNumber(finding.clause, lang)}（${title}）`
      : `■ ${clauseNumber(finding.clause, lang)} (${title})`;
  return [heading, ...finding.facts.map((f) => bullet(factText(f, lang), lang))];
}

function bullet(text: string, lang: Lang): string {
  return lang === 'ja' ? `・${text}` : `- ${text}`;
}
