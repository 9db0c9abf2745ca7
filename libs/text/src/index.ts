// Parley's one text toolkit: sentence spans, words, the stemmer, stopwords, quotations and the folds that make two
// spellings of the same text compare equal. Pure functions over strings; the word lists are validated data files in
// prompts/lexicon/. Imports nothing of ours.
export { type TextSpan, isWhitespace, trimSpan } from './text-span';
export { SENTENCE_OPENER, isAbbreviationPeriod, splitClauses, splitSentences } from './sentence-splitter';
export { sentencePieces } from './sentence-pieces';
export { type Phrase, phraseAt, phraseWithin } from './phrase-match';
export { type WordSpan, countWords, spaceSeparated, wordSpans, words } from './words';
export { compoundParts, vocabularyTokens } from './vocabulary-tokens';
export { normaliseForMatch, phraseIndex, wordForms, wordsOf } from './match-text';
export { stem } from './stemmer';
export { contentTermSet, contentTerms, isFramingSentence, isStopword, overlapShare } from './content-terms';
export { containsMarkup, markupRanges, stripMarkup } from './markup';
export { MIN_SINGLE_QUOTE_WORDS, type QuoteSpan, scanQuotes } from './quote-scanner';
export { nestTitleQuotes, titleQuotedParts, withoutQuotations } from './title-quotes';
export { type FoldedText, foldTypography } from './typography-fold';
export { findClosest, findVerbatim } from './quote-match';
export { type SpeakerLabel, speakerLabel } from './speaker-label';
export { foldDiacritics } from './diacritics';
export { confusableSkeleton, foldText, hasVisibleLetterOrDigit, stripInvisible } from './text-fold';
export { seedOf } from './text-seed';
export { moderationSentences, moderationWords, normaliseForModeration } from './moderation-text';
export {
  ANSWER_TYPE_WORDS,
  FRAMING_WORDS,
  HONORIFICS,
  NOT_SUBJECTS,
  QUESTION_WORDS,
  SECOND_TO_FIRST_PERSON,
  STOPWORDS,
} from './lexicon.loader';
