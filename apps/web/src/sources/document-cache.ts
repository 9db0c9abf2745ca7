import { getJson } from '../api/api-client';
import type { DocumentView } from '../api/views';

// Documents are immutable for a given id, and some are long: fetch each once per page.
const cache = new Map<string, Promise<DocumentView>>();

export function fetchDocument(id: string): Promise<DocumentView> {
  let found = cache.get(id);
  if (!found) {
    found = getJson<DocumentView>(`/api/documents/${encodeURIComponent(id)}`);
    cache.set(id, found);
    found.catch(() => cache.delete(id));
  }
  return found;
}
