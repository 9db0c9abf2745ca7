import type { Audience } from '@parley/contracts';
import type { ClassroomRow } from './repositories/classroom.repository';

export const EVERYONE: Audience = { scope: 'all' };
export const TEACHER: Audience = { scope: 'teacher' };

/** The teacher and one participant. */
export function participantAudience(participantId: string): Audience {
  return { scope: 'participant', participantId };
}

/** In a shared session everyone follows every exchange; in a private one only the asker (and the teacher). */
export function exchangeAudience(classroom: ClassroomRow, askerId: string | null): Audience {
  return classroom.visibility === 'shared' || askerId === null ? EVERYONE : participantAudience(askerId);
}
