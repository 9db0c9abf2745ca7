import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddressFileSchema,
  HONORIFICS,
  NOT_SUBJECTS,
  SECOND_TO_FIRST_PERSON,
  StopwordsFileSchema,
  lexiconDir,
  readLexicon,
} from './lexicon.loader';

describe('lexicon files', () => {
  it('each open with a line saying where the list comes from', () => {
    const files = readdirSync(lexiconDir()).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect(readFileSync(join(lexiconDir(), f), 'utf8')).toMatch(/^source: /);
  });

  it('refuses a list without a source, naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
    writeFileSync(join(dir, 'stopwords.yaml'), 'words: the a an\n');
    expect(() => readLexicon('stopwords.yaml', StopwordsFileSchema, dir)).toThrow(/stopwords\.yaml: source/);
  });

  it('refuses a word that is not lower-case letters or digits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
    writeFileSync(join(dir, 'stopwords.yaml'), 'source: a general English stopword list\nwords: the An\n');
    expect(() => readLexicon('stopwords.yaml', StopwordsFileSchema, dir)).toThrow(/words\.1: lower-case/);
  });

  it('reads the words of address: honorifics, question openers, and the second person with its first-person plural', () => {
    expect(HONORIFICS.has('comrade')).toBe(true);
    expect(NOT_SUBJECTS.has('what')).toBe(true);
    expect(NOT_SUBJECTS.has('stalin')).toBe(false);
    expect(SECOND_TO_FIRST_PERSON.your).toBe('our');
  });

  it('refuses a second-person mapping to anything but a lower-case word', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
    writeFileSync(
      join(dir, 'address.yaml'),
      'source: general English words of address\nhonorifics: comrade\nnotSubjects: what\nsecondPerson:\n  you: We\n',
    );
    expect(() => readLexicon('address.yaml', AddressFileSchema, dir)).toThrow(
      /secondPerson\.you: lower-case/,
    );
  });
});
