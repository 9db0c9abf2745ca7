export { ClassroomModule } from './classroom.module';
export {
  CLASSROOM_OPTIONS,
  CLOCK,
  DEFAULT_RETENTION_INTERVAL_MS,
  systemClock,
  type ClassroomModuleOptions,
  type Clock,
  type ResolvedClassroomOptions,
} from './classroom.options';
export { ClassroomService } from './classroom.service';
export { ClassroomControlService } from './classroom-control.service';
export { ClassroomEventBus, type Delivery, type DeliveryListener } from './classroom-event.bus';
export { HELD_NOTICE, QuestionService } from './question.service';
export { DebateService } from './debate.service';
export { TranscriptService, type RenderedTranscript } from './transcript/transcript.service';
export { TRANSCRIPT_HTML_CSP, escapeHtml } from './transcript/transcript-html';
export { escapeMarkdown } from './transcript/transcript-markdown';
export { RetentionService } from './retention.service';
export { ChatTokenService } from './chat-token.service';
export { AnswerRunner, type AnswerJob } from './answer-runner';
export {
  requireNotEnded,
  requireTeacher,
  requireTeacherOf,
  type ClassroomContext,
  type Principal,
} from './principal';
export { RateLimiterService, rateLimited } from './rate-limit/rate-limiter.service';
export {
  DEFAULT_RATE_LIMITS,
  type RateLimitDecision,
  type RateLimitRule,
  type RateLimitRuleName,
  type RateLimitStore,
} from './rate-limit/rate-limit.rules';
export { RedisConnection, type RedisStatus } from './redis/redis-connection';
export { ModerationService, type ModerationVerdict } from './moderation/moderation.service';
export { matchModerationRules } from './moderation/moderation-word-list';
export { generateJoinCode, generateToken, hashToken } from './tokens';
