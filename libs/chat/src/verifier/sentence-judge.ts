import type { ChatMode } from '@parley/contracts';
import type { DraftPiece, DraftSentence } from './draft-parser';
import {
  containsMarkup,
  contentTermSet,
  findClosest,
  findVerbatim,
  overlapShare,
  scanQuotes,
  stripMarkup,
  type TextSpan as TextRange,
} from '@parley/text';
import { removeUrls } from './markup-sanitiser';
import type { PassageIndex } from './passage-index';
import { isNamed, mentionsSpeaker, spanSpeakers } from './speaker-attribution';
import type { RemovalReason } from './verifier.types';

/**
 * A marked sentence whose content words are less than this share in every passage it cites is
 * removed as unrelated: with ten content words, not one is found in the cited text. Paraphrase is
 * not verified beyond this; it only catches a marker pinned on a claim about something else.
 */
export const MIN_OVERLAP_SHARE = 0.1;

/** Below this share of matching words a misquotation is not repaired but rejected. */
export const FUZZY_MIN_SIMILARITY = 0.8;

export interface VerifierContext {
  passages: readonly PassageIndex[];
  mode: ChatMode;
  personaNames: readonly string[];
  keepUnmarkedFraming: (sentence: string) => boolean;
}

/** A piece of a checked sentence: quotations carry the exact source text and its range in the passage. */
export type RenderPiece =
  | { kind: 'text'; text: string }
  | { kind: 'quote'; open: string; close: string; inner: string; passage: number; range: TextRange }
  | { kind: 'markers'; passages: number[] };

export interface JudgedSentence {
  draft: DraftSentence;
  reason: RemovalReason | null;
  /** Kept, cited, and backed by a verified quotation or by words of its cited passages. */
  supported: boolean;
  /** Kept without a marker, as framing. */
  framing: boolean;
  pieces: RenderPiece[];
  repaired: number;
  reattributed: number;
}

type Resolution = { passage: number; range: TextRange; how: 'verbatim' | 'reattributed' | 'repaired' };
type QuotePiece = Extract<DraftPiece, { kind: 'quote' }>;
type QuoteRender = Extract<RenderPiece, { kind: 'quote' }>;
type MarkersPiece = Extract<RenderPiece, { kind: 'markers' }>;
type WorkQuote = QuotePiece & { resolution?: Resolution };
type WorkPiece = Exclude<RenderPiece, { kind: 'quote' }> | WorkQuote;

/** Checks one draft sentence against the retrieved passages: its markers, quotations, speakers and support. */
export function judgeSentence(draft: DraftSentence, ctx: VerifierContext): JudgedSentence {
  const work = workPieces(draft.pieces, ctx.passages.length);
  if (!work.some((p) => p.kind === 'markers')) return judgeUnmarked(draft, work, ctx);

  const quotes = work.filter((p): p is WorkQuote => p.kind === 'quote');
  for (const q of quotes) q.resolution = resolveQuote(q, work, ctx) ?? undefined;
  if (quotes.some((q) => !q.resolution)) return removal(draft, 'unverified_quote');
  reattribute(work);
  const cited = citedPassages(work);
  if (cited.length === 0) return removal(draft, 'unsupported');

  const pieces = work.map((p) => finalPiece(p, ctx, cited));
  const rendered = pieces.filter((p): p is QuoteRender => p.kind === 'quote');
  const prose = proseOf(pieces);
  const problem = quotationProblem(rendered, prose, ctx) ?? proseProblem(rendered, prose, cited, ctx);
  if (problem) return removal(draft, problem);
  return {
    draft,
    reason: null,
    // A marked sentence without quotation or content words ("As I wrote [1].") may stay but answers nothing.
    supported: rendered.length > 0 || contentTermSet(prose).size > 0,
    framing: false,
    pieces,
    repaired: quotes.filter((q, k) => rendered[k].inner !== q.inner).length,
    reattributed: quotes.filter((q) => q.resolution?.how === 'reattributed').length,
  };
}

function removal(draft: DraftSentence, reason: RemovalReason): JudgedSentence {
  return { draft, reason, supported: false, framing: false, pieces: [], repaired: 0, reattributed: 0 };
}

function workPieces(pieces: readonly DraftPiece[], passageCount: number): WorkPiece[] {
  return pieces.map((p): WorkPiece => {
    if (p.kind !== 'markers') return { ...p };
    // Markers must point to retrieved passages; anything else is dropped here.
    const valid = p.numbers.filter((n) => n >= 1 && n <= passageCount).map((n) => n - 1);
    return { kind: 'markers', passages: [...new Set(valid)] };
  });
}

function judgeUnmarked(draft: DraftSentence, work: WorkPiece[], ctx: VerifierContext): JudgedSentence {
  if (work.some((p) => p.kind === 'quote')) return removal(draft, 'unsupported');
  const text = proseOf(work as RenderPiece[]);
  const clean = removeUrls(text, () => false);
  if (clean.removed || !ctx.keepUnmarkedFraming(clean.text)) return removal(draft, 'unsupported');
  return {
    ...removal(draft, 'unsupported'),
    reason: null,
    framing: true,
    pieces: [{ kind: 'text', text: cleanProse(text) }],
  };
}

/** Why the sentence's verified quotations still cannot stand, if they cannot. */
function quotationProblem(quotes: QuoteRender[], prose: string, ctx: VerifierContext): RemovalReason | null {
  if (quotes.some((q) => containsMarkup(q.inner))) return 'unsafe_quote';
  if (quotes.some((q) => q.open === '')) return 'unverified_quote';
  if (ctx.mode === 'persona' && quotes.some((q) => !voicedProperly(q, prose, ctx)))
    return 'misattributed_quote';
  return null;
}

/** Why a sentence without quotation is not supported by what it cites, if it is not. */
function proseProblem(
  quotes: QuoteRender[],
  prose: string,
  cited: number[],
  ctx: VerifierContext,
): RemovalReason | null {
  if (quotes.length > 0) return null;
  if (!/[\p{L}\p{N}]/u.test(prose)) return 'unsupported';
  const terms = contentTermSet(prose);
  if (terms.size === 0) return null;
  const share = Math.max(...cited.map((i) => overlapShare(terms, ctx.passages[i].terms)));
  return share < MIN_OVERLAP_SHARE ? 'unrelated_to_sources' : null;
}

/** The passages to try for a quotation: its own marker group first, then the sentence's other markers. */
function candidatePassages(quote: WorkPiece, work: WorkPiece[]): number[] {
  const group = attachedGroup(quote, work);
  const others = work.flatMap((p) => (p.kind === 'markers' && p !== group ? p.passages : []));
  return [...new Set([...(group?.passages ?? []), ...others])];
}

/** The marker group a quotation belongs to: the first after it, else the last before it. */
function attachedGroup(piece: WorkPiece, work: WorkPiece[]): MarkersPiece | undefined {
  const at = work.indexOf(piece);
  const after = work.slice(at + 1).find((p): p is MarkersPiece => p.kind === 'markers');
  return after ?? work.slice(0, at).findLast((p): p is MarkersPiece => p.kind === 'markers');
}

/**
 * Verbatim in a cited passage; else verbatim in another retrieved passage (the marker was wrong);
 * else the closest span of a cited passage if close enough; else nothing. A verbatim match elsewhere
 * beats an approximate one here: a misnumbered marker is likelier than a coincidental near-copy.
 */
function resolveQuote(quote: QuotePiece, work: WorkPiece[], ctx: VerifierContext): Resolution | null {
  const cited = candidatePassages(quote, work);
  for (const i of cited) {
    const range = findVerbatim(ctx.passages[i].folded, quote.inner);
    if (range) return { passage: i, range, how: 'verbatim' };
  }
  for (let i = 0; i < ctx.passages.length; i++) {
    if (cited.includes(i)) continue;
    const range = findVerbatim(ctx.passages[i].folded, quote.inner);
    if (range) return { passage: i, range, how: 'reattributed' };
  }
  let best: (Resolution & { similarity: number }) | null = null;
  for (const i of cited) {
    const p = ctx.passages[i];
    const found = findClosest(p.tokens, p.passage.text, quote.inner, FUZZY_MIN_SIMILARITY);
    if (found && (!best || found.similarity > best.similarity)) {
      best = {
        passage: i,
        range: { start: found.start, end: found.end },
        how: 'repaired',
        similarity: found.similarity,
      };
    }
  }
  return best;
}

/**
 * Points the marker group of each re-attributed quotation at the passage that holds it: the group's
 * passage is replaced when it was the only one and no quotation of the sentence comes from it,
 * otherwise the right passage is added beside the others.
 */
function reattribute(work: WorkPiece[]): void {
  const used = new Set(
    work.flatMap((p) => (p.kind === 'quote' && p.resolution ? [p.resolution.passage] : [])),
  );
  for (const piece of work) {
    if (piece.kind !== 'quote' || piece.resolution?.how !== 'reattributed') continue;
    const group = attachedGroup(piece, work);
    if (!group) continue;
    const target = piece.resolution.passage;
    if (group.passages.length === 0 || (group.passages.length === 1 && !used.has(group.passages[0]))) {
      group.passages = [target];
    } else if (!group.passages.includes(target)) group.passages.push(target);
  }
}

function citedPassages(work: WorkPiece[]): number[] {
  return [...new Set(work.flatMap((p) => (p.kind === 'markers' ? p.passages : [])))];
}

function finalPiece(piece: WorkPiece, ctx: VerifierContext, cited: number[]): RenderPiece {
  if (piece.kind === 'markers') return piece;
  if (piece.kind === 'text') {
    // An address may stay only if a cited passage itself holds it (or is that document's own URL).
    const keep = (url: string) =>
      cited.some((i) => ctx.passages[i].passage.text.includes(url) || ctx.passages[i].passage.url === url);
    return { kind: 'text', text: cleanProse(removeUrls(piece.text, keep).text) };
  }
  const { passage, range } = piece.resolution!;
  const inner = ctx.passages[passage].passage.text.slice(range.start, range.end);
  const [open, close] = quoteMarks(piece.open, piece.close, inner);
  return { kind: 'quote', open, close, inner, passage, range };
}

/**
 * The draft's quotation marks if the exact text reads back as one quotation between them, else
 * the first pair that does; `['', '']` when none does (the exact text cannot be quoted safely).
 */
function quoteMarks(open: string, close: string, inner: string): [string, string] {
  const pairs: [string, string][] = [
    [open, close],
    ['“', '”'],
    ['«', '»'],
    ['"', '"'],
  ];
  const fits = ([o, c]: [string, string]) => {
    const spans = scanQuotes(`${o}${inner}${c}`);
    return spans.length === 1 && spans[0].start === 0 && spans[0].end === inner.length + 2;
  };
  return pairs.find(fits) ?? ['', ''];
}

/**
 * Prose between quotations loses its unmatched double quotation marks (they could pair up with
 * others once sentences are removed), and whatever markup removing them happens to form.
 */
function cleanProse(text: string): string {
  let previous: string;
  let out = text;
  do {
    previous = out;
    out = stripMarkup(out.replace(/[“”"«»]/g, ''));
  } while (out !== previous);
  return out;
}

function proseOf(pieces: readonly RenderPiece[]): string {
  return pieces.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join(' ');
}

/**
 * In the persona's voice, a quotation of someone else's words stands only when the sentence names
 * them (`Cannon said: “…”`); without any persona names nothing can be judged and it stands.
 */
function voicedProperly(quote: QuoteRender, prose: string, ctx: VerifierContext): boolean {
  if (ctx.personaNames.length === 0) return true;
  const passage = ctx.passages[quote.passage].passage;
  return spanSpeakers(passage, quote.range.start, quote.range.end).every(
    (speaker) => isNamed(speaker, ctx.personaNames) || mentionsSpeaker(prose, speaker),
  );
}
