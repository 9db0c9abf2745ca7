import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, ErrorCode } from '@parley/core';
import { scanQuotes } from '@parley/text';
import { loadPersonas, PersonaRegistry } from './persona.registry';
import { REFUSAL_KINDS } from './persona.schema';
import { PromptFileError } from './prompt-file';
import { refusalLine } from './refusal-line';
import { copyOfPrompts } from './testing';
import { Timeline } from './timeline';

function codeOf(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return undefined;
}

describe('PersonaRegistry', () => {
  const registry = PersonaRegistry.load();

  it('loads Lenin, Stalin and Trotsky from prompts/personas with their life dates', () => {
    expect(registry.list().map((p) => p.id)).toEqual(['lenin', 'stalin', 'trotsky']);
    expect(registry.get('lenin')).toMatchObject({
      born: '1870-04-22',
      died: '1924-01-21',
      defaultAsOf: '1924-01-21',
    });
    expect(registry.get('trotsky')).toMatchObject({
      born: '1879-11-07',
      died: '1940-08-21',
      defaultAsOf: '1940-08-21',
    });
    expect(registry.get('stalin')).toMatchObject({
      born: '1878-12-18',
      died: '1953-03-05',
      defaultAsOf: '1953-03-05',
    });
  });

  it('gives every persona a card line, a biography, voice notes, topics, names and several refusal lines of every kind', () => {
    for (const p of registry.list()) {
      expect(p.description.length).toBeGreaterThan(20);
      expect(p.biography.split(/(?<=[.])\s+(?=[A-Z])/).length).toBeGreaterThanOrEqual(3);
      expect(p.voice.length).toBeGreaterThanOrEqual(3);
      expect(p.topics.length).toBeGreaterThanOrEqual(5);
      expect(p.names[0]).toBe(p.name);
      for (const kind of REFUSAL_KINDS) expect(p.refusals[kind].length).toBeGreaterThanOrEqual(2);
    }
  });

  it('applies the witness policy to all three, since each ordered or directed mass violence', () => {
    for (const p of registry.list()) {
      expect(p.witness.enabled).toBe(true);
      expect(p.witness.rationale).toEqual(expect.any(String));
    }
  });

  it('answers has() and get() case-insensitively and refuses unknown ids with unknown_persona', () => {
    expect(registry.has('Lenin')).toBe(true);
    expect(registry.has('napoleon')).toBe(false);
    expect(registry.get(' STALIN ').id).toBe('stalin');
    expect(codeOf(() => registry.get('napoleon'))).toBe(ErrorCode.UnknownPersona);
  });

  it('resolves the as-of date: the default when absent, the given date inside the life, an error outside it', () => {
    expect(registry.resolveAsOf('lenin')).toBe('1924-01-21');
    expect(registry.resolveAsOf('lenin', null)).toBe('1924-01-21');
    expect(registry.resolveAsOf('lenin', '1917-11-01')).toBe('1917-11-01');
    expect(codeOf(() => registry.resolveAsOf('lenin', '1930-01-01'))).toBe(ErrorCode.AsOfOutOfRange);
    expect(codeOf(() => registry.resolveAsOf('lenin', '1860-01-01'))).toBe(ErrorCode.AsOfOutOfRange);
    expect(codeOf(() => registry.resolveAsOf('lenin', '1917-02-30'))).toBe(ErrorCode.ValidationFailed);
    expect(codeOf(() => registry.resolveAsOf('napoleon', '1917-01-01'))).toBe(ErrorCode.UnknownPersona);
  });

  it('names no persona in code: personas come only from YAML files', () => {
    const code = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    for (const f of code)
      expect(readFileSync(join(__dirname, f), 'utf8')).not.toMatch(/lenin|trotsky|stalin/i);
  });
});

describe('persona files', () => {
  let prompts: ReturnType<typeof copyOfPrompts>;
  const personasDir = () => join(prompts.dir, 'personas');
  const lenin = () => readFileSync(join(personasDir(), 'lenin.yaml'), 'utf8');
  beforeEach(() => (prompts = copyOfPrompts()));
  afterEach(() => prompts.cleanup());

  function failure(): PromptFileError {
    try {
      loadPersonas(personasDir());
    } catch (e) {
      if (e instanceof PromptFileError) return e;
      throw e;
    }
    throw new Error('expected the load to fail');
  }

  it('adds a persona when a YAML file is added, with no code change', () => {
    writeFileSync(
      join(personasDir(), 'kollontai.yaml'),
      lenin()
        .replace('id: lenin', 'id: kollontai')
        .replace('name: Vladimir Lenin', 'name: Alexandra Kollontai')
        .replace('born: 1870-04-22', 'born: 1872-03-31')
        .replace(/died: 1924-01-21\ndefaultAsOf: 1924-01-21/, 'died: 1952-03-09\ndefaultAsOf: 1952-03-09'),
    );
    const registry = PersonaRegistry.load(personasDir());
    expect(registry.get('kollontai')).toMatchObject({ name: 'Alexandra Kollontai', died: '1952-03-09' });
  });

  it('rejects a file that is not YAML, naming the file', () => {
    writeFileSync(join(personasDir(), 'lenin.yaml'), 'id: lenin\nname: [unclosed\n');
    const e = failure();
    expect(e.file).toMatch(/lenin\.yaml$/);
    expect(e.message).toMatch(/lenin\.yaml: is not valid YAML/);
  });

  it('rejects a bad date, a missing field and an unknown field, naming the file and each field', () => {
    writeFileSync(
      join(personasDir(), 'lenin.yaml'),
      lenin()
        .replace('died: 1924-01-21', 'died: 1924-02-30')
        .replace(/^description: .*$/m, 'motto: none'),
    );
    const e = failure();
    expect(e.message).toMatch(/lenin\.yaml: /);
    expect(e.message).toMatch(/died: is not a real calendar date/);
    expect(e.message).toMatch(/description: /);
    expect(e.message).toMatch(/motto/);
  });

  it('rejects refusal lines with unknown placeholders or quotation marks, and an id that does not match the file name', () => {
    const original = lenin();
    writeFileSync(
      join(personasDir(), 'lenin.yaml'),
      original.replace('You ask me about {event}', 'You ask me about {evnt}'),
    );
    expect(failure().message).toMatch(/refusals\.anachronism\.0: uses unknown placeholder\(s\) \{evnt\}/);
    writeFileSync(
      join(personasDir(), 'lenin.yaml'),
      original.replace('You ask me about {event}', 'You ask me about “that river scheme”'),
    );
    expect(failure().message).toMatch(/refusals\.anachronism\.0: must not put words in quotation marks/);
    writeFileSync(join(personasDir(), 'lenin.yaml'), original.replace('id: lenin', 'id: ulyanov'));
    expect(failure().message).toMatch(/lenin\.yaml: id: "ulyanov" must match the file name "lenin"/);
  });

  it('rejects an as-of default outside the life', () => {
    writeFileSync(
      join(personasDir(), 'lenin.yaml'),
      lenin().replace('defaultAsOf: 1924-01-21', 'defaultAsOf: 1930-01-01'),
    );
    expect(failure().message).toMatch(/defaultAsOf: must lie between born and died/);
  });

  it('fails clearly when the directory holds no persona files', () => {
    for (const f of readdirSync(personasDir())) rmSync(join(personasDir(), f));
    expect(failure().message).toMatch(/personas: holds no persona files/);
  });
});

describe('refusalLine', () => {
  const registry = PersonaRegistry.load();
  const lenin = registry.get('lenin');

  it('fills {event} and a readable {asOf} and leaves no placeholder behind', () => {
    for (let seed = 0; seed < 8; seed++) {
      const line = refusalLine(
        lenin,
        'anachronism',
        { asOf: '1924-01-21', event: 'the fall of the Berlin Wall' },
        seed,
      );
      expect(line).not.toMatch(/[{}]/);
      expect(line).toContain('21 January 1924');
    }
  });

  it('uses only variants it can fill when the guard knows no event', () => {
    for (let seed = 0; seed < 8; seed++) {
      const line = refusalLine(lenin, 'anachronism', { asOf: '1924-01-21' }, seed);
      expect(line).not.toMatch(/[{}]|about ,|judge ;/);
    }
  });

  it('is deterministic per question and varies across questions', () => {
    const a = refusalLine(lenin, 'off_topic', {}, 'How do I bake bread?');
    expect(refusalLine(lenin, 'off_topic', {}, 'How do I bake bread?')).toBe(a);
    const lines = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((q) => refusalLine(lenin, 'off_topic', {}, q)),
    );
    expect(lines.size).toBeGreaterThan(1);
  });

  // A refusal cites nothing, so quotation marks in it would claim words no citation carries.
  it('puts no quotation in the line when the event it names has quotation marks of its own', () => {
    const event = 'the Harbour Board\'s "Glass Bridge" scheme';
    const filled = [0, 1, 2, 3, 4, 5, 6, 7]
      .map((seed) => refusalLine(lenin, 'anachronism', { asOf: '1924-01-21', event }, seed))
      .filter((line) => line.includes('Glass Bridge'));
    expect(filled.length).toBeGreaterThan(0);
    for (const line of filled) {
      expect(line).toContain('‘Glass Bridge’');
      expect(scanQuotes(line)).toEqual([]);
    }
  });

  it('puts no quotation in any anachronism line naming any timeline event', () => {
    const events = Timeline.load().events;
    const quoting: string[] = [];
    for (const p of registry.list()) {
      for (const e of events) {
        for (let seed = 0; seed < p.refusals.anachronism.length; seed++) {
          const line = refusalLine(p, 'anachronism', { asOf: p.died, event: e.name, year: 2000 }, seed);
          if (scanQuotes(line).length > 0) quoting.push(line);
        }
      }
    }
    expect(quoting).toEqual([]);
  });

  it('says "as of" with the date in every anachronism line, so the student sees which date the persona speaks from', () => {
    for (const p of registry.list()) {
      for (const line of p.refusals.anachronism) expect(line).toContain('as of {asOf}');
    }
  });
});
