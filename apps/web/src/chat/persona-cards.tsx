import type { PersonaSummary } from '@parley/contracts';
import { href } from '../routing/use-hash-route';
import { year } from './life-dates';

/** One card per persona: name, life dates, number of sources, a one-line description; each opens a chat. */
export function PersonaCards({ personas }: { personas: PersonaSummary[] }) {
  return (
    <ul className="persona-cards">
      {personas.map((p) => (
        <li key={p.id}>
          <a className="persona-card" href={href({ name: 'chat', persona: p.id })} data-persona={p.id}>
            <span className="persona-name">{p.name}</span>
            <span className="persona-life">
              {year(p.born)}–{year(p.died)}
            </span>
            <span className="persona-description">{p.description}</span>
            <span className="persona-sources">
              {p.documents} {p.documents === 1 ? 'source' : 'sources'}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
