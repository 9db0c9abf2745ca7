// Remembers the current conversation per persona with its secret (the only key the api accepts to read or
// continue it), so a page reload picks it up again from the api.

const key = (persona: string) => `parley:conversation:${persona}`;
const settingsKey = (persona: string) => `parley:settings:${persona}`;

export interface ChatSettings {
  asOf: string;
  mode: 'persona' | 'historian';
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export interface StoredConversation {
  id: string;
  secret: string;
}

/** The stored conversation, or null (none, or one saved before conversations had secrets: it cannot be opened). */
export function loadConversation(persona: string): StoredConversation | null {
  try {
    const stored = JSON.parse(
      storage()?.getItem(key(persona)) ?? 'null',
    ) as Partial<StoredConversation> | null;
    return typeof stored?.id === 'string' && typeof stored.secret === 'string'
      ? { id: stored.id, secret: stored.secret }
      : null;
  } catch {
    return null;
  }
}

export function saveConversation(persona: string, conversation: StoredConversation | null): void {
  const s = storage();
  if (!s) return;
  if (conversation) s.setItem(key(persona), JSON.stringify(conversation));
  else s.removeItem(key(persona));
}

export function loadSettings(persona: string): Partial<ChatSettings> {
  try {
    return JSON.parse(storage()?.getItem(settingsKey(persona)) ?? '{}') as Partial<ChatSettings>;
  } catch {
    return {};
  }
}

export function saveSettings(persona: string, settings: ChatSettings): void {
  storage()?.setItem(settingsKey(persona), JSON.stringify(settings));
}
