import { z } from 'zod';
import { ClassroomAnswerSchema, CitationSchema, ReadFurtherSchema } from './chat.schema';
import { IsoDateSchema, PersonaIdSchema, stripControlCharacters } from './common.schema';

/** Join codes use digits and capitals without the look-alikes 0/O, 1/I/L: read aloud or off a board without mistakes. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 8;
export const MAX_DISPLAY_NAME_CHARS = 40;
export const MAX_TITLE_CHARS = 120;
export const MAX_MOTION_CHARS = 300;
/** A debater's assigned stance on the motion. */
export const MAX_STANCE_CHARS = 200;
export const MAX_BROADCAST_CHARS = 1000;
export const DEFAULT_RETENTION_DAYS = 30;

/** Free text from a person: control characters removed, trimmed, bounded. Always rendered as text, never as HTML. */
export function plainText(max: number, options: { multiline?: boolean } = {}) {
  return z
    .string()
    .transform((s) => stripControlCharacters(s, options.multiline).trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));
}

// An email address (spaces around the @ included) or a run of seven or more digits (a phone or student number).
const LOOKS_LIKE_CONTACT = /[^\s@]+\s*@\s*[^\s@]+\.[a-z]{2,}|(?:\d[^\d\p{L}]{0,3}){7}/iu;

// Characters that render as nothing (soft hyphen, zero-width and bidi controls, variation selectors); invisible
// letters such as the Hangul filler U+3164 are read as spaces.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const withoutInvisible = (s: string) => s.replace(INVISIBLE, (c) => (/\p{L}/u.test(c) ? ' ' : ''));

/**
 * A display name is the only personal data a student gives: one line in NFKC, invisible characters removed,
 * whitespace collapsed, at most 40 characters, with a visible letter or digit (not only blanks, braille blanks or
 * accents), and not an email address or phone number (which would identify a child outside the class).
 */
export const DisplayNameSchema = z
  .string()
  .transform((s) => withoutInvisible(stripControlCharacters(s).normalize('NFKC')).replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .refine((s) => /[\p{L}\p{N}]/u.test(s), 'must contain a visible letter or digit')
      .max(MAX_DISPLAY_NAME_CHARS, `must be at most ${MAX_DISPLAY_NAME_CHARS} characters`)
      .refine(
        (s) => !LOOKS_LIKE_CONTACT.test(s),
        'must be a first name or a nickname, not an email address or a phone number',
      ),
  );

/** Accepts a code as typed (lower case, spaces or dashes) and normalises it. */
export const JoinCodeSchema = z
  .string()
  .max(32)
  .transform((s) => s.toUpperCase().replace(/[\s-]+/g, ''))
  .pipe(
    z
      .string()
      .regex(
        new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`),
        `must be the ${JOIN_CODE_LENGTH}-character code shown by the teacher`,
      ),
  );

export const ClassroomModeSchema = z.enum(['qa', 'debate']);
export type ClassroomMode = z.infer<typeof ClassroomModeSchema>;
export const VisibilitySchema = z.enum(['private', 'shared']);
export type Visibility = z.infer<typeof VisibilitySchema>;
export const RoleSchema = z.enum(['teacher', 'student']);
export type Role = z.infer<typeof RoleSchema>;

/** `POST /api/classrooms`. A debate needs two or three personas. */
export const CreateClassroomRequestSchema = z
  .object({
    title: plainText(MAX_TITLE_CHARS),
    personas: z
      .array(PersonaIdSchema)
      .min(1, 'name at least one persona')
      .max(3, 'at most three personas')
      .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a persona'),
    mode: ClassroomModeSchema.default('qa'),
    motion: plainText(MAX_MOTION_CHARS).optional(),
    /** A debate's stances: what each debater (by persona id) argues; a debater without one declares its own. */
    stances: z.record(PersonaIdSchema, plainText(MAX_STANCE_CHARS)).optional(),
    asOf: IsoDateSchema.optional(),
    visibility: VisibilitySchema.default('private'),
    retentionDays: z.number().int().min(1).max(365).default(DEFAULT_RETENTION_DAYS),
    teacherName: DisplayNameSchema.optional(),
  })
  .refine((c) => c.mode !== 'debate' || c.personas.length >= 2, {
    path: ['personas'],
    message: 'a debate needs two or three personas',
  })
  .refine((c) => Object.keys(c.stances ?? {}).every((p) => c.personas.includes(p)), {
    path: ['stances'],
    message: 'a stance must belong to one of the personas',
  });
export type CreateClassroomRequest = z.infer<typeof CreateClassroomRequestSchema>;

export const ParticipantSchema = z.object({ id: z.string(), role: RoleSchema, displayName: z.string() });
export type ParticipantDto = z.infer<typeof ParticipantSchema>;

/** What every participant may know about a session. */
export const ClassroomViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  personas: z.array(z.string()),
  mode: ClassroomModeSchema,
  motion: z.string().nullable(),
  /** A debate's assigned stances by persona id (empty when the debaters declare their own). */
  stances: z.record(z.string(), z.string()),
  asOf: z.string().nullable(),
  visibility: VisibilitySchema,
  locked: z.boolean(),
  ended: z.boolean(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  /** When the session and everything in it is deleted. */
  deleteAfter: z.string(),
  debate: z.object({ turn: z.number().int(), nextPersona: z.string().nullable() }).nullable(),
  pinned: z.array(z.string()),
  lastEventId: z.number().int(),
});
export type ClassroomView = z.infer<typeof ClassroomViewSchema>;

export const CreateClassroomResponseSchema = z.object({
  classroom: ClassroomViewSchema,
  joinCode: z.string(),
  participantId: z.string(),
  /** Bearer token for the REST routes and the socket.io handshake; shown once, stored only as a hash. */
  teacherToken: z.string(),
});
export type CreateClassroomResponse = z.infer<typeof CreateClassroomResponseSchema>;

/** `POST /api/classrooms/join`: the code and a display name, nothing else. */
export const JoinClassroomRequestSchema = z.object({ code: JoinCodeSchema, displayName: DisplayNameSchema });
export type JoinClassroomRequest = z.infer<typeof JoinClassroomRequestSchema>;

export const JoinClassroomResponseSchema = z.object({
  classroom: ClassroomViewSchema,
  participantId: z.string(),
  /** The name the session shows: as given, or with a suffix ("Anna (2)") when another participant reads the same. */
  displayName: z.string(),
  token: z.string(),
});
export type JoinClassroomResponse = z.infer<typeof JoinClassroomResponseSchema>;

export const ExchangeStatusSchema = z.enum(['held', 'answering', 'answered', 'failed', 'dismissed']);
export type ExchangeStatus = z.infer<typeof ExchangeStatusSchema>;

/** One question to a persona (or one debate turn) and its answer once there is one. */
export const ExchangeSchema = z.object({
  id: z.string(),
  kind: z.enum(['question', 'debate_turn']),
  participantId: z.string().nullable(),
  displayName: z.string().nullable(),
  persona: z.string(),
  question: z.string(),
  status: ExchangeStatusSchema,
  debateTurn: z.number().int().nullable(),
  pinned: z.boolean(),
  createdAt: z.string(),
  answer: ClassroomAnswerSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type Exchange = z.infer<typeof ExchangeSchema>;

export const TranscriptFormatSchema = z.enum(['md', 'json', 'html']);
export type TranscriptFormat = z.infer<typeof TranscriptFormatSchema>;
/** An IANA time zone the runtime knows (`Europe/Paris`), for the times of a Markdown or HTML transcript. */
export const TimeZoneSchema = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Paris');
export const TranscriptQuerySchema = z.object({
  format: TranscriptFormatSchema.default('json'),
  /** The reader's time zone: Markdown shows local times with it; UTC when absent. */
  tz: TimeZoneSchema.optional(),
});

const TranscriptCitationSchema = CitationSchema.pick({
  marker: true,
  source: true,
  title: true,
  author: true,
  date: true,
  url: true,
  quote: true,
});

/** `GET /api/classrooms/:id/transcript?format=json`: every exchange and broadcast in order, with citations. */
export const TranscriptSchema = z.object({
  classroom: ClassroomViewSchema,
  participants: z.array(ParticipantSchema.extend({ removed: z.boolean() })),
  entries: z.array(
    z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('exchange'),
        at: z.string(),
        exchangeId: z.string(),
        asker: z.string(),
        persona: z.string(),
        personaName: z.string(),
        question: z.string(),
        status: ExchangeStatusSchema,
        debateTurn: z.number().int().nullable(),
        pinned: z.boolean(),
        answer: z.string().nullable(),
        refusal: z.string().nullable(),
        context: z.string().nullable(),
        citations: z.array(TranscriptCitationSchema),
        /** On a `no_sources` refusal: the documents the answer offered to read instead (titles, never quotes). */
        readFurther: z.array(ReadFurtherSchema).optional(),
        /** A debate turn: the previous speaker's claim it answers, verbatim, and where it comes from. */
        answering: z
          .object({ personaName: z.string(), quote: z.string(), title: z.string(), source: z.string() })
          .optional(),
      }),
      z.object({ kind: z.literal('broadcast'), at: z.string(), text: z.string() }),
    ]),
  ),
  generatedAt: z.string(),
});
export type Transcript = z.infer<typeof TranscriptSchema>;
export type TranscriptEntry = Transcript['entries'][number];
