import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ChatMode, PersonaSummary } from '@parley/contracts';
import { useAnswerGenerator } from '../api/use-answer-generator';
import { usePersonaDetail, usePersonas } from '../api/use-personas';
import { href } from '../routing/use-hash-route';
import { useSourceViewer } from '../sources/source-viewer-context';
import { Composer } from '../ui/composer';
import { AnswerView } from './answer-view';
import { ChatSettings } from './chat-settings';
import { loadSettings, saveSettings } from './conversation-store';
import { formatDate, withinLife, year } from './life-dates';
import { useConversation } from './use-conversation';

export function ChatPage({ personaId }: { personaId: string }) {
  const personas = usePersonas();
  const persona = personas.data?.find((p) => p.id === personaId);
  if (personas.error) {
    return (
      <main id="main" tabIndex={-1} className="page">
        <div className="error" role="alert">
          <p>Could not load the personas. {personas.error}</p>
          <button type="button" className="button" onClick={personas.reload}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (!personas.data) {
    return (
      <main id="main" tabIndex={-1} className="page">
        <p className="muted">Loading…</p>
      </main>
    );
  }
  if (!persona) {
    return (
      <main id="main" tabIndex={-1} className="page">
        <h1>No such persona</h1>
        <p>
          There is no persona called “{personaId}”.{' '}
          <a href={href({ name: 'home' })}>Choose one of the personas.</a>
        </p>
      </main>
    );
  }
  return <Chat key={persona.id} persona={persona} />;
}

function Chat({ persona }: { persona: PersonaSummary }) {
  const stored = loadSettings(persona.id);
  const [asOf, setAsOf] = useState(
    stored.asOf && withinLife(stored.asOf, persona.born, persona.died) ? stored.asOf : persona.asOf,
  );
  const [mode, setMode] = useState<ChatMode>(stored.mode ?? 'persona');
  const conversation = useConversation(persona);
  const end = useRef<HTMLDivElement>(null);
  const valid = asOf !== '' && withinLife(asOf, persona.born, persona.died);

  useEffect(() => saveSettings(persona.id, { asOf, mode }), [persona.id, asOf, mode]);
  useEffect(() => {
    document.title = `${persona.name} · Parley`;
  }, [persona.name]);
  const count = conversation.entries.length;
  const last = conversation.entries.at(-1);
  const lastSize =
    last?.kind === 'answer' ? `${last.status}:${last.text.length}:${last.citations.length}` : '';
  const entriesRef = useRef<HTMLOListElement>(null);
  const dock = useRef<HTMLDivElement>(null);
  const seenCount = useRef(0);
  useEffect(() => {
    // Follow the conversation as it grows, unless the reader has scrolled up to read something earlier.
    const added = count !== seenCount.current;
    seenCount.current = count;
    const nearBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 240;
    if (count && (added || nearBottom)) revealLatest(entriesRef.current, end.current, dock.current);
  }, [count, lastSize]);

  const ask = (text: string) => void conversation.ask(text, { asOf, mode });

  return (
    <main id="main" tabIndex={-1} className="page chat-page">
      <header className="chat-header">
        <a className="back" href={href({ name: 'home' })}>
          ← All personas
        </a>
        <h1>
          {persona.name}{' '}
          <span className="life">
            ({year(persona.born)}–{year(persona.died)})
          </span>
        </h1>
        <p className="muted">{persona.description}</p>
      </header>
      <div className="chat-toolbar">
        <SettingsDisclosure summary={settingsSummary(persona.name, asOf, mode, valid)}>
          <ChatSettings persona={persona} asOf={asOf} mode={mode} onAsOf={setAsOf} onMode={setMode} />
        </SettingsDisclosure>
        <div className="toolbar-actions">
          <SourcesList persona={persona} />
          <button
            type="button"
            className="button ghost"
            onClick={conversation.reset}
            disabled={!conversation.entries.length && !conversation.conversationId}
          >
            New conversation
          </button>
        </div>
      </div>
      {conversation.error && (
        <p className="error" role="alert">
          {conversation.error}
        </p>
      )}
      <AnswerModeNotice persona={persona} />
      <section className="conversation" aria-label={`Conversation with ${persona.name}`}>
        {conversation.restoring && <p className="muted">Loading your conversation…</p>}
        {!conversation.entries.length && !conversation.restoring && (
          <EmptyState persona={persona} onAsk={valid && !conversation.streaming ? ask : undefined} />
        )}
        <ol className="entries" ref={entriesRef}>
          {conversation.entries.map((e) => (
            <li key={e.id} className={`entry entry-${e.kind}`}>
              {e.kind === 'user' ? (
                <div className="question" aria-label="Your question">
                  <span className="visually-hidden">You asked: </span>
                  {e.text}
                </div>
              ) : (
                <AnswerView entry={e} onRetry={conversation.streaming ? undefined : ask} />
              )}
            </li>
          ))}
        </ol>
        <div ref={end} />
      </section>
      <div className="composer-dock" ref={dock}>
        <Composer
          label={`Ask ${persona.name} a question`}
          placeholder={`Ask ${persona.name}…`}
          busy={conversation.streaming}
          disabled={!valid}
          disabledReason="Choose an “as of” date within the persona’s life to ask."
          onSubmit={ask}
          onStop={conversation.stop}
        />
      </div>
    </main>
  );
}

/**
 * Brings the newest exchange into view above the composer: its end if it fits, else the question's first line
 * at the top, so a long answer is read from its start. Never scrolls up.
 */
function revealLatest(
  list: HTMLOListElement | null,
  end: HTMLElement | null,
  dock: HTMLElement | null,
): void {
  const items = list?.children;
  if (!items?.length || !end) return;
  const lastItem = items[items.length - 1] as HTMLElement;
  const previous = items[items.length - 2] as HTMLElement | undefined;
  // The question this answer replies to, when there is one, opens the exchange.
  const first = previous?.classList.contains('entry-user') ? previous : lastItem;
  const covered = dock?.getBoundingClientRect().height ?? 0;
  const top = first.getBoundingClientRect().top + window.scrollY - 12;
  const bottom = end.getBoundingClientRect().bottom + window.scrollY + 12;
  const target = Math.min(bottom - (window.innerHeight - covered), top);
  if (target > window.scrollY + 1) window.scrollTo({ top: target });
}

/** The settings, folded: on a phone they would take most of the first screen. Open on wide screens. */
function SettingsDisclosure({ summary, children }: { summary: string; children: ReactNode }) {
  const [open, setOpen] = useState(() => window.matchMedia('(min-width: 721px)').matches);
  return (
    <details className="settings-disclosure" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span className="settings-label">Settings</span>{' '}
        <span className="muted small settings-summary">{summary}</span>
      </summary>
      {children}
    </details>
  );
}

function settingsSummary(name: string, asOf: string, mode: ChatMode, valid: boolean): string {
  if (mode === 'historian') return `A historian answers about ${name}`;
  return valid ? `${name}, as of ${formatDate(asOf)}` : 'Choose a date';
}

/** Said once, plainly: with no model, answers are chosen passages, not the persona's new words. */
function AnswerModeNotice({ persona }: { persona: PersonaSummary }) {
  const generator = useAnswerGenerator();
  if (generator !== 'extractive') return null;
  return (
    <aside className="mode-notice" data-testid="mode-notice" aria-label="How answers are made">
      <p>
        <strong>Answers here are passages chosen from {persona.name}’s writings</strong>, not their new words.
        For a language model to write answers from the same passages, a teacher sets{' '}
        <code>OPENAI_API_KEY</code> (or <code>OPENAI_BASE_URL</code> for a local Ollama) and restarts Parley.
      </p>
    </aside>
  );
}

/** What to do on an empty chat, and questions to start with that the persona's documents answer. */
function EmptyState({ persona, onAsk }: { persona: PersonaSummary; onAsk?: (question: string) => void }) {
  return (
    <div className="empty-state">
      <p>
        Ask {persona.name} about their ideas, their time or their opponents. Answers come only from{' '}
        {persona.documents} of their own {persona.documents === 1 ? 'text' : 'texts'}; each claim is numbered,
        and clicking a number opens the passage.
      </p>
      {persona.starters.length > 0 && (
        <section className="starters" aria-label="Questions to start with">
          <h2 className="small">Not sure what to ask? Try one of these:</h2>
          <ul>
            {persona.starters.map((q) => (
              <li key={q}>
                <button
                  type="button"
                  className="button ghost starter"
                  disabled={!onAsk}
                  onClick={() => onAsk?.(q)}
                >
                  {q}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function SourcesList({ persona }: { persona: PersonaSummary }) {
  const [open, setOpen] = useState(false);
  const detail = usePersonaDetail(persona.id, open);
  const viewer = useSourceViewer();
  return (
    <details className="sources-list" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Read the {persona.documents} {persona.documents === 1 ? 'source' : 'sources'}
      </summary>
      <div className="sources-panel">
        {detail.error && <p className="error">{detail.error}</p>}
        {!detail.data && !detail.error && <p className="muted">Loading…</p>}
        {detail.data && (
          <ul>
            {detail.data.sources.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => viewer.open({ kind: 'document', documentId: s.id, title: s.title })}
                >
                  {s.title}
                </button>{' '}
                <span className="muted small">({s.date})</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
