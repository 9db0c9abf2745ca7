import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CorpusRepository } from '@parley/corpus';
import { EMBEDDER, GloveEmbedder, type Embedder } from '@parley/embeddings';
import { AnachronismGuard, CorpusProfile, TopicGuard } from '@parley/personas';

/**
 * The profile of the ingested corpus that the topic guard reads (word counts and paragraph co-occurrence over
 * every chunk, and the guard's WordNet-domain ratios for it), built once from the database and again only after an
 * ingest changed the chunks. `warm` builds it before any question arrives (the api calls it after listening).
 */
@Injectable()
export class TopicCorpus {
  private readonly logger = new Logger(TopicCorpus.name);
  private cached: { revision: string; profile: Promise<CorpusProfile> } | null = null;

  constructor(
    private readonly corpus: CorpusRepository,
    private readonly guard: TopicGuard,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
    @Optional() private readonly anachronisms?: AnachronismGuard,
  ) {}

  /** Builds the profile in the background; a failure is logged, and the first question tries again. */
  warm(): void {
    this.profile().catch((e: unknown) =>
      this.logger.warn(`cannot build the topic profile yet: ${(e as Error)?.message ?? String(e)}`),
    );
  }

  /** The current profile; concurrent callers share one build. */
  async profile(): Promise<CorpusProfile> {
    const revision = await this.corpus.chunksRevision();
    if (this.cached?.revision !== revision) {
      const profile = this.build();
      // A failed build is forgotten so that the next question tries again.
      profile.catch(() => (this.cached = null));
      this.cached = { revision, profile };
    }
    return this.cached.profile;
  }

  private async build(): Promise<CorpusProfile> {
    const started = performance.now();
    const chunks = await this.corpus.chunkTexts();
    const profile = new CorpusProfile(chunks.map((c) => c.text));
    // The domain ratios (and WordNet, on first use) belong to the profile: built here, not on a question; so are the
    // word vectors of the neighbourhood evidence when the policy uses it (GloVe embedder only; shared, loaded once).
    // Without them the guard goes on without that evidence.
    this.guard.domainsOf(profile);
    if (this.guard.wantsWordSpace && this.embedder instanceof GloveEmbedder) {
      try {
        this.guard.useWordSpace(await this.embedder.wordVectors());
        // The contexts of the corpus's words for the sense decision, read once from the same chunks.
        if (this.guard.wantsSenses)
          this.guard.sensesOf(
            profile,
            chunks.map((c) => c.text),
          );
      } catch (e) {
        this.logger.warn(`topic guard without word vectors: ${(e as Error)?.message ?? String(e)}`);
      }
    }
    // The anachronism guard reads described later developments through the same vectors.
    if (this.anachronisms && !this.anachronisms.readsDescriptions && this.embedder instanceof GloveEmbedder) {
      try {
        this.anachronisms.useWordSpace(await this.embedder.wordVectors());
      } catch (e) {
        this.logger.warn(`anachronism guard without word vectors: ${(e as Error)?.message ?? String(e)}`);
      }
    }
    this.logger.log(
      `topic profile: ${profile.paragraphs} chunks, ${profile.total} content words in ${Math.round(performance.now() - started)} ms`,
    );
    return profile;
  }
}
