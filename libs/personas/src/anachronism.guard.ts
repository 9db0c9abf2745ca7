import { AppError, ErrorCode } from '@parley/core';
import { formatHumanDate, isRealDate, yearOf } from './iso-date';
import { findTimeMentions, type TimeMention } from './time-mentions';
import { DescribedEventMatcher, type DescribedOptions } from './described-events';
import { Timeline, type TimelineEvent } from './timeline';
import type { WordSpace } from './word-neighbours';

/** Why a question reaches past the as-of date. */
export interface AnachronismHit {
  kind: 'event' | 'year' | 'decade' | 'century' | 'after-death' | 'present-day';
  /** The timeline event the question names, when it names one (`everyday`: a thing of everyday life). */
  event?: { id: string; name: string; date: string; everyday?: boolean };
  /** The year the question reaches into (the event's year for events). */
  year?: number;
  /** Something to put in a refusal line as `{event}`: the event's name, "1989", "the 1930s", "what came after my time". */
  subject: string;
  /** A one-line explanation for logs and tests. */
  reason: string;
}

// Asking about one's own posthumous fate is always beyond the record, whatever the as-of date.
const AFTER_DEATH = [
  /\b(?:after|since|following)\s+(?:your|you)\s+(?:own\s+)?(?:death|died|passing|passed(?:\s+away)?|murder|assassination|were\s+(?:killed|murdered|assassinated|gone)|funeral|burial|lifetime)\b|\bafter\s+your\s+time\b|\bsince\s+your\s+time\b|\b(?:long\s+)?after\s+you\s+(?:were\s+)?(?:gone|dead)\b/i,
  // What was done with the persona's body and memory: only the living could report it.
  /\byour\s+(?:own\s+)?(?:funeral|burial|grave|gravestone|tomb|mausoleum|corpse|remains|embalm\w*|obituar(?:y|ies)|posthumous\w*)\b/i,
  /\b(?:your\s+(?:dead\s+)?body|you)\s+(?:being\s+|was\s+|were\s+|got\s+)?(?:embalmed|mummified|buried|cremated|entombed)\b/i,
  // Who came next: asked in the past tense, the succession lies after the persona's death.
  /\bwho\s+(?:succeeded|replaced|followed)\s+you\b|\bwho\s+took\s+over\s+(?:from|after)\s+you\b|\byour\s+successors?\s+(?:did|was|were|had)\b/i,
];

// Questions put from the asker's own present, whatever the persona's: "if you were alive today", a "would you" question
// ending in "nowadays", "is it still relevant today", "modern-day Russia", "today's world".
const PRESENT_DAY = [
  /\bif\s+you\s+(?:were|was|are)\s+(?:still\s+)?alive\b|\bif\s+you\s+(?:could\s+)?(?:came|come|saw|see|lived|live|visited|visit)\s+(?:back\s+)?(?:today|now|nowadays)\b/i,
  /\bwould\s+you\b[^.?!]*\b(?:today|nowadays|these\s+days|in\s+our\s+(?:day|days|time|times)|in\s+the\s+present\s+day)\b/i,
  /\bstill\s+(?:relevant|valid|important|useful|true|matter|matters|apply|applies|hold|holds)\b[^.?!]*\b(?:today|nowadays|these\s+days|now)\b/i,
  /\bmodern[\s-]+day\b|\btoday['’]s\s+(?:world|society|russia|politics|economy|capitalism|left|workers|youth)\b|\bthe\s+world\s+(?:of\s+)?today\b/i,
];

// Years born before as-of by this much anchor two-digit decades when the caller gives no birth date.
const DEFAULT_LIFESPAN_YEARS = 50;

/**
 * Options that refine the check; `born` anchors "the thirties" to the persona's century, and `name` (the persona's
 * name) lets "your exile" be read as that persona's exile.
 */
export interface AnachronismOptions {
  born?: string;
  name?: string;
}

/** Decides, offline, whether a question asks about something the persona could not know as of a date. */
export class AnachronismGuard {
  private described: DescribedEventMatcher | null = null;

  constructor(private readonly timeline: Timeline) {}

  /**
   * Reads later developments that a question describes without naming them (`describedHit`), through the word
   * vectors of `space`; without a space, `describedHit` finds nothing.
   */
  useWordSpace(space: WordSpace, options?: DescribedOptions): void {
    this.described = new DescribedEventMatcher(this.timeline, space, options);
  }

  /** True once `useWordSpace` has been given vectors. */
  get readsDescriptions(): boolean {
    return this.described !== null;
  }

  /**
   * A timeline event knowable only after `asOf` that the question describes in other words than its aliases (the
   * same or neighbouring words, in any order), when `check` finds nothing; null without word vectors.
   */
  describedHit(question: string, asOf: string): AnachronismHit | null {
    if (!isRealDate(asOf))
      throw new AppError(ErrorCode.ValidationFailed, `asOf: "${asOf}" is not a date written YYYY-MM-DD`);
    const d = this.described?.lateEvent(question, asOf);
    if (!d) return null;
    const e = d.event;
    return {
      kind: 'event',
      event: { id: e.id, name: e.name, date: e.date, ...(e.everyday ? { everyday: true } : {}) },
      year: yearOf(d.knowable),
      subject: e.name,
      reason: `describes ${e.name} (like "${d.phrase}", score ${d.score.toFixed(2)}, knowable from ${d.knowable}), after ${asOf}`,
    };
  }

  /**
   * Null when nothing in the question lies after `asOf`; otherwise the first thing that does: a named event
   * knowable only later, an explicit year or month after `asOf`, a decade that begins after it, or "after your death".
   */
  check(question: string, asOf: string, options: AnachronismOptions = {}): AnachronismHit | null {
    if (!isRealDate(asOf))
      throw new AppError(ErrorCode.ValidationFailed, `asOf: "${asOf}" is not a date written YYYY-MM-DD`);
    return (
      this.eventHit(question, asOf) ??
      this.personaEventHit(question, asOf, options.name) ??
      this.timeHit(question, asOf, options) ??
      afterDeathHit(question, asOf) ??
      presentDayHit(question, asOf)
    );
  }

  private eventHit(
    question: string,
    asOf: string,
    aliasFilter: (alias: string) => boolean = () => true,
  ): AnachronismHit | null {
    const late = this.timeline
      .mentionsIn(question, { everyday: true })
      .find((m) => m.knowable > asOf && aliasFilter(m.alias));
    if (!late) return null;
    const e: TimelineEvent = late.event;
    return {
      kind: 'event',
      event: { id: e.id, name: e.name, date: e.date, ...(e.everyday ? { everyday: true } : {}) },
      year: yearOf(late.knowable),
      subject: e.name,
      reason: `names ${e.name} ("${late.alias}", knowable from ${late.knowable}), after ${asOf}`,
    };
  }

  // "your exile" read with the persona's name in place of "your": only events named with the persona's name count, so that
  // "under your leadership" does not become someone else's office.
  private personaEventHit(question: string, asOf: string, name: string | undefined): AnachronismHit | null {
    const surname = name?.trim().split(/\s+/).pop()?.toLowerCase();
    if (!surname) return null;
    const rewritten = question.replace(/\byour\b/gi, surname);
    if (rewritten === question) return null;
    return this.eventHit(rewritten, asOf, (alias) => alias.split(' ').includes(surname));
  }

  private timeHit(question: string, asOf: string, options: AnachronismOptions): AnachronismHit | null {
    const to = yearOf(asOf);
    const from =
      options.born && isRealDate(options.born) ? yearOf(options.born) : to - DEFAULT_LIFESPAN_YEARS;
    const late = findTimeMentions(question, { from, to }).find((m) => isAfter(m, asOf));
    if (!late) return null;
    const subject = late.kind === 'decade' ? `the ${Math.floor(late.year / 10) * 10}s` : late.text;
    return {
      kind: late.kind,
      year: late.year,
      subject: late.kind === 'year' && !/^\d+$/.test(late.text) ? String(late.year) : subject,
      reason: `mentions ${late.kind} "${late.text}" (${late.year}), after ${asOf}`,
    };
  }
}

function isAfter(m: TimeMention, asOf: string): boolean {
  const year = yearOf(asOf);
  if (m.year !== year) return m.year > year;
  // Same year: only a named month (and day) can be told apart from the as-of date.
  if (m.month === undefined) return false;
  const month = Number(asOf.slice(5, 7));
  if (m.month !== month) return m.month > month;
  return m.day !== undefined && m.day > Number(asOf.slice(8, 10));
}

function afterDeathHit(question: string, asOf: string): AnachronismHit | null {
  const m = firstMatch(AFTER_DEATH, question);
  if (!m) return null;
  return {
    kind: 'after-death',
    subject: 'what came after my time',
    reason: `asks about the time after the persona's death ("${m[0]}"); the record stops at ${formatHumanDate(asOf)}`,
  };
}

function presentDayHit(question: string, asOf: string): AnachronismHit | null {
  const m = firstMatch(PRESENT_DAY, question);
  if (!m) return null;
  return {
    kind: 'present-day',
    subject: 'the world of today',
    reason: `asks from the asker's own present ("${m[0]}"); the record stops at ${formatHumanDate(asOf)}`,
  };
}

function firstMatch(patterns: readonly RegExp[], text: string): RegExpExecArray | null {
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) return m;
  }
  return null;
}
