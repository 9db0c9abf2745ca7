import { randomUUID } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { ANSWER_PIPELINE, type AnswerPipeline, type AskOptions } from '@parley/chat';
import type { Answer, ChatRequest, Citation } from '@parley/contracts';
import { AppError, ErrorCode } from '@parley/core';
import { Database } from '@parley/database';
import { FIXTURE_PERSONAS } from '../../support/fixture-corpus';
import { sleep } from '../../support/wait-for';

// The personas the classroom suites use (the fixture personas); any other id is answered too, but only these
// names are reserved: the one name the fake answers with (`Brandt`) and the display name (`Ilya Brandt`).
const FAKE_PERSONAS = Object.values(FIXTURE_PERSONAS);

export interface RecordedAsk {
  request: ChatRequest;
  classroomId?: string;
  debate?: AskOptions['debate'];
}

/** Each persona's one fake document: a citation always comes from the speaker's own document. */
export function fakeDocument(persona: string): { source: string; text: string } {
  const text = `${persona} wrote: the question of the state is the fundamental question of every revolution.`;
  return { source: `${persona}/fake-writings.txt`, text };
}

/**
 * A deterministic AnswerPipeline: meta, citations, a few deltas, done; persists a conversation,
 * both messages and the citation the way the real pipeline does (so retention can be checked).
 * A message containing `[fail]` fails after `meta`; `[slow]` streams slowly; an unknown persona is refused.
 */
export class FakeAnswerPipeline implements AnswerPipeline {
  readonly calls: RecordedAsk[] = [];
  /** Answers stopped by their AbortSignal. */
  aborted = 0;
  deltaDelayMs = 1;

  constructor(private readonly db: Database | null) {}

  /** The personas the fake answers for, by the name it answers with and their display name. */
  personaNames(): string[] {
    return FAKE_PERSONAS.flatMap((p) => [title(p.id), p.name]);
  }

  assertPersonas(personas: readonly string[]): void {
    if (personas.includes('nobody')) throw new AppError(ErrorCode.UnknownPersona, 'No persona "nobody".');
  }

  async ask(request: ChatRequest, options: AskOptions = {}): Promise<Answer> {
    this.calls.push({ request, classroomId: options.classroomId, debate: options.debate });
    if (request.persona === 'nobody') throw new AppError(ErrorCode.UnknownPersona, 'No persona "nobody".');
    const emit = options.onEvent ?? (() => undefined);
    const conversationId = request.conversationId ?? randomUUID();
    const messageId = randomUUID();
    const userMessageId = randomUUID();
    const persona = { id: request.persona, name: title(request.persona), asOf: request.asOf ?? '1920-01-01' };
    await this.persistQuestion(conversationId, userMessageId, messageId, request, options.classroomId);
    emit({ type: 'meta', data: { conversationId, messageId, userMessageId, persona, mode: request.mode } });
    const doc = fakeDocument(request.persona);
    const quote = doc.text.slice(doc.text.indexOf('the question'), doc.text.length - 1);
    const citation: Citation = {
      marker: 1,
      documentId: `doc-${request.persona}`,
      source: doc.source,
      title: `Writings of ${persona.name}`,
      author: persona.name,
      date: '1917-08-01',
      url: null,
      chunkId: `chunk-${request.persona}-1`,
      quote,
      start: doc.text.indexOf(quote),
      end: doc.text.indexOf(quote) + quote.length,
      speaker: null,
    };
    emit({ type: 'citations', data: { citations: [citation] } });
    const reply = options.debate?.previous
      ? `Replying to ${options.debate.previous.personaName}: "${quote}" [1]`
      : `As I wrote, "${quote}" [1]`;
    const slow = request.message.includes('[slow]');
    for (const piece of reply.split(/(?<= )/)) {
      if (options.signal?.aborted) {
        this.aborted++;
        throw new AppError(ErrorCode.BadRequest, 'The question was cancelled.');
      }
      await sleep(slow ? 50 : this.deltaDelayMs);
      emit({ type: 'delta', data: { text: piece } });
      if (request.message.includes('[fail]')) {
        throw new AppError(ErrorCode.ModelUnavailable, 'The answering model is not available right now.');
      }
    }
    const answer: Answer = {
      conversationId,
      messageId,
      persona,
      answer: reply,
      citations: [citation],
      refusal: null,
      context: null,
      generator: 'extractive',
      embedder: 'fake',
      notice: null,
      timings: { retrievalMs: 1, generationMs: 1, totalMs: 2 },
    };
    await this.persistAnswer(messageId, answer);
    emit({ type: 'done', data: answer });
    return answer;
  }

  private async persistQuestion(
    conversationId: string,
    userMessageId: string,
    messageId: string,
    request: ChatRequest,
    classroomId: string | undefined,
  ): Promise<void> {
    if (!this.db) return;
    await this.db.query(
      `INSERT INTO conversations (id, persona, mode, classroom_id) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [conversationId, request.persona, request.mode, classroomId ?? null],
    );
    for (const [id, role, status, content] of [
      [userMessageId, 'user', 'complete', request.message],
      [messageId, 'assistant', 'pending', ''],
    ]) {
      await this.db.query(
        `INSERT INTO messages (id, conversation_id, role, persona, mode, content, status) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, conversationId, role, request.persona, request.mode, content, status],
      );
    }
  }

  private async persistAnswer(messageId: string, answer: Answer): Promise<void> {
    if (!this.db) return;
    await this.db.query(`UPDATE messages SET content = $2, status = 'complete' WHERE id = $1`, [
      messageId,
      answer.answer,
    ]);
    for (const c of answer.citations) {
      await this.db.query(
        `INSERT INTO citations (message_id, marker, document_id, source, title, author, date, url, chunk_id, quote, start_offset, end_offset)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          messageId,
          c.marker,
          c.documentId,
          c.source,
          c.title,
          c.author,
          c.date,
          c.url,
          c.chunkId,
          c.quote,
          c.start,
          c.end,
        ],
      );
    }
  }
}

function title(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

/** Provides the fake as ANSWER_PIPELINE (global, so the gateways and the classroom lib both see it). */
@Global()
@Module({
  providers: [
    {
      provide: FakeAnswerPipeline,
      inject: [Database],
      useFactory: (db: Database) => new FakeAnswerPipeline(db),
    },
    { provide: ANSWER_PIPELINE, useExisting: FakeAnswerPipeline },
  ],
  exports: [ANSWER_PIPELINE, FakeAnswerPipeline],
})
export class FakePipelineModule {}
