import {
  INTRODUCTION_GENERATOR,
  type ChatMode,
  type ClassroomAnswer,
  type Citation,
  type ConversationMessage,
  type ReadFurther,
  type Refusal,
} from '@parley/contracts';

export interface UserEntry {
  kind: 'user';
  id: string;
  text: string;
}

export interface AnswerEntry {
  kind: 'answer';
  id: string;
  personaId: string;
  personaName: string;
  /** `historian`: a historian answers about the persona, out of character. */
  mode: ChatMode;
  asOf: string | null;
  text: string;
  citations: Citation[];
  refusal: Refusal | null;
  context: string | null;
  notice: string | null;
  /** On a "no record" refusal: documents that came closest, to read instead. */
  readFurther: ReadFurther[];
  /** Parley's own description of the persona (the reply to a greeting), not the persona's words. */
  introduction: boolean;
  status: 'streaming' | 'complete' | 'failed';
  /** Why it failed, for people. */
  error?: string;
  /** The question it answers, so a failed answer can be asked again. */
  question?: string;
}

export type ChatEntry = UserEntry | AnswerEntry;

/** An entry for an answer, from the chat or from a classroom (which never names the conversation). */
export function entryFromAnswer(answer: ClassroomAnswer, mode: ChatMode, question?: string): AnswerEntry {
  return {
    kind: 'answer',
    id: answer.messageId,
    personaId: answer.persona.id,
    personaName: answer.persona.name,
    mode,
    asOf: mode === 'historian' ? null : answer.persona.asOf,
    text: answer.answer,
    citations: answer.citations,
    refusal: answer.refusal,
    context: answer.context,
    notice: answer.notice ?? null,
    readFurther: answer.readFurther ?? [],
    introduction: answer.generator === INTRODUCTION_GENERATOR,
    status: 'complete',
    question,
  };
}

/** Entries of a stored conversation; an assistant message left unfinished (the page was closed mid-answer) shows as failed. */
export function entriesFromMessages(
  messages: ConversationMessage[],
  personaName: string,
  asOf: string | null,
): ChatEntry[] {
  let lastQuestion = '';
  return messages.map((m): ChatEntry => {
    if (m.role === 'user') {
      lastQuestion = m.content;
      return { kind: 'user', id: m.id, text: m.content };
    }
    const complete = m.status === 'complete';
    return {
      kind: 'answer',
      id: m.id,
      personaId: m.persona,
      personaName,
      mode: m.mode,
      asOf: m.mode === 'historian' ? null : asOf,
      text: m.content,
      citations: m.citations,
      refusal: m.refusal,
      context: m.context,
      notice: m.notice,
      readFurther: m.readFurther ?? [],
      introduction: m.generator === INTRODUCTION_GENERATOR,
      status: complete ? 'complete' : 'failed',
      error: complete ? undefined : 'This answer was interrupted before it finished.',
      question: lastQuestion,
    };
  });
}
