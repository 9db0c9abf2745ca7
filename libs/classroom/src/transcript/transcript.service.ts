import { Inject, Injectable } from '@nestjs/common';
import { debateClaim, type Transcript, type TranscriptEntry, type TranscriptFormat } from '@parley/contracts';
import { AppError, ErrorCode } from '@parley/core';
import { CLOCK, type Clock } from '../classroom.options';
import { toClassroomView } from '../classroom.mapper';
import { requireTeacherOf, type Principal } from '../principal';
import { ClassroomRepository } from '../repositories/classroom.repository';
import { EventRepository } from '../repositories/event.repository';
import { ExchangeRepository, type ExchangeRow } from '../repositories/exchange.repository';
import { renderTranscriptHtml } from './transcript-html';
import { renderTranscriptMarkdown, type MarkdownOptions } from './transcript-markdown';

export interface RenderedTranscript {
  contentType: string;
  body: string;
  filename: string;
}

/** The record of a session for its teacher: every exchange and broadcast in order, with citations. */
@Injectable()
export class TranscriptService {
  constructor(
    private readonly classrooms: ClassroomRepository,
    private readonly exchanges: ExchangeRepository,
    private readonly events: EventRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async build(principal: Principal, classroomId: string): Promise<Transcript> {
    requireTeacherOf(principal, classroomId);
    const classroom = await this.classrooms.find(classroomId);
    if (!classroom) throw new AppError(ErrorCode.UnknownClassroom, 'This session no longer exists.');
    const [participants, exchanges, pinned, broadcasts] = await Promise.all([
      this.classrooms.listParticipants(classroomId),
      this.exchanges.list(classroomId),
      this.exchanges.pinnedIds(classroomId),
      this.events.ofType(classroomId, 'broadcast'),
    ]);
    const entries: TranscriptEntry[] = [
      ...exchanges.map((e, i) => withClaimAnswered(toEntry(e), e, exchanges.slice(0, i))),
      ...broadcasts.map((b) => ({
        kind: 'broadcast' as const,
        at: b.at,
        text: (b.data as { text: string }).text,
      })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    return {
      classroom: toClassroomView(classroom, pinned),
      participants: participants.map((p) => ({
        id: p.id,
        role: p.role,
        displayName: p.display_name,
        removed: p.removed_at !== null,
      })),
      entries,
      generatedAt: this.clock.now().toISOString(),
    };
  }

  async render(
    principal: Principal,
    classroomId: string,
    format: TranscriptFormat,
    options: MarkdownOptions = {},
  ): Promise<RenderedTranscript> {
    const transcript = await this.build(principal, classroomId);
    const filename = `parley-transcript-${classroomId.slice(0, 8)}`;
    switch (format) {
      case 'json':
        return {
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify(transcript, null, 2),
          filename: `${filename}.json`,
        };
      case 'md':
        return {
          contentType: 'text/markdown; charset=utf-8',
          body: renderTranscriptMarkdown(transcript, options),
          filename: `${filename}.md`,
        };
      case 'html':
        return {
          contentType: 'text/html; charset=utf-8',
          body: renderTranscriptHtml(transcript),
          filename: `${filename}.html`,
        };
    }
  }
}

/** A debate turn with the claim of the turn before it (another speaker's, answered), which it answers. */
function withClaimAnswered(entry: TranscriptEntry, e: ExchangeRow, earlier: ExchangeRow[]): TranscriptEntry {
  if (entry.kind !== 'exchange' || e.kind !== 'debate_turn' || !e.debate_turn || e.debate_turn < 2)
    return entry;
  const previous = earlier.filter((x) => x.kind === 'debate_turn').at(-1);
  if (!previous?.answer || previous.debate_turn !== e.debate_turn - 1 || previous.persona === e.persona)
    return entry;
  const claim = debateClaim(previous.answer);
  if (!claim) return entry;
  const { quote, personaName, citation } = claim;
  return { ...entry, answering: { personaName, quote, title: citation.title, source: citation.source } };
}

function toEntry(e: ExchangeRow): TranscriptEntry {
  return {
    kind: 'exchange',
    at: e.created_at.toISOString(),
    exchangeId: e.id,
    asker: e.kind === 'debate_turn' ? `Debate turn ${e.debate_turn}` : (e.display_name ?? 'Unknown'),
    persona: e.persona,
    personaName: e.answer?.persona.name ?? e.persona,
    question: e.question,
    status: e.status,
    debateTurn: e.debate_turn,
    pinned: e.pinned,
    answer: e.answer?.answer ?? null,
    refusal: e.answer?.refusal ?? null,
    context: e.answer?.context ?? null,
    citations: (e.answer?.citations ?? []).map((c) => ({
      marker: c.marker,
      source: c.source,
      title: c.title,
      author: c.author,
      date: c.date,
      url: c.url,
      quote: c.quote,
    })),
    ...(e.answer?.readFurther?.length ? { readFurther: e.answer.readFurther } : {}),
  };
}
