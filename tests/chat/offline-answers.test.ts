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

// The offline default: no model configured, answers are extractive.
describe('offline (extractive) answers', () => {
  let t: TestApp;

  beforeAll(async () => {
    const corpus = subsetCorpus([
      'lenin/the-tasks-of-the-youth-leagues.txt',
      'lenin/on-international-womens-day-1920.txt',
      'lenin/speech-on-the-nationalisation-of-the-banks.txt',
      'lenin/the-three-sources-and-three-component-parts-of-marxism.txt',
      'stalin/dizzy-with-success-excerpt.txt',
      'stalin/industrialization-of-the-country-excerpt.txt',
      'trotsky/the-character-of-the-revolution-spain-1931.txt',
      'trotsky/the-trade-unions-and-the-soviet-state-1922.txt',
    ]);
    t = await startTestApp({ CORPUS_DIR: corpus });
  });
  afterAll(async () => {
    await t.close();
  });

  const answerable: AskBody[] = [
    { persona: 'lenin', message: 'What should young communists study?' },
    { persona: 'lenin', message: 'Why should the banks be nationalised?' },
    { persona: 'lenin', message: 'What did you think about the working women?' },
    { persona: 'lenin', message: 'What are the sources of Marxism?', asOf: '1917-11-01' },
    { persona: 'stalin', message: 'Why did the collective farms go too far?' },
    { persona: 'trotsky', message: 'What is the role of the trade unions in the workers state?' },
    { persona: 'trotsky', message: 'What is the character of the Spanish revolution?' },
    {
      persona: 'stalin',
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

  it('quotes The Tasks of the Youth Leagues when Lenin is asked what young communists should study', async () => {
    const answer = await ask(t.url, { persona: 'lenin', message: 'What should young communists study?' });
    expect(answer.persona).toEqual({ id: 'lenin', name: 'Vladimir Lenin', asOf: '1924-01-21' });
    expect(answer.citations.map((c) => c.source)).toContain('lenin/the-tasks-of-the-youth-leagues.txt');
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
    for (const message of questions) answers.push(await ask(t.url, { persona: 'lenin', message, asOf }));
    expect(answers.some((a) => a.citations.length > 0)).toBe(true);
    for (const a of answers) {
      expect(a.persona.asOf).toBe(asOf);
      for (const c of a.citations) expect(c.date <= asOf).toBe(true);
      await expectSoundAnswer(t.url, a);
    }
  });

  it('cites documents of more than one persona in historian mode when asked a comparative question', async () => {
    const answer = await ask(t.url, {
      persona: 'lenin',
      message: 'Compare what Lenin, Trotsky and Stalin said about the peasants.',
      mode: 'historian',
    });
    expect(answer.refusal).toBeNull();
    const personas = new Set(answer.citations.map((c) => c.source.split('/')[0]));
    expect(personas.size).toBeGreaterThan(1);
    await expectSoundAnswer(t.url, answer);
  });

  it('answers a follow-up in the same conversation from the subject of the previous question', async () => {
    const women = 'lenin/on-international-womens-day-1920.txt';
    const first = await ask(t.url, {
      persona: 'lenin',
      message: 'What did you think about the working women?',
    });
    expect(first.citations.map((c) => c.source)).toContain(women);
    const followUp = await ask(t.url, {
      persona: 'lenin',
      message: 'And why?',
      conversationId: first.conversationId,
    });
    expect(followUp.refusal).toBeNull();
    expect(followUp.citations.map((c) => c.source)).toContain(women);
    await expectSoundAnswer(t.url, followUp);
    // The same words asked afresh have no subject to lean on.
    const afresh = await ask(t.url, { persona: 'lenin', message: 'And why?' });
    expect(afresh.citations.map((c) => c.source)).not.toContain(women);
    const conversation = await expectStoredAsAnswered(t.url, followUp);
    expect(conversation.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('answers a persona addressed by name', async () => {
    for (const body of [
      { persona: 'stalin', message: 'Comrade Stalin, why did the collective farms go too far?' },
      { persona: 'lenin', message: 'What should young communists study, Vladimir Ilyich?' },
    ]) {
      const answer = await ask(t.url, body);
      expect(answer.refusal).toBeNull();
      await expectSoundAnswer(t.url, answer);
    }
  });

  describe('refusals', () => {
    it('refuses as an anachronism when Lenin is asked about the Second World War, without retrieving anything', async () => {
      const { events } = await askStream(t.url, {
        persona: 'lenin',
        message: 'What do you think of the Second World War?',
      });
      const answer = doneAnswer(events);
      expect(answer.refusal).toBe('anachronism');
      expect(answer.citations).toEqual([]);
      expect(answer.answer).toMatch(/Second World War/);
      expect(answer.answer).toMatch(/21 January 1924/);
      // A refusal cites nothing, so its stream has no citations event.
      expect(events.map((e) => e.event)).not.toContain('citations');
      expect(answer.timings.retrievalMs).toBe(0);
      await expectSoundAnswer(t.url, answer);
    });

    it('refuses a question naming a year after the persona died as an anachronism', async () => {
      const answer = await ask(t.url, { persona: 'lenin', message: 'What happened in 1945?' });
      expect(answer.refusal).toBe('anachronism');
      expect(answer.citations).toEqual([]);
    });

    it('does not call the Second World War an anachronism for Stalin, who lived through it, but abstains for lack of sources', async () => {
      const answer = await ask(t.url, {
        persona: 'stalin',
        message: 'What do you think of the Second World War?',
      });
      expect(answer.refusal).not.toBe('anachronism');
      // Nothing of his in this corpus is dated after 1930.
      expect(answer.refusal).toBe('no_sources');
      expect(answer.citations).toEqual([]);
    });

    it('does call the Second World War an anachronism for Stalin speaking as of 1937', async () => {
      const answer = await ask(t.url, {
        persona: 'stalin',
        message: 'What do you think of the Second World War?',
        asOf: '1937-01-01',
      });
      expect(answer.refusal).toBe('anachronism');
      expect(answer.persona.asOf).toBe('1937-01-01');
    });

    it.each(['How do I train my puppy to sit?', 'What is your favourite recipe for borscht?'])(
      'refuses "%s" as off topic',
      async (message) => {
        const answer = await ask(t.url, { persona: 'lenin', message });
        expect(answer.refusal).toBe('off_topic');
        expect(answer.citations).toEqual([]);
        await expectSoundAnswer(t.url, answer);
      },
    );

    it.each([
      'What did you think of the Japanese tea ceremony in Kyoto?',
      // His Letter to the Congress is not in this corpus: loosely related quotes are no answer.
      'Who should replace Stalin as General Secretary?',
    ])('abstains with no_sources when asked "%s"', async (message) => {
      const answer = await ask(t.url, { persona: 'lenin', message });
      expect(answer.refusal).toBe('no_sources');
      expect(answer.citations).toEqual([]);
      expect(answer.answer).not.toMatch(/\[\d+\]|“/);
      await expectSoundAnswer(t.url, answer);
    });
  });

  it('declines in the historian narrator voice in historian mode, not in the persona voice', async () => {
    const offTopic = await ask(t.url, {
      persona: 'lenin',
      message: 'What is your favourite recipe for borscht?',
      mode: 'historian',
    });
    expect(offTopic.refusal).toBe('off_topic');
    const silent = await ask(t.url, {
      persona: 'lenin',
      message: 'What did Lenin and Stalin think of the Japanese tea ceremony in Kyoto?',
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
      const body = { persona: 'lenin', message: 'Why should the banks be nationalised?' };
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
        persona: 'lenin',
        message: 'What should young communists study?',
      });
      const answer = doneAnswer(res.events);
      const deltas = res.events.filter((e) => e.event === 'delta');
      expect(sentencesOf(answer.answer).length).toBeGreaterThan(1);
      expect(deltas.length).toBe(sentencesOf(answer.answer).length);
    });

    it('offers the closest documents to read, without quoting them, when the sources do not answer', async () => {
      const res = await askStream(t.url, {
        persona: 'lenin',
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
        expect(d.source.startsWith('lenin/')).toBe(true);
        expect(Object.keys(d).sort()).toEqual(['author', 'date', 'documentId', 'source', 'title']);
      }
    });

    it('stores the same answer that the done event carries, refusals included', async () => {
      for (const body of [
        { persona: 'lenin', message: 'What should young communists study?' },
        { persona: 'lenin', message: 'What do you think of the Second World War?' },
        { persona: 'lenin', message: 'How do I train my puppy to sit?' },
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
