import { useCallback, useEffect, useState } from 'react';
import type { PersonaDetail, PersonaSummary } from '@parley/contracts';
import { describeError, ApiError } from './api-error';
import { getJson } from './api-client';
import { useConnection } from '../connection/connection-context';

let personasCache: Promise<PersonaSummary[]> | null = null;

function fetchPersonas(): Promise<PersonaSummary[]> {
  personasCache ??= getJson<PersonaSummary[]>('/api/personas');
  personasCache.catch(() => {
    personasCache = null;
  });
  return personasCache;
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload(): void;
}

/** The persona list, fetched once per page and again after a lost connection comes back. */
export function usePersonas(): Loaded<PersonaSummary[]> {
  const [data, setData] = useState<PersonaSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const { reportLost, onReconnect } = useConnection();
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => onReconnect(reload), [onReconnect, reload]);
  useEffect(() => {
    let live = true;
    fetchPersonas().then(
      (list) => {
        if (!live) return;
        setData(list);
        setError(null);
      },
      (e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.isNetwork) reportLost();
        setError(describeError(e));
      },
    );
    return () => {
      live = false;
    };
  }, [attempt, reportLost]);
  return { data, error, reload };
}

export function usePersonaDetail(id: string, enabled: boolean): Loaded<PersonaDetail> {
  const [data, setData] = useState<PersonaDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    getJson<PersonaDetail>(`/api/personas/${encodeURIComponent(id)}`).then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [id, enabled, attempt]);
  return { data, error, reload };
}
