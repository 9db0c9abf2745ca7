import { z } from 'zod';

/** File types the loader can reduce to text, by lower-case extension. */
export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm'] as const;

const DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids time-zone and DST surprises.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a day, month or year that exists on the calendar. */
export function isValidCorpusDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < 1) return false;
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  return day >= 1 && day <= daysInMonth(year, month);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The earliest and latest day a corpus date can mean (`1917-11` → 1917-11-01 … 1917-11-30); throws on an invalid date. */
export function dateRange(date: string): { from: string; to: string } {
  if (!isValidCorpusDate(date))
    throw new Error(`invalid corpus date "${date}" (expected YYYY, YYYY-MM or YYYY-MM-DD)`);
  const [y, m, d] = date.split('-').map(Number);
  const year = pad(y, 4);
  if (m === undefined) return { from: `${year}-01-01`, to: `${year}-12-31` };
  const month = pad(m, 2);
  if (d === undefined)
    return { from: `${year}-${month}-01`, to: `${year}-${month}-${pad(daysInMonth(y, m), 2)}` };
  return { from: date, to: date };
}

const CorpusDateSchema = z.string().refine(isValidCorpusDate, {
  message: 'must be a real date written YYYY, YYYY-MM or YYYY-MM-DD',
});

/**
 * Why a manifest `file` is unsafe or unsupported, or null when it is fine. The path must stay inside the
 * corpus directory: relative, forward slashes only, no empty, `.` or `..` segments, one of the supported types.
 */
export function corpusPathProblem(file: string): string | null {
  if (file.length === 0) return 'is empty';
  if (file.length > 1024) return 'is longer than 1024 characters';
  // NUL truncates paths in some APIs; other control characters have no business in a file name.
  if ([...file].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f))
    return 'contains control characters';
  if (file.includes('\\')) return 'must use forward slashes (a backslash can be a path separator on Windows)';
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file))
    return 'must be relative to the corpus directory, not absolute';
  const segments = file.split('/');
  if (segments.some((s) => s === '..')) return 'must not contain ".." segments';
  if (segments.some((s) => s === '' || s === '.')) return 'must not contain empty or "." segments';
  const lower = file.toLowerCase();
  if (!SUPPORTED_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length)) {
    return `must end in ${SUPPORTED_EXTENSIONS.join(', ')}`;
  }
  return null;
}

const CorpusPathSchema = z.string().superRefine((file, ctx) => {
  const problem = corpusPathProblem(file);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const nonEmpty = z.string().trim().min(1);

/** One object of `manifest.json`: which file holds which persona's text, and what is known about it. */
export const ManifestEntrySchema = z.object({
  file: CorpusPathSchema,
  persona: nonEmpty,
  author: nonEmpty,
  title: nonEmpty,
  date: CorpusDateSchema,
  published: CorpusDateSchema.optional(),
  kind: nonEmpty.optional(),
  translator: nonEmpty.optional(),
  // Only web links: the url is shown to users as a link, so `javascript:` and friends must never get through.
  source_url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  origin: z
    .looseObject({ repo: z.string().optional(), path: z.string().optional(), commit: z.string().optional() })
    .optional(),
  license: nonEmpty.optional(),
  words: z.number().int().nonnegative().optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal digits')
    .optional(),
});

export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;
