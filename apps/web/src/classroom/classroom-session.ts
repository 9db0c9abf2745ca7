import type { ClassroomMode, Role } from '@parley/contracts';

/** What this browser holds for a session it created or joined; the token is the only credential. */
export interface StoredSession {
  classroomId: string;
  role: Role;
  token: string;
  participantId: string;
  displayName?: string;
  joinCode?: string;
  /** A debate's dashboard belongs under "Debate" in the navigation, a question session's under "Teach". */
  mode?: ClassroomMode;
}

const key = (id: string) => `parley:classroom:${id}`;

export function loadSession(classroomId: string): StoredSession | null {
  try {
    const raw = window.localStorage.getItem(key(classroomId));
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: StoredSession): void {
  try {
    window.localStorage.setItem(key(session.classroomId), JSON.stringify(session));
  } catch {
    // Private browsing may refuse storage; the session then lasts as long as the tab.
  }
}

export function forgetSession(classroomId: string): void {
  try {
    window.localStorage.removeItem(key(classroomId));
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/** "ABCD2345" → "ABCD 2345", easier to read off a board. */
export function formatJoinCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

export function joinLink(code: string): string {
  return `${window.location.origin}${window.location.pathname}#/join/${encodeURIComponent(code)}`;
}
