import type { FC } from 'hono/jsx';
import type { FlowEntry } from '../simulator/flow-log.ts';
import type { Lang } from './lang.ts';
import { HOP_TEXT, RESULT_TEXT } from './outcome-text.ts';

/** HH:MM:SS.mmm in Japan time, like the phone inbox. */
const time = (at: Date) => new Date(at.getTime() + 9 * 3600_000).toISOString().slice(11, 23);

/** Every message of the flow in order, pretty-printed; bodies are already PAN-masked by the flow log. */
export const Inspector: FC<{ lang: Lang; entries: readonly FlowEntry[] }> = ({ lang, entries }) => {
  const t = RESULT_TEXT[lang];
  return (
    <section class="inspector" aria-labelledby="inspector-title">
      <h2 id="inspector-title">{t.inspector}</h2>
      <p class="muted">{t.inspectorHelp}</p>
      {entries.map((entry, i) => (
        <details open={i === entries.length - 1} data-message={entry.label}>
          <summary>
            <span class="muted">{i + 1}.</span>
            <span class="tag">{entry.label}</span>
            <span>{HOP_TEXT[entry.hop][lang]}</span>
            <span class="muted">{time(entry.at)} JST</span>
            {entry.check && (
              <span class={entry.check.ok ? 'ok' : 'ng'}>
                {entry.check.ok ? `✓ ${t.valid}` : `✗ ${t.invalid}: ${entry.check.detail ?? ''}`}
              </span>
            )}
            {entry.note && <span class="muted">{entry.note}</span>}
          </summary>
          <pre>{JSON.stringify(entry.body, null, 2)}</pre>
        </details>
      ))}
    </section>
  );
};
