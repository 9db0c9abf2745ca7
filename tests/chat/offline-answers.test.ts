import { startTestApp, type TestApp } from '../support/test-app';
import { subsetCorpus } from '../support/test-env';
import {
  ask,
  askStream,
  doneAnswer,
  expectSoundAnswer,
  expectStoredAsAnswered,
  provisionalCitations,
  type AskBody,
} from '../support/chat-helpers';
import { sentencePieces as sentencesOf } from '@parley/text';
import { EXILE, FIXTURE_DOCS, FIXTURE_PERSONAS, FOUNDER, SECRETARY } from '../support/fixture-corpus';

// The offline default: no model configured, answers are extractive.
describe('offline (extractive) answers', () => {
  let t: TestApp;

  beforeAll(async () => {
    const corpus = subsetCorpus([
      FIXTURE_DOCS.youth,
      FIXTURE_DOCS.women,
      FIXTURE_DOCS.banks,
      FIXTURE_DOCS.sources,
      FIXTURE_DOCS.farms,
      FIXTURE_DOCS.industry,
      FIXTURE_DOCS.spain,
      FIXTURE_DOCS.unions,
    ]);
    t = await startTestApp({ CORPUS_DIR: corpus });
  });
  afterAll(async () => {
    await t.close();
  });

  const answerable: AskBody[] = [
    { persona: FOUNDER, message: 'What should young communists study?' },
    { persona: FOUNDER, message: 'Why should the banks be nationalised?' },
    { persona: FOUNDER, message: 'What did you think about the working women?' },
    { persona: FOUNDER, message: 'What are the sources of Marxism?', asOf: '1917-11-01' },
    { persona: SECRETARY, message: 'Why did the collective farms go too far?' },
    { persona: EXILE, message: 'What is the role of the trade unions in the workers state?' },
    { persona: EXILE, message: 'What is the character of the Spanish revolution?' },
    {
      persona: SECRETARY,
      message: 'How should the peasants be won over to the revolution?',
      mode: 'historian',
    },
  ];

  it.each(answerable)('answers "$message" ($persona) keeping every Answer invariant', async (body) => {
    const answer = await ask(t.url, body);
    expect(answer.refusal).toBeNull();
    expect(answer.generator).toBe('extractive');
    expect(answer.notice ?? null).toBeNull();
    expect(answer.citations.length).toBeGreaterThan(0);
    await expectSoundAnswer(t.url, answer);
  });

  it('quotes the speech to the youth circles when the founder is asked what young communists should study', async () => {
    const answer = await ask(t.url, { persona: FOUNDER, message: 'What should young communists study?' });
    expect(answer.persona).toEqual({
      id: FOUNDER,
      name: FIXTURE_PERSONAS.founder.name,
      asOf: FIXTURE_PERSONAS.founder.died,
    });
    expect(answer.citations.map((c) => c.source)).toContain(FIXTURE_DOCS.youth);
    // Verbatim quotation, attached by its marker.
    expect(answer.answer).toMatch(/“[^”]{20,}” \[1\]/);
    expect(answer.answer.split(/\s+/).length).toBeLessThanOrEqual(220);
  });

  it("cites only documents dated on or before the persona's asOf", async () => {
    const asOf = '1917-11-01';
    const questions = [
      'What are the sources of Marxism?',
      'What should young communists study?',
      'What did you think about the working women?',
    ];
    const answers = [];
    for (const message of questions) answers.push(await ask(t.url, { persona: FOUNDER, message, asOf }));
    expect(answers.some((a) => a.citations.length > 0)).toBe(true);
    for (const a of answers) {
      expect(a.persona.asOf).toBe(asOf);
      for (const c of a.citations) expect(c.date <= asOf).toBe(true);
      await expectSoundAnswer(t.url, a);
    }
  });

  it('cites documents of more than one persona in historian mode when asked a comparative question', async () => {
    const answer = await ask(t.url, {
      persona: FOUNDER,
      message: 'Compare what Brandt, Sokol and Kamen said about the peasants.',
      mode: 'historian',
    });
    expect(answer.refusal).toBeNull();
    const personas = new Set(answer.citations.map((c) => c.source.split('/')[0]));
    expect(personas.size).toBeGreaterThan(1);
    await expectSoundAnswer(t.url, answer);
  });

  it('answers a follow-up in the same conversation from the subject of the previous question', async () => {
    const women = FIXTURE_DOCS.women;
    const first = await ask(t.url, {
      persona: FOUNDER,
      message: 'What did you think about the working women?',
    });
    expect(first.citations.map((c) => c.source)).toContain(women);
    const followUp = await ask(t.url, {
      persona: FOUNDER,
      message: 'And why?',
      conversationId: first.conversationId,
    });
    expect(followUp.refusal).toBeNull();
    expect(followUp.citations.map((c) => c.source)).toContain(women);
    await expectSoundAnswer(t.url, followUp);
    // The same words asked afresh have no subject to lean on.
    const afresh = await ask(t.url, { persona: FOUNDER, message: 'And why?' });
    expect(afresh.citations.map((c) => c.source)).not.toContain(women);
    const conversation = await expectStoredAsAnswered(t.url, followUp);
    expect(conversation.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('answers a persona addressed by name', async () => {
    for (const body of [
      {
        persona: SECRETARY,
        message: `${FIXTURE_PERSONAS.secretary.address}, why did the collective farms go too far?`,
      },
      {
        persona: FOUNDER,
        message: `What should young communists study, ${FIXTURE_PERSONAS.founder.address}?`,
      },
    ]) {
      const answer = await ask(t.url, body);
      expect(answer.refusal).toBeNull();
      await expectSoundAnswer(t.url, answer);
    }
  });

  describe('refusals', () => {
    it('refuses as an anachronism when the founder (died 1924) is asked about the Second World War, without retrieving anything', async () => {
      const { events } = await askStream(t.url, {
        persona: FOUNDER,
        message: 'What do you think of the Second World War?',
      });
      const answer = doneAnswer(events);
      expect(answer.refusal).toBe('anachronism');
      expect(answer.citations).toEqual([]);
      expect(answer.answer).toMatch(/Second World War/);
      expect(answer.answer).toContain(FIXTURE_PERSONAS.founder.diedInWords);
      // A refusal cites nothing, so its stream has no citations event.
      expect(events.map((e) => e.event)).not.toContain('citations');
      expect(answer.timings.retrievalMs).toBe(0);
      await expectSoundAnswer(t.url, answer);
    });

    // The timeline names it Churchill's "Iron Curtain" speech; a refusal cites nothing, so it may quote nothing.
    it('names a later event whose name holds quotation marks without quoting anything in the refusal', async () => {
      const answer = await ask(t.url, {
        persona: FOUNDER,
        message: 'What do you think of the Iron Curtain speech?',
      });
      expect(answer.refusal).toBe('anachronism');
      expect(answer.answer).toContain('‘Iron Curtain’');
      await expectSoundAnswer(t.url, answer);
    });

    it('refuses a question naming a year after the persona died as an anachronism', async () => {
      const answer = await ask(t.url, { persona: FOUNDER, message: 'What happened in 1945?' });
      expect(answer.refusal).toBe('anachronism');
      expect(answer.citations).toEqual([]);
    });

    it('does not call the Second World War an anachronism for the secretary (died 1953), who lived through it, but abstains for lack of sources', async () => {
      const answer = await ask(t.url, {
        persona: SECRETARY,
        message: 'What do you think of the Second World War?',
      });
      expect(answer.refusal).not.toBe('anachronism');
      // Nothing of his in this corpus is dated after 1930.
      expect(answer.refusal).toBe('no_sources');
      expect(answer.citations).toEqual([]);
    });

    it('does call the Second World War an anachronism for the secretary speaking as of 1937', async () => {
      const answer = await ask(t.url, {
        persona: SECRETARY,
        message: 'What do you think of the Second World War?',
        asOf: '1937-01-01',
      });
      expect(answer.refusal).toBe('anachronism');
      expect(answer.persona.asOf).toBe('1937-01-01');
    });

    // The off-topic signal weighs everyday English against this corpus, here 8 fixture texts of about 1,200 words, so
    // weak evidence either way: a word the corpus lacks counts at most +0.46 against a bar of 0.40, and a word it has
    // counts 0 but still weighs. "How do I train my puppy to sit?" is not clearly everyday here, because the texts
    // themselves "sit and wait" and "train the managers"; it is still declined, as the next test checks.
    it.each(['How often should I bathe my puppy?', 'What is your favourite recipe for borscht?'])(
      'refuses "%s" as off topic',
      async (message) => {
        const answer = await ask(t.url, { persona: FOUNDER, message });
        expect(answer.refusal).toBe('off_topic');
        expect(answer.citations).toEqual([]);
        await expectSoundAnswer(t.url, answer);
      },
    );

    // KNOWN FAILURE (marked `failing`, so it turns red the day it passes and the mark must go): the speech says
    // "youth circles" and "young communists", never "League"; the relevance model, fitted on the real corpus, scores
    // its best sentence below the bar of prompts/relevance-model.yaml and the persona abstains.
    it.failing(
      'answers the paraphrase "the Young Communist League" from the speech to the youth circles',
      async () => {
        const answer = await ask(t.url, {
          persona: FOUNDER,
          message: 'What was the most important task you gave to the Young Communist League?',
        });
        expect(answer.refusal).toBeNull();
        expect(answer.citations.map((c) => c.source)).toContain(FIXTURE_DOCS.youth);
      },
    );

    it('declines "How do I train my puppy to sit?" with no quotes, as off topic or as not in the sources', async () => {
      const answer = await ask(t.url, { persona: FOUNDER, message: 'How do I train my puppy to sit?' });
      expect(['off_topic', 'no_sources']).toContain(answer.refusal);
      expect(answer.citations).toEqual([]);
      expect(answer.answer).not.toMatch(/\[\d+\]|“/);
      await expectSoundAnswer(t.url, answer);
    });

    it.each([
      'What did you think of the Japanese tea ceremony in Kyoto?',
      // Nothing in this corpus names a successor: loosely related quotes are no answer.
      'Who should replace Kamen as General Secretary?',
    ])('abstains with no_sources when asked "%s"', async (message) => {
      const answer = await ask(t.url, { persona: FOUNDER, message });
      expect(answer.refusal).toBe('no_sources');
      expect(answer.citations).toEqual([]);
      expect(answer.answer).not.toMatch(/\[\d+\]|“/);
      await expectSoundAnswer(t.url, answer);
    });
  });

  it('declines in the historian narrator voice in historian mode, not in the persona voice', async () => {
    const offTopic = await ask(t.url, {
      persona: FOUNDER,
      message: 'What is your favourite recipe for borscht?',
      mode: 'historian',
    });
    expect(offTopic.refusal).toBe('off_topic');
    const silent = await ask(t.url, {
      persona: FOUNDER,
      message: 'What did Brandt and Kamen think of the Japanese tea ceremony in Kyoto?',
      mode: 'historian',
    });
    expect(silent.refusal).toBe('no_sources');
    for (const answer of [offTopic, silent]) {
      expect(answer.answer).not.toMatch(/\b(?:I|my|me|comrade)\b/i);
      expect(answer.answer).toMatch(/\b(?:documents|sources|writings|writers|figures)\b/i);
      await expectSoundAnswer(t.url, answer);
    }
  });

  describe('streaming', () => {
    it('sends meta first, then the citations numbered as the text, then the text sentence by sentence, and the verified answer last', async () => {
      const body = { persona: FOUNDER, message: 'Why should the banks be nationalised?' };
      const res = await askStream(t.url, body);
      expect(res.status).toBe(200);
      expect(res.contentType).toMatch(/^text\/event-stream/);
      const names = res.events.map((e) => e.event);
      expect(names[0]).toBe('meta');
      expect(names[1]).toBe('citations');
      expect(names.slice(2, -1).every((n) => n === 'delta')).toBe(true);
      expect(names.length).toBeGreaterThan(3);
      expect(names[names.length - 1]).toBe('done');

      const meta = res.events[0].data as Record<string, unknown>;
      const answer = doneAnswer(res.events);
      expect(meta).toEqual({
        conversationId: answer.conversationId,
        conversationSecret: answer.conversationSecret,
        messageId: answer.messageId,
        userMessageId: expect.any(String),
        persona: answer.persona,
        mode: 'persona',
      });
      const deltas = res.events
        .filter((e) => e.event === 'delta')
        .map((e) => (e.data as { text: string }).text);
      // The extractive answer is verified before it is sent, so the deltas are exactly the answer, one sentence each.
      expect(deltas.join('')).toBe(answer.answer);
      expect(deltas).toEqual(sentencesOf(answer.answer));

      // One numbering everywhere: the streamed [n] and the final [n] point to the same passage.
      const streamed = provisionalCitations(res.events);
      expect(streamed).toEqual(answer.citations);
      await expectSoundAnswer(t.url, { ...answer, answer: deltas.join(''), citations: streamed });
      await expectStoredAsAnswered(t.url, answer);
    });

    it('streams an answer of several sentences in several deltas', async () => {
      const res = await askStream(t.url, {
        persona: FOUNDER,
        message: 'What should young communists study?',
      });
      const answer = doneAnswer(res.events);
      const deltas = res.events.filter((e) => e.event === 'delta');
      expect(sentencesOf(answer.answer).length).toBeGreaterThan(1);
      expect(deltas.length).toBe(sentencesOf(answer.answer).length);
    });

    it('offers the closest documents to read, without quoting them, when the sources do not answer', async () => {
      const res = await askStream(t.url, {
        persona: FOUNDER,
        message: 'What did you think of the Japanese tea ceremony in Kyoto?',
      });
      const answer = doneAnswer(res.events);
      expect(answer.refusal).toBe('no_sources');
      expect(answer.citations).toEqual([]);
      expect(res.events.map((e) => e.event)).not.toContain('citations');
      const further = answer.readFurther ?? [];
      expect(further.length).toBeGreaterThan(0);
      expect(further.length).toBeLessThanOrEqual(3);
      expect(new Set(further.map((d) => d.documentId)).size).toBe(further.length);
      for (const d of further) {
        expect(d.source.startsWith(`${FOUNDER}/`)).toBe(true);
        expect(Object.keys(d).sort()).toEqual(['author', 'date', 'documentId', 'source', 'title']);
      }
    });

    it('stores the same answer that the done event carries, refusals included', async () => {
      for (const body of [
        { persona: FOUNDER, message: 'What should young communists study?' },
        { persona: FOUNDER, message: 'What do you think of the Second World War?' },
        { persona: FOUNDER, message: 'How do I train my puppy to sit?' },
        { persona: FOUNDER, message: 'What did you think of the Japanese tea ceremony in Kyoto?' },
      ]) {
        const { events } = await askStream(t.url, body);
        const answer = doneAnswer(events);
        await expectSoundAnswer(t.url, answer);
        const conversation = await expectStoredAsAnswered(t.url, answer);
        expect(conversation.messages.map((m) => [m.role, m.content])).toEqual([
          ['user', body.message],
          ['assistant', answer.answer],
        ]);
      }
    });
  });
});
