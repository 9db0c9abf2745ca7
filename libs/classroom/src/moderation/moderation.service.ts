import { Inject, Injectable, Logger } from '@nestjs/common';
import OpenAI from 'openai';
import { APP_CONFIG, type AppConfig } from '@parley/config';
import { matchModerationRules } from './moderation-word-list';
import { errorMessage } from '@parley/core';

export interface ModerationVerdict {
  flagged: boolean;
  categories: string[];
  /** Which checks ran: the offline list always, the provider when configured and reachable. */
  checkedBy: ('list' | 'provider')[];
}

const MODERATION_MODEL = 'omni-moderation-latest';

/** Checks a student's message before it reaches a persona: the offline list, plus the moderation endpoint when configured. */
@Injectable()
export class ModerationService {
  private readonly logger = new Logger(ModerationService.name);
  private readonly client: OpenAI | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client =
      config.OPENAI_MODERATION && config.OPENAI_API_KEY
        ? new OpenAI({
            apiKey: config.OPENAI_API_KEY,
            baseURL: config.OPENAI_BASE_URL,
            timeout: 5000,
            maxRetries: 1,
          })
        : null;
    if (config.OPENAI_MODERATION && !config.OPENAI_API_KEY) {
      this.logger.warn('OPENAI_MODERATION is set without OPENAI_API_KEY; using the offline list only');
    }
  }

  async check(text: string): Promise<ModerationVerdict> {
    const listed = matchModerationRules(text);
    if (listed.length > 0 || !this.client)
      return { flagged: listed.length > 0, categories: listed, checkedBy: ['list'] };
    try {
      const response = await this.client.moderations.create({ model: MODERATION_MODEL, input: text });
      const result = response.results[0];
      const categories = result
        ? Object.entries(result.categories as unknown as Record<string, boolean | null>)
            .filter(([, hit]) => hit === true)
            .map(([name]) => name)
        : [];
      return { flagged: Boolean(result?.flagged), categories, checkedBy: ['list', 'provider'] };
    } catch (e) {
      // The provider being down must not stop the class: the offline list has already passed the message.
      this.logger.warn(`moderation endpoint failed, the offline list decided: ${errorMessage(e)}`);
      return { flagged: false, categories: [], checkedBy: ['list'] };
    }
  }
}
