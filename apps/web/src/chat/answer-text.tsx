import type { Citation } from '@parley/contracts';
import { useSourceViewer } from '../sources/source-viewer-context';
import { answerSegments } from './answer-segments';
import { usePersonaNames } from '../classroom/use-persona-names';

interface Props {
  text: string;
  citations: Citation[];
}

/** Answer text with `[n]` markers as footnote buttons; the text itself is only ever rendered as text. */
export function AnswerText({ text, citations }: Props) {
  const viewer = useSourceViewer();
  const byMarker = new Map(citations.map((c) => [c.marker, c]));
  return (
    <>
      {answerSegments(text).map((s, i) => {
        if (s.kind === 'text') return <Emphasised key={i} text={s.text} />;
        const citation = byMarker.get(s.marker);
        if (!citation) return <span key={i}>[{s.marker}]</span>;
        return (
          <sup key={i}>
            <button
              type="button"
              className="marker"
              data-marker={s.marker}
              aria-label={`Source ${s.marker}: ${citation.title}`}
              onClick={() => viewer.open({ kind: 'citation', citation })}
            >
              [{s.marker}]
            </button>
          </sup>
        );
      })}
    </>
  );
}

/** `*Title*` (how answers name works) shown in italics; everything stays text. */
function Emphasised({ text }: { text: string }) {
  const parts = text.split(/\*([^*\n]{1,300})\*/);
  if (parts.length === 1) return <span>{text}</span>;
  return <span>{parts.map((part, i) => (i % 2 === 1 ? <em key={i}>{part}</em> : part))}</span>;
}

/** The numbered sources under an answer; each opens the source viewer at its passage. */
export function Footnotes({
  citations,
  showPersona = false,
}: {
  citations: Citation[];
  showPersona?: boolean;
}) {
  const viewer = useSourceViewer();
  const personaName = usePersonaNames();
  if (!citations.length) return null;
  const sorted = [...citations].sort((a, b) => a.marker - b.marker);
  return (
    <ol className="footnotes" aria-label="Sources">
      {sorted.map((c) => (
        <li key={`${c.marker}-${c.chunkId}`} value={c.marker}>
          <button
            type="button"
            className="footnote"
            data-marker={c.marker}
            onClick={() => viewer.open({ kind: 'citation', citation: c })}
          >
            {showPersona && (
              <span className="footnote-persona" data-testid="footnote-persona">
                {documentPersona(c, personaName)}
              </span>
            )}
            <span className="footnote-quote">“{excerpt(c.quote)}”</span>
            <span className="footnote-source">
              {c.speaker && c.speaker !== c.author ? `${c.speaker}, in ` : ''}
              {c.author}, <cite>{c.title}</cite> ({c.date})
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}

/** Whose document it is: the persona its corpus folder belongs to, else its author as the document gives it. */
function documentPersona(c: Citation, personaName: (id: string) => string): string {
  const id = c.source.split('/')[0];
  const name = personaName(id);
  return name !== id ? name : c.author;
}

function excerpt(quote: string, max = 220): string {
  const flat = quote.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max).replace(/\s+\S*$/, '')}…`;
}
