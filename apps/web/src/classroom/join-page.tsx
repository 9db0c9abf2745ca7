import { useId, useState, type FormEvent } from 'react';
import {
  DisplayNameSchema,
  JoinCodeSchema,
  MAX_DISPLAY_NAME_CHARS,
  type JoinClassroomResponse,
} from '@parley/contracts';
import { describeError, ApiError } from '../api/api-error';
import { sendJson } from '../api/api-client';
import { navigate } from '../routing/use-hash-route';
import { saveSession } from './classroom-session';

/** A student joins with the code on the board and a display name: nothing else is asked. */
export function JoinPage({ code: initialCode }: { code: string }) {
  const id = useId();
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const c = JoinCodeSchema.safeParse(code);
    const n = DisplayNameSchema.safeParse(name);
    if (!c.success || !n.success) {
      setError(
        !c.success
          ? 'Enter the 8-character code your teacher shows.'
          : name.trim()
            ? 'Your name needs at least one visible letter or digit (and no email address or phone number).'
            : 'Enter the name your teacher will see.',
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const joined = await sendJson<JoinClassroomResponse>('POST', '/api/classrooms/join', {
        code: c.data,
        displayName: n.data,
      });
      saveSession({
        classroomId: joined.classroom.id,
        role: 'student',
        token: joined.token,
        participantId: joined.participantId,
        // The session may have added a suffix ("Anna (2)") when another student reads the same.
        displayName: joined.displayName,
      });
      navigate({ name: 'classroom-student', id: joined.classroom.id });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_join_code')
        setError('That code does not match an open session. Check it and try again.');
      else if (err instanceof ApiError && err.code === 'display_name_reserved')
        setError(
          'That name belongs to the teacher or to a persona. Choose your own first name or a nickname.',
        );
      else setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" tabIndex={-1} className="page narrow">
      <h1>Join a class</h1>
      <form className="panel join-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-code`}>Class code</label>
          <input
            id={`${id}-code`}
            className="code-input"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            inputMode="text"
            placeholder="ABCD 2345"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Your name, as the teacher will see it</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={MAX_DISPLAY_NAME_CHARS}
            onChange={(e) => setName(e.target.value)}
            autoComplete="nickname"
          />
          <span className="small muted">Only this name is stored, and it is deleted with the session.</span>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Joining…' : 'Join'}
        </button>
      </form>
    </main>
  );
}
