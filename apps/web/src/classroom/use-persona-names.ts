import { useCallback } from 'react';
import { usePersonas } from '../api/use-personas';

/** Display names by persona id, falling back to the id until the list has loaded. */
export function usePersonaNames(): (id: string) => string {
  const personas = usePersonas();
  const list = personas.data;
  return useCallback((id: string) => list?.find((p) => p.id === id)?.name ?? id, [list]);
}
