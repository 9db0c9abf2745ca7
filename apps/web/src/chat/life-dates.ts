/** Dates come as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; date inputs need full days. */
export function toDay(date: string, end: 'first' | 'last'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  if (/^\d{4}-\d{2}$/.test(date)) {
    if (end === 'first') return `${date}-01`;
    const [y, m] = date.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${date}-${String(last).padStart(2, '0')}`;
  }
  if (/^\d{4}$/.test(date)) return end === 'first' ? `${date}-01-01` : `${date}-12-31`;
  return date;
}

export function year(date: string | null | undefined): string {
  return date ? date.slice(0, 4) : '';
}

/** Whether `asOf` lies within the persona's life (inclusive). */
export function withinLife(asOf: string, born: string, died: string): boolean {
  return asOf >= toDay(born, 'first') && asOf <= toDay(died, 'last');
}

/** "22 April 1870"; falls back to the raw string for partial dates. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const d = new Date(`${date}T00:00:00Z`);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** `YYYY-MM-DD` when day, month and year make a real date, else ''. */
export function isoDate(day: string, month: string, year: string): string {
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  if (!/^\d{4}$/.test(year) || !Number.isInteger(d) || d < 1 || m < 1 || m > 12) return '';
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) return '';
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
