// IsoDateSchema stays internal: @parley/contracts owns the public one.
export { formatHumanDate, isRealDate, yearOf } from './iso-date';
export * from './prompt-file';
export * from './persona.schema';
export * from './persona.registry';
export * from './refusal-line';
export * from './timeline';
export * from './time-mentions';
export * from './anachronism.guard';
export * from './general-english';
export * from './corpus-profile';
export * from './everyday-signal';
export * from './topic-policy';
export * from './topic.guard';
// The witness policy: attaches the historian's context notes; it never refuses.
export * from './context-notes';
export * from './prompt-templates';
export * from './prompt.renderer';
export * from './personas.module';
export * from './unsafe.guard';
