import { z } from 'zod';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** An ISO calendar date `YYYY-MM-DD` that exists (js-yaml's core schema keeps such values as strings). */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isRealDate, 'is not a real calendar date');

/** True when `s` is `YYYY-MM-DD` and names a day that exists. */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** The calendar year of an ISO date (or of `YYYY-MM` / `YYYY`). */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** `1924-01-21` → `21 January 1924`; `1917-08` → `August 1917`; anything else is returned unchanged. */
export function formatHumanDate(date: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) return date;
  const [, year, month, day] = m;
  if (!month) return year;
  const name = MONTHS[Number(month) - 1];
  if (!name) return date;
  return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
}
