import { useEffect, useState } from 'react';
import { describeError, ApiError } from '../api/api-error';
import { href } from '../routing/use-hash-route';
import { Composer } from '../ui/composer';
import { loadSession, type StoredSession } from './classroom-session';
import { DebateStage } from './debate-stage';
import { ExchangeCard } from './exchange-card';
import { SocketStatusBanner } from './socket-status';
import { useClassroom } from './use-classroom';
import { usePersonaNames } from './use-persona-names';

export function StudentPage({ classroomId }: { classroomId: string }) {
  const session = loadSession(classroomId);
  if (!session) {
    return (
      <main id="main" tabIndex={-1} className="page">
        <h1>Join the class first</h1>
        <p>
          <a href={href({ name: 'join', code: '' })}>Enter the code your teacher shows.</a>
        </p>
      </main>
    );
  }
  return <StudentRoom session={session} />;
}

function StudentRoom({ session }: { session: StoredSession }) {
  const { state, status, refusal, actions } = useClassroom(session);
  const personaName = usePersonaNames();
  const classroom = state.classroom;
  const [persona, setPersona] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (classroom && !classroom.personas.includes(persona)) setPersona(classroom.personas[0] ?? '');
  }, [classroom, persona]);

  async function ask(message: string) {
    setBusy(true);
    setError(null);
    const r = await actions.ask(persona, message);
    setBusy(false);
    if (!r.ok)
      setError(
        r.error.code === 'network'
          ? 'Not connected right now. Your question was not sent; try again in a moment.'
          : describeError(new ApiError(0, r.error.code, r.error.message)),
      );
  }

  const exchanges = state.order.map((id) => state.exchanges[id]).filter(Boolean);
  const turns = exchanges.filter((x) => x.kind === 'debate_turn');
  const questions = exchanges.filter((x) => x.kind === 'question');
  const pinned = exchanges.filter((x) => x.pinned);
  const latestBroadcast = state.broadcasts.at(-1);
  const answering = questions.some(
    (x) => x.participantId === session.participantId && x.status === 'answering',
  );
  const closed = state.removed || classroom?.ended;

  return (
    <main id="main" tabIndex={-1} className="page student">
      <SocketStatusBanner status={status} refusal={refusal} />
      <header>
        <p className="muted small">
          Class session{session.displayName ? ` · you are ${session.displayName}` : ''}
        </p>
        <h1>{classroom?.title ?? 'Connecting…'}</h1>
      </header>
      {state.removed && (
        <p className="error" role="alert">
          The teacher removed you from this session.
        </p>
      )}
      {classroom?.ended && !state.removed && (
        <p className="warning" role="status">
          This session has ended. Thank you for taking part.
        </p>
      )}
      {latestBroadcast && (
        <section className="broadcast" aria-label="Message from your teacher" role="region">
          <p className="muted small">From your teacher</p>
          <p className="broadcast-text" aria-live="polite">
            {latestBroadcast.text}
          </p>
        </section>
      )}
      {pinned.length > 0 && (
        <section className="panel pinned" aria-labelledby="pinned-heading">
          <h2 id="pinned-heading">Pinned by your teacher</h2>
          <ul className="feed">
            {pinned.map((x) => (
              <li key={x.id}>
                <ExchangeCard
                  exchange={x}
                  live={state.live[x.id]}
                  personaName={personaName(x.persona)}
                  showAsker
                />
              </li>
            ))}
          </ul>
        </section>
      )}
      {classroom?.mode === 'debate' && (
        <section className="panel" aria-labelledby="debate-heading">
          <h2 id="debate-heading">Debate</h2>
          <DebateStage classroom={classroom} turns={turns} live={state.live} personaName={personaName} />
        </section>
      )}
      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">
          {classroom?.visibility === 'shared' ? 'Questions from the class' : 'Your questions'}
        </h2>
        {questions.length === 0 && (
          <p className="muted">Ask a question below; the answer will appear here.</p>
        )}
        <ol className="feed">
          {questions.map((x) => (
            <li key={x.id}>
              <ExchangeCard
                exchange={x}
                live={state.live[x.id]}
                personaName={personaName(x.persona)}
                showAsker={classroom?.visibility === 'shared'}
              />
            </li>
          ))}
        </ol>
        {state.notices.map((n) => (
          <p key={n.id} className="warning" role="status">
            {n.message}
          </p>
        ))}
      </section>
      {classroom && !closed && (
        <div className="composer-dock">
          {classroom.locked && (
            <p className="warning" role="status" data-testid="locked">
              The teacher has paused questions. You can ask again when the room is unlocked.
            </p>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {classroom.personas.length > 1 && (
            <fieldset className="choice-list persona-choice">
              <legend>{classroom.mode === 'debate' ? 'Put your question to' : 'Ask'}</legend>
              {classroom.personas.map((p) => (
                <label key={p}>
                  <input
                    type="radio"
                    name="persona"
                    value={p}
                    checked={persona === p}
                    onChange={() => setPersona(p)}
                  />
                  {personaName(p)}
                </label>
              ))}
            </fieldset>
          )}
          <Composer
            label={`Ask ${personaName(persona)} a question`}
            placeholder={`Ask ${personaName(persona)}…`}
            busy={busy || answering}
            disabled={classroom.locked || status !== 'connected'}
            disabledReason={classroom.locked ? 'Questions are paused by the teacher.' : 'Reconnecting…'}
            onSubmit={(m) => void ask(m)}
          />
        </div>
      )}
    </main>
  );
}
