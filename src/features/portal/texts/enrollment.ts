import type { Catalogue } from '../../../core/i18n.ts';

const ja = {
  lostTitle: '携帯電話の紛失・盗難の届出',
  lostIntro: [
    '登録している携帯電話をなくしたり盗まれたりしたときは、すぐに届け出てください。',
    '届け出ると、本人認証サービスはただちに停止します。停止中はネットショッピングで本人認証ができず、認証が必要なお支払いはできません。',
    'ほかの端末の e-net サービスからは、すべてサインアウトします。',
    '再開は、お電話でご本人確認をしたあとに当社が行います。',
  ],
  lostButton: '紛失・盗難を届け出て、サービスを停止する',
  lostDoneTitle: '届出を受け付け、本人認証サービスを停止しました',
  lostDoneLead: 'これ以降、このカードでの本人認証は行われません。SMS も送られません。',
  lostDoneNext:
    '次の窓口に、すぐにお電話ください。ご本人確認のうえ、今後のお手続き（カードの利用停止や再開など）をご案内します。',
  callCentre: 'お問い合わせ窓口',
  notEnrolledForLost:
    '本人認証サービスに登録されていないため、届出はできません。カードの紛失・盗難はお問い合わせ窓口にご連絡ください。',
  alreadyLocked: 'すでに届出を受け付けています。お問い合わせ窓口にご連絡ください。',
  unregisterTitle: '本人認証サービスの登録解除',
  unregisterIntro: [
    '登録を解除すると、登録している電話番号が削除され、ネットショッピングで本人認証ができなくなります。',
    '本人認証が必要なお店では、お支払いができないことがあります。',
    '解除後も、e-net サービスからいつでも登録し直せます。',
  ],
  unregisterButton: '登録を解除する',
  unregisterDoneTitle: '登録を解除しました',
  unregisterDoneBody:
    '確認のメールをお送りしました。もう一度ご利用になるときは、ホームから電話番号を登録してください。',
  notEnrolledForUnregister: '本人認証サービスに登録されていないため、解除の必要はありません。',
};

export type EnrollmentTexts = typeof ja;

const en: EnrollmentTexts = {
  lostTitle: 'Report your phone lost or stolen',
  lostIntro: [
    'If the registered phone is lost or stolen, report it now.',
    'Reporting stops authentication immediately. While it is stopped you cannot authenticate when shopping online, and payments that need authentication will not go through.',
    'You will be signed out of the e-net service on all other devices.',
    'We resume the service after confirming your identity by phone.',
  ],
  lostButton: 'Report it and stop the service',
  lostDoneTitle: 'Report received: authentication is stopped',
  lostDoneLead: 'From now on no authentication takes place for your cards, and no SMS is sent.',
  lostDoneNext:
    'Please call us now. After confirming your identity we will guide you through the next steps (such as blocking or resuming your card).',
  callCentre: 'Contact',
  notEnrolledForLost:
    'You are not registered for authentication, so there is nothing to stop here. For a lost or stolen card, please call us.',
  alreadyLocked: 'We have already received your report. Please call us.',
  unregisterTitle: 'Unregister from the authentication service',
  unregisterIntro: [
    'Unregistering deletes your registered phone number; you will no longer be able to authenticate when shopping online.',
    'Shops that require authentication may refuse the payment.',
    'You can register again from the e-net service at any time.',
  ],
  unregisterButton: 'Unregister',
  unregisterDoneTitle: 'You have unregistered',
  unregisterDoneBody:
    'We have sent you a confirmation email. To use the service again, register a phone from the home page.',
  notEnrolledForUnregister: 'You are not registered, so there is nothing to cancel.',
};

export const ENROLLMENT_TEXTS: Catalogue<EnrollmentTexts> = { ja, en };
