import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  INTRODUCTION_GENERATOR,
  type Answer,
  type ChatRequest,
  type ConversationHistory,
} from '@parley/contracts';
import { AppError, ErrorCode, ReportedError, isAppError, toErrorBody } from '@parley/core';
import {
  GreetingReader,
  PersonaRegistry,
  PromptRenderer,
  personaIntroduction,
  refusalLine,
  type Persona,
} from '@parley/personas';
import { AnswerGenerator, type GeneratedAnswer } from './answer-generator';
import type { AnswerPipeline, AskOptions } from './chat.types';
import { ConversationRepository, type ConversationRow, type MessageRow } from './conversation.repository';
import {
  conversationSecretMatches,
  hashConversationSecret,
  newConversationSecret,
} from './conversation-secret';
import { PromptEchoGuard } from './prompt-echo.guard';

/** Conversations and the answer pipeline: stores the question first, then generates, verifies and stores the answer. */
@Injectable()
export class ChatService implements AnswerPipeline {
  private readonly logger = new Logger(ChatService.name);

  constructor(
    private readonly repository: ConversationRepository,
    private readonly personas: PersonaRegistry,
    @Inject(AnswerGenerator) private readonly generator: AnswerGenerator,
    @Inject(PromptRenderer) private readonly prompts: PromptRenderer,
    @Inject(GreetingReader) private readonly greetings: GreetingReader,
  ) {}

  /** True when the pipeline already reported this error to the client as an `error` event. */
  emittedError(e: unknown): boolean {
    return e instanceof ReportedError;
  }

  personaNames(): string[] {
    return this.personas.list().flatMap((p) => p.names);
  }

  assertPersonas(personas: readonly string[], asOf?: string | null): void {
    for (const id of personas) {
      const persona = this.personas.get(id);
      if (asOf) this.personas.resolveAsOf(persona.id, asOf);
    }
  }

  /**
   * Rejects what `ask` would reject before any event (unknown persona or conversation, `asOf` outside the
   * persona's life), so a streaming endpoint can answer a plain 4xx instead of opening a stream.
   */
  async assertAskable(request: ChatRequest, options: AskOptions = {}): Promise<void> {
    this.assertPersonas([request.persona], request.asOf);
    await this.existingConversation(request, options);
  }

  async ask(request: ChatRequest, options: AskOptions = {}): Promise<Answer> {
    const started = performance.now();
    const emit = options.onEvent ?? (() => undefined);
    const persona = this.personas.get(request.persona);
    const existing = await this.existingConversation(request, options);
    // A follow-up that names no date keeps the date its conversation with this persona was set to.
    const inherited = existing?.persona === persona.id ? (existing.as_of ?? undefined) : undefined;
    const asOf = this.personas.resolveAsOf(persona.id, request.asOf ?? inherited);
    const created = existing ? null : await this.newConversation(request, asOf, options.classroomId);
    const conversationId = existing?.id ?? (created as { id: string }).id;
    // Said once, to whoever created the conversation: it is the only key to read or continue it.
    const secret = created?.secret ? { conversationSecret: created.secret } : {};
    // Another persona's (or the historian's) answers in the same conversation are not this speaker's words: the
    // model must not take them for its own, nor Parley's description of the persona. The user's questions stay (a
    // follow-up may build on them).
    const history = (await this.repository.messages(conversationId)).filter(
      (m) =>
        m.role === 'user' ||
        (m.persona === persona.id && m.mode === request.mode && m.generator !== INTRODUCTION_GENERATOR),
    );
    const userMessageId = randomUUID();
    const messageId = randomUUID();
    const base = { conversationId, persona: persona.id, mode: request.mode, asOf };
    await this.repository.addMessage({
      ...base,
      id: userMessageId,
      role: 'user',
      content: request.message,
      status: 'complete',
    });
    await this.repository.addMessage({
      ...base,
      id: messageId,
      role: 'assistant',
      content: '',
      status: 'pending',
    });
    const personaRef = { id: persona.id, name: persona.name, asOf };
    emit({
      type: 'meta',
      data: { conversationId, ...secret, messageId, userMessageId, persona: personaRef, mode: request.mode },
    });

    // A model's raw stream is shown before it is verified: never let it carry the instructions out. (Offline,
    // deltas are the verified answer itself and the guard's n-grams of the prompt need not be built.)
    const sendDelta = (text: string) => emit({ type: 'delta', data: { text } });
    const stream = this.generator.streamsModelText
      ? new PromptEchoGuard(this.instructions(persona, request.mode, asOf), sendDelta)
      : null;
    try {
      // A greeting gets Parley's description of the persona, not quotes picked for the words "hello" or "who".
      // (A debate turn answers the motion, whatever its words.)
      const generated =
        !options.debate && this.greetings.isGreeting(request.message, persona)
          ? introduction(persona, sendDelta)
          : await this.generator.generate({
              persona,
              asOf,
              question: request.message,
              mode: request.mode,
              history,
              signal: options.signal,
              debate: options.debate,
              onCitations: (citations) => emit({ type: 'citations', data: { citations } }),
              onDelta: (text) => (stream ? stream.push(text) : sendDelta(text)),
            });
      stream?.flush();
      const answer = {
        ...this.toAnswer(conversationId, messageId, personaRef, generated, started),
        ...secret,
      };
      await this.repository.completeAnswer(messageId, {
        content: answer.answer,
        refusal: answer.refusal,
        context: answer.context,
        generator: answer.generator,
        embedder: answer.embedder,
        notice: answer.notice ?? null,
        timings: answer.timings,
        citations: answer.citations,
        readFurther: answer.readFurther,
      });
      emit({ type: 'done', data: answer });
      return answer;
    } catch (e) {
      // An abort with a coded reason (the server shutting down) is reported as that reason, not as a model failure.
      const reason: unknown = options.signal?.aborted ? options.signal.reason : undefined;
      const failure = isAppError(reason) ? reason : e;
      const body = toErrorBody(failure);
      await this.repository.failAnswer(messageId, body.code, body.message).catch((err: Error) => {
        this.logger.error(`could not record the failure of message ${messageId}: ${err.message}`);
      });
      emit({ type: 'error', data: { code: body.code, message: body.message } });
      throw new ReportedError(failure, body);
    }
  }

  /** The system prompt's own words: rendered without passages, the persona's public description or its refusal line. */
  private instructions(persona: Persona, mode: ChatRequest['mode'], asOf: string): string {
    let text = this.prompts.renderSystem({ persona, passages: [], mode, asOf });
    const published = [
      persona.biography,
      ...persona.voice.map((v) => `- ${v}`),
      persona.topics.join('; '),
      refusalLine(persona, 'no_sources', { asOf }, 0),
    ];
    for (const words of published) text = text.replace(words, '\n');
    return text;
  }

  /** A public conversation, to the holder of its secret; anything else is `unknown_conversation`. */
  async conversation(id: string, secret: string | undefined): Promise<ConversationHistory> {
    const conversation = await this.publicConversation(id, secret);
    const messages = await this.repository.messages(id);
    const citations = await this.repository.citations(messages.map((m) => m.id));
    return {
      id: conversation.id,
      persona: conversation.persona,
      mode: conversation.mode,
      asOf: conversation.as_of,
      createdAt: conversation.created_at,
      messages: messages.map((m: MessageRow) => ({
        id: m.id,
        role: m.role,
        persona: m.persona,
        mode: m.mode,
        content: m.content,
        status: m.status,
        refusal: m.refusal,
        context: m.context,
        generator: m.generator,
        notice: m.notice,
        citations: citations.get(m.id) ?? [],
        ...(m.read_further?.length ? { readFurther: m.read_further } : {}),
        createdAt: m.created_at,
      })),
    };
  }

  /**
   * The conversation a request continues. A classroom continues only its own conversations; anyone else needs
   * the conversation's secret. Missing, classroom-held and wrong-secret conversations fail alike, so the answer
   * tells an attacker nothing about which ids exist.
   */
  private async existingConversation(
    request: ChatRequest,
    options: AskOptions,
  ): Promise<ConversationRow | null> {
    const id = request.conversationId;
    if (!id) return null;
    if (!options.classroomId) return this.publicConversation(id, options.conversationSecret);
    const found = await this.repository.findConversation(id);
    if (found?.classroom_id !== options.classroomId) throw unknownConversation(id);
    return found;
  }

  private async publicConversation(id: string, secret: string | undefined): Promise<ConversationRow> {
    const found = await this.repository.findConversation(id);
    if (!found || found.classroom_id !== null || !conversationSecretMatches(secret, found.secret_hash)) {
      throw unknownConversation(id);
    }
    return found;
  }

  /** A classroom's conversation has no secret (the public routes never serve it); a public one gets one. */
  private async newConversation(
    request: ChatRequest,
    asOf: string,
    classroomId?: string,
  ): Promise<{ id: string; secret: string | null }> {
    const id = randomUUID();
    const secret = classroomId ? null : newConversationSecret();
    await this.repository.createConversation({
      id,
      persona: request.persona,
      mode: request.mode,
      asOf,
      classroomId,
      ...(secret ? { secretHash: hashConversationSecret(secret) } : {}),
    });
    return { id, secret };
  }

  private toAnswer(
    conversationId: string,
    messageId: string,
    persona: { id: string; name: string; asOf: string },
    g: GeneratedAnswer,
    started: number,
  ): Answer {
    return {
      conversationId,
      messageId,
      persona,
      answer: g.text,
      citations: g.citations,
      refusal: g.refusal,
      context: g.context,
      generator: g.generator,
      embedder: g.embedder,
      notice: g.notice,
      ...(g.readFurther?.length ? { readFurther: g.readFurther } : {}),
      timings: {
        retrievalMs: Math.round(g.retrievalMs),
        generationMs: Math.round(g.generationMs),
        totalMs: Math.round(performance.now() - started),
      },
    };
  }
}

/** Parley's description of the persona as an answer that cites nothing, streamed as one delta. */
function introduction(persona: Persona, sendDelta: (text: string) => void): GeneratedAnswer {
  const text = personaIntroduction(persona);
  sendDelta(text);
  return {
    text,
    citations: [],
    refusal: null,
    context: null,
    generator: INTRODUCTION_GENERATOR,
    embedder: 'none',
    notice: null,
    retrievalMs: 0,
    generationMs: 0,
    relevance: null,
  };
}

function unknownConversation(id: string): AppError {
  return new AppError(ErrorCode.UnknownConversation, `No conversation "${id}" that this secret opens.`);
}
