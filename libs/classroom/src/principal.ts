import type { Role } from '@parley/contracts';
import { AppError, ErrorCode } from '@parley/core';
import type { ClassroomRow, ParticipantRow } from './repositories/classroom.repository';

/** Who is acting: resolved from a token, scoped to exactly one session. */
export interface Principal {
  participantId: string;
  classroomId: string;
  role: Role;
  displayName: string;
}

/** The acting participant and their session as they are now in the database. */
export interface ClassroomContext {
  principal: Principal;
  classroom: ClassroomRow;
  participant: ParticipantRow;
}

export function requireTeacher(p: Principal): void {
  if (p.role !== 'teacher') throw new AppError(ErrorCode.Forbidden, 'Only the teacher can do that.');
}

export function requireNotEnded(classroom: ClassroomRow): void {
  if (classroom.ended_at) throw new AppError(ErrorCode.ClassroomEnded, 'This session has ended.');
}

/** A teacher token opens only its own session; any other id is refused without saying whether it exists. */
export function requireTeacherOf(p: Principal, classroomId: string): void {
  requireTeacher(p);
  if (p.classroomId !== classroomId)
    throw new AppError(ErrorCode.Forbidden, 'This token belongs to another session.');
}
