import type { Answer, ChatRequest, Citation, StreamError, StreamMeta } from '@parley/contracts';

/** Events of one answer, in order: meta, citations (the numbered passages the answer may cite), delta*, done | error. */
export type AnswerEvent =
  | { type: 'meta'; data: StreamMeta }
  | { type: 'citations'; data: { citations: Citation[] } }
  | { type: 'delta'; data: { text: string } }
  | { type: 'done'; data: Answer }
  | { type: 'error'; data: StreamError };

/** One earlier turn of a conversation as the answer pipeline reads it (not a database row). */
export interface ConversationTurn {
  role: 'user' | 'assistant';
  content: string;
  /** Only complete turns are shown to a model; a pending or failed answer has nothing to build on. */
  status: 'complete' | 'pending' | 'failed';
}

/** A debate turn: the speaker answers the motion, responding to the previous speaker when there is one. */
export interface DebateTurnContext {
  motion: string;
  turn: number;
  /** What the teacher assigned this speaker to argue, if anything. */
  stance?: string;
  /** The previous speaker's answer, and its claim (its first cited passage, verbatim) that this turn answers. */
  previous?: { personaId: string; personaName: string; text: string; claim?: string };
  /** What this speaker already quoted in earlier turns on the same motion: a later turn brings new passages. */
  alreadyQuoted?: string[];
}

export interface AskOptions {
  signal?: AbortSignal;
  onEvent?: (event: AnswerEvent) => void;
  /**
   * Conversations created for a classroom carry its id, so deleting the classroom deletes them; a classroom
   * continues only its own conversations, and they are never reachable without it.
   */
  classroomId?: string;
  /** The secret of `request.conversationId` (public conversations: the only key to continue one). */
  conversationSecret?: string;
  debate?: DebateTurnContext;
}

/** The answer pipeline (guard → retrieve → answer → verify → persist) as other libs see it. */
export interface AnswerPipeline {
  ask(request: ChatRequest, options?: AskOptions): Promise<Answer>;
  /** Throws `unknown_persona` or `as_of_out_of_range` unless every persona can answer as of `asOf`. */
  assertPersonas(personas: readonly string[], asOf?: string | null): void;
  /** Every name of every persona (display names and the names their words are signed with). */
  personaNames(): string[];
}

/** Injection token for the AnswerPipeline (provided by ChatModule). */
export const ANSWER_PIPELINE = Symbol('ANSWER_PIPELINE');
