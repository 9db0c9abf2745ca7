import type { Answer } from '@parley/contracts';
import type { Response } from 'playwright-core';

/** The Answer carried by the `done` event of a finished `POST /api/chat/stream` response seen by the browser. */
export async function doneAnswer(response: Response): Promise<Answer> {
  const body = await response.text();
  const block = body.split('\n\n').find((b) => b.startsWith('event: done'));
  if (!block) throw new Error(`no done event in the stream:\n${body.slice(0, 500)}`);
  return JSON.parse(block.slice(block.indexOf('data: ') + 6)) as Answer;
}

export const isChatStream = (r: Response) =>
  r.url().endsWith('/api/chat/stream') && r.request().method() === 'POST';
