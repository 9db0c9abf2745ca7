import type { ReactNode } from 'react';
import type { Exchange } from '@parley/contracts';
import { describeError, ApiError } from '../api/api-error';
import { AnswerView } from '../chat/answer-view';
import { entryFromAnswer, type AnswerEntry } from '../chat/chat-entry';
import type { LiveAnswer } from './classroom-state';

interface Props {
  exchange: Exchange;
  live?: LiveAnswer;
  personaName: string;
  /** Shows who asked (the teacher's feed and shared rooms). */
  showAsker?: boolean;
  /** Teacher controls for this exchange. */
  actions?: ReactNode;
}

/** The answer part of an exchange as the chat renders answers: streaming, complete, refused or failed. */
export function exchangeAnswer(x: Exchange, personaName: string, live?: LiveAnswer): AnswerEntry | null {
  if (x.answer) return entryFromAnswer(x.answer, 'persona', x.question);
  const base: AnswerEntry = {
    kind: 'answer',
    id: x.id,
    personaId: x.persona,
    personaName,
    mode: 'persona',
    asOf: null,
    text: live?.text ?? '',
    citations: live?.citations ?? [],
    refusal: null,
    context: null,
    notice: null,
    readFurther: [],
    introduction: false,
    status: 'streaming',
  };
  if (x.status === 'answering') return base;
  if (x.status === 'failed') {
    const error = x.error
      ? describeError(new ApiError(0, x.error.code, x.error.message))
      : 'The answer failed.';
    return { ...base, status: 'failed', error };
  }
  return null;
}

/** One question to a persona (or one debate turn) with its answer, as a card in a feed. */
export function ExchangeCard({ exchange: x, live, personaName, showAsker, actions }: Props) {
  const answer = exchangeAnswer(x, personaName, live);
  const asker = x.kind === 'debate_turn' ? `Debate turn ${x.debateTurn ?? ''}` : (x.displayName ?? 'Teacher');
  return (
    <article
      className="exchange"
      data-exchange={x.id}
      data-status={x.status}
      data-pinned={x.pinned || undefined}
      aria-label={`${asker} to ${personaName}`}
    >
      {/* A debate turn sits under its speaker's column heading, and the answer names the speaker again. */}
      {(x.kind === 'question' || x.pinned || actions) && (
        <header className="exchange-header">
          <span>
            {showAsker && <strong className="asker">{asker}</strong>}
            {showAsker && ' → '}
            <span className="muted">{personaName}</span>
          </span>
          <span className="exchange-tags">
            {x.pinned && <span className="badge">Pinned</span>}
            {x.status === 'held' && <span className="badge warn">Held for review</span>}
            {x.status === 'dismissed' && <span className="badge">Not sent</span>}
            {actions}
          </span>
        </header>
      )}
      {x.kind === 'question' && (
        <p className="question-text">
          <span className="visually-hidden">Question: </span>
          {x.question}
        </p>
      )}
      {answer && <AnswerView entry={answer} />}
      {x.status === 'held' && <p className="muted small">This question is waiting for the teacher.</p>}
      {x.status === 'dismissed' && <p className="muted small">This question was not sent to the persona.</p>}
    </article>
  );
}
