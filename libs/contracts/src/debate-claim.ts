import type { ClassroomAnswer } from './chat.schema';

// Longer quotes are cut at a word: a claim is read aloud and put in the next speaker's question.
const MAX_CLAIM_WORDS = 45;

/** The claim of a debate turn that the next speaker answers, as its own words quoted, with the citation it comes from. */
export interface DebateClaim {
  personaId: string;
  personaName: string;
  /** Verbatim from the cited document (shortened with "…" at a word when long). */
  quote: string;
  citation: ClassroomAnswer['citations'][number];
}

/**
 * The claim of an answered debate turn: the passage its answer cites first (the first `[n]` in its text), in the
 * speaker's own words. Null when the answer cites nothing (a refusal). The server retrieves against it for the next
 * turn, and the page shows it above the reply, so both read the same claim.
 */
export function debateClaim(
  answer: Pick<ClassroomAnswer, 'answer' | 'citations' | 'persona'>,
): DebateClaim | null {
  if (answer.citations.length === 0) return null;
  const first = /\[(\d+)\]/.exec(answer.answer);
  const citation = answer.citations.find((c) => c.marker === Number(first?.[1])) ?? answer.citations[0];
  const words = citation.quote.trim().split(/\s+/);
  const quote =
    words.length > MAX_CLAIM_WORDS ? `${words.slice(0, MAX_CLAIM_WORDS).join(' ')}…` : words.join(' ');
  return { personaId: answer.persona.id, personaName: answer.persona.name, quote, citation };
}
