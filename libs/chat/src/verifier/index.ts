export { verifyAnswer } from './answer-verifier';
export { sentencePieces } from './sentence-boundaries';
export { verifyInvariants } from './answer-invariants';
export { isFramingSentence } from './lexical-overlap';
export { FUZZY_MIN_SIMILARITY } from './quote-matcher';
export { MIN_OVERLAP_SHARE } from './sentence-judge';
export type {
  RemovalReason,
  RemovedSentence,
  VerifiedAnswer,
  VerifierPassage,
  VerifyAnswerInput,
} from './verifier.types';
