import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContextNotes } from './context-notes';
import { PersonaRegistry } from './persona.registry';
import type { Persona } from './persona.schema';
import { PromptFileError } from './prompt-file';
import { copyOfPrompts } from './testing';

const guard = ContextNotes.load();
const registry = PersonaRegistry.load();
const lenin = registry.get('lenin');
const trotsky = registry.get('trotsky');
const stalin = registry.get('stalin');

describe('ContextNotes (witness policy: notes, never refusals)', () => {
  it.each([
    [stalin, 'What was the purpose of the Great Purge?', 'great-purge'],
    [stalin, 'Why did so many peasants die in Ukraine in 1933? Was the Holodomor deliberate?', 'famine-1932'],
    [stalin, 'What happened to the kulaks?', 'collectivisation'],
    [stalin, 'Why were the Chechens deported?', 'deportations-of-peoples'],
    [stalin, 'Who decided the Katyn executions?', 'katyn'],
    [stalin, 'What was the Gulag for?', 'gulag'],
    [stalin, 'Were the Moscow show trials fair?', 'great-purge'],
    [stalin, 'What did you think of the famine?', 'famine-1932'],
    [lenin, 'Why did you order the Red Terror?', 'red-terror'],
    [lenin, 'Was it right to crush the Kronstadt sailors?', 'kronstadt'],
    [lenin, 'What did you think of the famine?', 'famine-1921'],
    [lenin, 'What did you think of the kulaks?', 'peasant-risings'],
    [lenin, 'Who ordered the execution of the tsar?', 'romanov-execution'],
    [trotsky, 'Why did you defend terrorism in your reply to Kautsky?', 'red-terror'],
    [trotsky, 'Did you regret Kronstadt?', 'kronstadt'],
    [trotsky, 'What did you make of the Moscow Trials?', 'great-purge'],
  ])('%#: adds a historian’s note for "%s"', (persona: Persona, question: string, topic: string) => {
    const note = guard.contextNote(question, undefined, persona);
    expect(note?.topic).toBe(topic);
    expect(note?.note).toMatch(
      /^Historian's note \(general context, not drawn from the cited documents\): \S/,
    );
  });

  it('adds nothing to questions that touch no atrocity', () => {
    for (const q of [
      'What is the role of the state?',
      'How should young people study?',
      'What did you think of Kautsky?',
    ]) {
      for (const p of [lenin, trotsky, stalin]) expect(guard.contextNote(q, undefined, p)).toBeNull();
    }
  });

  it('gives no note on topics that began after the persona died or after the as-of date', () => {
    expect(guard.contextNote('What about the Gulag?', undefined, lenin)).toBeNull();
    expect(
      guard.contextNote('What about the Great Purge?', undefined, stalin, { asOf: '1925-01-01' }),
    ).toBeNull();
  });

  it('falls back to the retrieved passages when the question itself is neutral', () => {
    const passages =
      'We must apply mass terror against the kulaks, priests and White Guards; hostages are to be taken.';
    expect(guard.contextNote('What were your orders in August 1918?', passages, lenin)?.topic).toBe(
      'red-terror',
    );
    expect(
      guard.contextNote('What were your orders?', 'The collective-farm movement is growing.', stalin)?.topic,
    ).toBe('collectivisation');
    expect(guard.contextNote('What were your orders?', 'The weather was fine.', stalin)).toBeNull();
  });

  it('applies only to personas whose file enables the witness policy', () => {
    const bystander: Persona = { ...lenin, id: 'bystander', witness: { enabled: false, rationale: null } };
    expect(guard.contextNote('Why did you order the Red Terror?', undefined, bystander)).toBeNull();
  });

  it('keeps every note short, and offers noteFor() with the chat pipeline’s argument order', () => {
    for (const t of guard.topics) expect(t.note.length).toBeLessThanOrEqual(700);
    expect(guard.noteFor('Was Kronstadt a crime?', lenin)?.topic).toBe('kronstadt');
  });

  it('rejects a bad notes file, naming it', () => {
    const prompts = copyOfPrompts();
    try {
      writeFileSync(
        join(prompts.dir, 'context-notes.yaml'),
        'label: x\ntopics:\n  - id: a\n    title: A\n    date: 1930\n    aliases: [a]\n    note: n\n',
      );
      expect(() => ContextNotes.load(prompts.dir)).toThrow(PromptFileError);
      expect(() => ContextNotes.load(prompts.dir)).toThrow(/context-notes\.yaml: topics\.0\.date/);
    } finally {
      prompts.cleanup();
    }
  });
});
