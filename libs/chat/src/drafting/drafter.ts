import type { ChatMode, Passage } from '@parley/contracts';
import type { Persona } from '@parley/personas';
import type { ConversationTurn, DebateTurnContext } from '../chat.types';

/** What a drafter is given: passages that have already cleared the relevance gate. */
export interface DraftRequest {
  persona: Persona;
  asOf: string;
  mode: ChatMode;
  question: string;
  history: readonly ConversationTurn[];
  /** Numbered 1..n in this order; a draft cites them as `[n]`. */
  passages: readonly Passage[];
  debate?: DebateTurnContext;
  signal?: AbortSignal;
  /**
   * The offline extractive answer to the same passages, with what its markers refer to: the draft offline, and the
   * fallback when a model fails.
   */
  extract: { text: string; sources: readonly Passage[] };
  onDelta(text: string): void;
}

export interface Draft {
  /** The draft with `[n]` markers, to be verified; empty when `declined`. */
  text: string;
  /** What the markers of `text` refer to (`[n]` is `sources[n - 1]`). */
  sources: readonly Passage[];
  generator: string;
  notice: string | null;
  /** True when `onDelta` already received the raw text (a model's stream). */
  streamed: boolean;
  /** True when the drafter said the passages do not answer the question: the persona abstains. */
  declined: boolean;
}

/** Writes an answer from the passages: a language model, or the offline extractive answer. */
export interface Drafter {
  /** The generator named on answers (a model id, or `extractive`). */
  readonly id: string;
  /** True when `onDelta` receives a model's raw text before verification. */
  readonly streams: boolean;
  draft(request: DraftRequest): Promise<Draft>;
}

/** Injection token of the `Drafter` (provided by ChatModule: the model when configured, else extractive). */
export const DRAFTER = Symbol('DRAFTER');
