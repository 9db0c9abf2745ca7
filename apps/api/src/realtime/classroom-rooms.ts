import type { Audience } from '@parley/contracts';
import type { Principal } from '@parley/classroom';

/** socket.io room names of a session: everyone, the teacher, the students, one participant. */
export const rooms = {
  all: (classroomId: string) => `classroom:${classroomId}`,
  teacher: (classroomId: string) => `classroom:${classroomId}:teacher`,
  students: (classroomId: string) => `classroom:${classroomId}:students`,
  participant: (classroomId: string, participantId: string) => `classroom:${classroomId}:p:${participantId}`,
};

export function roomsOf(p: Principal): string[] {
  return [
    rooms.all(p.classroomId),
    p.role === 'teacher' ? rooms.teacher(p.classroomId) : rooms.students(p.classroomId),
    rooms.participant(p.classroomId, p.participantId),
  ];
}

/** The rooms an audience maps to; the teacher is in every audience. */
export function roomsFor(classroomId: string, audience: Audience): string[] {
  switch (audience.scope) {
    case 'all':
      return [rooms.all(classroomId)];
    case 'teacher':
      return [rooms.teacher(classroomId)];
    case 'participant':
      return [rooms.teacher(classroomId), rooms.participant(classroomId, audience.participantId)];
  }
}
