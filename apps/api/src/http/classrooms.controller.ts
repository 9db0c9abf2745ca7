import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ClassroomService,
  RetentionService,
  TRANSCRIPT_HTML_CSP,
  TranscriptService,
  type Principal,
} from '@parley/classroom';
import {
  CreateClassroomRequestSchema,
  JoinClassroomRequestSchema,
  ClassroomViewSchema,
  CreateClassroomResponseSchema,
  JoinClassroomResponseSchema,
  TranscriptQuerySchema,
  TranscriptSchema,
  type ClassroomView,
  type CreateClassroomResponse,
  type JoinClassroomResponse,
} from '@parley/contracts';
import { AppError, ErrorCode, parseOrThrow } from '@parley/core';
import { Returns } from './response-contract';

/** Classroom sessions over HTTP: create, join, read, transcript, delete. Live traffic goes over socket.io `/classroom`. */
@Controller('api/classrooms')
export class ClassroomsController {
  constructor(
    @Inject(ClassroomService) private readonly sessions: ClassroomService,
    @Inject(TranscriptService) private readonly transcripts: TranscriptService,
    @Inject(RetentionService) private readonly retention: RetentionService,
  ) {}

  @Post()
  @HttpCode(201)
  @Returns(CreateClassroomResponseSchema, 201)
  create(@Body() body: unknown, @Req() req: Request): Promise<CreateClassroomResponse> {
    return this.sessions.create(parseOrThrow(CreateClassroomRequestSchema, body), clientAddress(req));
  }

  @Post('join')
  @HttpCode(201)
  @Returns(JoinClassroomResponseSchema, 201)
  join(@Body() body: unknown, @Req() req: Request): Promise<JoinClassroomResponse> {
    return this.sessions.join(parseOrThrow(JoinClassroomRequestSchema, body), clientAddress(req));
  }

  @Get(':id')
  @Returns(ClassroomViewSchema)
  async view(@Param('id') id: string, @Req() req: Request): Promise<ClassroomView> {
    const principal = await this.principal(req);
    if (principal.classroomId !== id)
      throw new AppError(ErrorCode.Forbidden, 'This token belongs to another session.');
    return this.sessions.view(principal);
  }

  /** Teacher only; `format=html` is a standalone printable page that loads and runs nothing. */
  @Get(':id/transcript')
  @Returns(TranscriptSchema, 200, 'the transcript')
  async transcript(
    @Param('id') id: string,
    @Query() query: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { format, tz } = parseOrThrow(TranscriptQuerySchema, query);
    const rendered = await this.transcripts.render(await this.principal(req), id, format, { timeZone: tz });
    res.setHeader('Content-Type', rendered.contentType);
    res.setHeader('Content-Disposition', `inline; filename="${rendered.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'html') res.setHeader('Content-Security-Policy', TRANSCRIPT_HTML_CSP);
    res.status(200).send(rendered.body);
  }

  /** Teacher only: deletes the session and everything in it now. */
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() req: Request): Promise<void> {
    await this.retention.deleteNow(await this.principal(req), id);
  }

  private principal(req: Request): Promise<Principal> {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new AppError(
        ErrorCode.Unauthorized,
        'Send the session token as "Authorization: Bearer <token>".',
      );
    return this.sessions.authenticate(match[1]);
  }
}

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
