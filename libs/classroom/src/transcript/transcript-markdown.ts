import type { Transcript, TranscriptEntry } from '@parley/contracts';

/** Backslash-escapes Markdown and HTML syntax so people's words render as the text they typed. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~&]/g, '\\$&')
    .replace(/^(\s*)([#>+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

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

function exchangeSection(e: Extract<TranscriptEntry, { kind: 'exchange' }>): string {
  const lines = [
    `### ${escapeMarkdown(e.asker)} → ${escapeMarkdown(e.personaName)}${e.pinned ? ' (pinned)' : ''}`,
    `_${e.at}_`,
    '',
    quoteBlock(e.question),
    '',
  ];
  const status = statusLine(e);
  if (status) lines.push(status, '');
  if (e.answer !== null) lines.push(`**${escapeMarkdown(e.personaName)}:** ${escapeMarkdown(e.answer)}`, '');
  if (e.context) lines.push(`_Historian's note:_ ${escapeMarkdown(e.context)}`, '');
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
  return lines.join('\n');
}

/** The transcript as Markdown: a header, the participants, then each exchange with its sources. */
export function renderTranscriptMarkdown(t: Transcript): string {
  const c = t.classroom;
  const header = [
    `# ${escapeMarkdown(c.title)}`,
    '',
    `- Mode: ${c.mode}${c.motion ? `; motion: ${escapeMarkdown(c.motion)}` : ''}`,
    `- Personas: ${c.personas.map(escapeMarkdown).join(', ')}`,
    `- Visibility: ${c.visibility}`,
    `- Started: ${c.createdAt}${c.endedAt ? `; ended: ${c.endedAt}` : ''}`,
    `- Participants: ${t.participants.map((p) => `${escapeMarkdown(p.displayName)} (${p.role}${p.removed ? ', removed' : ''})`).join(', ')}`,
    '',
    '---',
    '',
  ];
  const body = t.entries.map((e) =>
    e.kind === 'broadcast'
      ? `### Teacher to everyone\n_${e.at}_\n\n${quoteBlock(e.text)}\n`
      : exchangeSection(e),
  );
  return `${[...header, ...body].join('\n').trimEnd()}\n\n_Generated ${t.generatedAt} by Parley._\n`;
}
