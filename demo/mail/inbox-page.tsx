import type { FC } from 'hono/jsx';
import { japanTime } from '../phone/inbox.ts';
import type { Lang } from '../shop/lang.ts';
import { Layout } from '../shop/page.tsx';
import type { MailMessage } from './inbox.ts';

const TEXT = {
  ja: {
    title: 'メール受信箱（開発用）',
    note: 'SMTP_URL が未設定のため、メールは送信されずここに表示されます（パスワード設定の案内、受付・結果のお知らせなど）。5 秒ごとに更新します。',
    empty: 'メールはまだありません。',
    to: '宛先',
    subject: '件名',
    status: { queued: '送信待ち', sent: '送信済み', failed: '失敗' } as Record<string, string>,
    phone: 'SMS 受信箱',
    other: 'English',
    otherHref: '?lang=en',
  },
  en: {
    title: 'Mail inbox (development)',
    note: 'SMTP_URL is not set: emails are not sent but shown here (password setup links, receipts, decisions). Refreshes every 5 seconds.',
    empty: 'No emails yet.',
    to: 'To',
    subject: 'Subject',
    status: { queued: 'queued', sent: 'sent', failed: 'failed' } as Record<string, string>,
    phone: 'SMS inbox',
    other: '日本語',
    otherHref: '?lang=ja',
  },
};

export const MailInboxPage: FC<{ lang: Lang; nonce: string; mails: readonly MailMessage[]; phoneInbox: boolean }> = (
  props,
) => {
  const t = TEXT[props.lang];
  return (
    <Layout lang={props.lang} title={t.title} nonce={props.nonce} refreshSeconds={5}>
      <main class="mailbox">
        <h1>{t.title}</h1>
        <p class="muted">
          {t.note} <a href={t.otherHref}>{t.other}</a>
          {props.phoneInbox && (
            <>
              {' · '}
              <a href={`/dev/phone?lang=${props.lang}`}>{t.phone}</a>
            </>
          )}
        </p>
        {props.mails.length === 0 ? (
          <p class="empty">{t.empty}</p>
        ) : (
          props.mails.map((m) => (
            <article class="mail" data-mail-id={m.id} data-purpose={m.purpose}>
              <h2>
                {t.subject}: {m.subject}
              </h2>
              <div class="meta">
                <span>
                  {t.to}: {m.to}
                </span>
                <time datetime={m.at.toISOString()}>{japanTime(m.at)} JST</time>
                <span>{t.status[m.status] ?? m.status}</span>
              </div>
              <pre class="mail-body">{m.body}</pre>
            </article>
          ))
        )}
      </main>
    </Layout>
  );
};
