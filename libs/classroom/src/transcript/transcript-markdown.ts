import type { Transcript, TranscriptEntry } from '@parley/contracts';

/** Backslash-escapes Markdown and HTML syntax so people's words render as the text they typed. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~&]/g, '\\$&')
    .replace(/^(\s*)([#>+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** How a Markdown transcript reads to people: persona names, and times in the reader's zone. */
export interface MarkdownOptions {
  /** IANA zone of the reader; UTC when absent. */
  timeZone?: string;
  /** Display names of personas by id; else the names their answers carry. */
  personaNames?: ReadonlyMap<string, string>;
}

/** An answer's words escaped, its `*Title*` emphasis kept as emphasis (the only markup an answer carries). */
export function escapeAnswer(text: string): string {
  return text
    .split(/\*([^*\n]{1,300})\*/)
    .map((part, i) => (i % 2 === 1 ? `*${escapeMarkdown(part)}*` : escapeMarkdown(part)))
    .join('');
}

/** `4 December 2026, 14:05 (Europe/Paris, GMT+1)`: a local time that says which zone it is in. */
export function localTime(iso: string, timeZone = 'UTC'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = part('timeZoneName');
  const zone =
    offset && !(timeZone === 'UTC' && /^GMT(?:[+-]0)?$/.test(offset)) ? `${timeZone}, ${offset}` : timeZone;
  return `${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')} (${zone})`;
}

const MODE_LABELS: Record<Transcript['classroom']['mode'], string> = {
  qa: 'questions and answers',
  debate: 'debate',
};

const VISIBILITY_LABELS: Record<Transcript['classroom']['visibility'], string> = {
  shared: 'everyone sees every answer',
  private: 'each student sees only their own answers',
};

function quoteBlock(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${escapeMarkdown(line)}`)
    .join('\n');
}

function statusLine(e: Extract<TranscriptEntry, { kind: 'exchange' }>): string | null {
  switch (e.status) {
    case 'held':
      return '_Held by moderation; not sent to the persona._';
    case 'dismissed':
      return '_Held by moderation and dismissed by the teacher._';
    case 'failed':
      return '_No answer: the persona could not answer this question._';
    case 'answering':
      return '_The answer was not finished._';
    case 'answered':
      return null;
  }
}

function exchangeSection(
  e: Extract<TranscriptEntry, { kind: 'exchange' }>,
  options: MarkdownOptions,
  name: (id: string) => string,
): string {
  const personaName = e.personaName !== e.persona ? e.personaName : name(e.persona);
  const lines = [
    `### ${escapeMarkdown(e.asker)} → ${escapeMarkdown(personaName)}${e.pinned ? ' (pinned)' : ''}`,
    `_${localTime(e.at, options.timeZone)}_`,
    '',
    quoteBlock(e.question),
    '',
  ];
  if (e.answering) {
    const a = e.answering;
    lines.push(
      `_Answering ${escapeMarkdown(a.personaName)}:_ “${escapeMarkdown(a.quote)}” (${escapeMarkdown(a.title)})`,
      '',
    );
  }
  const status = statusLine(e);
  if (status) lines.push(status, '');
  if (e.answer !== null) lines.push(`**${escapeMarkdown(personaName)}:** ${escapeAnswer(e.answer)}`, '');
  if (e.context) lines.push(`_Historian's note:_ ${escapeAnswer(e.context)}`, '');
  if (e.citations.length) {
    lines.push('Sources:', '');
    for (const c of e.citations) {
      lines.push(
        `${c.marker}\\. ${escapeMarkdown(c.title)}, ${escapeMarkdown(c.author)}, ${escapeMarkdown(c.date)} (${escapeMarkdown(c.source)})`,
      );
      lines.push(quoteBlock(c.quote).replace(/^/gm, '   '));
    }
    lines.push('');
  }
  if (e.readFurther?.length) {
    lines.push('Closest documents to read:', '');
    for (const d of e.readFurther)
      lines.push(`- ${escapeMarkdown(d.title)}, ${escapeMarkdown(d.author)}, ${escapeMarkdown(d.date)}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The transcript as Markdown: a header, the participants, then each exchange with its sources. */
export function renderTranscriptMarkdown(t: Transcript, options: MarkdownOptions = {}): string {
  const c = t.classroom;
  const time = (iso: string) => localTime(iso, options.timeZone);
  const answered = new Map(
    t.entries.flatMap((e) =>
      e.kind === 'exchange' && e.personaName !== e.persona ? [[e.persona, e.personaName]] : [],
    ),
  );
  const name = (id: string) => options.personaNames?.get(id) ?? answered.get(id) ?? id;
  const header = [
    `# ${escapeMarkdown(c.title)}`,
    '',
    `- Session: ${MODE_LABELS[c.mode]}${c.motion ? `; motion: ${escapeMarkdown(c.motion)}` : ''}`,
    `- Personas: ${c.personas.map((p) => escapeMarkdown(name(p))).join(', ')}`,
    `- Who sees what: ${VISIBILITY_LABELS[c.visibility]}`,
    `- Started: ${time(c.createdAt)}${c.endedAt ? `; ended: ${time(c.endedAt)}` : ''}`,
    `- Participants: ${t.participants.map((p) => `${escapeMarkdown(p.displayName)} (${p.role}${p.removed ? ', removed' : ''})`).join(', ')}`,
    '',
    '---',
    '',
  ];
  const body = t.entries.map((e) =>
    e.kind === 'broadcast'
      ? `### Teacher to everyone\n_${time(e.at)}_\n\n${quoteBlock(e.text)}\n`
      : exchangeSection(e, options, name),
  );
  return `${[...header, ...body].join('\n').trimEnd()}\n\n_Generated ${time(t.generatedAt)} by Parley._\n`;
}
