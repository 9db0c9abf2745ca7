import type { ClassroomView, Exchange } from '@parley/contracts';
import type { LiveAnswer } from './classroom-state';
import { ExchangeCard } from './exchange-card';

interface Props {
  classroom: ClassroomView;
  turns: Exchange[];
  live: Record<string, LiveAnswer>;
  personaName(id: string): string;
}

/**
 * The debaters side by side, one column each; every turn sits on its own row so the order of speaking reads
 * top to bottom (on a phone the columns collapse into one list in turn order).
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
        {ordered.map((x, row) => (
          <div
            key={x.id}
            className="debate-turn"
            style={{ gridColumn: Math.max(columns.indexOf(x.persona), 0) + 1, gridRow: row + 2 }}
          >
            <span className="turn-number">Turn {x.debateTurn ?? row + 1}</span>
            <ExchangeCard exchange={x} live={live[x.id]} personaName={personaName(x.persona)} />
          </div>
        ))}
      </div>
      {ordered.length === 0 && <p className="muted">No turns yet.</p>}
    </section>
  );
}
