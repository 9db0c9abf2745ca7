import { frameAnswer, spokenTitle, type ExtractiveTemplates } from './extractive-templates';

const TEMPLATES: ExtractiveTemplates = {
  intro: ['Let my own words answer that.'],
  quote: ['In *{title}* I argued: “{quote}” [{n}]'],
  historianQuote: ['{author} wrote in *{title}*: “{quote}” [{n}]'],
  furtherQuote: ['I returned to this in *{title}*: “{quote}” [{n}]'],
  joiner: ['And further,'],
};

const source = (title: string) => ({ title, date: '1920-01-01', author: 'A. Writer' });

describe('framing extractive answers', () => {
  it('drops a trailing editorial note from a title the persona speaks, keeping parentheses inside it', () => {
    expect(
      spokenTitle('Ninth Congress of the R.C.P.(B.), March 1920 (speeches and drafts by the Author)'),
    ).toBe('Ninth Congress of the R.C.P.(B.), March 1920');
    expect(spokenTitle('On Bridges (chapters I, III) (abridged)')).toBe('On Bridges');
    expect(spokenTitle('(Untitled)')).toBe('(Untitled)');
    expect(spokenTitle('A Plain Title')).toBe('A Plain Title');
  });

  it('opens with one framing sentence and links a second source with its own line, never a joiner running into it', () => {
    const text = frameAnswer({
      question: 'What of bridges?',
      persona: { id: 'writer', name: 'A. Writer' },
      mode: 'persona',
      templates: TEMPLATES,
      quotes: [
        {
          quote: 'Bridges join.',
          marker: 1,
          source: source('On Bridges (notes by the editor)'),
          voice: { own: true },
        },
        { quote: 'Rivers divide.', marker: 2, source: source('On Rivers'), voice: { own: true } },
      ],
    });
    expect(text).toBe(
      'Let my own words answer that. In *On Bridges* I argued: “Bridges join.” [1] I returned to this in *On Rivers*: “Rivers divide.” [2]',
    );
    expect(text).not.toMatch(/, [A-Z]/);
  });
});
