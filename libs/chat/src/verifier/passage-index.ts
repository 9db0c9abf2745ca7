import { contentTermSet } from '@parley/text';
import { fold, tokenize, type FoldedText, type Token } from './quote-matcher';
import type { VerifierPassage } from './verifier.types';

/** A retrieved passage with the derived forms the checks compare against, computed once and on demand. */
export class PassageIndex {
  private foldedText?: FoldedText;
  private tokenList?: Token[];
  private termSet?: Set<string>;

  constructor(readonly passage: VerifierPassage) {}

  get folded(): FoldedText {
    this.foldedText ??= fold(this.passage.text);
    return this.foldedText;
  }

  get tokens(): Token[] {
    this.tokenList ??= tokenize(this.passage.text);
    return this.tokenList;
  }

  /** Content terms of the text and of the metadata a sentence may name (title, author, speaker). */
  get terms(): Set<string> {
    const p = this.passage;
    this.termSet ??= contentTermSet(`${p.text} ${p.title} ${p.author} ${p.speaker ?? ''}`);
    return this.termSet;
  }
}
