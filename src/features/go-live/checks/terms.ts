import { termsInForceOn } from '../../terms/service/versions.ts';
import { type GoLiveCheck, texts } from './check.ts';

/** terms art. 12: members consent to the version in force, so one must be published and effective. */
export const termsCheck: GoLiveCheck = {
  id: 'terms',
  title: texts('利用規約', 'Service terms'),
  run: async ({ db, clock }) => {
    const inForce = await termsInForceOn(db, clock.now());
    return inForce
      ? {
          status: 'ok',
          detail: texts(`版 ${inForce.version} が施行中です。`, `Version ${inForce.version} is in force.`),
        }
      : {
          status: 'fail',
          detail: texts('施行中の利用規約の版がありません。', 'No terms version is in force.'),
          fix: texts(
            'コンソール「利用規約」で版を作成・公開し、施行日を待つ。',
            'Draft and publish a version on the console screen "Terms", and let its effective date come.',
          ),
        };
  },
};
