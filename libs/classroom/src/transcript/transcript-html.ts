import { createHash } from 'node:crypto';
import type { Transcript, TranscriptEntry } from '@parley/contracts';

const STYLE = `
body { font: 16px/1.5 Georgia, 'Times New Roman', serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
.meta { color: #444; font-size: .9rem; margin: 0 0 1.5rem; padding: 0; list-style: none; }
.entry { border-top: 1px solid #ccc; padding: .75rem 0; break-inside: avoid; page-break-inside: avoid; }
.who { font-weight: bold; margin: 0; }
.at { color: #666; font-size: .8rem; }
.question { margin: .5rem 0; padding-left: .75rem; border-left: 3px solid #999; white-space: pre-wrap; }
.answer { white-space: pre-wrap; margin: .5rem 0; }
.status { font-style: italic; color: #555; }
.note { font-style: italic; }
.sources { font-size: .9rem; margin: .5rem 0 0; padding-left: 1.5rem; }
.sources blockquote { margin: .25rem 0 .5rem; color: #333; white-space: pre-wrap; }
.broadcast { background: #f4f4f4; padding: .5rem .75rem; }
footer { margin-top: 2rem; color: #666; font-size: .8rem; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } a { color: inherit; text-decoration: none; } .entry { border-color: #999; } }
`;

/** CSP for the transcript page: nothing may load or run; only the page's own stylesheet applies. */
export const TRANSCRIPT_HTML_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function safeUrl(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

function statusText(status: string): string | null {
  switch (status) {
    case 'held':
      return 'Held by moderation; not sent to the persona.';
    case 'dismissed':
      return 'Held by moderation and dismissed by the teacher.';
    case 'failed':
      return 'No answer: the persona could not answer this question.';
    case 'answering':
      return 'The answer was not finished.';
    default:
      return null;
  }
}

function exchangeHtml(e: Extract<TranscriptEntry, { kind: 'exchange' }>): string {
  const status = statusText(e.status);
  const sources = e.citations
    .map((c) => {
      const url = safeUrl(c.url);
      const title = url ? `<a href="${escapeHtml(url)}">${escapeHtml(c.title)}</a>` : escapeHtml(c.title);
      return `<li value="${c.marker}">${title}, ${escapeHtml(c.author)}, ${escapeHtml(c.date)} <span class="at">(${escapeHtml(c.source)})</span><blockquote>${escapeHtml(c.quote)}</blockquote></li>`;
    })
    .join('');
  const further = (e.readFurther ?? [])
    .map((d) => `<li>${escapeHtml(d.title)}, ${escapeHtml(d.author)}, ${escapeHtml(d.date)}</li>`)
    .join('');
  return [
    `<section class="entry">`,
    `<p class="who">${escapeHtml(e.asker)} → ${escapeHtml(e.personaName)}${e.pinned ? ' (pinned)' : ''} <span class="at">${escapeHtml(e.at)}</span></p>`,
    `<div class="question">${escapeHtml(e.question)}</div>`,
    e.answering
      ? `<p class="status">Answering ${escapeHtml(e.answering.personaName)}: “${escapeHtml(e.answering.quote)}” (${escapeHtml(e.answering.title)})</p>`
      : '',
    status ? `<p class="status">${escapeHtml(status)}</p>` : '',
    e.answer !== null ? `<div class="answer">${escapeHtml(e.answer)}</div>` : '',
    e.context ? `<p class="note">Historian's note: ${escapeHtml(e.context)}</p>` : '',
    sources ? `<ol class="sources">${sources}</ol>` : '',
    further ? `<p class="status">Closest documents to read:</p><ul class="further">${further}</ul>` : '',
    `</section>`,
  ].join('');
}

/** A standalone, printable page; every piece of text is escaped, and the page loads nothing. */
export function renderTranscriptHtml(t: Transcript): string {
  const c = t.classroom;
  const participants = t.participants
    .map((p) => `${escapeHtml(p.displayName)} (${p.role}${p.removed ? ', removed' : ''})`)
    .join(', ');
  const entries = t.entries
    .map((e) =>
      e.kind === 'broadcast'
        ? `<section class="entry broadcast"><p class="who">Teacher to everyone <span class="at">${escapeHtml(e.at)}</span></p><div class="answer">${escapeHtml(e.text)}</div></section>`
        : exchangeHtml(e),
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(TRANSCRIPT_HTML_CSP.replace("; frame-ancestors 'none'", ''))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(c.title)} · Parley transcript</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(c.title)}</h1>
<ul class="meta">
<li>Mode: ${escapeHtml(c.mode)}${c.motion ? `; motion: ${escapeHtml(c.motion)}` : ''}</li>
<li>Personas: ${escapeHtml(c.personas.join(', '))}</li>
<li>Started ${escapeHtml(c.createdAt)}${c.endedAt ? `; ended ${escapeHtml(c.endedAt)}` : ''}</li>
<li>Participants: ${participants}</li>
</ul>
<main>
${entries}
</main>
<footer>Generated ${escapeHtml(t.generatedAt)} by Parley. Quotations are verbatim from the cited documents.</footer>
</body>
</html>
`;
}
