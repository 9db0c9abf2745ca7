import type { ClassroomView, Exchange } from '@parley/contracts';
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

/**
 * The debaters side by side, one column each; one row per round of turns, each turn numbered (on a phone the columns collapse into one list in turn order).
 */
export function DebateStage({ classroom, turns, live, personaName }: Props) {
  const columns = classroom.personas;
  const ordered = [...turns].sort((a, b) => (a.debateTurn ?? 0) - (b.debateTurn ?? 0));
  return (
    <section className="debate" aria-label="Debate">
      {classroom.motion && (
        <p className="motion">
          <span className="muted small">Motion</span>
          <q>{classroom.motion}</q>
        </p>
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
        {ordered.map((x, i) => (
          <div
            key={x.id}
            className="debate-turn"
            style={{
              gridColumn: Math.max(columns.indexOf(x.persona), 0) + 1,
              gridRow: round(x.debateTurn ?? i + 1, columns.length) + 2,
            }}
          >
            <span className="turn-number">Turn {x.debateTurn ?? i + 1}</span>
            <ExchangeCard exchange={x} live={live[x.id]} personaName={personaName(x.persona)} />
          </div>
        ))}
      </div>
      {ordered.length === 0 && <p className="muted">No turns yet.</p>}
    </section>
  );
}
