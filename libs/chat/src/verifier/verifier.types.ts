import type { ChatMode, Citation, Passage } from '@parley/contracts';

/** The fields of a retrieved passage the verifier reads; a full `Passage` fits. */
export type VerifierPassage = Pick<
  Passage,
  | 'chunkId'
  | 'documentId'
  | 'source'
  | 'title'
  | 'author'
  | 'date'
  | 'url'
  | 'speaker'
  | 'start'
  | 'end'
  | 'text'
> & { persona?: string };

export interface VerifyAnswerInput {
  /** The draft answer, with `[n]` markers pointing into `passages` (1-based, in order). */
  draft: string;
  /** The retrieved passages; `passage.text === document.text.slice(passage.start, passage.end)`. */
  passages: readonly VerifierPassage[];
  /** Default `persona`: quotations of other people's words must then name them. */
  mode?: ChatMode;
  /** Names that count as the persona (`Trotsky`, `L. D. Trotsky`, `Leon Trotsky`). */
  personaNames?: readonly string[];
  /** The persona (a personas-lib `Persona` fits); its `name` and `names` add to `personaNames`. */
  persona?: { name?: string; names?: readonly string[] };
  /**
   * Whether a sentence without any marker may stay as framing ("Let me answer with my own words.").
   * Default: `isFramingSentence` (function words and framing vocabulary only, persona names allowed).
   * Pass `() => false` to remove every unmarked sentence. A sentence with a quotation never qualifies.
   */
  keepUnmarkedFraming?: (sentence: string) => boolean;
  /**
   * How the answer's markers are numbered. `first-appearance` (default): `[1]..[m]` in the order the answer cites
   * them. `passages`: passage i keeps marker i, the number the draft used; for a draft that was streamed to the
   * reader as it was written, with the passages numbered so, the final answer then reads with the same numbers.
   */
  numbering?: 'first-appearance' | 'passages';
}

/** Why a sentence of the draft did not make it into the answer. */
export type RemovalReason =
  /** No marker pointing to a retrieved passage, and not framing. */
  | 'unsupported'
  /** Marked, but shares (almost) no content word with any passage it cites. */
  | 'unrelated_to_sources'
  /** A quotation found in no retrieved passage, even approximately. */
  | 'unverified_quote'
  /** Persona mode: someone else's words quoted without naming them. */
  | 'misattributed_quote'
  /** The quoted source text itself holds markup. */
  | 'unsafe_quote'
  /** A framing line ending in `:` whose following sentence was removed. */
  | 'dangling_framing';

export interface RemovedSentence {
  text: string;
  reason: RemovalReason;
}

export interface VerifiedAnswer {
  /** The answer: markers `[1]..[m]` in order of first appearance (or the passages' numbers); empty when `empty`. */
  answer: string;
  /** One per marker in `answer`, `quote === document.text.slice(start, end)`. */
  citations: Citation[];
  removedSentences: RemovedSentence[];
  /** Quotations whose text was replaced by the exact source text (typography, case or a few words). */
  repairedQuotes: number;
  /** Quotations moved to the retrieved passage that holds them verbatim. */
  reattributedQuotes: number;
  /** No supported sentence remains: the caller answers with a `no_sources` refusal instead. */
  empty: boolean;
}
