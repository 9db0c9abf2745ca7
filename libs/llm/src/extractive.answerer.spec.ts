import fc from 'fast-check';
import {
  EXTRACTIVE_MIN_RELEVANCE,
  ExtractiveAnswerer,
  type ExtractiveAnswer,
  type ExtractiveInput,
} from './extractive.answerer';
import type { ExtractiveTemplates } from './extractive-templates';
import { countWords } from '@parley/text';
import { quotationsBalanced, type ExtractivePassage } from './passage-sentences';
import { RELEVANCE_FEATURES, type RelevanceModel } from './relevance-model';

const templates: ExtractiveTemplates = {
  quote: ['As I wrote in *{title}* ({date}): “{quote}” [{n}]'],
  historianQuote: ['{name} wrote in *{title}* ({date}): “{quote}” [{n}]'],
  joiner: ['And further:'],
};

const lenin = { id: 'lenin', name: 'V. I. Lenin' };

function passage(text: string, over: Partial<ExtractivePassage> = {}): ExtractivePassage {
  return {
    text,
    title: 'The State and Revolution',
    date: '1917-08',
    author: 'V. I. Lenin',
    persona: 'lenin',
    speaker: null,
    ...over,
  };
}

function input(
  question: string,
  passages: ExtractivePassage[],
  over: Partial<ExtractiveInput> = {},
): ExtractiveInput {
  return { question, passages, persona: lenin, mode: 'persona', templates, ...over };
}

/** The invariants every answer must keep, whatever it quotes. */
function expectWellFormed(answer: ExtractiveAnswer, passages: ExtractivePassage[], maxWords = 180): void {
  for (const u of answer.used) {
    expect(u.marker).toBe(u.passageIndex + 1);
    expect(passages[u.passageIndex].text.slice(u.quoteStart, u.quoteEnd)).toBe(u.quote);
    expect(u.quote).toBe(u.quote.trim());
    expect(answer.text).toContain(`“${u.quote}” [${u.marker}]`);
  }
  expect(answer.used.reduce((n, u) => n + countWords(u.quote), 0)).toBeLessThanOrEqual(maxWords);
  const markers = [...answer.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  expect(new Set(markers)).toEqual(new Set(answer.used.map((u) => u.marker)));
}

const STATE = passage(
  'The state is a product and a manifestation of the irreconcilability of class antagonisms. ' +
    'The state arises where, when and insofar as class antagonisms objectively cannot be reconciled. ' +
    'According to Marx, the state is an organ of class rule, an organ for the oppression of one class by another.',
);
const WITHERING = passage(
  'Engels speaks here of the proletarian revolution abolishing the bourgeois state. ' +
    'The words about the state withering away refer to the remnants of the proletarian state after the socialist revolution. ' +
    'The bourgeois state does not wither away, but is abolished by the proletariat in the course of the revolution.',
);
const YOUTH = passage(
  'I should like to deal with some of the fundamental tasks of the Young Communist League. ' +
    'The tasks of the youth can be summed up in a single word: learn. ' +
    'Communism cannot be built without the knowledge that mankind has accumulated.',
  { title: 'The Tasks of the Youth Leagues', date: '1920-10-02' },
);

/** A relevance model that gives every candidate the same probability. */
const FLAT: RelevanceModel = {
  intercept: 0,
  weights: Object.fromEntries(RELEVANCE_FEATURES.map((f) => [f, 0])) as RelevanceModel['weights'],
};

describe('ExtractiveAnswerer', () => {
  const answerer = new ExtractiveAnswerer();

  it('quotes exact substrings of the passages at the reported offsets, each marked with its passage number', async () => {
    const passages = [STATE, WITHERING, YOUTH];
    const answer = await answerer.answer(input('What happens to the state after the revolution?', passages));
    expect(answer.used.length).toBeGreaterThan(0);
    expectWellFormed(answer, passages);
  });

  it('picks the sentence most relevant to the question, not the first one', async () => {
    const answer = await answerer.answer(input('What should the youth learn?', [YOUTH]));
    expect(answer.used[0].quote).toBe('The tasks of the youth can be summed up in a single word: learn.');
  });

  it('reads a sentence with its document’s title and year: the letter the question names wins over a stray mention', async () => {
    const congress = passage(
      'The Central Committee met at night to hear the report of the Presidium. The delegates then went home.',
      { title: 'Eighth Congress of Soviets', date: '1920-12-22' },
    );
    const letter = passage(
      'We must at all costs, this very night, arrest the government. The matter must be decided without fail.',
      { title: 'Letter to Central Committee Members, evening of October 24, 1917', date: '1917-10-24' },
    );
    const question = 'What did you urge the Central Committee to do on the night of 24 October 1917?';
    const answer = await answerer.answer(input(question, [congress, letter]));
    expect(answer.used[0].quote).toBe('We must at all costs, this very night, arrest the government.');
    const titleBlind = await new ExtractiveAnswerer({ contextShare: 0 }).answer(
      input(question, [congress, letter]),
    );
    expect(titleBlind.used[0].quote).toBe(
      'The Central Committee met at night to hear the report of the Presidium.',
    );
    // The title helps choose, but does not by itself make the sources answer the question.
    expect(answer.relevance).toBe(titleBlind.relevance);
  });

  it('prefers the relevant sentence of a lower-ranked passage over an irrelevant top passage', async () => {
    const answer = await answerer.answer(input('What should the youth learn?', [STATE, YOUTH]));
    expect(answer.used[0]).toMatchObject({ marker: 2, passageIndex: 1 });
  });

  it('passes over sentences already quoted (a debater’s earlier turn), unless nothing else bears on the question', async () => {
    const learn = passage(
      'The youth must learn communism from the whole of human knowledge. ' +
        'Our schools were filled with drill and cramming. ' +
        'Only by learning all that mankind has gathered can the youth build communism.',
      { title: 'The Tasks of the Youth Leagues', date: '1920-10-02' },
    );
    const ask = (avoid?: string[]) =>
      answerer.answer(input('What should the youth learn?', [learn], { avoid }));
    const first = await ask();
    const best = first.used[0].quote;
    const again = await ask([best]);
    expect(again.used.length).toBeGreaterThan(0);
    for (const u of again.used) expect(best.includes(u.quote)).toBe(false);
    expect(again.relevance).toBe(first.relevance);
    expectWellFormed(again, [learn]);
    // With every relevant sentence already quoted, repeating beats quoting the unrelated one.
    const everything = await ask([learn.text]);
    expect(everything.used.map((u) => u.quote)).toEqual(first.used.map((u) => u.quote));
  });

  it('breaks ties in favour of the higher-ranked passage', async () => {
    const same = 'The land must belong to the peasants who work it.';
    const a = passage(`${same} Nothing else matters here.`, { title: 'A' });
    const b = passage(`Something unrelated comes first. ${same.replace('must', 'shall')}`, { title: 'B' });
    const answer = await answerer.answer(input('Who should own the land?', [a, b]));
    expect(answer.used[0].passageIndex).toBe(0);
  });

  describe('with requireAnswerType', () => {
    const congress = passage(
      'The delegates of the congress debated the editorial board for two days. ' +
        'In the end the congress elected Plekhanov, Martov and Lenin to the editorial board.',
    );

    it('answers a who-question from the sentence that names someone beside its telling word', async () => {
      const answer = await answerer.answer(
        input('Who was elected to the editorial board?', [congress], { requireAnswerType: true }),
      );
      expect(answer.relevance).toBeGreaterThan(0);
      expect(answer.used.map((u) => u.quote).join(' ')).toContain('Plekhanov');
    });

    it('abstains on a who-question when the sentences sharing its words name nobody', async () => {
      const unnamed = passage(
        'The editorial board must be elected by the congress, not appointed by a committee.',
      );
      const answer = await answerer.answer(
        input('Who was elected to the editorial board?', [unnamed], { requireAnswerType: true }),
      );
      expect(answer).toMatchObject({ text: '', used: [], relevance: 0 });
    });

    it('abstains on a how-many question when no sentence holds a number', async () => {
      const answer = await answerer.answer(
        input('How many delegates elected the editorial board?', [congress], { requireAnswerType: true }),
      );
      // "two days" is a number in the sentence that also holds the telling word ("delegates").
      expect(answer.relevance).toBeGreaterThan(0);
      const none = passage('The delegates of the congress elected the editorial board after a long debate.');
      const declined = await answerer.answer(
        input('How many delegates elected the editorial board?', [none], { requireAnswerType: true }),
      );
      expect(declined.relevance).toBe(0);
    });
  });

  it('frames quotes in the persona’s voice, naming the work and its date', async () => {
    const answer = await answerer.answer(input('What should the youth learn?', [YOUTH]));
    expect(answer.text.startsWith('As I wrote in *The Tasks of the Youth Leagues* (1920-10-02): “')).toBe(
      true,
    );
  });

  it('nests a title’s own quotation marks in single ones: only the quote stands in double marks', async () => {
    const childishness = { ...YOUTH, title: '“Left-Wing” Childishness', date: '1918-05-05' };
    const answer = await answerer.answer(input('What should the youth learn?', [childishness]));
    expect(answer.text.startsWith('As I wrote in *‘Left-Wing’ Childishness* (1918-05-05): “')).toBe(true);
  });

  it('uses the historian template in historian mode', async () => {
    const answer = await answerer.answer(
      input('What should the youth learn?', [YOUTH], { mode: 'historian' }),
    );
    expect(
      answer.text.startsWith('V. I. Lenin wrote in *The Tasks of the Youth Leagues* (1920-10-02): “'),
    ).toBe(true);
  });

  it('introduces a second quote from the same work with its continuation line alone: no second source, no joiner', async () => {
    // Two passages of one work (a quote per passage, so that each citation spans exactly what it quotes).
    const passages = [
      passage('The bourgeois state does not wither away; it is abolished by the revolution.'),
      passage(
        'Much else was said at the time.\n\nOnly the proletarian state withers away after the revolution.',
      ),
    ];
    const answer = await answerer.answer({
      ...input('Is the state abolished or does it wither away?', passages),
      templates: {
        ...templates,
        joiner: ['Elsewhere I returned to the point.'],
        continuationQuote: ['And in the same place: “{quote}” [{n}]'],
      },
    });
    expect(answer.used).toHaveLength(2);
    expect(answer.text.match(/As I wrote in/g)).toHaveLength(1);
    expect(answer.text).toContain('[1] And in the same place: “Only the proletarian state');
    expect(answer.text).not.toContain('Elsewhere');
  });

  it('quotes one run of sentences from a passage, never two separate ones, so its citation spans only the quote', async () => {
    const text =
      'The bourgeois state does not wither away; it is abolished by the revolution.\n\n' +
      'Much else was said at the time.\n\n' +
      'Only the proletarian state withers away after the revolution.';
    const answer = await answerer.answer(
      input('Is the state abolished or does it wither away?', [passage(text)]),
    );
    expect(answer.used).toHaveLength(1);
    expect(answer.text).not.toContain('Much else');
  });

  it('with a relevance model, quotes a further sentence only when the model gives it a fair share of the first one’s probability', async () => {
    const passages = [
      passage('The grain tax was introduced in the spring to let the peasant sell his surplus.'),
      passage('The grain tax was collected in the autumn by the district committees.', {
        title: 'Another work',
      }),
    ];
    const zero = Object.fromEntries(Object.keys(FLAT.weights).map((f) => [f, 0])) as typeof FLAT.weights;
    // A model that believes only the first passage: the second one's sentence, sharing the question's words, is left out.
    const firstOnly = { intercept: -10, weights: { ...zero, rank: 10 } };
    const trusting = await answerer.answer(
      input('Why was the grain tax introduced?', passages, { relevanceModel: FLAT }),
    );
    const selective = await answerer.answer(
      input('Why was the grain tax introduced?', passages, { relevanceModel: firstOnly }),
    );
    expect(trusting.used.map((u) => u.passageIndex)).toEqual([0, 1]);
    expect(selective.used.map((u) => u.passageIndex)).toEqual([0]);
    expectWellFormed(selective, passages);
  });

  it('merges chosen sentences that follow each other into one quote', async () => {
    const answer = await answerer.answer(
      input('Is the bourgeois state abolished or does it wither away?', [WITHERING]),
    );
    expect(answer.used).toHaveLength(1);
    expect(answer.used[0].quote).toContain(
      'withering away refer to the remnants of the proletarian state after the socialist revolution. The bourgeois state does not wither away',
    );
  });

  it('keeps the whole answer within about 180 words even when sentences are long', async () => {
    const long = (topic: string) =>
      `The question of ${topic} is decided, ${'as experience of every revolution shows, '.repeat(6)}by the masses themselves.`;
    const passages = ['land', 'peace', 'bread', 'land and peace'].map((t) =>
      passage(`${long(t)} ${long(t)}`),
    );
    const answer = await answerer.answer(input('How is the question of land and peace decided?', passages));
    expectWellFormed(answer, passages);
  });

  it('cuts a single over-long sentence at a clause boundary, still verbatim', async () => {
    const sentence = `The revolution, ${'which the workers and peasants carried out together, '.repeat(40)}won.`;
    const passages = [passage(sentence)];
    const answer = await new ExtractiveAnswerer({ maxWords: 50 }).answer(
      input('What did the revolution do?', passages),
    );
    expectWellFormed(answer, passages, 50);
    expect(answer.used[0].quote.endsWith('together')).toBe(true);
  });

  it('quotes the preceding sentence when the chosen one opens with a dependent word', async () => {
    const text =
      'The peasants demanded the land. The landlords refused every concession. This is why the revolution became inevitable.';
    const answer = await answerer.answer(input('Why was the revolution inevitable?', [passage(text)]));
    expect(answer.used[0].quote).toBe(
      'The landlords refused every concession. This is why the revolution became inevitable.',
    );
  });

  it('quotes the answer that follows when the chosen sentence is a question the persona puts', async () => {
    const text =
      'Railway tariffs took up the first hour. What did the committees decide about the night shift? ' +
      'They resolved to abolish it at once, without waiting for any ministry.';
    const answer = await answerer.answer(
      input('What did the factory committees decide about the night shift?', [passage(text)]),
    );
    expect(answer.used[0].quote).toBe(
      'What did the committees decide about the night shift? They resolved to abolish it at once, without waiting for any ministry.',
    );
  });

  it('does not carry a question across a paragraph break to reach an answer', async () => {
    const text =
      'Railway tariffs took up the first hour. What did the committees decide about the night shift?\n\n' +
      'Nobody wanted to discuss the harvest that evening.';
    const answer = await answerer.answer(
      input('What did the factory committees decide about the night shift?', [passage(text)]),
    );
    expect(answer.used[0].quote).toBe('What did the committees decide about the night shift?');
  });

  it('never quotes a sentence that holds markup or a link, nor takes context from one', async () => {
    const text =
      'The harvest committees met in every district. <b>They</b> counted the grain twice over. ' +
      'Therefore the harvest committees counted the grain before any was sent to the towns. ' +
      'See [the tables](javascript:void(0)) for the harvest committees and the grain they counted.';
    const answer = await answerer.answer(
      input('How did the harvest committees count the grain?', [passage(text)]),
    );
    expect(answer.used.length).toBeGreaterThan(0);
    for (const u of answer.used) {
      expect(u.quote).not.toMatch(/<|>|\]\(|javascript/);
    }
    expect(answer.used.map((u) => u.quote)).toContain(
      'Therefore the harvest committees counted the grain before any was sent to the towns.',
    );
  });

  it('quotes a quotation that spans sentences whole, never cut inside its marks', async () => {
    const text =
      'If the union decides to support the liberal candidate, I protest and remain: “I cannot vote for the liberal candidate. I have my mandate.” ' +
      'We get large new possibilities for propaganda.';
    const answer = await answerer.answer(input('Would you vote for the liberal candidate?', [passage(text)]));
    expect(answer.used.map((u) => u.quote)).toContainEqual(
      'If the union decides to support the liberal candidate, I protest and remain: “I cannot vote for the liberal candidate. I have my mandate.”',
    );
    for (const u of answer.used) expect(quotationsBalanced(u.quote)).toBe(true);
  });

  it('passes over part of a quotation that closes only in another paragraph', async () => {
    const text =
      'Kautsky wrote: “The vote of the majority decides everything in a democracy.\n\n' +
      'Without the vote of the majority no government may rule.”\n\n' +
      'We answer that the vote of the majority is decided by the class that owns the press.';
    const answer = await answerer.answer(
      input('Does the vote of the majority decide everything?', [passage(text)]),
    );
    expect(answer.used.length).toBeGreaterThan(0);
    for (const u of answer.used) expect(quotationsBalanced(u.quote)).toBe(true);
    expect(answer.text).toContain(
      '“We answer that the vote of the majority is decided by the class that owns the press.”',
    );
  });

  it('does not pull context across a paragraph break', async () => {
    const text = 'The landlords refused every concession.\n\nThis is why the revolution became inevitable.';
    const answer = await answerer.answer(input('Why was the revolution inevitable?', [passage(text)]));
    expect(answer.used[0].quote).toBe('This is why the revolution became inevitable.');
  });

  it('does not quote the same sentence twice when chunks overlap', async () => {
    const shared = 'Soviet power is the road to socialism discovered by the masses of the working people.';
    const passages = [
      passage(`We have said it before. ${shared}`),
      passage(`${shared} That is why it is invincible.`),
    ];
    const answer = await answerer.answer(input('What is Soviet power the road to?', passages));
    const quotes = answer.used.filter((u) => u.quote.includes('road to socialism'));
    expect(quotes).toHaveLength(1);
  });

  it('gives a low relevance to a question the passages do not address, and a high one to a question they do', async () => {
    const passages = [STATE, WITHERING, YOUTH];
    const unrelated = await answerer.answer(
      input('How do I bake a chocolate cake for my birthday?', passages),
    );
    const related = await answerer.answer(input('Does the bourgeois state wither away?', passages));
    expect(unrelated.relevance).toBeLessThan(EXTRACTIVE_MIN_RELEVANCE);
    expect(related.relevance).toBeGreaterThan(0.5);
    expect(related.relevance).toBeLessThanOrEqual(1);
  });

  it('ignores the persona’s own name in the question', async () => {
    const plain = await answerer.answer(input('What should the youth learn?', [YOUTH]));
    const addressed = await answerer.answer(input('Comrade Lenin, what should the youth learn?', [YOUTH]));
    expect(addressed.relevance).toBe(plain.relevance);
  });

  it('lets an injected similarity choose between sentences the words cannot separate', async () => {
    const text = 'Our aim is clear. We shall build a new society. The old one is dying.';
    const similarity = (_q: string, s: string) => (s.startsWith('The old') ? 0.95 : 0.1);
    const answer = await new ExtractiveAnswerer({ similarity }).answer(
      input('What is collapsing?', [passage(text)]),
    );
    expect(answer.used[0].quote).toBe('The old one is dying.');
    expect(answer.relevance).toBeGreaterThan(0);
  });

  it('accepts an asynchronous similarity such as an embedder', async () => {
    const similarity = async (_q: string, s: string) => (s.includes('single word') ? 0.9 : 0);
    const answer = await new ExtractiveAnswerer({ similarity }).answer(input('Any advice?', [YOUTH]));
    expect(answer.used[0].quote).toContain('single word: learn');
  });

  it('chooses the same wording for the same question and varies it across questions', async () => {
    const varied: ExtractiveTemplates = {
      ...templates,
      quote: ['A: “{quote}” [{n}]', 'B: “{quote}” [{n}]', 'C: “{quote}” [{n}]'],
    };
    const ask = (q: string) => answerer.answer(input(q, [YOUTH], { templates: varied }));
    expect((await ask('What should the youth learn?')).text).toBe(
      (await ask('What should the youth learn?')).text,
    );
    const openings = new Set<string>();
    for (const q of ['learn?', 'youth?', 'tasks?', 'communism?', 'knowledge?', 'league?'])
      openings.add((await ask(q)).text[0]);
    expect(openings.size).toBeGreaterThan(1);
  });

  it('opens with an intro when the templates have one', async () => {
    const answer = await answerer.answer(
      input('What should the youth learn?', [YOUTH], {
        templates: { ...templates, intro: ['Let my words answer.'] },
      }),
    );
    expect(answer.text.startsWith('Let my words answer. As I wrote')).toBe(true);
  });

  it('adds the marker and the quote when a template forgets them', async () => {
    const bare: ExtractiveTemplates = {
      quote: ['In *{title}* I said so.'],
      historianQuote: ['{name} said so.'],
    };
    const passages = [YOUTH];
    const answer = await answerer.answer(
      input('What should the youth learn?', passages, { templates: bare }),
    );
    expectWellFormed(answer, passages);
  });

  describe('attribution', () => {
    const transcript = passage(
      'Trotsky: The resolution can be used also against us. We must have a program of transitional demands.\n\n' +
        'Cannon: The program of transitional demands will not be accepted by the unions.\n\n' +
        'Trotsky: Then we must explain the program patiently to the workers.',
      {
        title: 'On the Labor Party Question',
        date: '1938-04',
        author: 'Leon Trotsky',
        persona: 'trotsky',
        speaker: 'Trotsky',
      },
    );
    const trotsky = { id: 'trotsky', name: 'Leon Trotsky' };

    it('quotes only the persona’s own words in persona mode, without the speaker label', async () => {
      const answer = await answerer.answer(
        input('Will the unions accept the program of transitional demands?', [transcript], {
          persona: trotsky,
        }),
      );
      expect(answer.used.length).toBeGreaterThan(0);
      for (const u of answer.used) {
        expect(u.quote).not.toContain('Cannon');
        expect(u.quote).not.toMatch(/^Trotsky:/);
      }
      expectWellFormed(answer, [transcript]);
    });

    it('skips a chunk spoken by someone else in persona mode', async () => {
      const cannon = passage('The unions will not accept the program of transitional demands.', {
        persona: 'trotsky',
        speaker: 'Cannon',
      });
      const answer = await answerer.answer(
        input('Will the unions accept the program?', [cannon], { persona: trotsky }),
      );
      expect(answer).toEqual({ text: '', used: [], relevance: 0 });
    });

    it('names the other speaker in historian mode', async () => {
      const answer = await answerer.answer(
        input('Will the unions accept the program of transitional demands?', [transcript], {
          persona: trotsky,
          mode: 'historian',
          templates: { ...templates, speakerQuote: ['{speaker} replied: “{quote}” [{n}]'] },
        }),
      );
      expect(answer.text).toContain(
        'Cannon replied: “The program of transitional demands will not be accepted by the unions.” [1]',
      );
      expectWellFormed(answer, [transcript]);
    });
  });

  it('returns an empty answer when there is nothing to quote', async () => {
    expect(await answerer.answer(input('Anything?', []))).toEqual({ text: '', used: [], relevance: 0 });
  });

  it('keeps its invariants for arbitrary passages and questions', async () => {
    const word = fc.constantFrom(
      'state',
      'land',
      'peace',
      'the',
      'It',
      'This',
      'V.',
      'Mr.',
      'workers',
      '1905.',
      '“war”',
      'e.g.',
      'bread!',
    );
    const sentence = fc.array(word, { minLength: 1, maxLength: 25 }).map((ws) => `${ws.join(' ')}.`);
    const text = fc
      .array(fc.tuple(sentence, fc.constantFrom(' ', '  ', '\n', '\n\n')), { minLength: 1, maxLength: 12 })
      .map((parts) => parts.map(([s, sep]) => s + sep).join(''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(text, { minLength: 1, maxLength: 5 }),
        fc.array(word, { maxLength: 6 }),
        async (texts, q) => {
          const passages = texts.map((t) => passage(t));
          const answer = await new ExtractiveAnswerer({ maxWords: 60 }).answer(input(q.join(' '), passages));
          expectWellFormed(answer, passages, 60);
          expect(answer.relevance).toBeGreaterThanOrEqual(0);
          expect(answer.relevance).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
