import { yearOf } from './iso-date';
import type { Persona } from './persona.schema';

/**
 * Parley's short description of a persona, given when someone greets it or asks who it is: said in Parley's voice
 * (the answer cites nothing, so it must not pass for the persona's words), with two starter questions to go on.
 */
export function personaIntroduction(persona: Persona): string {
  const life = `${yearOf(persona.born)}–${yearOf(persona.died)}`;
  const description = persona.description.replace(/\.?\s*$/, '.');
  // No quotation marks around the examples: in an answer, quotation marks promise words verbatim from a source.
  const [first, second] = persona.starters;
  return [
    `${persona.name} (${life}): ${description}`,
    `This is Parley's description, not ${persona.name}'s own words. Every other answer here is taken from ${persona.name}'s writings and cites them.`,
    `You could ask, for example: ${first}${second ? ` Or: ${second}` : ''}`,
  ].join(' ');
}
