import { questionLabel } from '../../../core/investigation/fact-text.ts';
import type { Question } from '../../../core/investigation/liability-clauses.ts';
import type { Signed } from '../../console/guard.tsx';
import { APPROVAL_LABEL, FINDING_LABEL, labelIn, PROPOSAL_LABEL, RELATION_LABEL, SOURCE_LABEL, tl } from './parts.tsx';

type Lang = Pick<Signed, 'lang'>;

const PLACE_LABEL: Record<string, { ja: string; en: string }> = {
  home: { ja: '自宅', en: 'home' },
  work: { ja: '勤務先', en: 'work' },
};
const CONTACT_KIND_LABEL: Record<string, { ja: string; en: string }> = {
  ip: { ja: 'IP アドレス', en: 'IP address' },
  phone: { ja: '電話番号', en: 'phone number' },
};
const NOTE_KIND_LABEL: Record<string, { ja: string; en: string }> = {
  user_relation: { ja: '利用者と会員の関係', en: "the user's relation to the member" },
  note: { ja: 'メモ', en: 'note' },
};

/**
 * The detail of a case timeline row in words. The services record it as short text with codes
 * (src/features/investigations/service/facts.ts, decisions.ts, cooperation.ts, open.ts); each known shape is
 * read back here, and anything else (a note, a reason, a file name) is shown as written.
 */
export function eventDetail(s: Lang, kind: string, detail: string | null): string {
  if (!detail) return '';
  const l = tl(s);
  const word = (table: Record<string, { ja: string; en: string }>, v: string) => labelIn(table, s, v);
  let m: RegExpExecArray | null;
  switch (kind) {
    case 'decided':
      return word(PROPOSAL_LABEL, detail);
    case 'decision_recorded':
      m = /^(\w+)( \(override\))?, (.+), approval (\w+)$/.exec(detail);
      if (!m) break;
      return l(
        `${word(PROPOSAL_LABEL, m[1] ?? '')}${m[2] ? '（判定と異なる）' : ''}、${m[3]}、承認: ${word(APPROVAL_LABEL, m[4] ?? '')}`,
        `${word(PROPOSAL_LABEL, m[1] ?? '')}${m[2] ? ' (override)' : ''}, ${m[3]}, approval: ${word(APPROVAL_LABEL, m[4] ?? '')}`,
      );
    case 'transaction_facts':
      m = /^delivery (\w+), origin (\w+)$/.exec(detail);
      if (!m) break;
      return l(
        `配送先: ${word(RELATION_LABEL, m[1] ?? '')}、接続元: ${word(RELATION_LABEL, m[2] ?? '')}`,
        `delivered to: ${word(RELATION_LABEL, m[1] ?? '')}, origin: ${word(RELATION_LABEL, m[2] ?? '')}`,
      );
    case 'contact':
      m = /^(\w+) (\w+) (\w+) (.+)$/.exec(detail);
      if (!m) break;
      return `${word(RELATION_LABEL, m[1] ?? '')} · ${word(PLACE_LABEL, m[2] ?? '')} · ${word(CONTACT_KIND_LABEL, m[3] ?? '')} ${m[4]}`;
    case 'note':
      return word(NOTE_KIND_LABEL, detail);
    case 'findings':
      if (detail === 'no change') return l('変更なし', 'no change');
      return detail
        .split(', ')
        .map((part) => {
          const [question = '', finding = ''] = part.split(' = ');
          return `${questionLabel(question as Question, s.lang)}: ${word(FINDING_LABEL, finding)}`;
        })
        .join(l('、', ', '));
    case 'cooperation_requested':
      m = /^due (\S+)$/.exec(detail);
      if (!m) break;
      return l(`回答期限 ${m[1]}`, `due ${m[1]}`);
    case 'opened':
      m = /^(\w+) report, (\d+) transaction\(s\)$/.exec(detail);
      if (!m) break;
      return l(
        `${word(SOURCE_LABEL, m[1] ?? '')}、対象取引 ${m[2]} 件`,
        `${word(SOURCE_LABEL, m[1] ?? '')}, ${m[2]} purchase(s)`,
      );
    case 'evidence_refreshed':
      return '';
  }
  return detail;
}
