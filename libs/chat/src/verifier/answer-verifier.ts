import { assembleAnswer, type AssembledAnswer } from './answer-assembler';
import { answerViolations } from './answer-invariants';
import { parseDraft, type DraftParagraph, type DraftSentence } from './draft-parser';
import { isFramingSentence } from '@parley/text';
import { sanitiseDraft } from './markup-sanitiser';
import { PassageIndex } from './passage-index';
import { nestTitleQuotations } from './title-quotes';
import { judgeSentence, type JudgedSentence, type VerifierContext } from './sentence-judge';
import type { VerifiedAnswer, VerifyAnswerInput } from './verifier.types';

/**
 * Turns a draft into an answer that keeps the Answer invariants (DESIGN.md §4): every marker points
 * to a citation of a retrieved passage, every quotation is the exact source text inside a citation of
 * its sentence, unsupported sentences and markup are gone. Pure and deterministic.
 */
export function verifyAnswer(input: VerifyAnswerInput): VerifiedAnswer {
  const ctx = verifierContext(input);
  const knownUrl = (url: string) => input.passages.some((p) => p.text.includes(url) || p.url === url);
  const draft = nestTitleQuotations(
    input.draft,
    input.passages.map((p) => p.title),
  );
  const paragraphs = parseDraft(sanitiseDraft(draft, knownUrl));
  const judged = paragraphs
    .flatMap((p) => p.lines.flatMap((l) => l.sentences))
    .map((s) => judgeSentence(s, ctx));
  dropDanglingFraming(judged);
  const kept = new Map(judged.filter((j) => j.reason === null).map((j) => [j.draft, j]));
  const assembled = assembleChecked(paragraphs, kept, ctx, input.numbering);

  const final = [...kept.values()];
  const removedSentences = judged.flatMap((j) =>
    j.reason ? [{ text: j.draft.text, reason: j.reason }] : [],
  );
  const repairedQuotes = final.reduce((n, s) => n + s.repaired, 0);
  const reattributedQuotes = final.reduce((n, s) => n + s.reattributed, 0);
  // Framing alone is no answer: without a supported sentence the caller refuses (no_sources).
  const empty = !final.some((s) => s.supported);
  return {
    answer: empty ? '' : assembled.answer,
    citations: empty ? [] : assembled.citations,
    removedSentences,
    repairedQuotes,
    reattributedQuotes,
    empty,
  };
}

function verifierContext(input: VerifyAnswerInput): VerifierContext {
  const personaNames = [
    ...(input.personaNames ?? []),
    ...(input.persona?.names ?? []),
    ...(input.persona?.name ? [input.persona.name] : []),
  ].filter((n) => n.trim() !== '');
  return {
    passages: input.passages.map((p) => new PassageIndex(p)),
    mode: input.mode ?? 'persona',
    personaNames,
    keepUnmarkedFraming: input.keepUnmarkedFraming ?? ((s) => isFramingSentence(s, personaNames)),
  };
}

/** A framing line that introduces what follows (`And further:`) goes when what follows went. */
function dropDanglingFraming(judged: JudgedSentence[]): void {
  for (let i = judged.length - 1; i >= 0; i--) {
    const s = judged[i];
    if (!s.framing || s.reason !== null || !s.draft.text.trimEnd().endsWith(':')) continue;
    if (judged[i + 1]?.reason !== null) {
      s.reason = 'dangling_framing';
      s.framing = false;
    }
  }
}

/**
 * Assembles the answer and re-reads it as a client would; a sentence that still breaks an
 * invariant (quotation marks pairing across sentences once others were removed, a marker or a
 * markdown link formed by what was cut or by quotations side by side) is removed and the answer assembled again. Each round removes at least one sentence.
 */
function assembleChecked(
  paragraphs: readonly DraftParagraph[],
  kept: Map<DraftSentence, JudgedSentence>,
  ctx: VerifierContext,
  numbering: VerifyAnswerInput['numbering'],
): AssembledAnswer {
  for (;;) {
    const assembled = assembleAnswer(paragraphs, kept, ctx.passages, numbering);
    const violations = answerViolations(assembled.answer, assembled.citations);
    if (violations.length === 0) return assembled;
    const hit = assembled.placed.filter((p) => violations.some((v) => v.start < p.end && p.start < v.end));
    const culprits = hit.length > 0 ? hit : assembled.placed;
    for (const { sentence, start, end } of culprits) {
      const own = violations.filter((v) => v.start < end && start < v.end);
      sentence.reason = own.some((v) => v.kind === 'quote')
        ? 'unverified_quote'
        : own.some((v) => v.kind === 'markup')
          ? 'unsafe_quote'
          : 'unsupported';
      sentence.supported = false;
      kept.delete(sentence.draft);
    }
  }
}
