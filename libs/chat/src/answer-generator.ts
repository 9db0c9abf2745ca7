import { Inject, Injectable } from '@nestjs/common';
import { loadConfig } from '@parley/config';
import type { ChatMode, Citation, Passage, ReadFurther, Refusal } from '@parley/contracts';
import { EMBEDDER, type Embedder } from '@parley/embeddings';
import { ContextNotes, PersonaRegistry, PromptRenderer, refusalLine, type Persona } from '@parley/personas';
import { RetrievalService } from '@parley/retrieval';
import { normaliseForMatch, sentencePieces } from '@parley/text';
import { passageCitation, verifyAnswer } from './verifier';
import type { ConversationTurn, DebateTurnContext } from './chat.types';
import { isFollowUp, mergeFollowUp } from './follow-up';
import { configuredAnswerPolicy, type AnswerPolicy } from './answer-policy';
import { atMostPerDocument } from './passage-diversity';
import { debateQuery } from './debate-query';
import { subjectCoverage } from './subject-coverage';
import { DRAFTER, type Drafter } from './drafting/drafter';
import { PassageReader, relevanceBar, type Reading } from './passage-reader';
import { RefusalChecks } from './refusal-checks';

export interface GenerateInput {
  persona: Persona;
  asOf: string;
  question: string;
  mode: ChatMode;
  history: readonly ConversationTurn[];
  signal?: AbortSignal;
  debate?: DebateTurnContext;
  /** Thresholds for this answer; `DEFAULT_ANSWER_POLICY` when absent (evaluation varies them per call). */
  policy?: AnswerPolicy;
  /** Receives the relevance gate's reading with every candidate scored (for fitting the relevance model). */
  onReading?(reading: Reading): void;
  onCitations(citations: Citation[]): void;
  onDelta(text: string): void;
}

export interface GeneratedAnswer {
  text: string;
  citations: Citation[];
  refusal: Refusal | null;
  context: string | null;
  generator: string;
  embedder: string;
  notice: string | null;
  /** On a `no_sources` refusal after retrieval: the documents that came closest, to read instead. */
  readFurther?: ReadFurther[];
  retrievalMs: number;
  generationMs: number;
  /** Relevance of the best evidence the passages hold (0..1); null when refused before reading them. */
  relevance: number | null;
}

// Retrieved per passage handed on, so that enough remain after the per-document limit.
const RETRIEVED_PER_PASSAGE = 4;

/** Refusal checks → retrieval → relevance gate → drafter (model or extractive) → verification, for one question. */
@Injectable()
export class AnswerGenerator {
  private readonly policy: AnswerPolicy = configuredAnswerPolicy(loadConfig());

  constructor(
    private readonly checks: RefusalChecks,
    private readonly retrieval: RetrievalService,
    private readonly reader: PassageReader,
    @Inject(DRAFTER) private readonly drafter: Drafter,
    private readonly contextNotes: ContextNotes,
    private readonly personas: PersonaRegistry,
    private readonly prompts: PromptRenderer,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
  ) {}

  get generatorId(): string {
    return this.drafter.id;
  }

  /** True when answers stream a model's raw text (before verification); extractive deltas are verified text. */
  get streamsModelText(): boolean {
    return this.drafter.streams;
  }

  async generate(input: GenerateInput): Promise<GeneratedAnswer> {
    const policy = input.policy ?? this.policy;
    const early = await this.checks.check(input);
    if (early) return this.refuse(input, early.kind, early.vars);

    const retrievalStarted = performance.now();
    const standalone = this.standaloneQuestion(input);
    // A debate turn answers the motion from its stance, and the previous speaker's claim in that speaker's words.
    const query = input.debate ? debateQuery(input.debate, standalone) : standalone;
    const passages = await this.retrieve(input, query, policy);
    const retrievalMs = performance.now() - retrievalStarted;
    // The passages the relevance gate reads: what the decision after retrieval reads too.
    const read = passages.slice(0, policy.extractivePassages);
    // Declining: the passages hold no answer, and either the question is off topic after all (its words are everyday
    // and the corpus words it shares with the passages are used there in another sense) or the sources do not say.
    const abstain = async (extra: Partial<GeneratedAnswer> = {}): Promise<GeneratedAnswer> =>
      (await this.checks.offTopicAfterRetrieval(input, read, true))
        ? { ...this.refuse(input, 'off_topic'), retrievalMs, ...extra }
        : { ...this.refuse(input, 'no_sources'), retrievalMs, readFurther: readFurther(passages), ...extra };

    // A question about named subjects the sources never mention is not answered from loosely related quotes.
    const coverage = subjectCoverage(
      input.question,
      passages.map((p) =>
        withAuthorNames(p, this.personas.has(p.persona) ? this.personas.get(p.persona) : undefined),
      ),
    );
    if (coverage !== null && coverage < policy.minSubjectCoverage) return abstain();

    // The relevance gate: every candidate sentence of the passages is scored against the question; when the best
    // falls below the policy's bar the passages do not answer it, and no drafter (no model) is asked.
    const generationStarted = performance.now();
    const elapsed = () => performance.now() - generationStarted;
    const reading = await this.bestReading(input, passages, input.debate ? query : standalone, policy);
    input.onReading?.(reading);
    const relevance = reading.relevance;
    if (relevance < relevanceBar(input, policy)) return abstain({ generationMs: elapsed(), relevance });
    // The same decision when the passages would answer, held to its stricter bar, before any drafter (model) is asked.
    if (await this.checks.offTopicAfterRetrieval(input, read, false))
      return { ...this.refuse(input, 'off_topic'), retrievalMs, generationMs: elapsed(), relevance };

    // A model writes its markers against the passages' numbers as it streams, so it is sent them first.
    // Offline, the verified citations go out after verification, numbered as the text that follows them.
    if (this.drafter.streams) input.onCitations(passages.map((p, i) => passageCitation(p, i + 1)));
    const draft = await this.drafter.draft({ ...input, passages, extract: reading });
    if (draft.declined) return abstain({ generationMs: elapsed(), relevance, generator: draft.generator });
    const verified = verifyAnswer({
      draft: draft.text,
      passages: [...draft.sources],
      mode: input.mode,
      personaNames: input.persona.names,
      // A streamed draft was read with the passages' numbers (the citations event): the answer keeps them.
      numbering: draft.streamed ? 'passages' : 'first-appearance',
    });
    if (verified.empty) return abstain({ generationMs: elapsed(), notice: draft.notice, relevance });
    if (!draft.streamed) {
      input.onCitations(verified.citations);
      for (const piece of sentencePieces(verified.answer)) input.onDelta(piece);
    }
    return {
      text: verified.answer,
      citations: verified.citations,
      refusal: null,
      context: this.context(input, verified.citations),
      generator: draft.generator,
      embedder: this.embedder.id,
      notice: draft.notice,
      retrievalMs,
      generationMs: elapsed(),
      relevance,
    };
  }

  /**
   * The reading of the standalone question; for a question taken as a follow-up, the better of it and the question
   * alone ("Why did the farms go too far?" opens like a follow-up but names its own subject).
   */
  private async bestReading(
    input: GenerateInput,
    passages: Passage[],
    standalone: string,
    policy: AnswerPolicy,
  ): Promise<Reading> {
    const explain = input.onReading !== undefined;
    const merged = await this.reader.read(input, passages, standalone, policy, explain);
    if (standalone === input.question) return merged;
    const alone = await this.reader.read(input, passages, input.question, policy, explain);
    return alone.relevance > merged.relevance ? alone : merged;
  }

  private refuse(
    input: GenerateInput,
    kind: Refusal,
    vars: { event?: string; year?: number } = {},
  ): GeneratedAnswer {
    return {
      // The historian is a narrator, not the persona: it declines in its own voice.
      text:
        input.mode === 'historian'
          ? this.prompts.historianRefusal(kind, input.question)
          : refusalLine(input.persona, kind, { ...vars, asOf: input.asOf }, input.question),
      citations: [],
      refusal: kind,
      context: null,
      generator: this.generatorId,
      embedder: this.embedder.id,
      notice: null,
      retrievalMs: 0,
      generationMs: 0,
      relevance: null,
    };
  }

  /** The historian's note, judged on the question and on what the answer actually quotes (not every retrieved passage). */
  private context(input: GenerateInput, citations: Citation[]): string | null {
    const passagesText = citations.map((c) => c.quote).join('\n');
    return (
      this.contextNotes.noteFor(input.question, input.persona, passagesText, { asOf: input.asOf })?.note ??
      null
    );
  }

  /** The question as it reads on its own: a follow-up ("and why?") carries the previous question's subject. */
  private standaloneQuestion(input: GenerateInput): string {
    const previous = [...input.history].reverse().find((m) => m.role === 'user')?.content ?? null;
    return previous && isFollowUp(input.question, previous)
      ? mergeFollowUp(input.question, previous)
      : input.question;
  }

  /** The passages an answer may draw on: the best retrieved, at most `policy.maxPerDocument` of one document. */
  private async retrieve(input: GenerateInput, query: string, policy: AnswerPolicy): Promise<Passage[]> {
    const k = policy.passages * RETRIEVED_PER_PASSAGE;
    const passages =
      input.mode === 'historian'
        ? await this.historianPassages(query, k)
        : await this.retrieval.search({ persona: input.persona.id, query, asOf: input.asOf, k });
    return atMostPerDocument(passages, policy.maxPerDocument).slice(0, policy.passages);
  }

  /**
   * The historian reads every persona's documents; a question that names figures ("Compare what Lenin and Stalin
   * said about…") reads each named figure's own documents, taken in turn, so that every side of the comparison is
   * heard rather than whichever author's passages score best on the shared words.
   */
  private async historianPassages(query: string, k: number): Promise<Passage[]> {
    const subject = this.historianSubject(query);
    const named = this.personasNamedIn(query);
    if (named.length === 0) return this.retrieval.search({ persona: null, query: subject, asOf: null, k });
    const perPersona = await Promise.all(
      named.map((p) =>
        this.retrieval.search({ persona: p.id, query: subject, asOf: null, k: Math.ceil(k / named.length) }),
      ),
    );
    const interleaved: Passage[] = [];
    for (let i = 0; interleaved.length < k && perPersona.some((ps) => i < ps.length); i++)
      for (const ps of perPersona) if (i < ps.length) interleaved.push(ps[i]);
    return interleaved.slice(0, k).map((p, i) => ({ ...p, rank: i + 1 }));
  }

  /** The personas a question names, by any of their names as whole words, in the order the registry lists them. */
  private personasNamedIn(query: string): Persona[] {
    const words = new Set(normaliseForMatch(query).split(' '));
    return this.personas.list().filter((p) =>
      [p.name, ...p.names].some((name) => {
        const parts = normaliseForMatch(name).split(' ').filter(Boolean);
        return parts.length > 0 && parts.every((w) => words.has(w));
      }),
    );
  }

  /** "What did Lenin and Stalin say about X": the figures are whose documents to read, not words to match. */
  private historianSubject(query: string): string {
    const names = this.personas.list().flatMap((p) => [p.name, ...p.names]);
    return names.reduce((q, name) => q.split(name).join(' '), query);
  }
}

/**
 * The passage with its author's names beside its heading: a passage speaks for its author, so a question
 * that names them ("Comrade Stalin, why…", "What did Lenin and Stalin write about…") is covered by their own documents.
 */
function withAuthorNames(p: Passage, author: Persona | undefined): Passage {
  const names = author ? [author.name, ...author.names] : [];
  return { ...p, heading: [p.heading, p.author, p.speaker, ...names].filter(Boolean).join(' ') };
}

const READ_FURTHER_MAX = 3;

/** The distinct documents of the retrieved passages, best first: titles to read, never quotes (a refusal cites nothing). */
export function readFurther(passages: readonly Passage[]): ReadFurther[] {
  const seen = new Map<string, ReadFurther>();
  for (const p of passages) {
    if (seen.size >= READ_FURTHER_MAX) break;
    if (!seen.has(p.documentId))
      seen.set(p.documentId, {
        documentId: p.documentId,
        source: p.source,
        title: p.title,
        author: p.author,
        date: p.date,
      });
  }
  return [...seen.values()];
}
