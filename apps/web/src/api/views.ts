import type { ChatMode, Citation, ReadFurther, Refusal } from '@parley/contracts';

// Response shapes of the read-only HTTP routes (DESIGN.md §4) as the web app uses them.

export interface PersonaSummary {
  id: string;
  name: string;
  born: string;
  died: string;
  /** The default "as of" date. */
  asOf: string;
  description: string;
  /** Questions to start with, which the persona's documents answer. */
  starters: string[];
  documents: number;
}

export interface SourceSummary {
  id: string;
  source: string;
  title: string;
  author: string;
  date: string;
  kind?: string | null;
  translator?: string | null;
  url: string | null;
  license?: string | null;
}

export interface PersonaDetail extends PersonaSummary {
  biography?: string;
  topics?: string[];
  sources: SourceSummary[];
}

export interface DocumentView extends SourceSummary {
  persona?: string;
  published?: string | null;
  text: string;
}

export interface ConversationMessage {
  id: string;
  role: 'user' | 'assistant';
  persona: string;
  mode?: ChatMode;
  content: string;
  status: string;
  refusal: Refusal | null;
  context: string | null;
  notice?: string | null;
  /** Who wrote the answer; `parley:introduction` for Parley's own description of the persona. */
  generator?: string | null;
  citations: Citation[];
  readFurther?: ReadFurther[];
  createdAt?: string;
}

export interface ConversationView {
  id: string;
  persona: string;
  mode: string;
  asOf: string | null;
  messages: ConversationMessage[];
}
