import { useState } from 'react';
import type { ReadFurther, Refusal } from '@parley/contracts';
import { answerAsText } from './answer-as-text';
import { AnswerText, Footnotes } from './answer-text';
import type { AnswerEntry } from './chat-entry';
import { formatDate } from './life-dates';
import { copyText } from '../ui/copy-text';
import { useSourceViewer } from '../sources/source-viewer-context';

interface Props {
  entry: AnswerEntry;
  onRetry?: (question: string) => void;
}

/** One persona answer: streamed text with footnote markers, refusal and historian's note shown distinctly, sources, copy. */
export function AnswerView({ entry, onRetry }: Props) {
  const [copied, setCopied] = useState<string>('');
  const streaming = entry.status === 'streaming';
  const markersInText = new Set(
    [...`${entry.text} ${entry.context ?? ''}`.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])),
  );
  const shown = streaming ? entry.citations.filter((c) => markersInText.has(c.marker)) : entry.citations;
  const historian = entry.mode === 'historian';
  // Parley's own description of the persona (the reply to a greeting) speaks for Parley, not for the persona.
  const introduction = entry.introduction;
  const speaker = introduction ? 'Parley' : historian ? 'Historian' : entry.personaName;

  async function copy() {
    const ok = await copyText(
      answerAsText({
        personaName: speaker,
        asOf: entry.asOf,
        text: entry.text,
        context: entry.context,
        citations: entry.citations,
      }),
    );
    setCopied(ok ? 'Answer and sources copied.' : 'Copying is not available here.');
  }

  return (
    <article
      className={`answer${entry.refusal ? ' refused' : ''}${historian || introduction ? ' historian' : ''}`}
      data-status={entry.status}
      data-refusal={entry.refusal ?? undefined}
      data-mode={entry.mode}
      data-introduction={introduction || undefined}
      aria-label={
        introduction
          ? `Parley's description of ${entry.personaName}`
          : historian
            ? `The historian answers about ${entry.personaName}`
            : `${entry.personaName} answers`
      }
    >
      <header className="answer-header">
        <span className="speaker">{speaker}</span>
        {introduction ? (
          <span className="muted small" data-testid="introduction-label">
            Parley’s description of {entry.personaName}, not {entry.personaName}’s words
          </span>
        ) : historian ? (
          <span className="muted small">on {entry.personaName}, out of character, from the sources</span>
        ) : (
          entry.asOf && <span className="muted small">speaking as of {formatDate(entry.asOf)}</span>
        )}
      </header>
      {entry.refusal && <RefusalNote refusal={entry.refusal} name={entry.personaName} asOf={entry.asOf} />}
      <div className="answer-text" aria-live="polite" aria-busy={streaming} data-testid="answer-text">
        <AnswerText text={entry.text} citations={entry.citations} />
        {streaming && <span className="typing" aria-hidden="true" />}
      </div>
      {streaming && !entry.text && (
        <p className="muted small">
          {historian ? 'The historian is' : `${entry.personaName} is`} searching the writings…
        </p>
      )}
      {entry.context && <HistorianNote context={entry.context} citations={entry.citations} />}
      {entry.notice && <p className="muted small notice">{entry.notice}</p>}
      <Footnotes citations={shown} showPersona={historian} />
      {entry.readFurther.length > 0 && <ReadFurtherList documents={entry.readFurther} />}
      {entry.status === 'failed' && (
        <div className="error" role="alert">
          <p>{entry.error ?? 'This answer did not finish.'}</p>
          {onRetry && entry.question && (
            <button type="button" className="button" onClick={() => onRetry(entry.question as string)}>
              Ask again
            </button>
          )}
        </div>
      )}
      {entry.status === 'complete' && !entry.refusal && !introduction && (
        <footer className="answer-actions">
          <button type="button" className="button ghost small" onClick={() => void copy()}>
            Copy answer with sources
          </button>
          <span className="muted small" role="status">
            {copied}
          </span>
        </footer>
      )}
    </article>
  );
}

/** The out-of-character note; a leading "Historian's note (qualifier):" becomes the heading and a label. */
function HistorianNote({ context, citations }: { context: string; citations: AnswerEntry['citations'] }) {
  const label = /^\s*Historian['’]s note\s*(?:\(([^)]{1,120})\))?\s*:\s*/i.exec(context);
  const body = label ? context.slice(label[0].length) : context;
  const qualifier = label?.[1];
  return (
    <aside className="historian-note" aria-label="Historian's note">
      <h3>Historian’s note</h3>
      {qualifier && (
        <p className="note-qualifier">{qualifier.charAt(0).toUpperCase() + qualifier.slice(1)}</p>
      )}
      <p>
        <AnswerText text={body} citations={citations} />
      </p>
    </aside>
  );
}

/** The documents that came closest to a question the sources do not answer: titles that open the reader. */
function ReadFurtherList({ documents }: { documents: ReadFurther[] }) {
  const viewer = useSourceViewer();
  return (
    <aside className="read-further" aria-label="Closest documents to read">
      <h3>Closest documents to read</h3>
      <ul>
        {documents.map((d) => (
          <li key={d.documentId}>
            <button
              type="button"
              className="link-button"
              onClick={() => viewer.open({ kind: 'document', documentId: d.documentId, title: d.title })}
            >
              {d.title}
            </button>{' '}
            <span className="muted small">
              ({d.author}, {d.date})
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}

function RefusalNote({ refusal, name, asOf }: { refusal: Refusal; name: string; asOf: string | null }) {
  const text = refusalExplanation(refusal, name, asOf);
  return (
    <p className="refusal-note" data-testid="refusal">
      <strong>{text.title}.</strong> {text.body}
    </p>
  );
}

export function refusalExplanation(
  refusal: Refusal,
  name: string,
  asOf: string | null,
): { title: string; body: string } {
  switch (refusal) {
    case 'anachronism':
      return {
        title: 'Declined: after their time',
        body: asOf
          ? `${name} is speaking as of ${formatDate(asOf)} and cannot know of later events.`
          : `${name} cannot know of events after their own time.`,
      };
    case 'no_sources':
      return {
        title: 'No record',
        body: `Nothing in ${name}’s writings in this library addresses this question.`,
      };
    case 'off_topic':
      return { title: 'Off topic', body: `This question is outside what ${name}’s writings can speak to.` };
    case 'unsafe':
      return { title: 'Declined', body: 'This question cannot be answered here.' };
  }
}
