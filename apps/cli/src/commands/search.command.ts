import { PersonaRegistry } from '@parley/personas';
import { parseTuningOverride, RetrievalService, SEARCH_MODES, type SearchMode } from '@parley/retrieval';
import { flag, stringOption, type Args } from '../args';
import { cliContext, ensureReady } from '../context';

function pad(s: string, n: number): string {
  return s.length >= n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

/**
 * `npm run search -- --persona lenin [--k 10] [--as-of DATE] [--mode hybrid|vector|text|bm25] [--tuning JSON] [--json]
 * "question"`
 */
export async function searchCommand(args: Args): Promise<number> {
  const query = args.positional.join(' ').trim();
  const personaId = stringOption(args, 'persona');
  if (!query || !personaId) {
    process.stderr.write(
      'usage: npm run search -- --persona <id> [--k 10] [--as-of YYYY-MM-DD] [--mode hybrid|vector|text|bm25] [--tuning JSON] [--json] "question"\n',
    );
    return 2;
  }
  const mode = stringOption(args, 'mode') ?? 'hybrid';
  if (!isSearchMode(mode)) {
    process.stderr.write(`--mode must be one of ${SEARCH_MODES.join(', ')} (got ${mode})\n`);
    return 2;
  }
  const tuning = parseTuningOverride(stringOption(args, 'tuning') ?? '{}');
  if ('problem' in tuning) {
    process.stderr.write(`--tuning cannot be used: ${tuning.problem}\n`);
    return 2;
  }
  const app = await cliContext();
  try {
    await ensureReady(app);
    const registry = app.get(PersonaRegistry);
    const persona = registry.get(personaId);
    const asOf = registry.resolveAsOf(persona.id, stringOption(args, 'as-of'));
    const k = Number(stringOption(args, 'k') ?? 10);
    const passages = await app.get(RetrievalService).search({
      persona: persona.id,
      query,
      asOf,
      k,
      mode,
      tuning: tuning.tuning,
    });
    if (flag(args, 'json')) {
      process.stdout.write(`${JSON.stringify({ persona: persona.id, query, asOf, passages }, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(
      `${pad('#', 3)} ${pad('source', 52)} ${pad('offsets', 15)} ${pad('score', 7)} text\n`,
    );
    for (const p of passages) {
      const words = p.text.replace(/\s+/g, ' ').slice(0, 70);
      process.stdout.write(
        `${pad(String(p.rank), 3)} ${pad(p.source, 52)} ${pad(`${p.start}-${p.end}`, 15)} ${pad(p.scores.fused.toFixed(4), 7)} ${words}…\n`,
      );
    }
    return 0;
  } finally {
    await app.close();
  }
}

function isSearchMode(mode: string): mode is SearchMode {
  return (SEARCH_MODES as readonly string[]).includes(mode);
}
