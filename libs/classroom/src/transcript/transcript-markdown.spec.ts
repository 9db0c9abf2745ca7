import type { Transcript } from '@parley/contracts';
import { escapeAnswer, localTime, renderTranscriptMarkdown } from './transcript-markdown';

const transcript: Transcript = {
  classroom: {
    id: 'c0ffee00-0000-4000-8000-000000000000',
    title: 'Class 7',
    mode: 'qa',
    personas: ['lenin'],
    stances: {},
    visibility: 'shared',
    locked: false,
    ended: false,
    motion: null,
    createdAt: '2026-12-04T13:05:00.000Z',
    endedAt: null,
    deleteAfter: '2027-01-03T13:05:00.000Z',
    asOf: null,
    debate: null,
    pinned: [],
    lastEventId: 0,
  } as Transcript['classroom'],
  participants: [],
  entries: [
    {
      kind: 'exchange',
      at: '2026-12-04T13:06:00.000Z',
      exchangeId: 'e1',
      asker: 'Ana',
      persona: 'lenin',
      personaName: 'Vladimir Lenin',
      question: 'What is *the* state?',
      status: 'answered',
      debateTurn: null,
      pinned: false,
      answer: 'As I wrote in *The State and Revolution* (1917): “The state is a machine.” [1]',
      refusal: null,
      context: null,
      citations: [],
    },
  ],
  generatedAt: '2026-12-04T14:00:00.000Z',
};

describe('the Markdown transcript', () => {
  it('keeps the titles an answer puts in italics as italics and escapes everything else', () => {
    expect(escapeAnswer('As I wrote in *The State* [1] <b>')).toBe(
      'As I wrote in *The State* \\[1\\] \\<b\\>',
    );
  });

  it('writes times in the reader’s zone and names the zone', () => {
    expect(localTime('2026-12-04T13:06:00.000Z', 'Europe/Paris')).toBe(
      '4 December 2026, 14:06 (Europe/Paris, GMT+1)',
    );
    expect(localTime('2026-12-04T13:06:00.000Z')).toBe('4 December 2026, 13:06 (UTC)');
  });

  it('names personas, says what the session settings mean and shows no internal ids', () => {
    const md = renderTranscriptMarkdown(transcript, {
      timeZone: 'Europe/Paris',
      personaNames: new Map([['lenin', 'Vladimir Lenin']]),
    });
    expect(md).toContain('- Personas: Vladimir Lenin');
    expect(md).toContain('- Session: questions and answers');
    expect(md).toContain('- Who sees what: everyone sees every answer');
    expect(md).not.toMatch(/Mode: qa|Visibility: shared|\bc0ffee00\b|\be1\b/);
    expect(md).toContain('*The State and Revolution*');
    // The student's own asterisks stay text.
    expect(md).toContain('What is \\*the\\* state?');
    expect(md).toContain('_4 December 2026, 14:06 (Europe/Paris, GMT+1)_');
  });

  it('lists the documents a "no record" refusal offered to read, by title, author and date', () => {
    const [first] = transcript.entries as Extract<Transcript['entries'][number], { kind: 'exchange' }>[];
    const refused = {
      ...first,
      answer: 'My writings say nothing on that point.',
      refusal: 'no_sources',
      readFurther: [
        {
          documentId: 'd1',
          source: 'lenin/a.txt',
          title: 'On *Co-operation*',
          author: 'V. I. Lenin',
          date: '1923',
        },
      ],
    };
    const md = renderTranscriptMarkdown({ ...transcript, entries: [refused] });
    expect(md).toContain('Closest documents to read:\n\n- On \\*Co-operation\\*, V. I. Lenin, 1923');
  });
});
