// Remembers the current conversation per persona, so a page reload picks it up again from the api.

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

export function loadConversationId(persona: string): string | null {
  return storage()?.getItem(key(persona)) ?? null;
}

export function saveConversationId(persona: string, id: string | null): void {
  const s = storage();
  if (!s) return;
  if (id) s.setItem(key(persona), id);
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
