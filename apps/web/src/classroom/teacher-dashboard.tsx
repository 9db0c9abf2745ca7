import { useState } from 'react';
import {
  MAX_BROADCAST_CHARS,
  MAX_MOTION_CHARS,
  type Exchange,
  type SocketError,
  type TranscriptFormat,
} from '@parley/contracts';
import { describeError } from '../api/api-error';
import { href } from '../routing/use-hash-route';
import { copyText } from '../ui/copy-text';
import { formatJoinCode, joinLink, loadSession, type StoredSession } from './classroom-session';
import type { AckResult } from './classroom-socket';
import { DebateStage } from './debate-stage';
import { QrCode } from './qr-code';
import { ExchangeCard } from './exchange-card';
import { SocketStatusBanner } from './socket-status';
import { downloadTranscript } from './transcript-download';
import { useClassroom, type Classroom } from './use-classroom';
import { usePersonaNames } from './use-persona-names';

export function TeacherPage({ classroomId }: { classroomId: string }) {
  const session = loadSession(classroomId);
  if (!session || session.role !== 'teacher') {
    return (
      <main id="main" tabIndex={-1} className="page">
        <h1>Not your session</h1>
        <p>
          This browser does not hold the teacher’s key for this session.{' '}
          <a href={href({ name: 'classroom-new' })}>Start a new session.</a>
        </p>
      </main>
    );
  }
  return <Dashboard session={session} />;
}

function Dashboard({ session }: { session: StoredSession }) {
  const room = useClassroom(session);
  const { state, status, refusal, actions } = room;
  const personaName = usePersonaNames();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const classroom = state.classroom;

  async function run(label: string, action: () => Promise<AckResult<object>>) {
    const r = await action();
    setMessage(r.ok ? { text: label, error: false } : { text: errorText(r.error), error: true });
    return r.ok;
  }

  const exchanges = state.order.map((id) => state.exchanges[id]).filter(Boolean);
  const turns = exchanges.filter((x) => x.kind === 'debate_turn');
  const questions = exchanges.filter((x) => x.kind === 'question');
  const students = Object.values(state.participants).filter((p) => p.role === 'student');
  const pinned = exchanges.filter((x) => x.pinned);

  return (
    <main id="main" tabIndex={-1} className="page wide dashboard">
      <SocketStatusBanner status={status} refusal={refusal} />
      <header className="dashboard-header">
        <div>
          <p className="muted small">Teacher dashboard{classroom?.mode === 'debate' ? ' · debate' : ''}</p>
          <h1>{classroom?.title ?? 'Loading the session…'}</h1>
          {classroom && (
            <p className="small muted">
              {classroom.visibility === 'shared'
                ? 'Everyone sees every answer'
                : 'Each student sees only their own answers'}{' '}
              · deleted after{' '}
              {new Date(classroom.deleteAfter).toLocaleDateString('en-GB', {
                day: 'numeric',
                month: 'long',
                year: 'numeric',
              })}
            </p>
          )}
        </div>
        {classroom && (
          <p className="room-state">
            {classroom.ended ? (
              <span className="badge">Ended</span>
            ) : classroom.locked ? (
              <span className="badge warn">Locked</span>
            ) : (
              <span className="badge ok">Open</span>
            )}
          </p>
        )}
      </header>
      <p className="sr-status" role="status" aria-live="polite">
        <span className={message?.error ? 'error-text' : 'muted'}>{message?.text ?? ''}</span>
      </p>
      <div className="dashboard-grid">
        <div className="dashboard-side">
          {session.joinCode && <JoinCodePanel code={session.joinCode} />}
          {classroom && !classroom.ended && <Controls room={room} run={run} />}
          <TranscriptPanel
            session={session}
            title={classroom?.title ?? 'classroom'}
            onError={(t) => setMessage({ text: t, error: true })}
          />
          <section className="panel students-panel" aria-labelledby="students-heading">
            <h2 id="students-heading">
              Students <span className="badge">{students.filter((s) => !s.removed).length}</span>
            </h2>
            {students.length === 0 && <p className="muted small">Nobody has joined yet.</p>}
            <ul className="students">
              {students.map((s) => (
                <li key={s.id} data-removed={s.removed || undefined}>
                  <span>{s.displayName}</span>
                  {s.removed ? (
                    <span className="muted small">removed</span>
                  ) : (
                    classroom &&
                    !classroom.ended && (
                      <button
                        type="button"
                        className="button ghost small"
                        onClick={() => void run(`${s.displayName} was removed.`, () => actions.remove(s.id))}
                        aria-label={`Remove ${s.displayName}`}
                      >
                        Remove
                      </button>
                    )
                  )}
                </li>
              ))}
            </ul>
          </section>
        </div>
        <div className="dashboard-main">
          {state.alerts.length > 0 && (
            <section className="panel alerts" aria-labelledby="alerts-heading" role="region">
              <h2 id="alerts-heading">Needs your attention</h2>
              <ul>
                {state.alerts.map((a) => (
                  <li key={a.exchangeId} className="alert">
                    <p>
                      <strong>{a.displayName}</strong> asked {personaName(a.persona)} a question that was held
                      {a.categories.length ? ` (${a.categories.join(', ')})` : ''}:
                    </p>
                    <blockquote>{a.text}</blockquote>
                    <div className="button-row">
                      <button
                        type="button"
                        className="button"
                        onClick={() =>
                          void run('The question was sent to the persona.', () =>
                            actions.moderate(a.exchangeId, 'release'),
                          )
                        }
                      >
                        Send it anyway
                      </button>
                      <button
                        type="button"
                        className="button ghost"
                        onClick={() =>
                          void run('The question was dismissed.', () =>
                            actions.moderate(a.exchangeId, 'dismiss'),
                          )
                        }
                      >
                        Dismiss
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {classroom?.mode === 'debate' && (
            <section className="panel" aria-labelledby="debate-heading">
              <h2 id="debate-heading">Debate</h2>
              <DebateStage classroom={classroom} turns={turns} live={state.live} personaName={personaName} />
              <DebateControls room={room} run={run} />
            </section>
          )}
          {pinned.length > 0 && (
            <section className="panel pinned" aria-labelledby="pinned-heading">
              <h2 id="pinned-heading">Pinned for everyone</h2>
              <ul className="feed">
                {pinned.map((x) => (
                  <li key={x.id}>
                    <ExchangeCard
                      exchange={x}
                      live={state.live[x.id]}
                      personaName={personaName(x.persona)}
                      showAsker
                      actions={
                        classroom && !classroom.ended ? (
                          <PinButton exchange={x} run={run} room={room} />
                        ) : undefined
                      }
                    />
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="panel" aria-labelledby="feed-heading">
            <h2 id="feed-heading">Live feed</h2>
            {questions.length === 0 && (
              <p className="muted">Questions from students appear here as they are asked.</p>
            )}
            <ol className="feed" aria-live="polite" aria-relevant="additions">
              {[...questions].reverse().map((x) =>
                x.pinned ? (
                  // Shown in full once, under "Pinned for everyone"; here only where it came in the feed.
                  <li key={x.id} className="pinned-ref small muted">
                    {x.displayName ?? 'A student'} asked {personaName(x.persona)}: pinned above.
                  </li>
                ) : (
                  <li key={x.id}>
                    <ExchangeCard
                      exchange={x}
                      live={state.live[x.id]}
                      personaName={personaName(x.persona)}
                      showAsker
                      actions={
                        x.status === 'answered' && classroom && !classroom.ended ? (
                          <PinButton exchange={x} run={run} room={room} />
                        ) : undefined
                      }
                    />
                  </li>
                ),
              )}
            </ol>
          </section>
        </div>
      </div>
    </main>
  );
}

type Run = (label: string, action: () => Promise<AckResult<object>>) => Promise<boolean>;

function PinButton({ exchange, run, room }: { exchange: Exchange; run: Run; room: Classroom }) {
  return (
    <button
      type="button"
      className="button ghost small"
      aria-pressed={exchange.pinned}
      onClick={() =>
        void run(exchange.pinned ? 'Unpinned.' : 'Pinned for everyone.', () =>
          room.actions.pin(exchange.id, !exchange.pinned),
        )
      }
    >
      {exchange.pinned ? 'Unpin' : 'Pin for everyone'}
    </button>
  );
}

function JoinCodePanel({ code }: { code: string }) {
  const [board, setBoard] = useState(false);
  const [copied, setCopied] = useState('');
  const link = joinLink(code);
  return (
    <section className="panel join-panel" aria-labelledby="join-heading">
      <h2 id="join-heading">Students join with</h2>
      <p className="join-code" data-testid="join-code" aria-label={`Join code ${code.split('').join(' ')}`}>
        {formatJoinCode(code)}
      </p>
      <p className="small">
        at <span className="join-url">{window.location.host}</span> → Join, or with this link:
      </p>
      <p className="small join-link">
        <a href={link}>{link}</a>
      </p>
      {isLoopback(window.location.hostname) && (
        <p className="small warn-text" data-testid="loopback-warning">
          Students cannot open this address: it names this computer only. Open Parley here at this computer’s
          network address (start it with <code>HOST=0.0.0.0</code>, see the README), and the link and QR code
          will use it.
        </p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button ghost small"
          onClick={() => void copyText(link).then((ok) => setCopied(ok ? 'Link copied.' : ''))}
        >
          Copy link
        </button>
        <button type="button" className="button ghost small" onClick={() => setBoard(true)}>
          Show on the board
        </button>
        <span className="small muted" role="status">
          {copied}
        </span>
      </div>
      {board && (
        <div
          className="board-overlay"
          role="dialog"
          aria-modal="true"
          aria-label="Join code for the board"
          onKeyDown={(e) => e.key === 'Escape' && setBoard(false)}
        >
          <p>Join at {window.location.host} with the code</p>
          <p className="board-code">{formatJoinCode(code)}</p>
          <QrCode text={link} label={`QR code of the join link ${link}`} />
          <p className="small">or scan the code with a phone on the same network</p>
          <button type="button" className="button" onClick={() => setBoard(false)} autoFocus>
            Close
          </button>
        </div>
      )}
    </section>
  );
}

/** An address only this computer can reach: students' devices would open their own. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
}

function Controls({ room, run }: { room: Classroom; run: Run }) {
  const [text, setText] = useState('');
  const [confirmEnd, setConfirmEnd] = useState(false);
  const locked = room.state.classroom?.locked ?? false;
  return (
    <section className="panel controls" aria-labelledby="controls-heading">
      <h2 id="controls-heading">Controls</h2>
      <div className="button-row">
        <button
          type="button"
          className="button"
          aria-pressed={locked}
          onClick={() =>
            void run(locked ? 'The room is open again.' : 'The room is locked: students cannot ask.', () =>
              room.actions.lock(!locked),
            )
          }
        >
          {locked ? 'Unlock the room' : 'Lock the room'}
        </button>
      </div>
      <form
        className="broadcast-form"
        onSubmit={(e) => {
          e.preventDefault();
          const t = text.trim();
          if (t)
            void run('Sent to every student.', () => room.actions.broadcast(t)).then(
              (ok) => ok && setText(''),
            );
        }}
      >
        <label htmlFor="broadcast-text">Message to everyone</label>
        <textarea
          id="broadcast-text"
          rows={2}
          maxLength={MAX_BROADCAST_CHARS}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. Now ask Trotsky the same question."
        />
        <button type="submit" className="button" disabled={!text.trim()}>
          Broadcast
        </button>
      </form>
      <div className="button-row end-row">
        {confirmEnd ? (
          <>
            <span className="small">End for everyone?</span>
            <button
              type="button"
              className="button danger"
              onClick={() =>
                void run('The session has ended.', () => room.actions.end()).then(() => setConfirmEnd(false))
              }
            >
              Yes, end the session
            </button>
            <button type="button" className="button ghost" onClick={() => setConfirmEnd(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" className="button danger" onClick={() => setConfirmEnd(true)}>
            End the session
          </button>
        )}
      </div>
    </section>
  );
}

/** Where the debate stands, in words: before the first turn there is no "turn 0" to speak of. */
function turnStatus(turn: number, speaking: boolean): string {
  if (turn === 0) return 'No turn yet: the first debater opens.';
  return speaking ? `Turn ${turn} is being spoken.` : `Turn ${turn} finished.`;
}

function DebateControls({ room, run }: { room: Classroom; run: Run }) {
  const classroom = room.state.classroom;
  const [motion, setMotion] = useState('');
  const personaName = usePersonaNames();
  if (!classroom || classroom.ended) return null;
  const answering = Object.values(room.state.exchanges).some(
    (x) => x.kind === 'debate_turn' && x.status === 'answering',
  );
  return (
    <div className="debate-controls">
      {classroom.motion ? (
        <div className="button-row">
          <button
            type="button"
            className="button primary"
            disabled={answering}
            onClick={() => void run('Next turn started.', () => room.actions.nextTurn())}
          >
            {answering
              ? 'Speaking…'
              : `Next turn${classroom.debate?.nextPersona ? `: ${personaName(classroom.debate.nextPersona)}` : ''}`}
          </button>
          <span className="small muted" data-testid="turn-status">
            {turnStatus(classroom.debate?.turn ?? 0, answering)}
          </span>
        </div>
      ) : null}
      <details className="motion-details" open={!classroom.motion}>
        <summary>{classroom.motion ? 'Change the motion' : 'Set the motion'}</summary>
        <form
          className="motion-form"
          onSubmit={(e) => {
            e.preventDefault();
            const m = motion.trim();
            if (m)
              void run('The motion is set.', () => room.actions.setMotion(m)).then(
                (ok) => ok && setMotion(''),
              );
          }}
        >
          <label htmlFor="motion-text">New motion</label>
          <input
            id="motion-text"
            maxLength={MAX_MOTION_CHARS}
            value={motion}
            onChange={(e) => setMotion(e.target.value)}
          />
          <button type="submit" className="button ghost" disabled={!motion.trim()}>
            Set
          </button>
        </form>
      </details>
    </div>
  );
}

function TranscriptPanel({
  session,
  title,
  onError,
}: {
  session: StoredSession;
  title: string;
  onError(text: string): void;
}) {
  const formats: { format: TranscriptFormat; label: string }[] = [
    { format: 'html', label: 'Web page (prints well)' },
    { format: 'md', label: 'Markdown' },
    { format: 'json', label: 'JSON' },
  ];
  return (
    <section className="panel transcript-panel" aria-labelledby="transcript-heading">
      <h2 id="transcript-heading">Transcript</h2>
      <div className="button-row">
        {formats.map((f) => (
          <button
            key={f.format}
            type="button"
            className="button ghost small"
            onClick={() =>
              void downloadTranscript(session.classroomId, session.token, f.format, title).catch(
                (e: unknown) => onError(`Could not download the transcript. ${describeError(e)}`),
              )
            }
          >
            {f.label}
          </button>
        ))}
      </div>
    </section>
  );
}

function errorText(e: SocketError): string {
  if (e.code === 'rate_limited') return 'Too many actions at once: wait a moment and try again.';
  if (e.code === 'network') return 'Not connected right now. Reconnecting…';
  return e.message;
}
