import type { INestApplicationContext } from '@nestjs/common';
import { sentenceWindows } from '@parley/corpus';
import { Database } from '@parley/database';
import { EMBEDDER, type Embedder } from '@parley/embeddings';
import { PersonaRegistry } from '@parley/personas';
import { DEFAULT_TUNING, inFirstPerson, RetrievalService } from '@parley/retrieval';
import { ANSWERABLE, type EvalItem } from './eval-dataset.schema';
import { overlaps, type Span } from './eval-metrics';
import { RETRIEVED_K } from './eval-retrieval';
import { FIT_FOLDS, FIT_SEED } from './fit-retrieval';
import { crossValidate, foldsOf, meanSd, recallAt, type GoldRank } from './retrieval-fit';

/**
 * An offline measurement (`npm run eval -- --window-vectors --dataset …`): would the vector leg help more if a chunk's
 * vector evidence were its best sentence window's cosine to the question instead of (or mixed with) the whole
 * chunk's? The production hybrid is replayed in memory: the text leg's top N with its scores as the database gives
 * them (mode `text`), the vector leg over every chunk's stored embedding with the same persona and date filters, its
 * top N united with the text leg's candidates (`vectorAllCandidates`), min–max normalised over that union, times
 * the vector weight and the question's embeddable share, plus the text score — the fusion of `hybridSql`. With chunk
 * vectors the replay must reproduce the hybrid's own ranking (checked item by item); with window vectors a chunk's
 * score is λ·cos(chunk) + (1 − λ)·max over its windows cos(window), the windows embedded by the same embedder.
 */

/** Window sizes (sentences) and chunk–window mixes λ tried; λ 1 is the production chunk vector. */
export const WINDOW_SIZES = [1, 2, 3];
export const WINDOW_LAMBDAS = [0, 0.25, 0.5, 0.75];
export const WINDOW_VECTOR_WEIGHTS = [0.25, 0.5, 0.75, 1];

interface ChunkRow {
  id: string;
  persona: string;
  date_to: string;
  source: string;
  start_offset: number;
  end_offset: number;
  text: string;
  embedding: string;
}

interface Chunk {
  id: string;
  idNum: number;
  persona: string;
  dateTo: string;
  span: Span;
  text: string;
  vector: Float64Array;
}

interface ItemReplay {
  /** The text leg's top N: chunk index and its text score. */
  text: Map<number, number>;
  persona: string | null;
  asOf: string | null;
  queryVector: Float64Array;
  /** Share of the question the embedder represents (`vector_share`), derived from the hybrid's own fused scores. */
  share: number;
  /** The hybrid's own first 10, for the reproduction check. */
  hybrid: string[];
  gold: Span[];
}

export interface WindowVariant {
  size: number;
  lambda: number;
  vectorWeight: number;
}

export interface WindowVectorsReport {
  datasets: { path: string; items: number[] }[];
  /** Items whose replayed chunk-vector top 10 differs from the hybrid's own. */
  mismatches: number;
  bm25: GoldRank[];
  hybrid: GoldRank[];
  vectorChunk: GoldRank[];
  /** Per window size: the vector leg alone ranked by max window cosine (λ 0). */
  vectorWindow: Map<number, GoldRank[]>;
  variants: { variant: WindowVariant; ranks: GoldRank[] }[];
  /** Index in `variants` of the production default (chunk vectors, vector weight 0.5). */
  defaultVariant: number;
  /**
   * Per scoring (chunk vectors, then each window size at λ 0 and 0.5), per item: the rank among the eligible chunks of
   * the best-ranked chunk overlapping a gold span (null: no chunk overlaps one).
   */
  goldVectorRanks: { name: string; ranks: (number | null)[] }[];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function unit(v: number[]): Float64Array {
  const out = Float64Array.from(v);
  const n = Math.sqrt(dot(out, out));
  if (n > 0) for (let i = 0; i < out.length; i++) out[i] /= n;
  return out;
}

function goldRank(spans: Span[], gold: Span[]): GoldRank {
  const at = spans.findIndex((s) => gold.some((g) => overlaps(s, g)));
  return at < 0 ? null : at + 1;
}

/**
 * The hybrid's fusion of `hybridSql` in memory: vector top N by `score` among the eligible chunks, united with the
 * text leg's candidates, min–max normalised over the union, weighted, plus the text score; ranked by fused score,
 * ties by chunk id; the first k chunk indices.
 */
export function fuse(
  eligible: number[],
  score: (c: number) => number,
  text: Map<number, number>,
  ids: number[],
  options: { candidates: number; vectorWeight: number; share: number; textWeight: number; k: number },
): number[] {
  const vectorTop =
    options.vectorWeight > 0
      ? [...eligible].sort((a, b) => score(b) - score(a) || ids[a] - ids[b]).slice(0, options.candidates)
      : [];
  const union = new Set<number>(vectorTop);
  if (options.vectorWeight > 0) for (const c of text.keys()) union.add(c);
  let max = -Infinity;
  let min = Infinity;
  for (const c of union) {
    max = Math.max(max, score(c));
    min = Math.min(min, score(c));
  }
  const fused = new Map<number, number>();
  for (const c of union) {
    const normalised = max > min ? (score(c) - min) / (max - min) : 1;
    fused.set(c, options.vectorWeight * options.share * normalised);
  }
  for (const [c, s] of text) fused.set(c, (fused.get(c) ?? 0) + options.textWeight * s);
  return [...fused.entries()]
    .sort((a, b) => b[1] - a[1] || ids[a[0]] - ids[b[0]])
    .slice(0, options.k)
    .map(([c]) => c);
}

export async function windowVectors(
  app: INestApplicationContext,
  allItems: EvalItem[],
  allGold: Span[][],
  itemDatasets: string[],
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<WindowVectorsReport> {
  const db = app.get(Database);
  const embedder = app.get<Embedder>(EMBEDDER);
  const retrieval = app.get(RetrievalService);
  const personas = app.get(PersonaRegistry);
  const keep = allItems
    .map((_, i) => i)
    .filter((i) => ANSWERABLE.includes(allItems[i].type) && allGold[i].length > 0);
  const items = keep.map((i) => allItems[i]);
  const gold = keep.map((i) => allGold[i]);
  const datasets: { path: string; items: number[] }[] = [];
  keep.forEach((orig, i) => {
    const path = itemDatasets[orig];
    const d = datasets.find((x) => x.path === path) ?? datasets[datasets.push({ path, items: [] }) - 1];
    d.items.push(i);
  });

  const rows = await db.query<ChunkRow>(
    `SELECT c.id::text AS id, c.persona, to_char(c.date_to, 'YYYY-MM-DD') AS date_to, d.source, c.start_offset,
            c.end_offset, c.text, e.embedding::text AS embedding
       FROM chunks c
       JOIN documents d ON d.id = c.document_id
       JOIN chunk_embeddings e ON e.chunk_id = c.id AND e.embedder = $1
      ORDER BY c.id`,
    [retrieval.embedderId],
  );
  const chunks: Chunk[] = rows.map((r) => ({
    id: r.id,
    idNum: Number(r.id),
    persona: r.persona,
    dateTo: r.date_to,
    span: { source: r.source, start: Number(r.start_offset), end: Number(r.end_offset) },
    text: r.text,
    vector: Float64Array.from(JSON.parse(r.embedding) as number[]),
  }));
  const ids = chunks.map((c) => c.idNum);
  const indexOf = new Map(chunks.map((c, i) => [c.id, i]));
  log(`window vectors: ${chunks.length} chunks with ${retrieval.embedderId} embeddings`);

  // Each chunk's windows of each size, embedded as the chunks were.
  const windows = new Map<number, Float64Array[][]>();
  for (const size of WINDOW_SIZES) {
    const texts = chunks.map((c) => sentenceWindows(c.text, size));
    const flat = await embedder.embedDocuments(texts.flat());
    let at = 0;
    windows.set(
      size,
      texts.map((t) => t.map(() => unit(flat[at++]))),
    );
    log(`  ${size}-sentence windows: ${flat.length}`);
  }

  const { candidates, vectorWeight } = DEFAULT_TUNING;
  const replays: ItemReplay[] = [];
  const bm25: GoldRank[] = [];
  const hybrid: GoldRank[] = [];
  let mismatches = 0;
  for (const [i, item] of items.entries()) {
    process.stderr.write(`\rreplaying item ${i + 1}/${items.length}`);
    const asOf = personas.resolveAsOf(item.persona, item.asOf);
    const options = { persona: item.persona, query: item.question, asOf };
    const textRows = await retrieval.search({ ...options, k: candidates, mode: 'text' });
    const hybridRows = await retrieval.search({ ...options, k: RETRIEVED_K, mode: 'hybrid' });
    const bm25Rows = await retrieval.search({ ...options, k: RETRIEVED_K, mode: 'bm25' });
    bm25.push(goldRank(bm25Rows, gold[i]));
    hybrid.push(goldRank(hybridRows, gold[i]));
    const text = new Map<number, number>();
    for (const r of textRows) text.set(indexOf.get(r.chunkId) as number, r.scores.text ?? 0);
    const queryVector = unit(await embedder.embedQuery(inFirstPerson(item.question)));
    const replay: ItemReplay = {
      text,
      persona: item.persona,
      asOf,
      queryVector,
      share: 1,
      hybrid: hybridRows.map((r) => r.chunkId),
      gold: gold[i],
    };
    // vector_share: fused = w·share·normalised + text for every row; read it off the row with the largest
    // normalised vector score among the hybrid's own.
    const eligible = eligibleChunks(chunks, replay);
    const cos = (c: number) => dot(chunks[c].vector, queryVector);
    const norm = normaliser(eligible, cos, text, candidates);
    let best = 0;
    for (const r of hybridRows) {
      const c = indexOf.get(r.chunkId) as number;
      const n = norm(c);
      if (n > best) {
        best = n;
        replay.share = (r.scores.fused - (r.scores.text ?? 0)) / (vectorWeight * n);
      }
    }
    replays.push(replay);
    const replayed = fuse(eligible, cos, text, ids, {
      candidates,
      vectorWeight,
      share: replay.share,
      textWeight: 1,
      k: RETRIEVED_K,
    }).map((c) => chunks[c].id);
    if (replayed.join() !== replay.hybrid.join()) {
      mismatches++;
      log(`\n  replay differs on item ${i + 1}: ${item.question}`);
    }
  }
  process.stderr.write('\n');

  const rank = (order: number[], r: ItemReplay) =>
    goldRank(
      order.map((c) => chunks[c].span),
      r.gold,
    );
  // Per item, each chunk's cosine and its best window's cosine per window size, computed once (the fusions below
  // read them many times).
  const cosines = replays.map((r) => chunks.map((c) => dot(c.vector, r.queryVector)));
  const bestWindows = new Map(
    WINDOW_SIZES.map((size) => {
      const w = windows.get(size) as Float64Array[][];
      return [
        size,
        replays.map((r) =>
          w.map((ws) => ws.reduce((best, v) => Math.max(best, dot(v, r.queryVector)), -Infinity)),
        ),
      ];
    }),
  );
  const scorer = (item: number, size: number, lambda: number) => {
    const chunkCos = cosines[item];
    if (lambda >= 1) return (c: number) => chunkCos[c];
    const bestWindow = (bestWindows.get(size) as number[][])[item];
    const mixed = chunkCos.map((x, c) => lambda * x + (1 - lambda) * bestWindow[c]);
    return (c: number) => mixed[c];
  };
  const vectorOnly = (size: number, lambda: number) =>
    replays.map((r, i) =>
      rank(
        fuse(eligibleChunks(chunks, r), scorer(i, size, lambda), new Map(), ids, {
          candidates,
          vectorWeight: 1,
          share: 1,
          textWeight: 0,
          k: RETRIEVED_K,
        }),
        r,
      ),
    );
  const vectorChunk = vectorOnly(1, 1);
  const vectorWindow = new Map(WINDOW_SIZES.map((s) => [s, vectorOnly(s, 0)]));
  const variants: { variant: WindowVariant; ranks: GoldRank[] }[] = [];
  const grid: WindowVariant[] = [];
  for (const w of WINDOW_VECTOR_WEIGHTS) {
    grid.push({ size: 0, lambda: 1, vectorWeight: w });
    for (const size of WINDOW_SIZES)
      for (const lambda of WINDOW_LAMBDAS) grid.push({ size, lambda, vectorWeight: w });
  }
  for (const variant of grid) {
    variants.push({
      variant,
      ranks: replays.map((r, i) =>
        rank(
          fuse(eligibleChunks(chunks, r), scorer(i, variant.size || 1, variant.lambda), r.text, ids, {
            candidates,
            vectorWeight: variant.vectorWeight,
            share: r.share,
            textWeight: 1,
            k: RETRIEVED_K,
          }),
          r,
        ),
      ),
    });
  }
  const defaultVariant = variants.findIndex(
    (v) => v.variant.lambda === 1 && v.variant.vectorWeight === vectorWeight,
  );
  const goldVectorRank = (size: number, lambda: number) =>
    replays.map((r, i) => {
      const score = scorer(i, size, lambda);
      const eligible = eligibleChunks(chunks, r);
      const golden = eligible.filter((c) => r.gold.some((g) => overlaps(chunks[c].span, g)));
      if (golden.length === 0) return null;
      const best = Math.max(...golden.map(score));
      return eligible.filter((c) => score(c) > best).length + 1;
    });
  const goldVectorRanks = [
    { name: 'chunk', ranks: goldVectorRank(1, 1) },
    ...WINDOW_SIZES.flatMap((s) => [
      { name: `win${s} λ0`, ranks: goldVectorRank(s, 0) },
      { name: `win${s} λ.5`, ranks: goldVectorRank(s, 0.5) },
    ]),
  ];
  return {
    datasets,
    mismatches,
    bm25,
    hybrid,
    vectorChunk,
    vectorWindow,
    variants,
    defaultVariant,
    goldVectorRanks,
  };
}

function eligibleChunks(chunks: Chunk[], r: { persona: string | null; asOf: string | null }): number[] {
  const out: number[] = [];
  chunks.forEach((c, i) => {
    if ((r.persona === null || c.persona === r.persona) && (r.asOf === null || c.dateTo <= r.asOf))
      out.push(i);
  });
  return out;
}

/** The vector leg's min–max normalisation over the union of its top N and the text candidates, as a function. */
function normaliser(
  eligible: number[],
  score: (c: number) => number,
  text: Map<number, number>,
  candidates: number,
): (c: number) => number {
  const top = [...eligible].sort((a, b) => score(b) - score(a)).slice(0, candidates);
  const union = new Set<number>([...top, ...text.keys()]);
  let max = -Infinity;
  let min = Infinity;
  for (const c of union) {
    max = Math.max(max, score(c));
    min = Math.min(min, score(c));
  }
  return (c) => (union.has(c) && max > min ? (score(c) - min) / (max - min) : 0);
}

function describe(v: WindowVariant): string {
  return v.lambda >= 1
    ? `chunk vectors, vector weight ${v.vectorWeight}`
    : `${v.size}-sentence windows, λ ${v.lambda}, vector weight ${v.vectorWeight}`;
}

/** Per-set table (bm25, hybrid, replay, best window variants) and the 5-fold cross-validation over all items. */
export function printWindowVectorsReport(report: WindowVectorsReport, write: (line: string) => void): void {
  const f2 = (x: number) => x.toFixed(2);
  const all = report.bm25.map((_, i) => i);
  const sets = [...report.datasets, { path: 'all', items: all }];
  write(
    `Window vectors: ${all.length} answerable items; replay of the hybrid with chunk vectors differs from the hybrid's own top 10 on ${report.mismatches}`,
  );
  const byDefault = report.variants[report.defaultVariant].ranks;
  const fixed = (size: number, lambda: number, w: number) =>
    report.variants.find(
      (v) => v.variant.size === size && v.variant.lambda === lambda && v.variant.vectorWeight === w,
    )?.ranks as GoldRank[];
  const columns: [string, GoldRank[]][] = [
    ['bm25', report.bm25],
    ['hybrid', report.hybrid],
    ['replay', byDefault],
    ['vec chunk', report.vectorChunk],
    ...WINDOW_SIZES.map((s): [string, GoldRank[]] => [
      `vec win${s}`,
      report.vectorWindow.get(s) as GoldRank[],
    ]),
    ...WINDOW_SIZES.map((s): [string, GoldRank[]] => [
      `hyb win${s} λ0`,
      fixed(s, 0, DEFAULT_TUNING.vectorWeight),
    ]),
    ...WINDOW_SIZES.map((s): [string, GoldRank[]] => [
      `hyb win${s} λ.5`,
      fixed(s, 0.5, DEFAULT_TUNING.vectorWeight),
    ]),
  ];
  for (const k of [5, 10]) {
    write(`R@${k} (hybrid columns at vector weight ${DEFAULT_TUNING.vectorWeight}):`);
    write(`  ${'set'.padEnd(28)} items  ${columns.map(([n]) => n.padStart(13)).join(' ')}`);
    for (const s of sets)
      write(
        `  ${s.path.padEnd(28)} ${String(s.items.length).padStart(5)}  ${columns
          .map(([, r]) => f2(recallAt(r, s.items, k)).padStart(13))
          .join(' ')}`,
      );
  }
  write(
    `Gold chunk's rank by vector score among the eligible chunks: median / share within the vector leg's top ${DEFAULT_TUNING.candidates}:`,
  );
  write(`  ${'set'.padEnd(28)} ${report.goldVectorRanks.map((g) => g.name.padStart(12)).join(' ')}`);
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)];
  };
  for (const s of sets)
    write(
      `  ${s.path.padEnd(28)} ${report.goldVectorRanks
        .map((g) => {
          const rs = s.items.map((i) => g.ranks[i]).filter((r): r is number => r !== null);
          const within = rs.filter((r) => r <= DEFAULT_TUNING.candidates).length / Math.max(1, rs.length);
          return `${String(median(rs)).padStart(4)} / ${f2(within)}`.padStart(12);
        })
        .join(' ')}`,
    );
  const losses = all.filter(
    (i) =>
      report.bm25[i] !== null &&
      report.bm25[i]! <= 10 &&
      !(report.hybrid[i] !== null && report.hybrid[i]! <= 10),
  );
  write(
    `Items bm25 finds in its first 10 and the hybrid does not (${losses.length}): gold vector rank per scoring`,
  );
  for (const i of losses)
    write(
      `  item ${String(i + 1).padStart(3)} (${report.datasets.find((d) => d.items.includes(i))?.path}) ${report.goldVectorRanks.map((g) => `${g.name} ${g.ranks[i] ?? '-'}`).join(', ')}`,
    );
  const folds = foldsOf(all.length, FIT_FOLDS, FIT_SEED);
  const ranks = report.variants.map((v) => v.ranks);
  const cv = crossValidate(ranks, report.bm25, folds);
  write(
    `${FIT_FOLDS}-fold cross-validation (seed ${FIT_SEED}) over ${report.variants.length} variants (window size ${WINDOW_SIZES.join('/')}, λ ${WINDOW_LAMBDAS.join('/')} or chunk vectors, vector weight ${WINDOW_VECTOR_WEIGHTS.join('/')}):`,
  );
  write('  fold  items  train R@10  held-out R@10  defaults R@10  bm25 R@10  chosen on the other folds');
  for (const f of cv)
    write(
      `  ${String(f.fold).padStart(4)}  ${String(f.items).padStart(5)}  ${f2(f.trainRecallAt10).padStart(10)}  ${f2(f.heldOutRecallAt10).padStart(13)}  ${f2(recallAt(byDefault, folds[f.fold - 1], 10)).padStart(13)}  ${f2(f.baselineRecallAt10).padStart(9)}  ${describe(report.variants[f.chosen].variant)}`,
    );
  const held = meanSd(cv.map((f) => f.heldOutRecallAt10));
  const def = meanSd(folds.map((f) => recallAt(byDefault, f, 10)));
  const base = meanSd(cv.map((f) => f.baselineRecallAt10));
  write(
    `  mean held-out R@10 ${f2(held.mean)} ± ${f2(held.sd)}, defaults ${f2(def.mean)} ± ${f2(def.sd)}, bm25 ${f2(base.mean)} ± ${f2(base.sd)}`,
  );
  write('In-sample R@10 on all items, per variant, and per fold:');
  for (const v of report.variants)
    write(
      `  ${describe(v.variant).padEnd(52)} ${f2(recallAt(v.ranks, all, 10))}   folds ${folds.map((f) => f2(recallAt(v.ranks, f, 10))).join(' ')}`,
    );
}
