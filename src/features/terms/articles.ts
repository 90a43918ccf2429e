/**
 * The terms of the authentication service, article by article, with the numbering decisions and notices cite
 * (第5条第3項第1号 = terms art. 5-3-1; docs/terms.md). Our own plain-language wording of the revision of
 * 2024-05-31; the wording that binds members is the issuer's, published as a terms version (terms art. 12).
 * Each article, paragraph and item gets an anchor (`art-5`, `art-5-3`, `art-5-3-1`) that pages link to.
 */
export interface TermsArticle {
  n: number;
  title: string;
  /** Paragraphs in order (第1項, 第2項 …); an article with one paragraph is cited by its number alone. */
  paragraphs: { text: string; items?: string[] }[];
}

export const TERMS_ARTICLES: readonly TermsArticle[] = [
  {
    n: 1,
    title: '定義',
    paragraphs: [
      {
        text: '「本サービス」とは、当社のカード会員がインターネットでカードを利用する際に、ご本人であることを確認するサービス（Visa Secure）をいいます。',
      },
      { text: '「本サービス利用者」とは、本サービスに登録したカード会員をいいます。' },
      { text: '「本サービス参加加盟店」とは、本サービスによる本人確認に対応した加盟店をいいます。' },
    ],
  },
  {
    n: 2,
    title: '登録',
    paragraphs: [
      {
        text: '本サービスを利用するには、ご自身が正当に所持する SMS を受け取れる携帯電話の番号を、e-net サービスに登録していただきます。',
      },
      {
        text: '携帯電話の番号が変わったときは遅滞なく e-net サービスで変更してください。携帯電話を紛失し、または盗まれたときは、ただちに当社に届け出て、当社の指示に従ってください。',
      },
      { text: '本サービス利用者は、当社所定の方法により、本サービスの登録を解除することができます。' },
    ],
  },
  {
    n: 3,
    title: 'サービスの内容',
    paragraphs: [
      {
        text: '本サービスの内容は次のとおりです。',
        items: ['本サービス参加加盟店でのカード利用時の本人認証', '前号に付随するサービス'],
      },
      {
        text: '当社は、営業上、セキュリティ上または法令上の理由により、予告なく本サービスの内容を追加、変更または中止することがあります。この場合、当社のウェブサイト、電子メールその他の方法でお知らせします。',
      },
    ],
  },
  {
    n: 4,
    title: '本人認証の方法',
    paragraphs: [
      {
        text: 'カード利用時には、カード情報、e-net サービス ID およびワンタイムパスワードを入力していただきます。ワンタイムパスワードはご利用のたびに発行して登録の携帯電話に SMS でお送りし、一度だけ、一定の時間内に限り有効です。',
      },
      {
        text: '当社は、入力された内容を当社に登録された情報と照合し、一致した場合は、入力した方を本サービス利用者ご本人とみなします。',
      },
      {
        text: '当社は、本人認証の結果を加盟店に通知します。本サービス利用者は、あらかじめこれに同意するものとします。',
      },
    ],
  },
  {
    n: 5,
    title: '認証情報の管理と不正利用',
    paragraphs: [
      {
        text: '本サービス利用者は、e-net サービス ID とワンタイムパスワード（以下「本サービス認証情報」）の用途を理解し、善良な管理者の注意をもって管理してください。',
      },
      {
        text: '本サービス認証情報が不正に利用され、またはそのおそれがあるときは、ただちに当社に届け出て、当社の指示に従ってください。',
      },
      {
        text: '本サービス利用者は、当社の不正利用調査に協力するものとします。調査の結果、本サービス利用者に責任がないと認められたときは、不正に利用されたカード利用代金のお支払いを免除します。ただし、次のいずれかに当たるときは免除しません。',
        items: [
          '本サービス認証情報を他人に使わせ、開示し、もしくは漏えいさせたとき、または善良な管理者の注意をもって管理しなかったとき',
          'ご家族、同居の方その他の関係者がカードを利用したとき（故意か否かを問いません）',
          '当社の不正利用調査に協力いただけないとき（回答期限までにご回答がないときを含みます）',
          'お届けの内容に事実と異なる点があったとき',
          '当社が利用明細を電子メールまたは郵便でお送りした日から 60 日以内に不正利用の届出がなかったとき',
          '商品の送り先が本サービス利用者もしくは関係者の住所であったとき、または注文が本サービス利用者もしくは関係者の自宅・勤務先の電話番号・IP アドレスからされたとき',
          '本サービス利用者の携帯電話の故障、不具合、誤操作または通信障害が原因であったとき',
          '戦争、地震その他の著しい社会秩序の混乱の際に不正利用が生じたとき',
          'その他、本サービス利用者ご本人の利用であることが客観的な事実から認められるとき',
        ],
      },
    ],
  },
  {
    n: 6,
    title: '禁止事項',
    paragraphs: [
      {
        text: '本サービス利用者は、次の行為をしてはなりません。',
        items: [
          '本サービス認証情報を他人に渡すこと',
          '他人の本サービス認証情報を使うこと',
          '有害なプログラムを使用し、または送信すること',
          '当社または第三者の権利を侵害すること',
          '法令または公序良俗に反すること',
        ],
      },
    ],
  },
  {
    n: 7,
    title: '権利の帰属',
    paragraphs: [
      { text: '本サービスの内容に関する権利は、当社または正当な権利者に帰属します。' },
      { text: '本サービスで得た情報は、本サービス利用者ご自身の利用に限ります。' },
    ],
  },
  {
    n: 8,
    title: '登録の解除と利用の制限',
    paragraphs: [
      {
        text: '当社は、本サービス利用者が次のいずれかに当たるときは、承諾を得ることなく、また通知することなく、本サービスの登録を解除し、または利用を制限することがあります。',
        items: [
          'カードの会員資格を失ったとき',
          'e-net サービスの登録が削除されたとき',
          '登録の内容に虚偽があったとき',
          'この規約またはその他の規約に違反したとき',
          'その他、当社が本サービスの利用を適当でないと判断したとき',
        ],
      },
      { text: '前項の解除または制限によって生じた損害について、当社は責任を負いません。' },
      { text: '登録の解除後も、第10条の定めは引き続き適用されます。' },
    ],
  },
  {
    n: 9,
    title: '個人情報',
    paragraphs: [{ text: '本サービスにおける個人情報は、カード会員規約の定めに従って取り扱います。' }],
  },
  {
    n: 10,
    title: '免責',
    paragraphs: [
      { text: '当社は、本サービスの完全性、正確性およびセキュリティ対策について保証しません。' },
      { text: '当社は、当社の故意もしくは過失または当社の責めに帰すべき事由による場合に限り、責任を負います。' },
      { text: '商品またはサービスに関する紛争は、本サービス利用者と加盟店との間で解決するものとします。' },
    ],
  },
  {
    n: 11,
    title: 'サービスの停止',
    paragraphs: [
      {
        text: '当社は、天災、障害その他の緊急の場合、事前にお知らせすることなく本サービスの全部または一部を停止することがあります。',
      },
      {
        text: '当社は、保守または安全のため、必要な期間、本サービスの全部または一部を停止することがあります。この場合、事前にウェブサイトまたは電子メールでお知らせします。ただし、緊急の場合はこの限りではありません。',
      },
      { text: '前二項の停止によって生じた損害について、当社は責任を負いません。' },
    ],
  },
  {
    n: 12,
    title: '規約の変更',
    paragraphs: [
      {
        text: '当社は、次のいずれかに当たるときは、この規約を変更することがあります。',
        items: ['変更が本サービス利用者の一般の利益に適合するとき', '変更が合理的で、この規約の目的に反しないとき'],
      },
      {
        text: '当社は、変更の効力が生じる前に、この規約を変更すること、変更後の内容および効力発生日を、次のいずれかの方法でお知らせします。',
        items: ['当社のウェブサイトへの掲載または店頭での掲示', '書面、電子メールその他の方法'],
      },
    ],
  },
  { n: 13, title: '準拠法', paragraphs: [{ text: 'この規約には日本法が適用されます。' }] },
  {
    n: 14,
    title: '合意管轄',
    paragraphs: [
      {
        text: 'この規約に関する紛争は、本サービス利用者の住所地または当社本社の所在地を管轄する裁判所を管轄裁判所とします。',
      },
    ],
  },
  {
    n: 15,
    title: 'その他',
    paragraphs: [
      {
        text: 'この規約に定めのない事項は、カード会員規約および e-net サービス規約によります。これらとこの規約が異なるときは、この規約が優先します。',
      },
    ],
  },
];

const FULLWIDTH = '０１２３４５６７８９';
const wide = (n: number) => [...String(n)].map((d) => FULLWIDTH[Number(d)]).join('');

/** The anchor of a clause: `art-5`, `art-5-3`, `art-5-3-1`. */
export function clauseAnchor(article: number, paragraph?: number, item?: number): string {
  return ['art', article, paragraph, item].filter((x) => x !== undefined).join('-');
}

/** Paragraph mark as printed in Japanese terms: `２`; items `（１）`. */
export const paragraphMark = (p: number) => wide(p);
export const itemMark = (i: number) => `（${wide(i)}）`;

/**
 * Where a citation in a text points: 「規約第5条第3項第6号」, 「規約第5条第3項」, 「規約第8条第1項第1号」,
 * `Terms art. 5-3-6` or `terms art. 8-1-1`. Returns the pieces of the text with the anchors of the cited clauses.
 */
export function splitCitations(text: string): Array<string | { text: string; anchor: string }> {
  const re = /規約第(\d+)条(?:第(\d+)項)?(?:第(\d+)号)?|[Tt]erms art\. (\d+)(?:-(\d+))?(?:-(\d+))?/g;
  const out: Array<string | { text: string; anchor: string }> = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const [a, p, i] = m[1] ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
    const article = Number(a);
    if (!TERMS_ARTICLES.some((x) => x.n === article)) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push({
      text: m[0],
      anchor: clauseAnchor(article, p ? Number(p) : undefined, i ? Number(i) : undefined),
    });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
