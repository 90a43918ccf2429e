import type { FC } from 'hono/jsx';
import type { Lang } from '../shop/lang.ts';
import { Layout } from '../shop/page.tsx';
import { type InboxMessage, japanTime } from './inbox.ts';

const TEXT = {
  ja: {
    title: 'SMS 受信箱（開発用）',
    note: 'SMS_PROVIDER=outbox のため SMS は送信されず、ここに表示されます。3 秒ごとに更新します。',
    empty: 'メッセージはまだありません。',
    to: '宛先',
    status: { queued: '送信待ち', sent: '送信済み', delivered: '配信済み', failed: '失敗' } as Record<string, string>,
    mail: 'メール受信箱',
    other: 'English',
    otherHref: '?lang=en',
  },
  en: {
    title: 'SMS inbox (development)',
    note: 'SMS_PROVIDER=outbox: messages are not sent but shown here. Refreshes every 3 seconds.',
    empty: 'No messages yet.',
    to: 'To',
    status: { queued: 'queued', sent: 'sent', delivered: 'delivered', failed: 'failed' } as Record<string, string>,
    mail: 'Mail inbox',
    other: '日本語',
    otherHref: '?lang=ja',
  },
};

export const InboxPage: FC<{ lang: Lang; nonce: string; messages: readonly InboxMessage[] }> = (props) => {
  const t = TEXT[props.lang];
  return (
    <Layout lang={props.lang} title={t.title} nonce={props.nonce} refreshSeconds={3}>
      <div class="phone">
        <div class="screen">
          <h1>{t.title}</h1>
          <p class="muted">
            {t.note} <a href={t.otherHref}>{t.other}</a> · <a href={`/dev/mail?lang=${props.lang}`}>{t.mail}</a>
          </p>
          {props.messages.length === 0 ? (
            <p class="empty">{t.empty}</p>
          ) : (
            props.messages.map((m) => (
              <article class="sms" data-sms-id={m.id}>
                <div class="meta">
                  <span>
                    {t.to}: {m.to}
                  </span>
                  <time datetime={m.at.toISOString()}>{japanTime(m.at)}</time>
                </div>
                <p>{m.body}</p>
                <div class="meta">
                  <span>{t.status[m.status] ?? m.status}</span>
                </div>
              </article>
            ))
          )}
        </div>
      </div>
    </Layout>
  );
};
