// IsoDateSchema stays internal: @parley/contracts owns the public one.
export { formatHumanDate, isRealDate, yearOf } from './iso-date';
export * from './prompt-file';
export * from './persona.schema';
export * from './persona.registry';
export * from './refusal-line';
export * from './timeline';
export * from './time-mentions';
export * from './anachronism.guard';
export * from './topic-vocabulary';
export * from './topic.guard';
export * from './atrocity.guard';
// The chat pipeline knows the witness check as its context notes; one class, two names.
export { AtrocityGuard as ContextNotes } from './atrocity.guard';
export * from './prompt-templates';
export * from './prompt.renderer';
export * from './personas.module';
export * from './unsafe.guard';
