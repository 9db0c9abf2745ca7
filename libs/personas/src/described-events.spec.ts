import { AnachronismGuard } from './anachronism.guard';
import { DEFAULT_DESCRIBED_OPTIONS, DescribedEventMatcher, type DescribedOptions } from './described-events';
import { Timeline, type TimelineEvent } from './timeline';
import { tableSpace } from './testing';

// A made-up world: three directions of a small space; words on the same axis are neighbours.
const AXES: Record<string, number[]> = {
  glider: [1, 0, 0],
  sailplane: [0.95, 0.31, 0],
  kite: [0.7, 0.71, 0],
  harbour: [0, 1, 0],
  port: [0, 0.97, 0.24],
  lighthouse: [0, 0, 1],
  beacon: [0.1, 0, 0.99],
  festival: [0.58, 0.58, 0.57],
};
const space = tableSpace(AXES);

const events: TimelineEvent[] = [
  {
    id: 'glider-race',
    name: 'The Harbour Glider Race',
    date: '1960-05-01',
    aliases: ['harbour glider race'],
  },
  {
    id: 'beacon-law',
    name: 'The Lighthouse Beacon Act',
    date: '1900-03-01',
    aliases: ['lighthouse beacon act'],
  },
  { id: 'kite-craze', name: 'Kites', date: '1970-01-01', aliases: ['kite'] },
];
const timeline = new Timeline(events);
const options: DescribedOptions = { floor: 0.4, window: 1, subsume: false, threshold: 0.8, margin: 1.5 };
const matcher = new DescribedEventMatcher(timeline, space, options);

describe('DescribedEventMatcher', () => {
  it('reads a later event from its words in another order, inflected', () => {
    const hit = matcher.lateEvent('Who won the races of gliders in the harbour?', '1950-01-01');
    expect(hit?.event.id).toBe('glider-race');
    expect(hit?.score).toBeCloseTo(1, 5);
  });

  it('lets a near neighbour stand for a word, scaled between the floor and 1', () => {
    // sailplane ~ glider (cosine 0.95), port ~ harbour (0.97): both above the floor.
    const [best] = matcher.describedIn('Was the sailplane race at the port exciting?');
    expect(best.event.id).toBe('glider-race');
    expect(best.score).toBeGreaterThan(0.9);
    expect(best.score).toBeLessThan(1);
  });

  it('counts a word below the cosine floor as absent', () => {
    // festival is about 0.58 from every axis: with a floor of 0.6 it stands for nothing.
    const strict = new DescribedEventMatcher(timeline, space, { ...options, floor: 0.6 });
    const [best] = strict.describedIn('Who won the festival race?');
    expect(best.event.id).toBe('glider-race');
    expect(best.score).toBeLessThan(0.8);
    expect(strict.lateEvent('Who won the festival race?', '1950-01-01')).toBeNull();
  });

  it('needs a word of the question itself in the phrase (no description made only of neighbours)', () => {
    expect(matcher.describedIn('Was the sailplane at the port?')).toEqual([]);
  });

  it('leaves a one-word name to the exact alias match (a single word says too little)', () => {
    expect(matcher.describedIn('Did you fly a kite?').map((d) => d.event.id)).not.toContain('kite-craze');
    expect(timeline.mentionsIn('Did you fly a kite?', { everyday: true }).map((m) => m.event.id)).toEqual([
      'kite-craze',
    ]);
  });

  it('needs the words to stand near one another', () => {
    const far = 'Which glider did the old sailors admire, and what race left the harbour?';
    expect(matcher.lateEvent(far, '1950-01-01')).toBeNull();
    const wide = new DescribedEventMatcher(timeline, space, { ...options, window: 6 });
    expect(wide.lateEvent(far, '1950-01-01')?.event.id).toBe('glider-race');
  });

  it('refuses nothing on or after the date the event became knowable', () => {
    expect(matcher.lateEvent('Who won the races of gliders in the harbour?', '1960-05-01')).toBeNull();
    expect(matcher.lateEvent('Who won the races of gliders in the harbour?', '1965-01-01')).toBeNull();
  });

  it('lets an earlier event the question holds more of stand for the question', () => {
    const q = 'Did the lighthouse beacon act help the glider race in the harbour?';
    const { late, early } = matcher.verdict(q, '1950-01-01');
    expect(late?.event.id).toBe('glider-race');
    expect(early?.event.id).toBe('beacon-law');
    // The later race holds as much evidence as the earlier act, not 1.5 times as much.
    expect(matcher.lateEvent(q, '1950-01-01')).toBeNull();
    const lax = new DescribedEventMatcher(timeline, space, { ...options, margin: 0.5 });
    expect(lax.lateEvent(q, '1950-01-01')?.event.id).toBe('glider-race');
  });
});

describe('DescribedEventMatcher with subsume', () => {
  const world = new Timeline([
    { id: 'harbour-opened', name: 'Harbour opened', date: '1900-01-01', aliases: ['new harbour'] },
    { id: 'harbour-race', name: 'Harbour glider race', date: '1960-01-01', aliases: ['harbour glider race'] },
    { id: 'beacon-act', name: 'Beacon act', date: '1900-01-01', aliases: ['lighthouse beacon'] },
  ]);
  const q1 = 'Who won the harbour race of gliders?';
  const q2 = 'Did the lighthouse beacon guide the harbour glider race?';

  it('lets an earlier event whose matched words all belong to the later one stand aside', () => {
    const plain = new DescribedEventMatcher(world, space, { ...options, margin: 5 });
    const subsuming = new DescribedEventMatcher(world, space, { ...options, margin: 5, subsume: true });
    expect(plain.verdict(q1, '1950-01-01').early?.event.id).toBe('harbour-opened');
    expect(plain.lateEvent(q1, '1950-01-01')).toBeNull();
    expect(subsuming.verdict(q1, '1950-01-01').early).toBeNull();
    expect(subsuming.lateEvent(q1, '1950-01-01')?.event.id).toBe('harbour-race');
  });

  it('still weighs an earlier event that the question names with other words', () => {
    const subsuming = new DescribedEventMatcher(world, space, { ...options, subsume: true });
    expect(subsuming.verdict(q2, '1950-01-01').early?.event.id).toBe('beacon-act');
    expect(subsuming.lateEvent(q2, '1950-01-01')).toBeNull();
  });
});

describe('AnachronismGuard.describedHit', () => {
  it('finds nothing without word vectors, and the described event with them', () => {
    const guard = new AnachronismGuard(timeline);
    const q = 'What did you think of the races of gliders in the harbour?';
    expect(guard.readsDescriptions).toBe(false);
    expect(guard.describedHit(q, '1950-01-01')).toBeNull();
    guard.useWordSpace(space, options);
    const hit = guard.describedHit(q, '1950-01-01');
    expect(hit).toMatchObject({ kind: 'event', year: 1960, subject: 'The Harbour Glider Race' });
    expect(hit?.event?.id).toBe('glider-race');
  });

  it('uses the fitted numbers by default', () => {
    const guard = new AnachronismGuard(timeline);
    guard.useWordSpace(space);
    expect(DEFAULT_DESCRIBED_OPTIONS.threshold).toBeGreaterThan(0);
    expect(guard.describedHit('Who won the races of gliders in the harbour?', '1950-01-01')?.event?.id).toBe(
      'glider-race',
    );
  });
});
