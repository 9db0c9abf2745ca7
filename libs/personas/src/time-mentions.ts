// Finds the years and decades a question talks about. Numbers are only years when they read as years:
// "2000 workers", "page 1936" and "1950 + 30" are counts, references and sums, not dates.

/** A year, decade or century named in a text; `year` is the first year it can mean ("the late 1920s" → 1927). */
export interface TimeMention {
  kind: 'year' | 'decade' | 'century';
  text: string;
  year: number;
  month?: number;
  day?: number;
  index: number;
}

/** The span of years that anchors two-digit decades: "the thirties" means the 1830s or the 1930s, whichever is nearer. */
export interface DecadeAnchor {
  from: number;
  to: number;
}

const MODIFIER_OFFSET: Record<string, number> = { early: 0, mid: 4, late: 7 };
// In a century the same modifiers reach ten times as far: "the late twentieth century" begins about 1970.
const CENTURY_WORDS: Record<string, number> = {
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  'twenty first': 21,
  'twenty second': 22,
};
const DECADE_WORDS: Record<string, number> = {
  twenties: 20,
  thirties: 30,
  forties: 40,
  fifties: 50,
  sixties: 60,
  seventies: 70,
  eighties: 80,
  nineties: 90,
};
const TENS_WORDS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const UNITS_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};
const MONTHS: [RegExp, number][] = [
  [/^jan(uary)?$/, 1],
  [/^feb(ruary)?$/, 2],
  [/^mar(ch)?$/, 3],
  [/^apr(il)?$/, 4],
  [/^may$/, 5],
  [/^june?$/, 6],
  [/^july?$/, 7],
  [/^aug(ust)?$/, 8],
  [/^sept?(ember)?$/, 9],
  [/^oct(ober)?$/, 10],
  [/^nov(ember)?$/, 11],
  [/^dec(ember)?$/, 12],
];

// A number right after one of these is a reference (page 1936, No. 1917), not a date.
const REFERENCE_WORDS = new Set(
  (
    'page pages p pp no nos number numbers num vol vols volume volumes chapter chapters ch section sections sec ' +
    'paragraph paragraphs para line lines item items room flat apartment bus route code model version verse ' +
    'footnote note notes article articles art order exercise problem question step figure fig table unit size ' +
    'id pin ext rank mm cm km kg lot'
  ).split(' '),
);
// A number right before one of these counts things (2000 workers, 1500 rubles) unless a date word comes first.
const COUNT_WORDS = new Set(
  (
    'people persons men women children workers peasants soldiers sailors troops officers members delegates deputies ' +
    'comrades votes voters deaths dead killed wounded prisoners arrests executions victims refugees families households ' +
    'villages factories plants mines farms schools copies pages words letters books leaflets rubles roubles kopecks ' +
    'dollars pounds marks francs yen poods tons tonnes kilos kilograms grams miles kilometres kilometers km versts metres ' +
    'meters feet yards acres hectares desyatins calories hours minutes seconds days weeks months years times units ' +
    'items rifles guns tanks planes aircraft ships horses cows pigs sheep head strong percent per'
  ).split(' '),
);
// Words after which a four-digit number is a date even when a count word follows ("in 1905 workers rose").
const DATE_WORDS = new Set(
  (
    'in since until till during after before from to by between and year years circa c around about ' +
    'spring summer autumn fall winter early late mid the of'
  ).split(' '),
);
// "the" and "of" make a date only when no count word follows ("the strike of 2000 workers").
const WEAK_DATE_WORDS = new Set(['the', 'of', 'and', 'to', 'about', 'around', 'by']);

/** Years, decades and centuries named in `text`, in order of appearance. */
export function findTimeMentions(text: string, anchor: DecadeAnchor): TimeMention[] {
  const found: TimeMention[] = [];
  const taken: [number, number][] = [];
  const add = (m: TimeMention, end: number) => {
    if (taken.some(([s, e]) => m.index < e && end > s)) return;
    taken.push([m.index, end]);
    found.push(m);
  };

  // 1930s, 1930's, the late 1920s, mid-1920s
  for (const m of text.matchAll(/\b(?:(early|mid|late)[\s-]*)?(1[0-9]{2}0|20[0-9]0)['’]?s\b/gi)) {
    add(
      { kind: 'decade', text: m[0], year: Number(m[2]) + offset(m[1]), index: m.index },
      m.index + m[0].length,
    );
  }
  // the 30s, the late '20s, '30s
  for (const m of text.matchAll(
    /\bthe\s+(?:(early|mid|late)[\s-]*)?['’]?([1-9]0)['’]?s\b|(?<![\w'’])['’]([1-9]0)s\b/gi,
  )) {
    const two = Number(m[2] ?? m[3]);
    add(
      { kind: 'decade', text: m[0], year: resolveCentury(two, anchor) + offset(m[1]), index: m.index },
      m.index + m[0].length,
    );
  }
  // the thirties, the early twenties, the nineteen-thirties, nineteen fifties
  for (const m of text.matchAll(
    /\b(?:the\s+(?:(early|mid|late)[\s-]*)?(?:(eighteen|nineteen|twenty)[\s-]*)?|(eighteen|nineteen)[\s-]*)(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b/gi,
  )) {
    const two = DECADE_WORDS[m[4].toLowerCase()];
    const century = m[2] ?? m[3];
    const year = century ? centuryBase(century) + two : resolveCentury(two, anchor);
    add({ kind: 'decade', text: m[0], year: year + offset(m[1]), index: m.index }, m.index + m[0].length);
  }
  // the 21st century, the late twentieth century, mid-20th-century
  for (const m of text.matchAll(
    /\b(?:(early|mid|late)[\s-]*)?(?:(1[89]|2[0-2])(?:st|nd|rd|th)|(eighteenth|nineteenth|twentieth|twenty[\s-]+first|twenty[\s-]+second))[\s-]+century\b/gi,
  )) {
    const ordinal = m[2] ? Number(m[2]) : CENTURY_WORDS[m[3].toLowerCase().replace(/[\s-]+/g, ' ')];
    const year = (ordinal - 1) * 100 + 10 * offset(m[1]);
    add({ kind: 'century', text: m[0], year, index: m.index }, m.index + m[0].length);
  }
  // nineteen forty-five
  for (const m of text.matchAll(
    /\b(eighteen|nineteen)[\s-]+(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(one|two|three|four|five|six|seven|eight|nine))?\b/gi,
  )) {
    const year =
      centuryBase(m[1]) + TENS_WORDS[m[2].toLowerCase()] + (m[3] ? UNITS_WORDS[m[3].toLowerCase()] : 0);
    add({ kind: 'year', text: m[0], year, index: m.index }, m.index + m[0].length);
  }
  // four-digit years, read in context
  for (const m of text.matchAll(/(?<![\p{L}\p{N}$£€¥#§@_])(\d{4})(?![\p{N}\p{L}_]|[.,]\d|\s?%)/gu)) {
    const mention = readYear(text, m.index, m[1]);
    if (mention) add(mention, m.index + m[1].length);
  }
  return found.sort((a, b) => a.index - b.index);
}

function offset(modifier: string | undefined): number {
  return modifier ? MODIFIER_OFFSET[modifier.toLowerCase()] : 0;
}

function centuryBase(word: string): number {
  return { eighteen: 1800, nineteen: 1900, twenty: 2000 }[word.toLowerCase()] ?? 1900;
}

// Of the 18xx, 19xx and 20xx readings, the decade that overlaps the anchor span or lies nearest to it; later wins ties.
function resolveCentury(two: number, anchor: DecadeAnchor): number {
  let best = 1900 + two;
  let bestDistance = Infinity;
  for (const base of [1800, 1900, 2000]) {
    const start = base + two;
    const end = start + 9;
    const distance = end < anchor.from ? anchor.from - end : start > anchor.to ? start - anchor.to : 0;
    if (distance <= bestDistance) {
      best = start;
      bestDistance = distance;
    }
  }
  return best;
}

function readYear(text: string, index: number, digits: string): TimeMention | null {
  const n = Number(digits);
  if (n < 1000 || n > 2100) return null;
  const before = text.slice(Math.max(0, index - 40), index);
  const after = text.slice(index + digits.length, index + digits.length + 30);
  const prev = /([\p{L}]+)\.?[\s(]*$/u.exec(before)?.[1]?.toLowerCase() ?? '';
  const next = /^[\s)]*([\p{L}]+)/u.exec(after)?.[1]?.toLowerCase() ?? '';
  const date = monthBefore(before);
  if (!date && REFERENCE_WORDS.has(prev)) return null;
  if (isArithmetic(before, after)) return null;
  const strongDate = Boolean(date) || (DATE_WORDS.has(prev) && !WEAK_DATE_WORDS.has(prev));
  if (COUNT_WORDS.has(next) && !strongDate) return null;
  // "of 1990 miners" counts people; "the 1989 protests" names a year's events.
  if (isPlural(next) && !strongDate && prev !== 'the') return null;
  if (n < 1850 && !strongDate && !DATE_WORDS.has(prev)) return null;
  return { kind: 'year', text: digits, year: n, index, ...date };
}

function isPlural(word: string): boolean {
  return word.length > 3 && word.endsWith('s') && !/(ss|us|is|ous)$/.test(word);
}

function monthBefore(before: string): { month: number; day?: number } | undefined {
  const m =
    /(?:\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?\b([a-z]{3,9})\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(?:of\s+)?$/i.exec(
      before,
    );
  if (!m) return undefined;
  const month = MONTHS.find(([re]) => re.test(m[2].toLowerCase()))?.[1];
  if (!month) return undefined;
  const day = Number(m[1] ?? m[3]);
  return day >= 1 && day <= 31 ? { month, day } : { month };
}

function isArithmetic(before: string, after: string): boolean {
  return (
    /(?:\d\s*[+*×÷=^]|\b(?:plus|minus|times|multiplied by|divided by|equals?|equal to))\s*$/i.test(before) ||
    /^\s*(?:[+*×÷=^]\s*\d|(?:plus|minus|times|multiplied by|divided by|equals?|equal to)\b)/i.test(after)
  );
}
