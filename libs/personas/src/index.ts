// IsoDateSchema stays internal: @parley/contracts owns the public one.
export { formatHumanDate, isRealDate, yearOf } from './iso-date';
export { PromptFileError, defaultPromptsDir, readPromptText, readYamlFile } from './prompt-file';
export {
  PersonaFileSchema,
  REFUSAL_KINDS,
  REFUSAL_PLACEHOLDERS,
  placeholdersOf,
  type Persona,
  type RefusalKind,
} from './persona.schema';
export { PersonaRegistry, loadPersonas } from './persona.registry';
export { pickVariant, refusalLine, type RefusalVars } from './refusal-line';
export { Timeline, TimelineFileSchema, type TimelineEvent, type TimelineMention } from './timeline';
export { findTimeMentions, type DecadeAnchor, type TimeMention } from './time-mentions';
export {
  DEFAULT_DESCRIBED_OPTIONS,
  DescribedEventMatcher,
  type DescribedEvent,
  type DescribedOptions,
  type DescribedVerdict,
} from './described-events';
export { AnachronismGuard, type AnachronismHit, type AnachronismOptions } from './anachronism.guard';
export { GeneralEnglish, defaultGeneralEnglishSource, type WordCount } from './general-english';
export { CorpusProfile } from './corpus-profile';
export { DomainProfile, type DomainSignal, type DomainWordEvidence } from './domain-signal';
export { NeighbourIndex, type Neighbour, type WordSpace } from './word-neighbours';
export { CorpusSenses, type WordSense } from './word-senses';
export {
  LEXICOGRAPHER_FILES,
  WordNetDomains,
  defaultWordNetSource,
  parseIndexSense,
  type DomainShare,
  type SenseEntry,
} from './wordnet-domains';
export { everydaySignal, type EverydaySignal, type WordEvidence } from './everyday-signal';
export { senseSignal, type SenseSignal, type SenseWord } from './sense-signal';
export { TopicModelFileSchema, TopicPolicySchema, loadTopicPolicy, type TopicPolicy } from './topic-policy';
export {
  TOPIC_FEATURES,
  TopicModelSchema,
  afterScore,
  topicFeatures,
  topicLogOdds,
  type TopicFeature,
  type TopicFeatures,
  type TopicModel,
} from './topic-model';
export {
  TopicGuard,
  senseReading,
  type TopicEvidence,
  type TopicOptions,
  type TopicVerdict,
} from './topic.guard';
// The witness policy: attaches the historian's context notes; it never refuses.
export {
  ContextNotes,
  ContextNotesFileSchema,
  type ContextNote,
  type ContextNoteOptions,
  type ContextNotesFile,
  type ContextTopic,
} from './context-notes';
export {
  ExtractiveFileSchema,
  HistorianRefusalsSchema,
  TEMPLATE_SPECS,
  loadPromptTemplates,
  type ExtractiveFile,
  type ExtractiveTemplates,
  type HistorianRefusals,
  type PromptTemplates,
  type TemplateName,
} from './prompt-templates';
export {
  PromptRenderer,
  fillTemplate,
  neutraliseDelimiters,
  renderHistory,
  renderPassages,
  type PromptMode,
  type PromptPassage,
  type PromptTurn,
} from './prompt.renderer';
export { PROMPTS_DIR, PersonasModule, type PersonasModuleOptions } from './personas.module';
export { UnsafeGuard, UnsafeLexiconSchema, type UnsafeLexicon, type UnsafeVerdict } from './unsafe.guard';
export { GreetingLexiconSchema, GreetingReader, type GreetingLexicon } from './greeting.reader';
export { personaIntroduction } from './introduction';
