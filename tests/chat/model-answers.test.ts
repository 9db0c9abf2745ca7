import fc from 'fast-check';
import { INTRODUCTION_GENERATOR } from '@parley/contracts';
import { CHAT_PATH, fakeReply, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.server';
import { startTestApp, type TestApp } from '../support/test-app';
import { subsetCorpus } from '../support/test-env';
import {
  ask,
  askStream,
  conversationMessages,
  doneAnswer,
  expectSoundAnswer,
  expectStoredAsAnswered,
  markersIn,
  MARKUP,
  modelWrites,
  promptAuthor,
  promptPassages,
  provisionalCitations,
  quotableSentence,
  quotableSentences,
  systemPrompt,
  type AskBody,
} from '../support/chat-helpers';
import { FIXTURE_DOCS, FIXTURE_PERSONAS, FOUNDER, SECRETARY } from '../support/fixture-corpus';

/** One sentence of a model's draft, described independently of the passages it will be written from. */
type DraftPart =
  | { kind: 'quote'; passage: number; from: number; length: number; marker: number; marks: number }
  | { kind: 'invented'; words: string[]; marker: number; marks: number }
  | { kind: 'paraphrase'; passage: number; from: number; marker: number }
  | { kind: 'markup'; snippet: number; marker: number }
  | { kind: 'plain'; words: string[] };

const QUOTE_MARKS: [string, string][] = [
  ['“', '”'],
  ['"', '"'],
  ['‘', '’'],
  ['«', '»'],
];
const SNIPPETS = [
  '<img src=x onerror=alert(1)>',
  '[click here](https://evil.example/x)',
  '![p](https://evil.example/p.png)',
  '<a href="javascript:alert(1)">more</a>',
  'see https://evil.example/now',
];
const WORDS = [
  'the',
  'workers',
  'moon',
  'party',
  'always',
  'cheese',
  'revolution',
  'never',
  'youth',
  'study',
];

const draftPart: fc.Arbitrary<DraftPart> = fc.oneof(
  fc.record({
    kind: fc.constant('quote' as const),
    passage: fc.nat(7),
    from: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 15, max: 240 }),
    marker: fc.integer({ min: 0, max: 12 }),
    marks: fc.nat(3),
  }),
  fc.record({
    kind: fc.constant('invented' as const),
    words: fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 12 }),
    marker: fc.integer({ min: 0, max: 12 }),
    marks: fc.nat(3),
  }),
  fc.record({
    kind: fc.constant('paraphrase' as const),
    passage: fc.nat(7),
    from: fc.double({ min: 0, max: 1, noNaN: true }),
    marker: fc.integer({ min: 0, max: 12 }),
  }),
  fc.record({
    kind: fc.constant('markup' as const),
    snippet: fc.nat(SNIPPETS.length - 1),
    marker: fc.nat(9),
  }),
  fc.record({
    kind: fc.constant('plain' as const),
    words: fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 8 }),
  }),
);

/** Writes a draft part from the passages the model was given. */
function writePart(part: DraftPart, passages: { text: string }[]): string {
  const text = (i: number) => passages[i % passages.length].text;
  switch (part.kind) {
    case 'quote': {
      const source = text(part.passage);
      const start = Math.floor(part.from * Math.max(0, source.length - part.length));
      const [open, close] = QUOTE_MARKS[part.marks];
      return `I wrote: ${open}${source.slice(start, start + part.length)}${close} [${part.marker}]`;
    }
    case 'invented': {
      const [open, close] = QUOTE_MARKS[part.marks];
      return `As I said, ${open}${part.words.join(' ')}${close} [${part.marker}]`;
    }
    case 'paraphrase': {
      const words = text(part.passage).split(/\s+/);
      const start = Math.floor(part.from * Math.max(0, words.length - 12));
      return `I argued that ${words.slice(start, start + 12).join(' ')} [${part.marker}].`;
    }
    case 'markup':
      return `Look: ${SNIPPETS[part.snippet]} [${part.marker}]`;
    case 'plain':
      return `${part.words.join(' ')}.`;
  }
}

const YOUTH: AskBody = { persona: FOUNDER, message: 'What should young communists study?' };

/** The model's answers as the verifier must never let them through unchanged. */
describe('answers written by an OpenAI-compatible model', () => {
  let t: TestApp;
  let fake: FakeOpenAI;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    const corpus = subsetCorpus([
      FIXTURE_DOCS.youth,
      FIXTURE_DOCS.women,
      FIXTURE_DOCS.banks,
      FIXTURE_DOCS.sources,
      FIXTURE_DOCS.programme,
      FIXTURE_DOCS.farms,
      FIXTURE_DOCS.industry,
      FIXTURE_DOCS.spain,
      FIXTURE_DOCS.unions,
    ]);
    t = await startTestApp({
      CORPUS_DIR: corpus,
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: fake.url,
      OPENAI_MODEL: 'fake-model',
      OPENAI_TIMEOUT_MS: '1500',
      OPENAI_MAX_TOKENS: '300',
    });
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  /** Asks over SSE and returns the verified answer, the numbered passages and the model's request. */
  async function askModel(body: AskBody) {
    const { events } = await askStream(t.url, body);
    const answer = doneAnswer(events);
    const requests = fake.requestsTo(CHAT_PATH);
    // Guard refusals come before retrieval, so they send no numbered passages.
    const retrieved = events.some((e) => e.event === 'citations') ? provisionalCitations(events) : [];
    await expectSoundAnswer(t.url, answer, retrieved.length > 0 ? retrieved : undefined);
    return { events, answer, retrieved, request: requests[requests.length - 1] };
  }

  it('sends the model a system prompt with the numbered passages delimited as untrusted material, and the question last', async () => {
    fake.script(modelWrites((ps) => `“${quotableSentence(ps[0].text)}” [1]`));
    const { retrieved, request } = await askModel(YOUTH);
    expect(request.body).toMatchObject({ model: 'fake-model', stream: true, max_tokens: 300 });
    const messages = request.body.messages!;
    expect(messages[0].role).toBe('system');
    expect(messages[messages.length - 1]).toEqual({ role: 'user', content: YOUTH.message });
    expect(systemPrompt(request.body)).toMatch(/UNTRUSTED QUOTED MATERIAL/);
    // The passages the model sees are the numbered passages the client was sent, in the same order.
    const passages = promptPassages(request.body);
    expect(passages.map((p) => p.n)).toEqual(retrieved.map((c) => c.marker));
    expect(passages.map((p) => p.text)).toEqual(retrieved.map((c) => c.quote.trim()));
  });

  it('keeps every invariant when the model quotes and paraphrases its passages faithfully', async () => {
    let written = '';
    fake.script(
      modelWrites((ps) => {
        const [a, b] = [quotableSentence(ps[0].text), quotableSentence(ps[1].text)];
        const paraphrase = b.replace(/[.!?]$/, '').replace(/^\w/, (c) => c.toLowerCase());
        written = `Comrade, I said it plainly: “${a}” [1]\n\nAnd I argued that ${paraphrase} [2].`;
        return written;
      }),
    );
    const { events, answer, retrieved } = await askModel(YOUTH);
    expect(answer.refusal).toBeNull();
    expect(answer.generator).toBe('openai:fake-model');
    expect(answer.notice ?? null).toBeNull();
    const quote = /“([^”]+)”/.exec(written)![1];
    expect(answer.answer).toContain(`“${quote}” [1]`);
    expect(answer.citations[0]).toMatchObject({ marker: 1, chunkId: retrieved[0].chunkId });
    expect(answer.citations[0].quote).toContain(quote);
    await expectSoundAnswer(t.url, answer, retrieved);
    // The model's text was streamed as it came, token by token.
    const deltas = events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join('')).toBe(written);
    await expectStoredAsAnswered(t.url, answer);
  });

  it('numbers the streamed text, the citations event and the final answer alike, whatever order the model cites in', async () => {
    let written = '';
    fake.script(
      modelWrites((ps) => {
        const [second, first] = [quotableSentence(ps[1].text), quotableSentence(ps[0].text)];
        written = `I wrote: “${second}” [2]\n\nAnd before that: “${first}” [1]`;
        return written;
      }),
    );
    const { events, answer, retrieved } = await askModel(YOUTH);
    const streamed = events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    expect(streamed.join('')).toBe(written);
    expect(answer.refusal).toBeNull();
    // [2] is the second numbered passage in the event, in the streamed text and in the answer.
    expect(markersIn(answer.answer)).toEqual(markersIn(written));
    for (const c of answer.citations) {
      const passage = retrieved.find((p) => p.marker === c.marker)!;
      expect({ chunkId: c.chunkId, documentId: c.documentId }).toEqual({
        chunkId: passage.chunkId,
        documentId: passage.documentId,
      });
    }
    await expectStoredAsAnswered(t.url, answer);
  });

  it("answers a greeting with Parley's description without asking the model, and keeps it out of the model's history", async () => {
    fake.script(modelWrites((ps) => `“${quotableSentence(ps[0].text)}” [1]`));
    const greeting = await ask(t.url, { persona: FOUNDER, message: 'Hello, who are you?' });
    expect(greeting.generator).toBe(INTRODUCTION_GENERATOR);
    expect(greeting.citations).toEqual([]);
    expect(fake.requestsTo(CHAT_PATH)).toHaveLength(0);
    await ask(t.url, { ...YOUTH, conversationId: greeting.conversationId });
    const requests = fake.requestsTo(CHAT_PATH);
    const history = conversationMessages(requests[requests.length - 1]);
    expect(history.map((m) => m.content)).toEqual(['Hello, who are you?', YOUTH.message]);
  });

  it('removes a quotation the model made up and keeps the genuine one', async () => {
    let genuine = '';
    fake.script(
      modelWrites((ps) => {
        genuine = quotableSentence(ps[0].text);
        return `“${genuine}” [1] As I told the congress: “Every cook must learn to fly aeroplanes before the harvest of 1925.” [2]`;
      }),
    );
    const { answer, retrieved } = await askModel(YOUTH);
    expect(answer.refusal).toBeNull();
    expect(answer.answer).toContain(genuine);
    expect(answer.answer).not.toMatch(/aeroplanes|cook/);
    expect(answer.citations.map((c) => c.quote).join(' ')).not.toMatch(/aeroplanes/);
    await expectSoundAnswer(t.url, answer, retrieved);
  });

  it('turns an answer made only of invented quotations into a no_sources refusal, correcting what was streamed', async () => {
    const invented = 'As I wrote: “The moon belongs to the Young Communist League and to nobody else.” [1]';
    fake.script(modelWrites(() => invented));
    const { events, answer } = await askModel(YOUTH);
    const streamed = events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
    expect(streamed.join('')).toBe(invented);
    expect(answer.refusal).toBe('no_sources');
    expect(answer.citations).toEqual([]);
    expect(answer.answer).not.toMatch(/moon/);
    await expectSoundAnswer(t.url, answer);
    const conversation = await expectStoredAsAnswered(t.url, answer);
    expect(JSON.stringify(conversation)).not.toMatch(/moon belongs/);
  });

  it('never shows a misquotation as a quotation: it is re-quoted exactly from the passage or removed', async () => {
    let original = '';
    let altered = '';
    fake.script(
      modelWrites((ps) => {
        original = quotableSentences(ps[0].text, 14)[0] ?? quotableSentence(ps[0].text);
        const words = original.split(' ');
        // One word dropped from the middle: the kind of slip a model makes when quoting from memory.
        words.splice(Math.floor(words.length / 2), 1);
        altered = words.join(' ');
        return `I said: “${altered}” [1]`;
      }),
    );
    const { answer, retrieved } = await askModel(YOUTH);
    expect(altered).not.toBe(original);
    expect(answer.answer).not.toContain(altered);
    await expectSoundAnswer(t.url, answer, retrieved);
    if (answer.refusal === null) expect(answer.answer).toContain(original);
  });

  it('drops a citation of passage [9] when eight passages were retrieved, and out-of-range markers', async () => {
    let kept: string[] = [];
    fake.script(
      modelWrites((ps) => {
        kept = [quotableSentence(ps[0].text), quotableSentence(ps[1].text)];
        return [
          `“${kept[0]}” [1]`,
          'The bourgeoisie has already surrendered to the youth leagues [9].',
          'All the banks of Europe now belong to our league [0].',
          'The old schools have vanished forever [99].',
          `“${kept[1]}” [2] [9]`,
        ].join(' ');
      }),
    );
    const { answer, retrieved, request } = await askModel(YOUTH);
    expect(promptPassages(request.body)).toHaveLength(8);
    expect(retrieved).toHaveLength(8);
    for (const s of kept) expect(answer.answer).toContain(s);
    expect(answer.answer).not.toMatch(/surrendered|banks of Europe|vanished/);
    expect(answer.answer).not.toMatch(/\[(9|0|99)\]/);
    expect(Math.max(...markersIn(answer.answer))).toBeLessThanOrEqual(answer.citations.length);
    await expectSoundAnswer(t.url, answer, retrieved);
  });

  it('moves a verbatim quotation cited with the wrong number to the passage that holds it', async () => {
    let third = '';
    fake.script(
      modelWrites((ps) => {
        third = quotableSentence(ps[2].text);
        return `As I wrote: “${third}” [1]`;
      }),
    );
    const { answer, retrieved } = await askModel(YOUTH);
    expect(answer.answer).toContain(third);
    const citation = answer.citations.find((c) => c.quote.includes(third));
    expect(citation).toMatchObject({ chunkId: retrieved[2].chunkId, documentId: retrieved[2].documentId });
    await expectSoundAnswer(t.url, answer, retrieved);
  });

  it('strips HTML, images and links the model writes, keeping the verified words', async () => {
    let genuine = '';
    fake.script(
      modelWrites((ps) => {
        genuine = quotableSentence(ps[0].text);
        return [
          `<b>Comrades</b>, “${genuine}” [1]`,
          '<img src=x onerror=alert(1)> ![portrait](https://evil.example/p.png)',
          'Read the rest at [my archive](https://evil.example/phish) [1].',
          "<script>alert('parley')</script> See javascript:alert(1) for more [1].",
        ].join('\n');
      }),
    );
    const { answer, retrieved } = await askModel(YOUTH);
    expect(answer.answer).toContain(genuine);
    expect(answer.answer).not.toMatch(MARKUP);
    expect(answer.answer).not.toMatch(/evil\.example|alert|<|>/);
    await expectSoundAnswer(t.url, answer, retrieved);
  });

  it('sends meta, the numbered passages, the model tokens and the verified answer, in that order', async () => {
    fake.script(modelWrites((ps) => `I wrote: “${quotableSentence(ps[0].text)}” [1]`));
    const { events, answer, retrieved } = await askModel(YOUTH);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('meta');
    expect(names[1]).toBe('citations');
    expect(names.slice(2, -1).length).toBeGreaterThan(1);
    expect(new Set(names.slice(2, -1))).toEqual(new Set(['delta']));
    expect(names[names.length - 1]).toBe('done');
    expect(events[0].data).toMatchObject({
      conversationId: answer.conversationId,
      messageId: answer.messageId,
    });
    await expectSoundAnswer(t.url, { ...answer, answer: '', citations: retrieved });
    await expectSoundAnswer(t.url, answer, retrieved);
    await expectStoredAsAnswered(t.url, answer);
  });

  it.each<[string, AskBody, string]>([
    [
      'the founder (died 1924) asked about the Second World War',
      { persona: FOUNDER, message: 'What do you think of the Second World War?' },
      'anachronism',
    ],
    [
      'an off-topic question',
      { persona: FOUNDER, message: 'How often should I bathe my puppy?' },
      'off_topic',
    ],
    [
      'a subject absent from the sources',
      { persona: FOUNDER, message: 'What did you think of the Japanese tea ceremony in Kyoto?' },
      'no_sources',
    ],
  ])('refuses %s without asking the model', async (_what, body, refusal) => {
    fake.script(modelWrites((ps) => `“${quotableSentence(ps[0].text)}” [1]`));
    const { events, answer } = await askModel(body);
    expect(answer.refusal).toBe(refusal);
    expect(answer.citations).toEqual([]);
    expect(fake.requestsTo(CHAT_PATH)).toHaveLength(0);
    expect(events.map((e) => e.event)).not.toContain('delta');
    await expectSoundAnswer(t.url, answer);
  });

  it('cites documents of more than one persona in historian mode when asked a comparative question', async () => {
    fake.script(
      modelWrites((ps, req) => {
        // One faithful quotation from the first passage of each author, each named, as the historian prompt asks.
        const seen = new Set<string>();
        const sentences: string[] = [];
        for (const p of ps) {
          const author = promptAuthor(req.body, p.n) ?? '';
          const quote = quotableSentences(p.text)[0];
          if (seen.has(author) || !quote) continue;
          seen.add(author);
          sentences.push(`${author} wrote: “${quote}” [${p.n}]`);
        }
        return sentences.join(' ');
      }),
    );
    const { answer, retrieved, request } = await askModel({
      persona: FOUNDER,
      message: 'Compare what Brandt, Sokol and Kamen said about the peasants.',
      mode: 'historian',
    });
    expect(answer.refusal).toBeNull();
    expect(systemPrompt(request.body)).toMatch(/historian/);
    expect(new Set(retrieved.map((c) => c.source.split('/')[0])).size).toBeGreaterThan(1);
    expect(new Set(answer.citations.map((c) => c.source.split('/')[0])).size).toBeGreaterThan(1);
    await expectSoundAnswer(t.url, answer, retrieved);
  });

  it('keeps every invariant whatever the model writes: fragments, inventions, wrong markers, markup', async () => {
    let draft: { parts: DraftPart[]; breaks: string[] } = { parts: [], breaks: [] };
    let answered = 0;
    fake.script(
      modelWrites((ps) => draft.parts.map((p, i) => writePart(p, ps) + (draft.breaks[i] ?? '')).join('')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(draftPart, { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom(' ', '\n', '\n\n'), { minLength: 6, maxLength: 6 }),
        async (parts, breaks) => {
          draft = { parts, breaks };
          const { answer, retrieved } = await askModel(YOUTH);
          expect(answer.generator).toBe('openai:fake-model');
          await expectSoundAnswer(t.url, answer, retrieved);
          if (answer.citations.length > 0) answered++;
        },
      ),
      {
        numRuns: Number(process.env.PARLEY_FUZZ_RUNS ?? 40),
        seed: Number(process.env.PARLEY_FUZZ_SEED ?? 20261127),
      },
    );
    // Not vacuous: many drafts kept something verifiable.
    expect(answered).toBeGreaterThan(10);
  });

  it('answers a persona addressed by name, like any other question', async () => {
    fake.script(modelWrites((ps) => `I wrote: “${quotableSentence(ps[0].text)}” [1]`));
    const { answer, retrieved } = await askModel({
      persona: SECRETARY,
      message: `${FIXTURE_PERSONAS.secretary.address}, why did the collective farms go too far?`,
    });
    expect(answer.refusal).toBeNull();
    expect(answer.citations.map((c) => c.source)).toContain(FIXTURE_DOCS.farms);
    await expectSoundAnswer(t.url, answer, retrieved);
  });

  it('tells the model it may say the passages do not answer, and turns that reply into an in-character abstention with where to read further', async () => {
    // Sent in pieces, as a provider streams it: no piece of the reply word may reach the reader.
    fake.script(modelWrites(() => fakeReply.text('NO_ANSWER', { tokens: ['NO', '_ANS', 'WER'] })));
    const { events, answer, request } = await askModel(YOUTH);
    expect(systemPrompt(request.body)).toContain('NO_ANSWER');
    expect(answer.refusal).toBe('no_sources');
    expect(answer.citations).toEqual([]);
    expect(answer.answer).not.toMatch(/NO_|ANSWER/);
    expect(answer.readFurther?.length).toBeGreaterThan(0);
    const streamed = events.flatMap((e) => (e.event === 'delta' ? [(e.data as { text: string }).text] : []));
    expect(streamed.join('')).not.toMatch(/NO|_ANS|WER/);
  });

  it('streams an answer that merely opens like the abstention word in full', async () => {
    fake.script(
      modelWrites((ps) => fakeReply.text(`NO doubt. I wrote: “${quotableSentence(ps[0].text)}” [1]`)),
    );
    const { events, answer, retrieved } = await askModel(YOUTH);
    expect(answer.refusal).toBeNull();
    const streamed = events.flatMap((e) => (e.event === 'delta' ? [(e.data as { text: string }).text] : []));
    expect(streamed.join('')).toMatch(/^NO doubt\. I wrote: “/);
    await expectSoundAnswer(t.url, answer, retrieved);
  });
});
