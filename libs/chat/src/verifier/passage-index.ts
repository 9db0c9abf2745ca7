import { contentTermSet, foldTypography, wordSpans, type FoldedText, type WordSpan } from '@parley/text';
import type { VerifierPassage } from './verifier.types';

/** A retrieved passage with the derived forms the checks compare against, computed once and on demand. */
export class PassageIndex {
  private foldedText?: FoldedText;
  private tokenList?: WordSpan[];
  private termSet?: Set<string>;

  constructor(readonly passage: VerifierPassage) {}

  get folded(): FoldedText {
    this.foldedText ??= foldTypography(this.passage.text);
    return this.foldedText;
  }

  get tokens(): WordSpan[] {
    this.tokenList ??= wordSpans(this.passage.text);
    return this.tokenList;
  }

  /** Content terms of the text and of the metadata a sentence may name (title, author, speaker). */
  get terms(): Set<string> {
    const p = this.passage;
    this.termSet ??= contentTermSet(`${p.text} ${p.title} ${p.author} ${p.speaker ?? ''}`);
    return this.termSet;
  }
}
