import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_CHARS } from '@parley/contracts';

interface Props {
  label: string;
  placeholder?: string;
  busy?: boolean;
  disabled?: boolean;
  disabledReason?: string;
  onSubmit(text: string): void;
  onStop?: () => void;
  initial?: string;
}

/** The question box: Enter sends, Shift+Enter adds a line; the 2,000-character limit is shown before it bites. */
export function Composer({
  label,
  placeholder,
  busy,
  disabled,
  disabledReason,
  onSubmit,
  onStop,
  initial = '',
}: Props) {
  const [text, setText] = useState(initial);
  const id = useId();
  const trimmed = text.trim();
  const tooLong = text.length > MAX_MESSAGE_CHARS;
  const canSend = !busy && !disabled && trimmed.length > 0 && !tooLong;

  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (!canSend) return;
    onSubmit(trimmed);
    setText('');
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  return (
    <form className="composer" onSubmit={submit} aria-label={label}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea
        id={id}
        name="message"
        rows={2}
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={`${id}-hint`}
        aria-invalid={tooLong || undefined}
        disabled={disabled}
      />
      <div className="composer-bar">
        <span id={`${id}-hint`} className={`small ${tooLong ? 'error-text' : 'muted'}`}>
          {disabled && disabledReason
            ? disabledReason
            : tooLong
              ? `Too long: ${text.length} of ${MAX_MESSAGE_CHARS} characters.`
              : 'Enter to send, Shift+Enter for a new line.'}
        </span>
        {busy && onStop ? (
          <button type="button" className="button ghost" onClick={onStop}>
            Stop
          </button>
        ) : (
          <button type="submit" className="button primary" disabled={!canSend}>
            Ask
          </button>
        )}
      </div>
    </form>
  );
}
