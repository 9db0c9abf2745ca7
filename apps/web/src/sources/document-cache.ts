import type { SourceDocument } from '@parley/contracts';
import { getJson } from '../api/api-client';

// Documents are immutable for a given id, and some are long: fetch each once per page.
const cache = new Map<string, Promise<SourceDocument>>();

export function fetchDocument(id: string): Promise<SourceDocument> {
  let found = cache.get(id);
  if (!found) {
    found = getJson<SourceDocument>(`/api/documents/${encodeURIComponent(id)}`);
    cache.set(id, found);
    found.catch(() => cache.delete(id));
  }
  return found;
}
