import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  ClassroomEvent,
  ClassroomView,
  CreateClassroomRequest,
  CreateClassroomResponse,
  Exchange,
  JoinClassroomRequest,
  JoinClassroomResponse,
  Role,
} from '@parley/contracts';
import { ANSWER_PIPELINE, type AnswerPipeline } from '@parley/chat';
import { APP_CONFIG, type AppConfig } from '@parley/config';
import { AppError, ErrorCode } from '@parley/core';
import { Database } from '@parley/database';
import { TEACHER } from './audience';
import { CLOCK, type Clock } from './classroom.options';
import { toClassroomView, toExchange } from './classroom.mapper';
import { EventLog } from './event-log.service';
import { JoinAdmissionService } from './join-admission.service';
import { requireNotEnded, type ClassroomContext, type Principal } from './principal';
import { RateLimiterService } from './rate-limit/rate-limiter.service';
import {
  ClassroomRepository,
  type ClassroomRow,
  type ParticipantRow,
} from './repositories/classroom.repository';
import { EventRepository } from './repositories/event.repository';
import { ExchangeRepository } from './repositories/exchange.repository';
import { reservedNameIn, uniqueDisplayName } from './display-name';
import { generateJoinCode, generateToken, hashToken, looksLikeToken } from './tokens';

const DAY_MS = 24 * 60 * 60 * 1000;
const JOIN_CODE_ATTEMPTS = 5;
// The role word a student may not take as a name, whatever the teacher calls themself.
const TEACHER_ROLE_WORD: Role = 'teacher';

/** Sessions and who is in them: creating, joining, authenticating tokens, reading state and history. */
@Injectable()
export class ClassroomService {
  constructor(
    private readonly db: Database,
    private readonly classrooms: ClassroomRepository,
    private readonly exchanges: ExchangeRepository,
    private readonly events: EventRepository,
    private readonly log: EventLog,
    private readonly limits: RateLimiterService,
    private readonly admission: JoinAdmissionService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ANSWER_PIPELINE) private readonly pipeline: AnswerPipeline,
  ) {}

  /** Creates a session and its teacher; the join code and teacher token are returned once. */
  async create(request: CreateClassroomRequest, clientAddress: string): Promise<CreateClassroomResponse> {
    // Personas that do not exist, or cannot speak as of the session's date, would only fail question by question.
    this.pipeline.assertPersonas(request.personas, request.asOf);
    await this.limits.take('createClassroom', clientAddress, 'sessions created from this address');
    const now = this.clock.now();
    const id = randomUUID();
    const participantId = randomUUID();
    const teacherToken = generateToken();
    for (let attempt = 1; ; attempt++) {
      const joinCode = generateJoinCode();
      try {
        await this.db.transaction(async (tx) => {
          await this.classrooms.insert(
            {
              id,
              title: request.title,
              personas: request.personas,
              mode: request.mode,
              motion: request.motion ?? null,
              stances: request.mode === 'debate' ? (request.stances ?? {}) : {},
              asOf: request.asOf ?? null,
              visibility: request.visibility,
              joinCode,
              retentionDays: request.retentionDays,
              createdAt: now,
              deleteAfter: new Date(now.getTime() + request.retentionDays * DAY_MS),
            },
            tx,
          );
          await this.classrooms.insertParticipant(
            {
              id: participantId,
              classroomId: id,
              role: 'teacher',
              displayName: request.teacherName ?? 'Teacher',
              tokenHash: hashToken(teacherToken),
              joinedAt: now,
            },
            tx,
          );
        });
        return {
          classroom: await this.viewOf(await this.mustFind(id)),
          joinCode,
          participantId,
          teacherToken,
        };
      } catch (e) {
        // A join-code collision (unique violation) is astronomically rare; draw another code.
        if ((e as { code?: string }).code !== '23505' || attempt >= JOIN_CODE_ATTEMPTS) throw e;
      }
    }
  }

  /** A student joins with the code and a display name; see JoinAdmissionService for the limits. */
  async join(request: JoinClassroomRequest, clientAddress: string): Promise<JoinClassroomResponse> {
    const classroom = await this.classrooms.findByJoinCode(request.code);
    if (!classroom) return this.admission.refuseUnknownCode(clientAddress);
    await this.admission.admit(classroom.id, clientAddress);
    const participantId = randomUUID();
    const token = generateToken();
    const displayName = await this.log.commit(classroom.id, async (tx, events) => {
      // Under the row lock, so that joins racing on several instances cannot pass the cap together or take the
      // same name at once.
      const current = (await this.classrooms.findForUpdate(classroom.id, tx)) ?? classroom;
      requireNotEnded(current);
      if (current.locked)
        throw new AppError(ErrorCode.ClassroomLocked, 'The teacher has locked this session.');
      if ((await this.classrooms.countStudents(classroom.id, tx)) >= this.config.CLASSROOM_MAX_STUDENTS)
        throw new AppError(
          ErrorCode.ClassroomFull,
          `This session is full (${this.config.CLASSROOM_MAX_STUDENTS} students). Ask your teacher.`,
        );
      const present = await this.classrooms.listParticipants(classroom.id, tx);
      const name = this.allowedName(request.displayName, present);
      await this.classrooms.insertParticipant(
        {
          id: participantId,
          classroomId: classroom.id,
          role: 'student',
          displayName: name,
          tokenHash: hashToken(token),
          joinedAt: this.clock.now(),
        },
        tx,
      );
      events.record(
        'participant:joined',
        { participant: { id: participantId, role: 'student', displayName: name } },
        TEACHER,
      );
      return name;
    });
    await this.admission.joined(classroom.id, clientAddress);
    return { classroom: await this.viewOf(classroom), participantId, token, displayName };
  }

  /**
   * A student may not pass for the teacher or a persona: the role word, the teacher's name and every persona name
   * are reserved, compared by confusable skeleton (`Теacher` is `Teacher`). A name that reads like another
   * participant's gets a suffix.
   */
  private allowedName(requested: string, present: readonly ParticipantRow[]): string {
    const teachers = present.filter((p) => p.role === 'teacher').map((p) => p.display_name);
    const reserved = reservedNameIn(requested, [
      TEACHER_ROLE_WORD,
      ...teachers,
      ...this.pipeline.personaNames(),
    ]);
    if (reserved)
      throw new AppError(
        ErrorCode.DisplayNameReserved,
        'This name belongs to the teacher or a persona. Choose your own first name or a nickname.',
      );
    return uniqueDisplayName(
      requested,
      present.filter((p) => !p.removed_at).map((p) => p.display_name),
    );
  }

  /** Resolves a bearer token to its participant; refuses unknown, removed and (for students) ended sessions. */
  async authenticate(token: unknown): Promise<Principal> {
    if (!looksLikeToken(token))
      throw new AppError(ErrorCode.Unauthorized, 'A valid session token is required.');
    const found = await this.classrooms.findByTokenHash(hashToken(token));
    if (!found)
      throw new AppError(
        ErrorCode.Unauthorized,
        'This token is not valid (the session may have been deleted).',
      );
    const principal: Principal = {
      participantId: found.participant.id,
      classroomId: found.classroom.id,
      role: found.participant.role,
      displayName: found.participant.display_name,
    };
    this.check({ principal, classroom: found.classroom, participant: found.participant });
    return principal;
  }

  /** The principal's session and participant as they are now; every socket event is checked against this. */
  async context(principal: Principal): Promise<ClassroomContext> {
    const classroom = await this.classrooms.find(principal.classroomId);
    const participant = classroom ? await this.classrooms.findParticipant(principal.participantId) : null;
    if (!classroom || !participant)
      throw new AppError(ErrorCode.UnknownClassroom, 'This session no longer exists.');
    const context = { principal, classroom, participant };
    this.check(context);
    return context;
  }

  async view(principal: Principal): Promise<ClassroomView> {
    const { classroom } = await this.context(principal);
    return this.viewOf(classroom);
  }

  /** Events after `after` that this participant may see, with the session's current state. */
  async resync(
    principal: Principal,
    after: number,
    limit: number,
  ): Promise<{ classroom: ClassroomView; events: ClassroomEvent[]; more: boolean }> {
    const { classroom } = await this.context(principal);
    const found = await this.events.after(classroom.id, after, principal, limit + 1);
    return {
      classroom: await this.viewOf(classroom),
      events: found.slice(0, limit),
      more: found.length > limit,
    };
  }

  /** A participant's exchanges; another student's thread only in a shared session, and never what moderation holds. */
  async thread(principal: Principal, participantId?: string): Promise<Exchange[]> {
    const { classroom } = await this.context(principal);
    const owner = participantId ?? principal.participantId;
    const own = owner === principal.participantId;
    if (!own && principal.role === 'student' && classroom.visibility === 'private') {
      throw new AppError(ErrorCode.Forbidden, 'In this session each student sees only their own questions.');
    }
    if (!own && (await this.classrooms.findParticipant(owner))?.classroom_id !== classroom.id) {
      throw new AppError(ErrorCode.NotFound, 'There is no such participant in this session.');
    }
    const rows = await this.exchanges.list(classroom.id, owner);
    const visible =
      own || principal.role === 'teacher'
        ? rows
        : rows.filter((r) => r.status !== 'held' && r.status !== 'dismissed');
    return visible.map(toExchange);
  }

  async viewOf(classroom: ClassroomRow): Promise<ClassroomView> {
    return toClassroomView(classroom, await this.exchanges.pinnedIds(classroom.id));
  }

  private async mustFind(id: string): Promise<ClassroomRow> {
    const classroom = await this.classrooms.find(id);
    if (!classroom) throw new AppError(ErrorCode.UnknownClassroom, 'This session no longer exists.');
    return classroom;
  }

  private check({ principal, classroom, participant }: ClassroomContext): void {
    if (participant.removed_at)
      throw new AppError(ErrorCode.Forbidden, 'You have been removed from this session.');
    // Student tokens expire with the session; the teacher's lasts until deletion (for the transcript).
    if (principal.role === 'student') requireNotEnded(classroom);
  }
}
