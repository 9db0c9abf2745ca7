import { useEffect, useState } from 'react';
import type { HealthReport } from '@parley/contracts';
import { getJson } from './api-client';

let generatorCache: Promise<string> | null = null;

function fetchGenerator(): Promise<string> {
  generatorCache ??= getJson<HealthReport>('/health').then((h) => h.answers.generator);
  generatorCache.catch(() => {
    generatorCache = null;
  });
  return generatorCache;
}

/** Who writes this server's answers: `extractive` (passages chosen from the sources), `openai:<model>`, or null until known. */
export function useAnswerGenerator(): string | null {
  const [generator, setGenerator] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetchGenerator().then(
      (g) => live && setGenerator(g),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return generator;
}
