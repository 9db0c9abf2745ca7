/** The app's screens, addressed by the URL hash so the api serves one index.html for all of them. */
export type Route =
  | { name: 'home' }
  | { name: 'chat'; persona: string }
  | { name: 'debate' }
  | { name: 'classroom-new' }
  | { name: 'classroom-teacher'; id: string }
  | { name: 'join'; code: string }
  | { name: 'classroom-student'; id: string }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0) return { name: 'home' };
  if (first === 'chat' && second && parts.length === 2) return { name: 'chat', persona: second };
  if (first === 'debate' && parts.length === 1) return { name: 'debate' };
  if (first === 'join' && parts.length <= 2) return { name: 'join', code: second ?? '' };
  if (first === 'classroom' && second === 'new' && parts.length === 2) return { name: 'classroom-new' };
  if (first === 'classroom' && second && third === 'teach') return { name: 'classroom-teacher', id: second };
  if (first === 'classroom' && second && third === 'student')
    return { name: 'classroom-student', id: second };
  return { name: 'not-found', path };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'chat':
      return `#/chat/${encodeURIComponent(route.persona)}`;
    case 'debate':
      return '#/debate';
    case 'classroom-new':
      return '#/classroom/new';
    case 'classroom-teacher':
      return `#/classroom/${encodeURIComponent(route.id)}/teach`;
    case 'classroom-student':
      return `#/classroom/${encodeURIComponent(route.id)}/student`;
    case 'join':
      return route.code ? `#/join/${encodeURIComponent(route.code)}` : '#/join';
    case 'not-found':
      return `#${route.path}`;
  }
}
