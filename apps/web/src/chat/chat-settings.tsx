import { useId, useState } from 'react';
import type { ChatMode, PersonaSummary } from '@parley/contracts';
import { formatDate, isoDate, toDay, withinLife } from './life-dates';

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
        <DateFields
          id={`${id}-asof`}
          value={asOf}
          min={min}
          max={max}
          onChange={onAsOf}
          describedBy={`${id}-asof-hint`}
          invalid={!valid}
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

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
]; // prettier-ignore

interface DateFieldsProps {
  id: string;
  value: string;
  min: string;
  max: string;
  describedBy: string;
  invalid: boolean;
  onChange(value: string): void;
}

/**
 * Day, month name and year, read in the order the page writes dates ("21 January 1924"), whatever the
 * browser's locale; reports an ISO date, or '' while the fields do not make a real date.
 */
function DateFields({ id, value, min, max, describedBy, invalid, onChange }: DateFieldsProps) {
  const [parts, setParts] = useState(() => {
    const [y = '', m = '', d = ''] = value.split('-');
    return { day: d ? String(Number(d)) : '', month: m ? String(Number(m)) : '', year: y };
  });
  function change(next: Partial<typeof parts>) {
    const p = { ...parts, ...next };
    setParts(p);
    onChange(isoDate(p.day, p.month, p.year));
  }
  return (
    <fieldset className="date-fields" id={id} aria-describedby={describedBy} data-min={min} data-max={max}>
      <legend>Speaking as of</legend>
      <label className="visually-hidden" htmlFor={`${id}-day`}>
        Day
      </label>
      <input
        id={`${id}-day`}
        className="date-day"
        inputMode="numeric"
        autoComplete="off"
        maxLength={2}
        value={parts.day}
        onChange={(e) => change({ day: e.target.value.replace(/\D/g, '') })}
        aria-invalid={invalid || undefined}
      />
      <label className="visually-hidden" htmlFor={`${id}-month`}>
        Month
      </label>
      <select
        id={`${id}-month`}
        className="date-month"
        value={parts.month}
        onChange={(e) => change({ month: e.target.value })}
        aria-invalid={invalid || undefined}
      >
        {MONTHS.map((name, i) => (
          <option key={name} value={String(i + 1)}>
            {name}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor={`${id}-year`}>
        Year
      </label>
      <input
        id={`${id}-year`}
        className="date-year"
        inputMode="numeric"
        autoComplete="off"
        maxLength={4}
        value={parts.year}
        onChange={(e) => change({ year: e.target.value.replace(/\D/g, '') })}
        aria-invalid={invalid || undefined}
      />
    </fieldset>
  );
}
