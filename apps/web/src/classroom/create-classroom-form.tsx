import { useId, useState, type FormEvent } from 'react';
import {
  CreateClassroomRequestSchema,
  DEFAULT_RETENTION_DAYS,
  MAX_MOTION_CHARS,
  MAX_STANCE_CHARS,
  MAX_TITLE_CHARS,
  type ClassroomMode,
  type CreateClassroomResponse,
  type Visibility,
} from '@parley/contracts';
import { describeError } from '../api/api-error';
import { sendJson } from '../api/api-client';
import { usePersonas } from '../api/use-personas';
import { navigate } from '../routing/use-hash-route';
import { saveSession } from './classroom-session';

interface Props {
  /** The debate page fixes the mode and asks for fewer details. */
  fixedMode?: ClassroomMode;
}

/** The teacher's form: personas, mode, motion, visibility, retention; creates the session and opens the dashboard. */
export function CreateClassroomForm({ fixedMode }: Props) {
  const id = useId();
  const personas = usePersonas();
  const [title, setTitle] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [mode, setMode] = useState<ClassroomMode>(fixedMode ?? 'qa');
  const [motion, setMotion] = useState('');
  const [stances, setStances] = useState<Record<string, string>>({});
  const [asOf, setAsOf] = useState('');
  const [visibility, setVisibility] = useState<Visibility>(fixedMode === 'debate' ? 'shared' : 'private');
  const [retentionDays, setRetentionDays] = useState(fixedMode === 'debate' ? 1 : DEFAULT_RETENTION_DAYS);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (persona: string, on: boolean) =>
    setChosen((list) =>
      on ? [...list.filter((p) => p !== persona), persona] : list.filter((p) => p !== persona),
    );

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      title: title.trim() || (mode === 'debate' ? motion.trim() : ''),
      personas: chosen,
      mode,
      motion: mode === 'debate' && motion.trim() ? motion.trim() : undefined,
      stances: mode === 'debate' ? assignedStances(stances, chosen) : undefined,
      asOf: asOf || undefined,
      visibility,
      retentionDays,
    };
    const parsed = CreateClassroomRequestSchema.safeParse(body);
    if (!parsed.success) {
      setError(
        parsed.error.issues.map((i) => `${fieldName(String(i.path[0] ?? ''))} ${i.message}`).join('; '),
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await sendJson<CreateClassroomResponse>('POST', '/api/classrooms', parsed.data);
      saveSession({
        classroomId: created.classroom.id,
        role: 'teacher',
        token: created.teacherToken,
        participantId: created.participantId,
        joinCode: created.joinCode,
        mode: created.classroom.mode,
      });
      navigate({ name: 'classroom-teacher', id: created.classroom.id });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const debate = mode === 'debate';
  return (
    <form className="panel create-form" onSubmit={(e) => void submit(e)} noValidate>
      {!fixedMode && (
        <div className="field wide-field">
          <label htmlFor={`${id}-title`}>Session title</label>
          <input
            id={`${id}-title`}
            value={title}
            maxLength={MAX_TITLE_CHARS}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="e.g. Year 11: the road to October"
          />
        </div>
      )}
      <fieldset className="choice-list">
        <legend>
          {debate ? 'Debaters (two or three, in speaking order)' : 'Personas students may question'}
        </legend>
        {personas.error && <p className="error">{personas.error}</p>}
        {personas.data?.map((p) => (
          <label key={p.id}>
            <input
              type="checkbox"
              name="persona"
              value={p.id}
              checked={chosen.includes(p.id)}
              onChange={(e) => toggle(p.id, e.target.checked)}
            />
            {p.name}
            {debate && chosen.includes(p.id) && <span className="badge">{chosen.indexOf(p.id) + 1}</span>}
          </label>
        ))}
      </fieldset>
      {!fixedMode && (
        <fieldset className="choice-list">
          <legend>Mode</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'qa'} onChange={() => setMode('qa')} />{' '}
            Questions and answers
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'debate'} onChange={() => setMode('debate')} />{' '}
            Debate
          </label>
        </fieldset>
      )}
      {debate && (
        <div className="field wide-field">
          <label htmlFor={`${id}-motion`}>Motion</label>
          <input
            id={`${id}-motion`}
            value={motion}
            maxLength={MAX_MOTION_CHARS}
            onChange={(e) => setMotion(e.target.value)}
            placeholder="e.g. Socialism can be built in one country"
          />
        </div>
      )}
      {debate && chosen.length > 0 && (
        <fieldset className="choice-list stances">
          <legend>Stances (optional: a debater without one declares its own with its first turn)</legend>
          {chosen.map((p) => {
            const name = personas.data?.find((x) => x.id === p)?.name ?? p;
            return (
              <div className="field" key={p}>
                <label htmlFor={`${id}-stance-${p}`}>Stance of {name}</label>
                <input
                  id={`${id}-stance-${p}`}
                  value={stances[p] ?? ''}
                  maxLength={MAX_STANCE_CHARS}
                  onChange={(e) => setStances((all) => ({ ...all, [p]: e.target.value }))}
                  placeholder="e.g. For the motion"
                />
              </div>
            );
          })}
        </fieldset>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-asof`}>Speaking as of (optional)</label>
          <input id={`${id}-asof`} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
          <span className="small muted">Leave empty for each persona’s default date.</span>
        </div>
        {!fixedMode && (
          <fieldset className="choice-list">
            <legend>Who sees answers</legend>
            <label>
              <input
                type="radio"
                name="visibility"
                checked={visibility === 'private'}
                onChange={() => setVisibility('private')}
              />{' '}
              Each student sees only their own
            </label>
            <label>
              <input
                type="radio"
                name="visibility"
                checked={visibility === 'shared'}
                onChange={() => setVisibility('shared')}
              />{' '}
              The whole class sees everything
            </label>
          </fieldset>
        )}
        <div className="field">
          <label htmlFor={`${id}-retention`}>Delete everything after (days)</label>
          <input
            id={`${id}-retention`}
            type="number"
            min={1}
            max={365}
            value={retentionDays}
            onChange={(e) => setRetentionDays(Number(e.target.value))}
          />
        </div>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Creating…' : debate && fixedMode ? 'Start the debate' : 'Create the session'}
      </button>
    </form>
  );
}

function fieldName(path: string): string {
  switch (path) {
    case 'personas':
      return 'Personas:';
    case 'title':
      return 'Title:';
    case 'motion':
      return 'Motion:';
    case 'retentionDays':
      return 'Retention:';
    case 'asOf':
      return 'Date:';
    default:
      return '';
  }
}

/** The stances typed for the chosen debaters, blank ones left out. */
function assignedStances(stances: Record<string, string>, chosen: string[]): Record<string, string> {
  return Object.fromEntries(chosen.flatMap((p) => (stances[p]?.trim() ? [[p, stances[p].trim()]] : [])));
}
