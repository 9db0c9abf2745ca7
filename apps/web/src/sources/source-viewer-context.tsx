import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Citation } from '@parley/contracts';
import { SourceViewer } from './source-viewer';

/** What the viewer shows: a cited span of a document, or a whole document from its start. */
export type SourceTarget =
  { kind: 'citation'; citation: Citation } | { kind: 'document'; documentId: string; title: string };

interface SourceViewerApi {
  open(target: SourceTarget): void;
}

const SourceViewerContext = createContext<SourceViewerApi | null>(null);

export function SourceViewerProvider({ children }: { children: ReactNode }) {
  const [target, setTarget] = useState<SourceTarget | null>(null);
  const [opener, setOpener] = useState<HTMLElement | null>(null);
  const open = useCallback((t: SourceTarget) => {
    setOpener(document.activeElement instanceof HTMLElement ? document.activeElement : null);
    setTarget(t);
  }, []);
  const close = useCallback(() => {
    setTarget(null);
    // Keyboard users continue where they were: the marker or footnote that opened the viewer.
    opener?.focus();
  }, [opener]);
  const api = useMemo(() => ({ open }), [open]);
  return (
    <SourceViewerContext.Provider value={api}>
      {children}
      {target && <SourceViewer target={target} onClose={close} />}
    </SourceViewerContext.Provider>
  );
}

export function useSourceViewer(): SourceViewerApi {
  const api = useContext(SourceViewerContext);
  if (!api) throw new Error('useSourceViewer needs a SourceViewerProvider');
  return api;
}
