import type { DebateTurnContext } from './chat.types';

/**
 * What a debate turn retrieves with: the motion, the speaker's assigned stance and the previous speaker's claim (in
 * that speaker's words), so that the turn finds its own passages that bear on the claim it answers.
 */
export function debateQuery(debate: DebateTurnContext, question: string): string {
  return [debate.motion, debate.stance, debate.previous?.claim, question === debate.motion ? '' : question]
    .filter(Boolean)
    .join(' ');
}
