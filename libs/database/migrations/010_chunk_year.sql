-- The document's year joins the chunk's full-text fields, after the title: a question that names a year
-- ("in 1919", "by February 1930") then matches what was written that year, which passages rarely say in words.
DROP INDEX chunks_tsv_idx;
ALTER TABLE chunks DROP COLUMN tsv;
ALTER TABLE chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', text), 'A') ||
  setweight(to_tsvector('english', coalesce(heading, '')), 'B') ||
  setweight(to_tsvector('english', title), 'C') ||
  setweight(to_tsvector('simple', extract(year FROM date_to)::int::text), 'D')
) STORED;
CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);

-- Document frequencies as ingest computes them (corpus.repository.ts refreshLexemeStats), now with the years.
DELETE FROM lexeme_stats;
INSERT INTO lexeme_stats (lexeme, df) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM chunks');
