import type { FC } from 'hono/jsx';
import { clauseAnchor, itemMark, paragraphMark, splitCitations, TERMS_ARTICLES } from './articles.ts';

/** Numbered lists without the browser's own numbers (the marks are the terms' own); the cited clause stands out. */
export const ARTICLES_CSS = `
#terms-articles h3{margin:14px 0 4px;font-size:16px}
#terms-articles ol{margin:0;padding:0;list-style:none}
#terms-articles ol.items{margin:4px 0 4px 1em}
#terms-articles li{margin:4px 0}
#terms-articles .mark{margin-right:.5em;font-weight:600}
#terms-articles :target{background:#fff4c2;outline:2px solid #8a6d00}
`;

/**
 * The terms article by article (articles.ts): headings 第N条, paragraphs and items numbered as decisions cite
 * them, each with its anchor so that `/enet/terms#art-5-3-3` lands on 第5条第3項第3号.
 */
export const TermsArticles: FC<{ heading: string; note: string }> = ({ heading, note }) => (
  <section class="card articles" lang="ja" aria-labelledby="articles-h" id="terms-articles">
    <h2 id="articles-h">{heading}</h2>
    <p class="muted">{note}</p>
    {TERMS_ARTICLES.map((a) => (
      <section id={clauseAnchor(a.n)} aria-labelledby={`${clauseAnchor(a.n)}-h`}>
        <h3 id={`${clauseAnchor(a.n)}-h`}>
          第{a.n}条（{a.title}）
        </h3>
        <ol class="paragraphs">
          {a.paragraphs.map((p, pi) => (
            <li id={clauseAnchor(a.n, pi + 1)}>
              {a.paragraphs.length > 1 ? <span class="mark">{paragraphMark(pi + 1)}</span> : null}
              {p.text}
              {p.items ? (
                <ol class="items">
                  {p.items.map((item, ii) => (
                    <li id={clauseAnchor(a.n, pi + 1, ii + 1)}>
                      <span class="mark">{itemMark(ii + 1)}</span>
                      {item}
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    ))}
  </section>
);

/** A text with its terms citations linked to their anchors on `termsPath` (the decision letter on the case page). */
export const CitedText: FC<{ text: string; termsPath: string }> = ({ text, termsPath }) => (
  <>
    {splitCitations(text).map((part) =>
      typeof part === 'string' ? (
        part
      ) : (
        <a href={`${termsPath}#${part.anchor}`} class="cite">
          {part.text}
        </a>
      ),
    )}
  </>
);
