import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '@parley/core';

// The invented corpus and personas every suite of `npm test` runs on (see tests/fixtures/README.md). A suite names
// personas and documents through these constants, never by literal, so that the material can change in one place.

/** The fixture corpus: `manifest.json` and the texts, all fiction written for the tests. */
export const FIXTURE_CORPUS_DIR = join(projectRoot(), 'tests', 'fixtures', 'corpus');

/** The fixture persona files, loaded when `PERSONAS_DIR` points here (tests only). */
export const FIXTURE_PERSONAS_DIR = join(projectRoot(), 'tests', 'fixtures', 'personas');

/** A fixture persona as the suites need it: id, display name, life dates, and a name to address them by. */
export interface FixturePersona {
  id: string;
  name: string;
  born: string;
  died: string;
  /** The default as-of date (their death) as the refusal lines write it. */
  diedInWords: string;
  /** A name the persona answers to when addressed in a question. */
  address: string;
}

/**
 * The three fixture personas, named for the role they play in the suites (which real persona they replace):
 * `founder` dies in 1924 (was lenin), `exile` in 1940 (was trotsky), `secretary` in 1953 (was stalin).
 */
export const FIXTURE_PERSONAS = {
  founder: {
    id: 'brandt',
    name: 'Ilya Brandt',
    born: '1870-03-10',
    died: '1924-01-15',
    diedInWords: '15 January 1924',
    address: 'Ilya Markovich',
  },
  exile: {
    id: 'sokol',
    name: 'Lev Sokol',
    born: '1879-11-02',
    died: '1940-08-20',
    diedInWords: '20 August 1940',
    address: 'Comrade Sokol',
  },
  secretary: {
    id: 'kamen',
    name: 'Grigor Kamen',
    born: '1878-12-01',
    died: '1953-03-01',
    diedInWords: '1 March 1953',
    address: 'Comrade Kamen',
  },
} as const satisfies Record<string, FixturePersona>;

/** Shorthands for the persona ids. */
export const FOUNDER = FIXTURE_PERSONAS.founder.id;
export const EXILE = FIXTURE_PERSONAS.exile.id;
export const SECRETARY = FIXTURE_PERSONAS.secretary.id;

/**
 * The fixture documents by role, with the real-corpus document each stands in for. Dates are in the manifest;
 * `youth` is the founder's most-cited speech (what young communists should study).
 */
export const FIXTURE_DOCS = {
  /** 1899, article: the party, a party newspaper, the programme (was lenin/our-programme.txt). */
  programme: 'brandt/our-party-programme.txt',
  /** 1913-03: the three sources of Marxism (was lenin/the-three-sources-and-three-component-parts-of-marxism.txt). */
  sources: 'brandt/the-sources-of-our-doctrine.txt',
  /** 1917-08, book with parts and numbered headings, ~1,500 words: the state, its withering away (was lenin/the-state-and-revolution.txt). */
  state: 'brandt/the-state-and-the-revolution.txt',
  /** 1917-11-06, letter: act tonight (was lenin/letter-to-central-committee-members-october-24-1917.txt). */
  letter: 'brandt/letter-to-the-committee-evening-of-october-24.txt',
  /** 1917-12-27, speech: why the banks must be nationalised (was lenin/speech-on-the-nationalisation-of-the-banks.txt). */
  banks: 'brandt/speech-on-the-banks.txt',
  /** 1918-12, third-person newspaper report of a speech to peasant deputies. */
  report: 'brandt/report-on-the-congress-of-peasant-deputies.txt',
  /** 1919-03, transcript with `Correspondent:` / `Brandt:` labels (was lenin/interview-with-the-manchester-guardian-1919.txt). */
  interview: 'brandt/interview-with-a-foreign-correspondent-1919.txt',
  /** 1920-03-04: the working women (was lenin/on-international-womens-day-1920.txt). */
  women: 'brandt/to-the-working-women.txt',
  /** 1920-10-02, speech: what young communists should study (was lenin/the-tasks-of-the-youth-leagues.txt). */
  youth: 'brandt/the-tasks-of-the-youth-circles.txt',
  /** 1905, collection with headings: the soviet, permanent revolution, the peasants (was trotsky/our-revolution-essays-1904-1917.txt). */
  essays: 'sokol/essays-on-our-revolution-1905-1917.txt',
  /** 1922-03, speech: the trade unions in the workers' state (was trotsky/the-trade-unions-and-the-soviet-state-1922.txt). */
  unions: 'sokol/the-trade-unions-and-the-workers-state-1922.txt',
  /** 1931-06-18: the character of the Spanish revolution (was trotsky/the-character-of-the-revolution-spain-1931.txt). */
  spain: 'sokol/the-spanish-revolution-1931.txt',
  /** 1938-02-16, headed pamphlet: morality, ends and means, terror in history (was trotsky/their-morals-and-ours.txt). */
  morals: 'sokol/their-morality-and-ours.txt',
  /** 1908-07-20: the press (was stalin/the-press-1908.txt). */
  press: 'kamen/on-the-press-1908.txt',
  /** 1913: the nation and the national question. */
  nation: 'kamen/the-nation-and-the-national-question-1913.txt',
  /** 1924-11-19, polemic quoting another's words (was stalin/trotskyism-or-leninism.txt). */
  polemic: 'kamen/sokolism-or-brandtism.txt',
  /** 1928-11-19: industrialisation (was stalin/industrialization-of-the-country-excerpt.txt). */
  industry: 'kamen/industrialising-the-country.txt',
  /** 1930-03-02: the collective farms went too far (was stalin/dizzy-with-success-excerpt.txt). */
  farms: 'kamen/giddy-with-victory.txt',
} as const;

/**
 * A small corpus written by a test (its own words) into a temporary directory: one short text of the founder's per
 * name, titled "Notes 1", "Notes 2", … and dated May 1910, 1911, … in the order given. Returns the directory.
 */
export function notesCorpus(prefix: string, texts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, FOUNDER));
  for (const [name, text] of Object.entries(texts))
    writeFileSync(join(dir, `${FOUNDER}/${name}.txt`), `${text}\n`);
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify(
      Object.keys(texts).map((name, i) => ({
        persona: FOUNDER,
        author: 'I. M. Brandt',
        file: `${FOUNDER}/${name}.txt`,
        title: `Notes ${i + 1}`,
        date: `191${i}-05-01`,
      })),
    ),
  );
  return dir;
}
