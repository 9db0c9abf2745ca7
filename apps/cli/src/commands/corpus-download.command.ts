import { join, resolve } from 'node:path';
import { loadConfig } from '@parley/config';
import { projectRoot } from '@parley/core';
import { OriginUnreachableError, downloadCorpus, loadCatalog, type DownloadProgress } from '@parley/corpus';
import { stringOption, type Args } from '../args';

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

/** Progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise. */
function progressPrinter(stream: NodeJS.WriteStream): {
  update: (p: DownloadProgress) => void;
  end: () => void;
} {
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update: (p) => {
      const now = Date.now();
      const done = p.documentsDone === p.documents;
      if (now - last < (stream.isTTY ? 100 : 3000) && !done) return;
      last = now;
      const ratio = p.bytes ? Math.min(1, p.bytesDone / p.bytes) : 1;
      const elapsed = (now - started) / 1000;
      const eta = ratio > 0 && ratio < 1 ? ` ETA ${Math.ceil((elapsed / ratio) * (1 - ratio))}s` : '';
      const bar = `${'█'.repeat(Math.round(ratio * 24))}${'░'.repeat(24 - Math.round(ratio * 24))}`;
      const line = `corpus ${bar} ${p.documentsDone}/${p.documents} documents ${mb(p.bytesDone)}/${mb(p.bytes)}${eta}`;
      stream.write(stream.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
      drawn = stream.isTTY;
    },
    end: () => {
      if (drawn) stream.write('\n');
    },
  };
}

/**
 * `npm run corpus:download [-- --catalog sources/catalog.json] [--out DIR]`: fetches, verifies and converts every
 * catalogue document into `$DATA_DIR/corpus`. Exit 0 when all were written; 1 with one line per failed
 * document; 2 when the origin host cannot be reached at all.
 */
export async function corpusDownloadCommand(args: Args): Promise<number> {
  const config = loadConfig();
  const catalog = loadCatalog(stringOption(args, 'catalog') ?? undefined);
  const outDir = resolve(projectRoot(), stringOption(args, 'out') ?? join(config.DATA_DIR, 'corpus'));
  const progress = progressPrinter(process.stderr);
  try {
    const report = await downloadCorpus({
      catalog,
      outDir,
      originUrl: config.CORPUS_ORIGIN_URL,
      onProgress: progress.update,
    });
    progress.end();
    for (const f of report.failed) process.stderr.write(`failed: ${f.file}: ${f.reason}\n`);
    process.stdout.write(
      `Wrote ${report.written.length} of ${catalog.documents.length} documents to ${outDir} ` +
        `(${report.fetched} files fetched, ${report.reused} already verified)\n`,
    );
    return report.failed.length ? 1 : 0;
  } catch (e) {
    progress.end();
    if (e instanceof OriginUnreachableError) {
      process.stderr.write(
        `Offline? ${e.message}. Set CORPUS_ORIGIN_URL to a reachable mirror, or CORPUS_DIR to a corpus you already have.\n`,
      );
      return 2;
    }
    throw e;
  }
}
