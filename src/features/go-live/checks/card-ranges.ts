import { cardRangeCounts } from '../../../storage/repositories/go-live-reads.ts';
import { type GoLiveCheck, texts } from './check.ts';

const FIX = texts(
  '`PUT /api/v1/card-ranges/{id}`、コンソール「カード番号範囲」、または `npm run ninsho -- ranges put` で登録。',
  'Register them with `PUT /api/v1/card-ranges/{id}`, the console screen "Card ranges" (カード番号範囲) or `npm run ninsho -- ranges put`.',
);

/** Every issuer serves at least one card range: an AReq outside every range is answered Erro 305. */
export const cardRangesCheck: GoLiveCheck = {
  id: 'card-ranges',
  title: texts('カード番号範囲', 'Card ranges'),
  run: async ({ db }) => {
    const issuers = await cardRangeCounts(db);
    if (issuers.length === 0)
      return { status: 'fail', detail: texts('イシュアが登録されていません。', 'No issuer is set up.'), fix: FIX };
    const empty = issuers.filter((i) => i.ranges === 0).map((i) => i.issuerId);
    const total = issuers.reduce((n, i) => n + i.ranges, 0);
    if (empty.length > 0)
      return {
        status: 'fail',
        detail: texts(
          `カード番号範囲のないイシュアがあります: ${empty.join(', ')}。範囲外のカードの認証は Erro 305 で拒否されます。`,
          `Issuer(s) without a card range: ${empty.join(', ')}. Authentications for cards outside every range are refused (Erro 305).`,
        ),
        fix: FIX,
      };
    return { status: 'ok', detail: texts(`カード番号範囲 ${total} 件。`, `${total} card range(s).`) };
  },
};
