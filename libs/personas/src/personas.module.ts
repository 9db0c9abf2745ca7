import { join } from 'node:path';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { loadConfig, resolvePath } from '@parley/config';
import { AnachronismGuard } from './anachronism.guard';
import { ContextNotes } from './context-notes';
import { PersonaRegistry } from './persona.registry';
import { defaultPromptsDir } from './prompt-file';
import { PromptRenderer } from './prompt.renderer';
import { Timeline } from './timeline';
import { TopicGuard } from './topic.guard';
import { GeneralEnglish } from './general-english';
import { WordNetDomains } from './wordnet-domains';
import { loadTopicPolicy } from './topic-policy';
import { UnsafeGuard } from './unsafe.guard';
import { GreetingReader } from './greeting.reader';

/** Token for the prompts directory the module reads (default `<project>/prompts`). */
export const PROMPTS_DIR = Symbol('PROMPTS_DIR');

export interface PersonasModuleOptions {
  promptsDir?: string;
}

/** The persona files of the default module: `PERSONAS_DIR` (set by the tests) or `<prompts>/personas`. */
function configuredPersonasDir(promptsDir: string): string {
  const dir = loadConfig().PERSONAS_DIR;
  return dir ? resolvePath(dir) : join(promptsDir, 'personas');
}

function providers(promptsDir: () => string, personasDir: (promptsDir: string) => string): Provider[] {
  return [
    { provide: PROMPTS_DIR, useFactory: promptsDir },
    {
      provide: PersonaRegistry,
      inject: [PROMPTS_DIR],
      useFactory: (dir: string) => PersonaRegistry.load(personasDir(dir)),
    },
    { provide: Timeline, inject: [PROMPTS_DIR], useFactory: (dir: string) => Timeline.load(dir) },
    { provide: AnachronismGuard, inject: [Timeline], useFactory: (t: Timeline) => new AnachronismGuard(t) },
    {
      provide: TopicGuard,
      inject: [PROMPTS_DIR, Timeline],
      useFactory: (dir: string, t: Timeline) =>
        new TopicGuard(GeneralEnglish.load(), loadTopicPolicy(dir), t, () => WordNetDomains.load()),
    },
    { provide: ContextNotes, inject: [PROMPTS_DIR], useFactory: (dir: string) => ContextNotes.load(dir) },
    { provide: UnsafeGuard, inject: [PROMPTS_DIR], useFactory: (dir: string) => UnsafeGuard.load(dir) },
    { provide: GreetingReader, inject: [PROMPTS_DIR], useFactory: (dir: string) => GreetingReader.load(dir) },
    {
      provide: PromptRenderer,
      inject: [PROMPTS_DIR, PersonaRegistry],
      useFactory: (dir: string, registry: PersonaRegistry) => PromptRenderer.load(dir, registry),
    },
  ];
}

const EXPORTS = [
  PROMPTS_DIR,
  PersonaRegistry,
  Timeline,
  AnachronismGuard,
  TopicGuard,
  ContextNotes,
  UnsafeGuard,
  GreetingReader,
  PromptRenderer,
];

/**
 * Personas, timeline, guards and prompt rendering, all read once from `prompts/` at start-up (a bad file stops
 * the start with its path in the message). Import as is (persona files from `PERSONAS_DIR` when a test sets it), or
 * `forRoot({ promptsDir })` to read another directory.
 */
@Module({ providers: providers(defaultPromptsDir, configuredPersonasDir), exports: EXPORTS })
export class PersonasModule {
  static forRoot(options: PersonasModuleOptions = {}): DynamicModule {
    const dir = options.promptsDir;
    return {
      module: PersonasModule,
      providers: dir
        ? providers(
            () => dir,
            (d) => join(d, 'personas'),
          )
        : providers(defaultPromptsDir, configuredPersonasDir),
      exports: EXPORTS,
    };
  }
}
