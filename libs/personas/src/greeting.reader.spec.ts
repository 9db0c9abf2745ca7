import { GreetingReader } from './greeting.reader';
import { personaIntroduction } from './introduction';
import { PersonaRegistry } from './persona.registry';

describe('GreetingReader', () => {
  const reader = GreetingReader.load();
  const persona = { names: ['Ada Example', 'Example', 'A. Example'] };

  it.each([
    'Hello, who are you?',
    'hi',
    'Good evening, Comrade Example!',
    'Who am I talking to?',
    'Hey there. Please introduce yourself.',
    'Hello Ada Example, what can I ask you?',
    'Who are you?',
  ])('reads "%s" as a greeting', (q) => {
    expect(reader.isGreeting(q, persona)).toBe(true);
  });

  it.each([
    'Hello, what did you think of the railways?',
    'Who are your enemies?',
    'What are you going to do about the harvest?',
    'What can you tell me about the press?',
    'Example',
    '',
    'Why?',
  ])('reads "%s" as a question, not a greeting', (q) => {
    expect(reader.isGreeting(q, persona)).toBe(false);
  });
});

describe('personaIntroduction', () => {
  it("says it is Parley's description, names the persona and offers starters, with no quotation marks", () => {
    for (const p of PersonaRegistry.load().list()) {
      const text = personaIntroduction(p);
      expect(text).toContain(p.name);
      expect(text).toContain("Parley's description");
      expect(text).toContain(p.starters[0]);
      expect(text).not.toMatch(/[“”"]/);
    }
  });
});
