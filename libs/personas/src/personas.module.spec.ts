import { Test } from '@nestjs/testing';
import { AnachronismGuard } from './anachronism.guard';
import { ContextNotes } from './context-notes';
import { PersonaRegistry } from './persona.registry';
import { PersonasModule, PROMPTS_DIR } from './personas.module';
import { PromptRenderer } from './prompt.renderer';
import { copyOfPrompts } from './testing';
import { Timeline } from './timeline';
import { TopicGuard } from './topic.guard';

describe('PersonasModule', () => {
  it('provides the registry, timeline, guards and renderer from the project prompts', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PersonasModule] }).compile();
    expect(moduleRef.get(PersonaRegistry).list().length).toBeGreaterThanOrEqual(3);
    expect(moduleRef.get(Timeline).events.length).toBeGreaterThanOrEqual(60);
    for (const token of [AnachronismGuard, TopicGuard, ContextNotes, PromptRenderer])
      expect(moduleRef.get(token)).toBeDefined();
    await moduleRef.close();
  });

  it('reads another prompts directory through forRoot', async () => {
    const prompts = copyOfPrompts();
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [PersonasModule.forRoot({ promptsDir: prompts.dir })],
      }).compile();
      expect(moduleRef.get(PROMPTS_DIR)).toBe(prompts.dir);
      expect(moduleRef.get(PersonaRegistry).has('lenin')).toBe(true);
      await moduleRef.close();
    } finally {
      prompts.cleanup();
    }
  });
});
