import type { CreateClassroomResponse } from '@parley/contracts';
import { connect, createClassroom, emitAck, Inbox, joinClassroom, type ClientSocket } from './clients';

export interface Member {
  name: string;
  token: string;
  participantId: string;
  socket: ClientSocket;
  inbox: Inbox;
}

export interface Room {
  created: CreateClassroomResponse;
  teacher: Member;
  students: Member[];
  close(): void;
}

/** A session with a connected teacher and `students` connected students, each resynced from the start. */
export async function openRoom(
  url: string,
  options: { students?: number; create?: Parameters<typeof createClassroom>[1] } = {},
): Promise<Room> {
  const created = await createClassroom(url, options.create);
  const teacher = await member(url, 'Ms Rivera', created.teacherToken, created.participantId);
  const students: Member[] = [];
  for (let i = 0; i < (options.students ?? 3); i++) {
    const name = `Student ${String.fromCharCode(65 + i)}`;
    const joined = await joinClassroom(url, created.joinCode, name);
    students.push(await member(url, name, joined.token, joined.participantId));
  }
  return {
    created,
    teacher,
    students,
    close() {
      for (const m of [teacher, ...students]) m.socket.close();
    },
  };
}

export async function member(
  url: string,
  name: string,
  token: string,
  participantId: string,
): Promise<Member> {
  const socket = await connect(url, '/classroom', token);
  const inbox = new Inbox(socket);
  const ack = await emitAck(socket, 'resync', { after: 0 });
  if (!ack.ok) throw new Error(`resync failed: ${JSON.stringify(ack.error)}`);
  return { name, token, participantId, socket, inbox };
}
