import { type GoLiveCheck, texts } from './check.ts';

const CEREMONY = texts(
  'CAVV 鍵セレモニーを実施し、Visa への登録後に有効化（docs/operations.md「CAVV key ceremony」、`npm run ninsho -- cvk …`、コンソール「鍵管理」）。',
  'Run the CAVV key ceremony, register the key with Visa, then activate it (docs/operations.md "CAVV key ceremony", `npm run ninsho -- cvk …`, console screen "Keys" / 鍵管理).',
);

/** A CVK is active and Visa has it registered: otherwise every CAVV fails authorisation (docs/cavv.md). */
export const cvkCheck: GoLiveCheck = {
  id: 'cvk',
  title: texts('CAVV 鍵（CVK）', 'CAVV key (CVK)'),
  run: async (deps) => {
    const { active } = await deps.cvkStatus(deps);
    if (!active)
      return { status: 'fail', detail: texts('有効な CVK がありません。', 'No CVK is active.'), fix: CEREMONY };
    const slot = String(active.keyIndicator).padStart(2, '0');
    if (!active.registeredAt)
      return {
        status: 'fail',
        detail: texts(
          `有効な CVK（鍵インジケータ ${slot}、KCV ${active.kcv}）の Visa 登録が記録されていません。`,
          `The active CVK (key indicator ${slot}, KCV ${active.kcv}) has no recorded Visa registration.`,
        ),
        fix: CEREMONY,
      };
    const ref = active.registrationRef ? ` (${active.registrationRef})` : '';
    return {
      status: 'ok',
      detail: texts(
        `CVK 鍵インジケータ ${slot}、KCV ${active.kcv}、Visa 登録済み${ref}。`,
        `CVK key indicator ${slot}, KCV ${active.kcv}, registered with Visa${ref}.`,
      ),
    };
  },
};
