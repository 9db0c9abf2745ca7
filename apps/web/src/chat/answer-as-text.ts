import type { Citation } from '@parley/contracts';

export interface CopyableAnswer {
  personaName: string;
  asOf?: string | null;
  text: string;
  context: string | null;
  citations: Citation[];
}

/** The answer as plain text with its numbered sources, for pasting into notes or an essay. */
export function answerAsText(a: CopyableAnswer): string {
  const heading = a.asOf ? `${a.personaName} (as of ${a.asOf}):` : `${a.personaName}:`;
  const parts = [heading, a.text.trim()];
  if (a.context) parts.push(`Historian's note: ${a.context.trim()}`);
  if (a.citations.length) {
    const lines = [...a.citations]
      .sort((x, y) => x.marker - y.marker)
      .map(
        (c) =>
          `[${c.marker}] ${c.author}, "${c.title}" (${c.date})${c.url ? `, ${c.url}` : ''}: "${c.quote.trim()}"`,
      );
    parts.push(`Sources:\n${lines.join('\n')}`);
  }
  return parts.join('\n\n');
}
