export { passageCitation } from './answer-assembler';
export { verifyAnswer } from './answer-verifier';
export { verifyInvariants } from './answer-invariants';
export { FUZZY_MIN_SIMILARITY, MIN_OVERLAP_SHARE } from './sentence-judge';
export type {
  RemovalReason,
  RemovedSentence,
  VerifiedAnswer,
  VerifierPassage,
  VerifyAnswerInput,
} from './verifier.types';
