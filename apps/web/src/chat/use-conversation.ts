import { useCallback, useEffect, useRef, useState } from 'react';
import {
  CONVERSATION_SECRET_HEADER,
  type ChatMode,
  type ConversationHistory,
  type PersonaSummary,
} from '@parley/contracts';
import { ApiError, describeError } from '../api/api-error';
import { getJson } from '../api/api-client';
import { streamAnswer } from '../api/chat-stream';
import { useConnection } from '../connection/connection-context';
import { entriesFromMessages, entryFromAnswer, type AnswerEntry, type ChatEntry } from './chat-entry';
import { loadConversation, saveConversation, type StoredConversation } from './conversation-store';

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
  const [stored, setStored] = useState<StoredConversation | null>(() => loadConversation(persona.id));
  const conversationId = stored?.id ?? null;
  const [streaming, setStreaming] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const { reportLost, onReconnect } = useConnection();

  const restore = useCallback(
    async ({ id, secret }: StoredConversation) => {
      setRestoring(true);
      try {
        const view = await getJson<ConversationHistory>(
          `/api/conversations/${encodeURIComponent(id)}`,
          undefined,
          { [CONVERSATION_SECRET_HEADER]: secret },
        );
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
          saveConversation(persona.id, null);
          setStored(null);
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
    const found = loadConversation(persona.id);
    setStored(found);
    setEntries([]);
    if (found) void restore(found);
    return () => controller.current?.abort();
  }, [persona.id, restore]);

  // After a lost connection, the stored conversation is the truth: it holds any answer that finished meanwhile.
  const idRef = useRef(stored);
  idRef.current = stored;
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
        introduction: false,
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
            conversationId: idRef.current?.id,
            asOf: options.asOf,
            mode: options.mode,
          },
          {
            onMeta: (meta) => {
              // The secret comes once, with the question that created the conversation.
              if (meta.conversationSecret) {
                const created = { id: meta.conversationId, secret: meta.conversationSecret };
                saveConversation(persona.id, created);
                setStored(created);
                idRef.current = created;
              }
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
          idRef.current?.secret,
        );
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
    saveConversation(persona.id, null);
    setStored(null);
    idRef.current = null;
    setEntries([]);
    setError(null);
  }, [persona.id]);

  return { entries, conversationId, streaming, restoring, error, ask, stop, reset };
}
