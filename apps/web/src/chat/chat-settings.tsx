import { useId } from 'react';
import type { ChatMode } from '@parley/contracts';
import type { PersonaSummary } from '../api/views';
import { formatDate, toDay, withinLife } from './life-dates';

interface Props {
  persona: PersonaSummary;
  asOf: string;
  mode: ChatMode;
  onAsOf(value: string): void;
  onMode(mode: ChatMode): void;
}

/** The "as of" date (bounded by the persona's life) and the historian-mode switch. */
export function ChatSettings({ persona, asOf, mode, onAsOf, onMode }: Props) {
  const id = useId();
  const min = toDay(persona.born, 'first');
  const max = toDay(persona.died, 'last');
  const valid = asOf !== '' && withinLife(asOf, persona.born, persona.died);
  return (
    <fieldset className="chat-settings">
      <legend className="visually-hidden">Conversation settings</legend>
      <div className="field">
        <label htmlFor={`${id}-asof`}>Speaking as of</label>
        <input
          id={`${id}-asof`}
          type="date"
          name="asOf"
          min={min}
          max={max}
          value={asOf}
          onChange={(e) => onAsOf(e.target.value)}
          aria-invalid={!valid || undefined}
          aria-describedby={`${id}-asof-hint`}
        />
        <span
          id={`${id}-asof-hint`}
          className={`small ${valid ? 'muted' : 'error-text'}`}
          role={valid ? undefined : 'alert'}
        >
          {valid
            ? `${persona.name} knows only what was written by then.`
            : `Choose a date between ${formatDate(min)} and ${formatDate(max)}.`}
        </span>
      </div>
      <div className="field switch-field">
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            name="historian"
            checked={mode === 'historian'}
            onChange={(e) => onMode(e.target.checked ? 'historian' : 'persona')}
            aria-describedby={`${id}-mode-hint`}
          />
          <span>Historian mode</span>
        </label>
        <span id={`${id}-mode-hint`} className="small muted">
          {mode === 'historian'
            ? `A historian answers about ${persona.name}, out of character, from the same sources.`
            : `${persona.name} answers in the first person.`}
        </span>
      </div>
    </fieldset>
  );
}
