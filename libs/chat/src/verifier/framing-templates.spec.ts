import { PersonaRegistry, PromptRenderer } from '@parley/personas';
import { verifyAnswer } from './answer-verifier';
import { passageOf, type TestDocument } from './verifier.fixtures';

// The extractive answerer frames quotes with the lines of prompts/templates/extractive.yaml; the verifier keeps an
// unmarked sentence only when it reads as framing. Both sides are ours, so they must agree: an intro or joiner
// the verifier removed as unsupported would make answers read as cut.
const registry = PersonaRegistry.load();
const renderer = PromptRenderer.load(undefined, registry);
const DOC: TestDocument = {
  id: 'state-and-revolution',
  text: 'So long as the state exists there is no freedom. When there is freedom, there will be no state.',
};
const QUOTE =
  'As I wrote in *The State and Revolution* (1917-08): “So long as the state exists there is no freedom.” [1]';
const FURTHER = '“When there is freedom, there will be no state.” [1]';

describe('extractive framing lines and the verifier', () => {
  for (const mode of ['persona', 'historian'] as const) {
    const templates = renderer.extractiveTemplates(mode);
    for (const persona of registry.list()) {
      it(`keeps every ${mode} intro and joiner, spoken for ${persona.id}`, () => {
        const fill = (line: string) => line.replaceAll('{name}', persona.name);
        const passage = passageOf(DOC, 0, DOC.text.length, { persona: persona.id, author: persona.name });
        const removed = (draft: string) =>
          verifyAnswer({ draft, passages: [passage], mode, personaNames: persona.names }).removedSentences;
        const drafts = [
          ...(templates.intro ?? []).map((intro) => `${fill(intro)} ${QUOTE}`),
          ...(templates.joiner ?? []).map((joiner) => `${QUOTE} ${fill(joiner)} ${FURTHER}`),
        ];
        expect(drafts.length).toBeGreaterThan(0);
        expect(drafts.flatMap(removed)).toEqual([]);
      });
    }
  }
});
