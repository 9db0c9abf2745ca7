import { Logger } from '@nestjs/common';
import { errorMessage } from '@parley/core';
import { isLlmError, type ChatMessage, type ChatModel } from '@parley/llm';
import type { PromptRenderer } from '@parley/personas';
import { historyMessages } from '../follow-up';
import type { Draft, Drafter, DraftRequest } from './drafter';

/**
 * What the system prompt tells a model to reply, alone, when the passages do not answer the question
 * (`prompts/templates/system-*.md`): the persona then abstains in character and lists where to read further.
 */
export const NO_ANSWER = 'NO_ANSWER';

const FALLBACK_NOTICE = 'The language model was unavailable, so this answer quotes the sources directly.';

/** Drafts with a chat model, streaming its text; falls back to the extractive answer when the model fails. */
export class ModelDrafter implements Drafter {
  private readonly logger = new Logger(ModelDrafter.name);
  readonly streams = true;

  constructor(
    private readonly model: ChatModel,
    private readonly prompts: PromptRenderer,
  ) {}

  get id(): string {
    return this.model.id;
  }

  async draft(request: DraftRequest): Promise<Draft> {
    try {
      const text = await this.stream(request);
      const declined = isNoAnswer(text);
      return {
        text: declined ? '' : text,
        sources: request.passages,
        generator: this.id,
        notice: null,
        streamed: true,
        declined,
      };
    } catch (e) {
      if (isLlmError(e, 'aborted')) throw e;
      this.logger.warn(
        `model failed (${isLlmError(e) ? e.kind : errorMessage(e)}); using the extractive answer`,
      );
      return {
        text: request.extract.text,
        sources: request.extract.sources,
        generator: 'extractive',
        notice: FALLBACK_NOTICE,
        streamed: false,
        declined: false,
      };
    }
  }

  private async stream(request: DraftRequest): Promise<string> {
    const system = this.prompts.renderSystem({
      persona: request.persona,
      passages: [...request.passages],
      mode: request.mode,
      asOf: request.asOf,
    });
    const messages: ChatMessage[] = [
      { role: 'system', content: system },
      ...historyMessages([...request.history]),
      { role: 'user', content: userTurn(request) },
    ];
    // The reply is held back while it could still be the bare NO_ANSWER, so the reader never sees that word.
    let text = '';
    let released = 0;
    for await (const delta of this.model.stream(messages, { signal: request.signal })) {
      text += delta;
      if (couldBeNoAnswer(text)) continue;
      request.onDelta(text.slice(released));
      released = text.length;
    }
    if (!isNoAnswer(text) && released < text.length) request.onDelta(text.slice(released));
    return text;
  }
}

/** True when the reply is the bare NO_ANSWER (stray punctuation or a code span around it allowed). */
export function isNoAnswer(reply: string): boolean {
  return reply.replace(/[\s`*.!"'“”]/g, '') === NO_ANSWER;
}

/** True while a partial reply is still a prefix of NO_ANSWER (leading space and marks allowed). */
function couldBeNoAnswer(partial: string): boolean {
  const bare = partial.replace(/[\s`*.!"'“”]/g, '');
  return NO_ANSWER.startsWith(bare);
}

function userTurn(request: DraftRequest): string {
  if (!request.debate) return request.question;
  const { motion, stance, previous, turn, alreadyQuoted } = request.debate;
  return [
    `Debate motion: ${motion}`,
    ...(stance ? [`Your stance: ${stance}`] : []),
    previous ? `${previous.personaName} just said: ${previous.text}` : 'You open the debate.',
    ...(previous?.claim ? [`Answer this claim of ${previous.personaName}'s: “${previous.claim}”`] : []),
    ...(alreadyQuoted?.length
      ? ['You have spoken on this motion before: answer with passages you have not quoted yet.']
      : []),
    `Turn ${turn}: ${request.question}`,
  ].join('\n\n');
}
