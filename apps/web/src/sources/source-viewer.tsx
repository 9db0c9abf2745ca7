import { useEffect, useRef, useState } from 'react';
import type { SourceDocument } from '@parley/contracts';
import { describeError } from '../api/api-error';
import { fetchDocument } from './document-cache';
import type { SourceTarget } from './source-viewer-context';

interface Props {
  target: SourceTarget;
  onClose(): void;
}

/** A modal reader for one document: metadata, licence, link to the original, and the cited span highlighted in place. */
export function SourceViewer({ target, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const mark = useRef<HTMLElement>(null);
  const [doc, setDoc] = useState<SourceDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const documentId = target.kind === 'citation' ? target.citation.documentId : target.documentId;

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    let live = true;
    setDoc(null);
    setError(null);
    fetchDocument(documentId).then(
      (d) => live && setDoc(d),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [documentId]);

  useEffect(() => {
    if (doc && mark.current) {
      mark.current.scrollIntoView({ block: 'center' });
      mark.current.focus({ preventScroll: true });
    }
  }, [doc]);

  const citation = target.kind === 'citation' ? target.citation : null;
  const title = doc?.title ?? (citation ? citation.title : target.kind === 'document' ? target.title : '');
  const span = doc && citation ? locate(doc.text, citation.start, citation.end, citation.quote) : null;

  return (
    <dialog ref={dialog} className="source-viewer" aria-labelledby="source-title" onClose={onClose}>
      <header className="source-header">
        <div>
          <h2 id="source-title">{title}</h2>
          {doc && <SourceMeta doc={doc} />}
        </div>
        <button
          type="button"
          className="button ghost"
          onClick={() => dialog.current?.close()}
          aria-label="Close the source"
        >
          Close
        </button>
      </header>
      {citation && (
        <p className="source-cited">
          Cited passage [{citation.marker}]{citation.speaker ? ` (words of ${citation.speaker})` : ''}
          {span && (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                onClick={() => mark.current?.scrollIntoView({ block: 'center' })}
              >
                Show it in the text
              </button>
            </>
          )}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          Could not open this source. {error}
        </p>
      )}
      {!doc && !error && <p className="muted">Loading the document…</p>}
      {doc && citation && !span && (
        <p className="warning" role="note">
          The cited passage could not be found at its recorded place in this document; the quotation is: “
          {citation.quote}”
        </p>
      )}
      {doc && (
        <div className="document-text" tabIndex={0} aria-label={`Full text of ${doc.title}`}>
          {span ? (
            <>
              {doc.text.slice(0, span.start)}
              <mark ref={mark} tabIndex={-1} data-testid="cited-span">
                {doc.text.slice(span.start, span.end)}
              </mark>
              {doc.text.slice(span.end)}
            </>
          ) : (
            doc.text
          )}
        </div>
      )}
    </dialog>
  );
}

function SourceMeta({ doc }: { doc: SourceDocument }) {
  return (
    <div className="source-meta">
      <p>
        {doc.author}
        {doc.date && <>, {doc.date}</>}
        {doc.published && doc.published !== doc.date && <> (published {doc.published})</>}
        {doc.translator && <> · translated by {doc.translator}</>}
      </p>
      {doc.license && <Licence text={doc.license} />}
      <p className="small">
        <span className="muted">{doc.source}</span>
        {doc.url && (
          <>
            {' · '}
            <a href={doc.url} target="_blank" rel="noopener noreferrer">
              Read the original
            </a>
          </>
        )}
      </p>
    </div>
  );
}

// Licences can run to a paragraph; the first words stay visible and the rest opens on demand.
function Licence({ text }: { text: string }) {
  if (text.length <= 90) return <p className="muted small">Licence: {text}</p>;
  return (
    <details className="licence small muted">
      <summary>Licence: {text.slice(0, 70).replace(/\s+\S*$/, '')}…</summary>
      <p>{text}</p>
    </details>
  );
}

/** The cited span: its recorded offsets when they hold the quote (the contract), else the quote's first occurrence. */
function locate(
  text: string,
  start: number,
  end: number,
  quote: string,
): { start: number; end: number } | null {
  if (text.slice(start, end) === quote) return { start, end };
  const at = quote ? text.indexOf(quote) : -1;
  return at >= 0 ? { start: at, end: at + quote.length } : null;
}
