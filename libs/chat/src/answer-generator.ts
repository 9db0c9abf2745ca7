import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { loadConfig } from '@parley/config';
import type { ChatMode, Citation, Passage, ReadFurther, Refusal } from '@parley/contracts';
import { EMBEDDER, type Embedder } from '@parley/embeddings';
import { CHAT_MODEL, ExtractiveAnswerer, isLlmError, type ChatMessage, type ChatModel } from '@parley/llm';
import {
  AnachronismGuard,
  ContextNotes,
  PersonaRegistry,
  PromptRenderer,
  Timeline,
  TopicGuard,
  UnsafeGuard,
  refusalLine,
  type CorpusProfile,
  type Persona,
} from '@parley/personas';
import { CorpusRepository } from '@parley/corpus';
import { RetrievalService } from '@parley/retrieval';
import { sentencePieces } from '@parley/text';
import { verifyAnswer } from './verifier';
import type { DebateTurnContext } from './chat.types';
import type { MessageRow } from './conversation.repository';
import { historyMessages, isFollowUp, mergeFollowUp } from './follow-up';
import { configuredAnswerPolicy, type AnswerPolicy } from './answer-policy';
import { atMostPerDocument } from './passage-diversity';
import { debateQuery } from './debate-query';
import { subjectCoverage } from './subject-coverage';
import { TopicCorpus } from './topic-corpus';
import { errorMessage } from '@parley/core';

export interface GenerateInput {
  persona: Persona;
  asOf: string;
  question: string;
  mode: ChatMode;
  history: MessageRow[];
  signal?: AbortSignal;
  debate?: DebateTurnContext;
  /** Thresholds for this answer; `DEFAULT_ANSWER_POLICY` when absent (evaluation varies them per call). */
  policy?: AnswerPolicy;
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

/** Guard → retrieve → answer (model or extractive) → verify, for one question. */
@Injectable()
export class AnswerGenerator {
  private readonly logger = new Logger(AnswerGenerator.name);
  private readonly extractive: ExtractiveAnswerer;

  private readonly policy: AnswerPolicy = configuredAnswerPolicy(loadConfig());

  constructor(
    private readonly retrieval: RetrievalService,
    private readonly anachronisms: AnachronismGuard,
    private readonly topics: TopicGuard,
    private readonly topicCorpus: TopicCorpus,
    private readonly unsafe: UnsafeGuard,
    private readonly contextNotes: ContextNotes,
    private readonly timeline: Timeline,
    private readonly personas: PersonaRegistry,
    private readonly corpus: CorpusRepository,
    private readonly prompts: PromptRenderer,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    @Optional() @Inject(CHAT_MODEL) private readonly model: ChatModel | null,
  ) {
    const softMatch = embedder.softMatch?.bind(embedder);
    this.extractive = new ExtractiveAnswerer(
      // A word-by-word match is already 0 for unrelated words: no further floor.
      softMatch
        ? { similarity: softMatch, similarityFloor: 0 }
        : { similarity: sentenceSimilarity(embedder) },
    );
  }

  get generatorId(): string {
    return this.model?.id ?? 'extractive';
  }

  /** True when answers stream a model's raw text (before verification); extractive deltas are verified text. */
  get streamsModelText(): boolean {
    return this.model !== null;
  }

  async generate(input: GenerateInput): Promise<GeneratedAnswer> {
    const policy = input.policy ?? this.policy;
    const refusal = this.guard(input, await this.topicCorpus.profile());
    if (refusal) return refusal;
    if (await this.asksAfterTheSources(input)) return this.refuse(input, 'no_sources');

    const retrievalStarted = performance.now();
    const standalone = this.standaloneQuestion(input);
    // A debate turn answers the motion from its stance, and the previous speaker's claim in that speaker's words.
    const query = input.debate ? debateQuery(input.debate, standalone) : standalone;
    const passages = await this.retrieve(input, query, policy);
    const retrievalMs = performance.now() - retrievalStarted;
    // A model writes its markers against the passages' numbers as it streams, so it is sent them first.
    // Offline, the verified citations go out after verification, numbered as the text that follows them.
    if (this.model) input.onCitations(passages.map((p, i) => passageCitation(p, i + 1)));

    // A question about named subjects the sources never mention is not answered from loosely related quotes.
    const coverage = subjectCoverage(
      input.question,
      passages.map((p) => withAuthorNames(p, input.persona)),
    );
    if (coverage !== null && coverage < policy.minSubjectCoverage) {
      return { ...this.refuse(input, 'no_sources'), retrievalMs, readFurther: readFurther(passages) };
    }

    // The relevance gate: the extractive reading scores every candidate sentence of the passages against the
    // question; when the best falls below the policy's bar the passages do not answer it, and no model is asked.
    const generationStarted = performance.now();
    const extract = await this.extractiveDraft(input, passages, input.debate ? query : standalone, policy);
    if (extract.relevance < relevanceBar(input, policy)) {
      const generationMs = performance.now() - generationStarted;
      return {
        ...this.refuse(input, 'no_sources'),
        retrievalMs,
        generationMs,
        relevance: extract.relevance,
        readFurther: readFurther(passages),
      };
    }
    const draft = await this.draft(input, passages, extract);
    const verified = verifyAnswer({
      draft: draft.text,
      passages,
      mode: input.mode,
      personaNames: input.persona.names,
      // A streamed draft was read with the passages' numbers (the citations event): the answer keeps them.
      numbering: draft.streamed ? 'passages' : 'first-appearance',
    });
    const generationMs = performance.now() - generationStarted;
    if (verified.empty) {
      return {
        ...this.refuse(input, 'no_sources'),
        retrievalMs,
        generationMs,
        notice: draft.notice,
        relevance: extract.relevance,
        readFurther: readFurther(passages),
      };
    }
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
      generationMs,
      relevance: extract.relevance,
    };
  }

  private guard(input: GenerateInput, corpus: CorpusProfile): GeneratedAnswer | null {
    // Unsafe first, in both modes: a request for a bomb or a eulogy of genocide gets no quotes, however on-topic.
    const unsafe = this.unsafe.check(input.question);
    if (unsafe) {
      this.logger.log(`unsafe request refused (${unsafe.kind})`);
      return this.refuse(input, 'unsafe');
    }
    // Off-topic first: "who won the 2022 World Cup?" is off topic, not an anachronism.
    const topic = this.topics.classify(input.question, input.persona, corpus);
    if (topic.offTopic) {
      this.logger.log(topic.reason);
      return this.refuse(input, 'off_topic');
    }
    if (input.mode === 'persona') {
      const hit = this.anachronisms.check(input.question, input.asOf, {
        born: input.persona.born,
        name: input.persona.name,
      });
      if (hit) return this.refuse(input, 'anachronism', { event: hit.subject, year: hit.year });
    }
    return null;
  }

  /**
   * A persona may have lived through an event that none of its documents in the corpus reaches
   * (Stalin and the Second World War, with nothing of his after 1938): its sources cannot speak of it.
   */
  private async asksAfterTheSources(input: GenerateInput): Promise<boolean> {
    if (input.mode !== 'persona') return false;
    const events = this.timeline.mentionsIn(input.question).map((m) => m.event);
    if (events.length === 0) return false;
    const latest = await this.corpus.latestDocumentDate(input.persona.id, input.asOf);
    return latest === null || events.every((e) => e.date > latest);
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
        ? await this.retrieval.search({ persona: null, query: this.historianSubject(query), asOf: null, k })
        : await this.retrieval.search({ persona: input.persona.id, query, asOf: input.asOf, k });
    return atMostPerDocument(passages, policy.maxPerDocument).slice(0, policy.passages);
  }

  /** "What did Lenin and Stalin say about X": the figures are whose documents to read, not words to match. */
  private historianSubject(query: string): string {
    const names = this.personas.list().flatMap((p) => [p.name, ...p.names]);
    return names.reduce((q, name) => q.split(name).join(' '), query);
  }

  /** The model's draft when one is configured (the extract if it fails), else the extract. */
  private async draft(
    input: GenerateInput,
    passages: Passage[],
    extract: { text: string },
  ): Promise<{ text: string; generator: string; notice: string | null; streamed: boolean }> {
    if (!this.model) return { text: extract.text, generator: 'extractive', notice: null, streamed: false };
    try {
      const text = await this.modelDraft(this.model, input, passages);
      return { text, generator: this.model.id, notice: null, streamed: true };
    } catch (e) {
      if (isLlmError(e, 'aborted')) throw e;
      this.logger.warn(
        `model failed (${isLlmError(e) ? e.kind : errorMessage(e)}); using the extractive answer`,
      );
      return {
        text: extract.text,
        generator: 'extractive',
        notice: 'The language model was unavailable, so this answer quotes the sources directly.',
        streamed: false,
      };
    }
  }

  /**
   * The extractive answer and the relevance of the best evidence in the passages (0 when there are none). In
   * historian mode each persona found gets a voice; sides that fall below half the bar are left out.
   */
  private async extractiveDraft(
    input: GenerateInput,
    passages: Passage[],
    question: string,
    policy: AnswerPolicy,
  ): Promise<{ text: string; relevance: number }> {
    // Only the best-ranked passages: retrieval rank is a stronger signal than one sentence's word overlap.
    const top = input.mode === 'historian' ? passages : passages.slice(0, policy.extractivePassages);
    // The historian gives each figure found in the sources a voice: one extract per persona, markers kept
    // global by blanking the other personas' passages rather than renumbering.
    const groups = input.mode === 'historian' ? [...new Set(top.map((p) => p.persona))] : [null];
    const parts: { text: string; relevance: number }[] = [];
    const templates = this.prompts.extractiveTemplates(input.mode);
    for (const persona of groups) {
      const result = await this.extractive.answer({
        // The standalone question: a follow-up ("and why?") alone says nothing about which sentences answer it.
        question,
        passages: persona === null ? top : top.map((p) => (p.persona === persona ? p : { ...p, text: '' })),
        persona: { id: input.persona.id, name: input.persona.name },
        mode: input.mode,
        // One opening for the whole answer: the figures after the first are introduced by their quotes alone.
        templates: parts.length === 0 ? templates : { ...templates, intro: [] },
        avoid: input.debate?.alreadyQuoted,
      });
      if (result.text) parts.push({ text: result.text, relevance: result.relevance });
    }
    const best = Math.max(0, ...parts.map((p) => p.relevance));
    // The best side must answer the question; the other sides of a comparison need only half that evidence.
    const bar = relevanceBar(input, policy);
    const kept = parts.filter((p) => p.relevance >= (p.relevance === best ? 1 : 0.5) * bar);
    return { text: kept.map((p) => p.text).join('\n\n'), relevance: best };
  }

  private async modelDraft(model: ChatModel, input: GenerateInput, passages: Passage[]): Promise<string> {
    const system = this.prompts.renderSystem({
      persona: input.persona,
      passages,
      mode: input.mode,
      asOf: input.asOf,
    });
    const messages: ChatMessage[] = [{ role: 'system', content: system }, ...historyMessages(input.history)];
    messages.push({ role: 'user', content: this.userTurn(input) });
    let text = '';
    for await (const delta of model.stream(messages, { signal: input.signal })) {
      text += delta;
      input.onDelta(delta);
    }
    return text;
  }

  private userTurn(input: GenerateInput): string {
    if (!input.debate) return input.question;
    const prev = input.debate.previous;
    return [
      `Debate motion: ${input.debate.motion}`,
      ...(input.debate.stance ? [`Your stance: ${input.debate.stance}`] : []),
      prev ? `${prev.personaName} just said: ${prev.text}` : 'You open the debate.',
      ...(prev?.claim ? [`Answer this claim of ${prev.personaName}'s: “${prev.claim}”`] : []),
      ...(input.debate.alreadyQuoted?.length
        ? ['You have spoken on this motion before: answer with passages you have not quoted yet.']
        : []),
      `Turn ${input.debate.turn}: ${input.question}`,
    ].join('\n\n');
  }
}

/** The relevance an answer's best evidence must reach: a debate turn answers the motion the teacher set. */
function relevanceBar(input: GenerateInput, policy: AnswerPolicy): number {
  return input.debate ? policy.minDebateRelevance : policy.minRelevance;
}

/** Cosine similarity of question and sentence embeddings; the question's vector is computed once per question. */
function sentenceSimilarity(embedder: Embedder): (question: string, sentence: string) => Promise<number> {
  let lastQuestion = '';
  let questionVector: Promise<number[]> | null = null;
  return async (question, sentence) => {
    if (question !== lastQuestion || !questionVector) {
      lastQuestion = question;
      questionVector = embedder.embedQuery(question);
    }
    const [q, [s]] = await Promise.all([questionVector, embedder.embedDocuments([sentence])]);
    let dot = 0;
    for (let i = 0; i < q.length; i++) dot += q[i] * s[i];
    return dot;
  };
}

/**
 * The passage with its author's names beside its heading: a passage speaks for its author, so a question
 * that names them ("Comrade Stalin, why…", "What did Lenin and Stalin write about…") is covered by their own documents.
 */
function withAuthorNames(p: Passage, persona: Persona): Passage {
  const names = p.persona === persona.id ? [persona.name, ...persona.names] : [];
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

/** A retrieved passage as a provisional citation (the whole passage), sent before the answer streams. */
export function passageCitation(p: Passage, marker: number): Citation {
  return {
    marker,
    documentId: p.documentId,
    source: p.source,
    title: p.title,
    author: p.author,
    date: p.date,
    url: p.url,
    chunkId: p.chunkId,
    quote: p.text,
    start: p.start,
    end: p.end,
    speaker: p.speaker,
  };
}
