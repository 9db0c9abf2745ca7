// Parley's one text toolkit: sentence spans, words, the stemmer, stopwords and quotations. Pure functions over
// strings; the word lists are validated data files in prompts/lexicon/. Imports nothing of ours.
export { type TextSpan, isWhitespace, trimSpan } from './text-span';
export { SENTENCE_OPENER, isAbbreviationPeriod, splitClauses, splitSentences } from './sentence-splitter';
export { sentencePieces } from './sentence-pieces';
export { type Phrase, phraseAt, phraseWithin } from './phrase-match';
export { countWords, words } from './words';
export { stem } from './stemmer';
export { contentTermSet, contentTerms, isFramingSentence, isStopword, overlapShare } from './content-terms';
export { MIN_SINGLE_QUOTE_WORDS, type QuoteSpan, scanQuotes } from './quote-scanner';
export { FRAMING_WORDS, STOPWORDS } from './lexicon.loader';
