import type { Answer, ClassroomAnswer, ClassroomView, Exchange } from '@parley/contracts';
import type { ClassroomRow } from './repositories/classroom.repository';
import type { ExchangeRow } from './repositories/exchange.repository';

export function toClassroomView(c: ClassroomRow, pinned: string[]): ClassroomView {
  return {
    id: c.id,
    title: c.title,
    personas: c.personas,
    mode: c.mode,
    motion: c.motion,
    stances: c.stances ?? {},
    asOf: c.as_of,
    visibility: c.visibility,
    locked: c.locked,
    ended: c.ended_at !== null,
    createdAt: c.created_at.toISOString(),
    endedAt: c.ended_at?.toISOString() ?? null,
    deleteAfter: c.delete_after.toISOString(),
    debate: c.mode === 'debate' ? { turn: c.debate_turn, nextPersona: nextSpeaker(c) } : null,
    pinned,
    lastEventId: Number(c.last_event_id),
  };
}

/** Debaters speak in the order they were named, round after round. */
export function speakerForTurn(personas: string[], turn: number): string {
  return personas[(turn - 1) % personas.length];
}

function nextSpeaker(c: ClassroomRow): string | null {
  return c.motion && c.personas.length > 0 ? speakerForTurn(c.personas, c.debate_turn + 1) : null;
}

export function toExchange(e: ExchangeRow): Exchange {
  return {
    id: e.id,
    kind: e.kind,
    participantId: e.participant_id,
    displayName: e.display_name,
    persona: e.persona,
    question: e.question,
    status: e.status,
    debateTurn: e.debate_turn,
    pinned: e.pinned,
    createdAt: e.created_at.toISOString(),
    answer: e.answer ? toClassroomAnswer(e.answer) : null,
    error: e.error_code ? { code: e.error_code, message: e.error_message ?? '' } : null,
  };
}

/**
 * An answer as the class sees it: without the id (or secret) of the conversation it belongs to, which is the
 * asker's and is reachable only through the session.
 */
export function toClassroomAnswer(answer: Answer): ClassroomAnswer {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { conversationId, conversationSecret, ...rest } = answer;
  return rest;
}
