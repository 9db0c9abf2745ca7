import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMode } from '@parley/contracts';
import { ApiError, describeError } from '../api/api-error';
import { getJson } from '../api/api-client';
import { streamAnswer } from '../api/chat-stream';
import type { ConversationView, PersonaSummary } from '../api/views';
import { useConnection } from '../connection/connection-context';
import { entriesFromMessages, entryFromAnswer, type AnswerEntry, type ChatEntry } from './chat-entry';
import { loadConversationId, saveConversationId } from './conversation-store';

export interface AskOptions {
  asOf: string;
  mode: ChatMode;
}

export interface Conversation {
  entries: ChatEntry[];
  conversationId: string | null;
  streaming: boolean;
  restoring: boolean;
  /** A problem restoring the conversation (asking errors are shown on the answer itself). */
  error: string | null;
  ask(message: string, options: AskOptions): Promise<void>;
  stop(): void;
  reset(): void;
}

const UNSENT = 'pending-';

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

/** One conversation with one persona: restored from the api after a reload, extended by streamed answers. */
export function useConversation(persona: PersonaSummary): Conversation {
  const [entries, setEntries] = useState<ChatEntry[]>([]);
  const [conversationId, setConversationId] = useState<string | null>(() => loadConversationId(persona.id));
  const [streaming, setStreaming] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const { reportLost, onReconnect } = useConnection();

  const restore = useCallback(
    async (id: string) => {
      setRestoring(true);
      try {
        const view = await getJson<ConversationView>(`/api/conversations/${encodeURIComponent(id)}`);
        // Questions that never reached the server stay on screen (with their error) after the stored ones.
        setEntries((current) => [
          ...entriesFromMessages(view.messages, persona.name, view.asOf),
          ...current.filter((e) => e.id.startsWith(UNSENT)),
        ]);
        setError(null);
      } catch (e) {
        if (
          e instanceof ApiError &&
          (e.code === 'unknown_conversation' || e.status === 404 || e.code === 'validation_failed')
        ) {
          saveConversationId(persona.id, null);
          setConversationId(null);
          setEntries([]);
        } else {
          if (e instanceof ApiError && e.isNetwork) reportLost();
          setError(`Could not load this conversation. ${describeError(e)}`);
        }
      } finally {
        setRestoring(false);
      }
    },
    [persona.id, persona.name, reportLost],
  );

  useEffect(() => {
    const id = loadConversationId(persona.id);
    setConversationId(id);
    setEntries([]);
    if (id) void restore(id);
    return () => controller.current?.abort();
  }, [persona.id, restore]);

  // After a lost connection, the stored conversation is the truth: it holds any answer that finished meanwhile.
  const idRef = useRef(conversationId);
  idRef.current = conversationId;
  useEffect(
    () =>
      onReconnect(() => {
        if (idRef.current && !controller.current) void restore(idRef.current);
      }),
    [onReconnect, restore],
  );

  const ask = useCallback(
    async (message: string, options: AskOptions) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const tempId = `${UNSENT}${Date.now()}`;
      let answerId = tempId;
      const pending: AnswerEntry = {
        kind: 'answer',
        id: tempId,
        personaId: persona.id,
        personaName: persona.name,
        mode: options.mode,
        asOf: options.mode === 'historian' ? null : options.asOf,
        text: '',
        citations: [],
        refusal: null,
        context: null,
        notice: null,
        readFurther: [],
        status: 'streaming',
        question: message,
      };
      const update = (change: (e: AnswerEntry) => AnswerEntry) =>
        setEntries((list) => list.map((e) => (e.kind === 'answer' && e.id === answerId ? change(e) : e)));
      setEntries((list) => [...list, { kind: 'user', id: `${tempId}-q`, text: message }, pending]);
      setStreaming(true);
      setError(null);
      try {
        const answer = await streamAnswer(
          {
            persona: persona.id,
            message,
            conversationId: idRef.current ?? undefined,
            asOf: options.asOf,
            mode: options.mode,
          },
          {
            onMeta: (meta) => {
              saveConversationId(persona.id, meta.conversationId);
              setConversationId(meta.conversationId);
              idRef.current = meta.conversationId;
              const previous = answerId;
              answerId = meta.messageId;
              setEntries((list) =>
                list.map((e) =>
                  e.kind === 'answer' && e.id === previous
                    ? {
                        ...e,
                        id: meta.messageId,
                        personaName: meta.persona.name,
                        asOf: meta.mode === 'historian' ? null : meta.persona.asOf,
                      }
                    : e,
                ),
              );
            },
            onCitations: (citations) => update((e) => ({ ...e, citations })),
            onDelta: (text) => update((e) => ({ ...e, text: e.text + text })),
          },
          abort.signal,
        );
        saveConversationId(persona.id, answer.conversationId);
        setConversationId(answer.conversationId);
        update(() => entryFromAnswer(answer, options.mode, message));
      } catch (e) {
        if (isAbort(e)) {
          update((entry) => ({ ...entry, status: 'failed', error: 'You stopped this answer.' }));
        } else {
          if (e instanceof ApiError && (e.isNetwork || e.code === 'stream_interrupted')) reportLost();
          update((entry) => ({ ...entry, status: 'failed', error: describeError(e) }));
        }
      } finally {
        if (controller.current === abort) controller.current = null;
        setStreaming(false);
      }
    },
    [persona.id, persona.name, reportLost],
  );

  const stop = useCallback(() => controller.current?.abort(), []);

  const reset = useCallback(() => {
    controller.current?.abort();
    saveConversationId(persona.id, null);
    setConversationId(null);
    idRef.current = null;
    setEntries([]);
    setError(null);
  }, [persona.id]);

  return { entries, conversationId, streaming, restoring, error, ask, stop, reset };
}
