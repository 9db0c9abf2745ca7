import { parseSse, type AskBody, type SseEvent } from '../../support/chat-helpers';
import { waitFor } from '../../support/wait-for';

/** A `POST /api/chat/stream` read as it arrives, so a test can act while the answer is in flight. */
export interface LiveStream {
  events: SseEvent[];
  /** Resolves when the server ends the response (or the connection breaks). */
  ended: Promise<void>;
  waitFor(name: string, timeoutMs?: number): Promise<SseEvent>;
}

export async function openStream(url: string, body: AskBody): Promise<LiveStream> {
  const res = await fetch(`${url}/api/chat/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`the stream answered ${res.status}: ${await res.text()}`);
  const events: SseEvent[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        const cut = buffered.lastIndexOf('\n\n');
        if (cut < 0) continue;
        events.push(...parseSse(buffered.slice(0, cut + 2)));
        buffered = buffered.slice(cut + 2);
      }
    } catch {
      // A broken connection ends the stream as far as the user can tell.
    }
  })();
  return {
    events,
    ended,
    waitFor(name, timeoutMs = 60_000) {
      return waitFor(() => events.find((e) => e.event === name), {
        what: `a "${name}" event`,
        timeout: timeoutMs,
        detail: () => `got ${events.map((e) => e.event).join(', ')}`,
      });
    },
  };
}
