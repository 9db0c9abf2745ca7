import type { ChatMessage } from '@parley/llm';
import type { ConversationTurn } from './chat.types';

// Short questions that lean on the previous turn ("and what about Trotsky?", "why?", "what did he do then?").
const LEANING =
  /^(and|but|so|then|what about|how about|why|and why|what else|tell me more|more)\b|\b(he|she|they|him|her|them|it|that|this|those|these)\b/i;

/** True when a question probably needs the conversation to be understood on its own. */
export function isFollowUp(question: string, previousQuestion: string | null): boolean {
  if (!previousQuestion) return false;
  const words = question.trim().split(/\s+/).length;
  return words <= 12 && LEANING.test(question.trim());
}

/** Offline standalone query: the follow-up plus the subject of the previous question. */
export function mergeFollowUp(question: string, previousQuestion: string): string {
  return `${question} ${previousQuestion}`;
}

/** The recent turns, oldest first, as chat messages for a model (answers without their markers' citations). */
export function historyMessages(turns: readonly ConversationTurn[], maxTurns = 6): ChatMessage[] {
  return turns
    .filter((t) => t.status === 'complete' && t.content.trim().length > 0)
    .slice(-maxTurns)
    .map((t) => ({ role: t.role, content: t.content.slice(0, 2000) }));
}
