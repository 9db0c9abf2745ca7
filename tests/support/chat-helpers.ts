import request from 'supertest';
import { verifyInvariants } from '@parley/chat';
import {
  AnswerSchema,
  CitationSchema,
  ClassroomAnswerSchema,
  StreamErrorSchema,
  StreamMetaSchema,
  type Answer,
  type Citation,
  type ClassroomAnswer,
  type ConversationHistory,
  type ConversationMessage,
  type StreamMeta,
} from '@parley/contracts';
import {
  CHAT_PATH,
  fakeReply,
  type FakeHandler,
  type FakeReply,
  type FakeRequestBody,
  type RecordedRequest,
} from './fake-openai.server';
import { waitFor } from './wait-for';

/** A request body for `POST /api/chat` and `POST /api/chat/stream`. */
export interface AskBody {
  persona: string;
  message: string;
  conversationId?: string;
  asOf?: string;
  mode?: 'persona' | 'historian';
}

// Conversation secrets the helpers have seen, by conversation id: a test that continues or reads a conversation
// sends its secret as a client would, without carrying it around itself.
const secrets = new Map<string, string>();

/** Remembers the secret of a response that created a conversation (an Answer, a `meta` event, a socket ack). */
export function rememberSecret(x: unknown): void {
  const { conversationId, conversationSecret } = (x ?? {}) as {
    conversationId?: unknown;
    conversationSecret?: unknown;
  };
  if (typeof conversationId === 'string' && typeof conversationSecret === 'string')
    secrets.set(conversationId, conversationSecret);
}

/** The `X-Conversation-Secret` header for a conversation the helpers saw created (empty when unknown). */
export function secretHeader(conversationId: string | undefined): Record<string, string> {
  const secret = conversationId ? secrets.get(conversationId) : undefined;
  return secret ? { 'X-Conversation-Secret': secret } : {};
}

/** `GET /api/conversations/:id` as its owner asks for it (with the secret). */
export function getConversationAsOwner(url: string, id: string): request.Test {
  return request(url).get(`/api/conversations/${id}`).set(secretHeader(id));
}

/**
 * Asks over `POST /api/chat` and returns the Answer, failing the test on any other status and on any
 * broken Answer invariant (every answer a test sees is checked).
 */
export async function ask(url: string, body: AskBody): Promise<Answer> {
  const res = await request(url).post('/api/chat').set(secretHeader(body.conversationId)).send(body);
  if (res.status !== 200)
    throw new Error(`POST /api/chat answered ${res.status}: ${JSON.stringify(res.body)}`);
  const answer = AnswerSchema.parse(res.body);
  rememberSecret(answer);
  await expectSoundAnswer(url, answer);
  return answer;
}

/** One server-sent event, its data parsed as JSON. */
export interface SseEvent {
  event: string;
  data: unknown;
}

export interface StreamResult {
  status: number;
  contentType: string;
  events: SseEvent[];
}

/** Reads a whole `text/event-stream` body into events. */
export function parseSse(text: string): SseEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      return { event, data: JSON.parse(data.join('\n')) as unknown };
    });
}

/** Asks over `POST /api/chat/stream` and collects every event until the server ends the response. */
export async function askStream(url: string, body: AskBody): Promise<StreamResult> {
  const res = await fetch(`${url}/api/chat/stream`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...secretHeader(body.conversationId),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  const events = contentType.startsWith('text/event-stream') ? parseSse(text) : [];
  for (const e of events) if (e.event === 'meta') rememberSecret(e.data);
  return { status: res.status, contentType, events };
}

/**
 * Starts `POST /api/chat/stream`, waits for the `meta` event (and for `ready`, if given), then hangs
 * up as a user closing the tab would. Resolves with the meta data.
 */
export async function askStreamAndHangUp(
  url: string,
  body: AskBody,
  ready: () => boolean = () => true,
): Promise<StreamMeta> {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/chat/stream`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...secretHeader(body.conversationId),
    },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before its meta event: ${buffered}`);
      buffered += decoder.decode(value, { stream: true });
      const complete = buffered.slice(0, buffered.lastIndexOf('\n\n') + 2);
      const meta = parseSse(complete).find((e) => e.event === 'meta');
      if (meta) {
        await waitFor(ready, { what: 'the server to be ready for the hang-up', timeout: 3000, interval: 10 });
        const parsed = StreamMetaSchema.parse(meta.data);
        rememberSecret(parsed);
        return parsed;
      }
    }
  } finally {
    controller.abort();
  }
}

/** The data of the only event named `name`, failing when there is none or more than one. */
export function onlyEvent(events: SseEvent[], name: string): unknown {
  const found = events.filter((e) => e.event === name);
  if (found.length !== 1) throw new Error(`expected one "${name}" event, got ${found.length}`);
  return found[0].data;
}

export const doneAnswer = (events: SseEvent[]): Answer => AnswerSchema.parse(onlyEvent(events, 'done'));
/**
 * The passages numbered as the model sees them: the first `citations` event. (When the model fails and the
 * extractive answer replaces it, a second event carries the verified citations, numbered as its deltas.)
 */
export function provisionalCitations(events: SseEvent[]): Citation[] {
  const first = events.find((e) => e.event === 'citations');
  if (!first) throw new Error('expected a "citations" event, got none');
  return CitationSchema.array().parse((first.data as { citations: unknown }).citations);
}
export const streamError = (events: SseEvent[]) => StreamErrorSchema.parse(onlyEvent(events, 'error'));

/** The full text of each cited document, fetched through `GET /api/documents/:id`. */
export async function documentTexts(
  url: string,
  citations: readonly Citation[],
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const id of new Set(citations.map((c) => c.documentId))) {
    const res = await request(url)
      .get(`/api/documents/${encodeURIComponent(id)}`)
      .expect(200);
    texts.set(id, res.body.text as string);
  }
  return texts;
}

/** Top-level quotations of `text`: “…” (nesting) and "…", each with its inner text. */
export function quotationsIn(text: string): { start: number; end: number; inner: string }[] {
  const spans: { start: number; end: number; inner: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    let close = -1;
    if (text[i] === '“') {
      let depth = 0;
      for (let k = i; k < text.length; k++) {
        if (text[k] === '“') depth++;
        else if (text[k] === '”' && --depth === 0) {
          close = k;
          break;
        }
      }
    } else if (text[i] === '"') close = text.indexOf('"', i + 1);
    if (close > i) {
      spans.push({ start: i, end: close + 1, inner: text.slice(i + 1, close) });
      i = close;
    }
  }
  return spans;
}

/** Citation marker numbers written in `text` outside its quotations. */
export function markersIn(text: string): number[] {
  const quotes = quotationsIn(text);
  const numbers: number[] = [];
  for (const m of text.matchAll(/\[(\d+)\]/g)) {
    if (quotes.some((q) => q.start < m.index && m.index < q.end)) continue;
    numbers.push(Number(m[1]));
  }
  return numbers;
}

// HTML tags, markdown links and images, script URLs: a poisoned passage or model must never put these in an answer.
export const MARKUP = /<\/?[A-Za-z][^<>]*>|!?\[[^\]\n]*\]\([^)\n]*\)|javascript:|onerror\s*=/i;

/**
 * Asserts every Answer invariant of DESIGN.md §4, twice over: with the verifier's own checker and
 * directly against the documents served by the api. With `retrieved` (the provisional citations of
 * the stream), also that every citation lies inside one of the passages the answerer was given.
 */
export async function expectSoundAnswer(
  url: string,
  answer: Answer | ClassroomAnswer,
  retrieved?: readonly Citation[],
): Promise<void> {
  // A classroom's answer is the same Answer without the conversation's id, which the class is never told.
  ('conversationId' in answer ? AnswerSchema : ClassroomAnswerSchema.strict()).parse(answer);
  const texts = await documentTexts(url, answer.citations);
  expect(verifyInvariants(answer.answer, answer.citations, texts, answer.refusal)).toEqual([]);

  if (answer.refusal !== null) expect(answer.citations).toEqual([]);
  const markers = answer.citations.map((c) => c.marker);
  expect(new Set(markers).size).toBe(markers.length);
  for (const c of answer.citations) {
    expect(c.quote.length).toBeGreaterThan(0);
    expect(texts.get(c.documentId)!.slice(c.start, c.end)).toBe(c.quote);
  }
  for (const n of markersIn(answer.answer)) expect(markers).toContain(n);
  for (const q of quotationsIn(answer.answer)) {
    expect(answer.citations.some((c) => c.quote.includes(q.inner))).toBe(true);
  }
  expect(answer.answer).not.toMatch(MARKUP);
  if (retrieved) {
    for (const c of answer.citations) {
      const within = retrieved.some(
        (p) =>
          p.chunkId === c.chunkId && p.documentId === c.documentId && p.start <= c.start && c.end <= p.end,
      );
      expect(within).toBe(true);
    }
  }
}

/** A passage as the model sees it in the system prompt. */
export interface PromptPassage {
  n: number;
  title: string;
  speaker: string | null;
  text: string;
}

/** The system prompt of a recorded chat request. */
export function systemPrompt(body: FakeRequestBody): string {
  const system = body.messages?.find((m) => m.role === 'system');
  return typeof system?.content === 'string' ? system.content : '';
}

/** The numbered passages of a chat request's system prompt, parsed from their delimiters. */
export function promptPassages(body: FakeRequestBody): PromptPassage[] {
  const blocks = systemPrompt(body).matchAll(
    /^<<<PASSAGE (\d+)\n([\s\S]*?)\n---\n([\s\S]*?)\nPASSAGE \1>>>$/gm,
  );
  return [...blocks].map((m) => ({
    n: Number(m[1]),
    title: /^title: (.*)$/m.exec(m[2])?.[1] ?? '',
    speaker: /^speaker: (.*)$/m.exec(m[2])?.[1] ?? null,
    text: m[3],
  }));
}

/** The messages after the system prompt (history and the question), as role and text. */
export function conversationMessages(req: RecordedRequest): { role: string; content: string }[] {
  return (req.body.messages ?? [])
    .filter((m) => m.role !== 'system')
    .map((m) => ({ role: m.role, content: String(m.content) }));
}

/**
 * Sentences of a passage that can be quoted verbatim without ambiguity: plain prose of at least
 * `minWords` words with no quotation marks, brackets or angle brackets of their own.
 */
export function quotableSentences(text: string, minWords = 8): string[] {
  return (text.match(/[A-Z][^.!?]*[.!?](?=\s|$)/g) ?? []).filter(
    (s) => s.split(/\s+/).length >= minWords && !/["“”‘’'[\]<>‹›()*_]/.test(s),
  );
}

/** The first quotable sentence of a passage; throws when it has none, so a test never quotes nothing. */
export function quotableSentence(text: string, minWords = 8): string {
  const s = quotableSentences(text, minWords)[0];
  if (!s) throw new Error(`no quotable sentence in: ${text.slice(0, 200)}`);
  return s;
}

/** Polls `GET /api/conversations/:id` until `ready` holds (the server may still be finishing a turn). */
export async function conversationWhen(
  url: string,
  id: string,
  ready: (c: ConversationBody) => boolean,
  timeoutMs = 5000,
): Promise<ConversationBody> {
  let last: ConversationBody | undefined;
  return waitFor(
    async () => {
      last = (await getConversationAsOwner(url, id).expect(200)).body as ConversationBody;
      return ready(last) && last;
    },
    {
      what: `conversation ${id} to reach the awaited state`,
      timeout: timeoutMs,
      interval: 50,
      detail: () => `last read: ${JSON.stringify(last?.messages.map((m) => [m.role, m.status]))}`,
    },
  );
}

/** `GET /api/conversations/:id` as tests read it: the contract itself. */
export type ConversationBody = ConversationHistory;
export type StoredMessage = ConversationMessage;

/** Asserts that the conversation stores exactly what the Answer said. */
export async function expectStoredAsAnswered(url: string, answer: Answer): Promise<ConversationBody> {
  const res = await getConversationAsOwner(url, answer.conversationId).expect(200);
  const conversation = res.body as ConversationBody;
  const stored = conversation.messages.find((m) => m.id === answer.messageId);
  expect(stored).toMatchObject({
    role: 'assistant',
    status: 'complete',
    content: answer.answer,
    refusal: answer.refusal,
    context: answer.context,
    generator: answer.generator,
    notice: answer.notice ?? null,
  });
  expect(stored!.citations).toEqual(answer.citations.map((c) => ({ ...c, speaker: c.speaker ?? null })));
  // A reloaded "no record" refusal offers the same documents to read.
  expect(stored!.readFurther).toEqual(answer.readFurther);
  return conversation;
}

/**
 * A fake-model handler that writes each chat reply from the request's numbered passages (and the
 * request itself); other endpoints fall through to the fake server's defaults.
 */
export function modelWrites(
  write: (passages: PromptPassage[], req: RecordedRequest) => string | FakeReply,
): FakeHandler {
  return (req) => {
    if (req.path !== CHAT_PATH) return undefined;
    const reply = write(promptPassages(req.body), req);
    return typeof reply === 'string' ? fakeReply.text(reply) : reply;
  };
}

/** The author line of a prompt passage's header. */
export function promptAuthor(body: FakeRequestBody, n: number): string | null {
  const block = new RegExp(`^<<<PASSAGE ${n}\\n([\\s\\S]*?)\\n---\\n`, 'm').exec(systemPrompt(body));
  return block ? (/^author: (.*)$/m.exec(block[1])?.[1] ?? null) : null;
}
