import { IngestService, summarise } from '@parley/corpus';
import { PersonaRegistry } from '@parley/personas';
import { flag, type Args } from '../args';
import { cliContext, requireCorpusDir } from '../context';

/** `npm run ingest [-- --json]`: exit code 0 when everything ingested, 3 when entries were skipped. */
export async function ingestCommand(args: Args): Promise<number> {
  const corpusDir = requireCorpusDir();
  const app = await cliContext();
  try {
    const known = app.get(PersonaRegistry).ids();
    const report = await app
      .get(IngestService)
      .ingest({ corpusDir, knownPersonas: known, progress: !flag(args, 'json') });
    if (flag(args, 'json')) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      if (report.problems.length) {
        process.stdout.write(`Skipped ${report.problems.length} entries:\n`);
        for (const p of report.problems) process.stdout.write(`  ${p.source}: ${p.reason}\n`);
      }
      if (!process.stderr.isTTY) process.stdout.write(`${summarise(report)}\n`);
    }
    return report.problems.length ? 3 : 0;
  } finally {
    await app.close();
  }
}
