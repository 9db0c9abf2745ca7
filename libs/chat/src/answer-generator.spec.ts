import { join } from 'node:path';
import type { Passage } from '@parley/contracts';
import { projectRoot } from '@parley/core';
import type { Embedder } from '@parley/embeddings';
import { PersonaRegistry, type ContextNotes, type PromptRenderer } from '@parley/personas';
import type { RetrievalService } from '@parley/retrieval';
import { AnswerGenerator, type GenerateInput } from './answer-generator';
import { DEFAULT_ANSWER_POLICY } from './answer-policy';
import type { Draft, Drafter } from './drafting/drafter';
import type { PassageReader, Reading } from './passage-reader';
import type { RefusalChecks } from './refusal-checks';

// The wiring of the topic decision after retrieval, with every collaborator faked: where it is asked, what it is
// told, and that no drafter (no model) is asked once it refuses.
const persona = PersonaRegistry.load(join(projectRoot(), 'tests', 'fixtures', 'personas')).list()[0];

const passage = (n: number): Passage => ({
  rank: n,
  chunkId: `c${n}`,
  documentId: `d${n}`,
  source: `d${n}.txt`,
  persona: persona.id,
  title: `Document ${n}`,
  author: persona.name,
  date: '1917',
  url: null,
  heading: null,
  speaker: null,
  start: 0,
  end: 10,
  text: `passage ${n}`,
  scores: { vector: null, text: 1, fused: 1 },
});
const PASSAGES = Array.from({ length: 8 }, (_, i) => passage(i + 1));

function setUp(relevance: number, offTopic: (declined: boolean) => boolean, draft: Partial<Draft> = {}) {
  const decisions: { passages: readonly Passage[]; declined: boolean }[] = [];
  const checks = {
    check: jest.fn(async () => null),
    offTopicAfterRetrieval: jest.fn(
      async (_input: unknown, passages: readonly Passage[], declined: boolean) => {
        decisions.push({ passages, declined });
        return offTopic(declined);
      },
    ),
  };
  const reading: Reading = { text: '', sources: [], relevance };
  const drafter = {
    id: 'fake',
    streams: false,
    draft: jest.fn(async (): Promise<Draft> => ({
      text: '',
      sources: [],
      generator: 'fake',
      notice: null,
      streamed: false,
      declined: true,
      ...draft,
    })),
  };
  const generator = new AnswerGenerator(
    checks as unknown as RefusalChecks,
    { search: async () => PASSAGES } as unknown as RetrievalService,
    { read: async () => reading } as unknown as PassageReader,
    drafter as Drafter,
    { noteFor: () => null } as unknown as ContextNotes,
    { has: () => false, list: () => [] } as unknown as PersonaRegistry,
    {} as PromptRenderer,
    { id: 'fake-embedder' } as Embedder,
  );
  const input: GenerateInput = {
    persona,
    asOf: persona.died,
    question: 'how do i tune a pipe organ?',
    mode: 'persona',
    history: [],
    policy: DEFAULT_ANSWER_POLICY,
    onCitations: () => undefined,
    onDelta: () => undefined,
  };
  return { generator, input, decisions, drafter };
}

const below = DEFAULT_ANSWER_POLICY.minRelevance / 2;
const above = Math.min(1, DEFAULT_ANSWER_POLICY.minRelevance * 2 + 0.01);
const read = PASSAGES.slice(0, DEFAULT_ANSWER_POLICY.extractivePassages);

describe('AnswerGenerator: the topic decision after retrieval', () => {
  it('turns a decline into off_topic when the decision says so, asking no drafter', async () => {
    const { generator, input, decisions, drafter } = setUp(below, () => true);
    const answer = await generator.generate(input);
    expect(answer.refusal).toBe('off_topic');
    expect(answer.readFurther).toBeUndefined();
    expect(decisions).toEqual([{ passages: read, declined: true }]);
    expect(drafter.draft).not.toHaveBeenCalled();
  });

  it('keeps the decline as no_sources, with where to read further, when it does not', async () => {
    const { generator, input, decisions } = setUp(below, () => false);
    const answer = await generator.generate(input);
    expect(answer.refusal).toBe('no_sources');
    expect(answer.readFurther?.length).toBeGreaterThan(0);
    expect(decisions).toEqual([{ passages: read, declined: true }]);
  });

  it('asks before drafting when the passages would answer, and then asks no drafter', async () => {
    const { generator, input, decisions, drafter } = setUp(above, (declined) => !declined);
    const answer = await generator.generate(input);
    expect(answer.refusal).toBe('off_topic');
    expect(decisions).toEqual([{ passages: read, declined: false }]);
    expect(drafter.draft).not.toHaveBeenCalled();
  });

  it('asks again, as a decline, when the drafter declines', async () => {
    const { generator, input, decisions, drafter } = setUp(above, (declined) => declined);
    const answer = await generator.generate(input);
    expect(drafter.draft).toHaveBeenCalledTimes(1);
    expect(decisions.map((d) => d.declined)).toEqual([false, true]);
    expect(answer.refusal).toBe('off_topic');
  });
});
