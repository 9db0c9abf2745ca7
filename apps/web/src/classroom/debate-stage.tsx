import { debateClaim, type ClassroomView, type DebateClaim, type Exchange } from '@parley/contracts';
import { useSourceViewer } from '../sources/source-viewer-context';
import type { LiveAnswer } from './classroom-state';
import { ExchangeCard } from './exchange-card';

interface Props {
  classroom: ClassroomView;
  turns: Exchange[];
  live: Record<string, LiveAnswer>;
  personaName(id: string): string;
}

/** Turns 1..n form round 0, n+1..2n round 1…: one row per round, the debaters speaking left to right. */
function round(turn: number, speakers: number): number {
  return Math.floor((turn - 1) / Math.max(speakers, 1));
}

/** The claim a turn answers: the previous turn's, when another debater spoke it and it cites something. */
function claimAnswered(turn: Exchange, byNumber: Map<number, Exchange>): DebateClaim | null {
  const previous = byNumber.get((turn.debateTurn ?? 0) - 1);
  if (!previous?.answer || previous.persona === turn.persona) return null;
  return debateClaim(previous.answer);
}

/**
 * The motion and each debater's stance (assigned by the teacher, or declared by the debater's first claim), then
 * the debaters side by side, one column each and one row per round, each turn numbered and opening with the claim
 * it answers (on a phone the columns collapse into one list in turn order).
 */
export function DebateStage({ classroom, turns, live, personaName }: Props) {
  const columns = classroom.personas;
  const ordered = [...turns].sort((a, b) => (a.debateTurn ?? 0) - (b.debateTurn ?? 0));
  const byNumber = new Map(ordered.map((x) => [x.debateTurn ?? 0, x]));
  return (
    <section className="debate" aria-label="Debate">
      {classroom.motion && (
        <p className="motion">
          <span className="muted small">Motion</span>
          <q>{classroom.motion}</q>
        </p>
      )}
      {classroom.motion && (
        <ul className="stances" aria-label="Stances">
          {columns.map((p) => (
            <Stance
              key={p}
              name={personaName(p)}
              assigned={classroom.stances?.[p] ?? null}
              firstTurn={ordered.find((x) => x.persona === p && x.answer) ?? null}
            />
          ))}
        </ul>
      )}
      <div
        className="debate-grid"
        style={{ gridTemplateColumns: `repeat(${columns.length}, minmax(0, 1fr))` }}
      >
        {columns.map((p, i) => (
          <h3
            key={p}
            className="debater"
            style={{ gridColumn: i + 1, gridRow: 1 }}
            data-next={classroom.debate?.nextPersona === p || undefined}
          >
            {personaName(p)}
            {classroom.debate?.nextPersona === p && !classroom.ended && (
              <span className="badge">speaks next</span>
            )}
          </h3>
        ))}
        {ordered.map((x, i) => {
          const claim = claimAnswered(x, byNumber);
          return (
            <div
              key={x.id}
              className="debate-turn"
              data-turn={x.debateTurn ?? i + 1}
              style={{
                gridColumn: Math.max(columns.indexOf(x.persona), 0) + 1,
                gridRow: round(x.debateTurn ?? i + 1, columns.length) + 2,
              }}
            >
              <span className="turn-number">Turn {x.debateTurn ?? i + 1}</span>
              {claim && <ClaimAnswered claim={claim} />}
              <ExchangeCard exchange={x} live={live[x.id]} personaName={personaName(x.persona)} />
            </div>
          );
        })}
      </div>
      {ordered.length === 0 && <p className="muted">No turns yet.</p>}
    </section>
  );
}

function Stance({
  name,
  assigned,
  firstTurn,
}: {
  name: string;
  assigned: string | null;
  firstTurn: Exchange | null;
}) {
  const declared = !assigned && firstTurn?.answer ? debateClaim(firstTurn.answer) : null;
  return (
    <li data-testid="stance">
      <strong>{name}</strong>{' '}
      {assigned ? (
        <span>argues: {assigned}</span>
      ) : declared ? (
        <span>
          declares: <q>{declared.quote}</q>
        </span>
      ) : (
        <span className="muted">declares a stance with the first turn</span>
      )}
    </li>
  );
}

/** The previous speaker's claim, verbatim, with a button to its source: what this turn answers. */
function ClaimAnswered({ claim }: { claim: DebateClaim }) {
  const viewer = useSourceViewer();
  return (
    <blockquote className="claim-answered" data-testid="claim-answered">
      <span className="muted small">Answering {claim.personaName}: </span>
      <q>{claim.quote}</q>{' '}
      <button
        type="button"
        className="link-button small"
        onClick={() => viewer.open({ kind: 'citation', citation: claim.citation })}
      >
        source: {claim.citation.title}
      </button>
    </blockquote>
  );
}
