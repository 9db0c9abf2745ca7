import { anachronismBench } from '../../../../bench/anachronism.bench';
import { classroomBench } from '../../../../bench/classroom.bench';
import { loadBench } from '../../../../bench/load.bench';
import { retrievalBench } from '../../../../bench/retrieval.bench';
import { startupBench } from '../../../../bench/startup.bench';
import { scaleBench } from '../../../../bench/scale.bench';
import { senseBench } from '../../../../bench/sense.bench';
import { topicBench } from '../../../../bench/topic.bench';
import { topicModelBench } from '../../../../bench/topic-model.bench';
import type { Args } from '../args';
import { requireCorpusDir } from '../context';

const BENCHES: Record<string, (corpusDir: string, args: Args) => Promise<void>> = {
  retrieval: (dir) => retrievalBench(dir),
  classroom: async () => {
    const code = await classroomBench([]);
    if (code !== 0) throw new Error('the classroom benchmark lost events');
  },
  load: (dir) => loadBench(dir),
  startup: (dir, args) => startupBench(dir, args),
  scale: (_, args) => {
    const option = (name: string) => {
      const value = args.options.get(name);
      return typeof value === 'string' ? value : undefined;
    };
    return scaleBench(Number(args.options.get('chunks') ?? 100_000), {
      dataDir: option('data-dir'),
      sharedBuffers: option('shared-buffers'),
    });
  },
  anachronism: (_, args) => anachronismBench(args.options.has('per-item')),
  topic: (_, args) => {
    const question = args.options.get('question');
    return topicBench(args.options.has('per-item'), typeof question === 'string' ? [question] : []);
  },
  sense: (_, args) => {
    const out = args.options.get('out');
    return senseBench(typeof out === 'string' ? out : '/tmp/sense-features.jsonl');
  },
  'topic-model': (_, args) => {
    const out = args.options.get('out');
    const input = args.options.get('in');
    return topicModelBench(
      args.options.has('write'),
      typeof out === 'string' ? out : undefined,
      typeof input === 'string' ? input : undefined,
    );
  },
};

/** `npm run bench [-- name ...]`: runs the named benchmarks (all by default), each printing its figures and ratios. */
export async function benchCommand(args: Args): Promise<number> {
  const names = args.positional.length ? args.positional : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length) {
    process.stderr.write(
      `unknown benchmark(s): ${unknown.join(', ')}; available: ${Object.keys(BENCHES).join(', ')}\n`,
    );
    return 2;
  }
  const corpusDir = requireCorpusDir();
  process.stdout.write(`# Parley benchmarks (${new Date().toISOString()}, node ${process.version})\n\n`);
  for (const name of names) {
    process.stdout.write(`# ${name}\n\n`);
    await BENCHES[name](corpusDir, args);
  }
  return 0;
}
