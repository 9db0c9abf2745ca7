import { useEffect } from 'react';
import { ChatPage } from './chat/chat-page';
import { ConnectionBanner, ConnectionProvider } from './connection/connection-context';
import { JoinPage } from './classroom/join-page';
import { NewClassroomPage } from './classroom/new-classroom-page';
import { loadSession } from './classroom/classroom-session';
import { StudentPage } from './classroom/student-view';
import { TeacherPage } from './classroom/teacher-dashboard';
import { DebatePage } from './debate/debate-page';
import { HomePage } from './home-page';
import { href, useHashRoute, type Route } from './routing/use-hash-route';
import { SourceViewerProvider } from './sources/source-viewer-context';

export function App() {
  const route = useHashRoute();
  // The dashboard of a debate this browser started is the Debate section's, not Teach's.
  const debating =
    route.name === 'debate' ||
    (route.name === 'classroom-teacher' && loadSession(route.id)?.mode === 'debate');
  useEffect(() => {
    if (route.name !== 'chat') document.title = 'Parley';
    // A new screen starts at the top, with focus where a screen-reader user expects it.
    window.scrollTo(0, 0);
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [route]);
  return (
    <ConnectionProvider>
      <SourceViewerProvider>
        <a
          className="skip-link"
          href="#main"
          onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
        >
          Skip to content
        </a>
        <header className="site-header">
          <a className="brand" href={href({ name: 'home' })}>
            Parley
          </a>
          <nav aria-label="Main">
            <a
              href={href({ name: 'home' })}
              aria-current={route.name === 'home' || route.name === 'chat' ? 'page' : undefined}
            >
              Chat
            </a>
            <a href={href({ name: 'debate' })} aria-current={debating ? 'page' : undefined}>
              Debate
            </a>
            <a
              href={href({ name: 'classroom-new' })}
              aria-current={
                route.name === 'classroom-new' || (route.name === 'classroom-teacher' && !debating)
                  ? 'page'
                  : undefined
              }
            >
              Teach
            </a>
            <a
              href={href({ name: 'join', code: '' })}
              aria-current={route.name === 'join' || route.name === 'classroom-student' ? 'page' : undefined}
            >
              Join
            </a>
          </nav>
        </header>
        <ConnectionBanner />
        <Screen route={route} />
      </SourceViewerProvider>
    </ConnectionProvider>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomePage />;
    case 'chat':
      return <ChatPage personaId={route.persona} />;
    case 'debate':
      return <DebatePage />;
    case 'classroom-new':
      return <NewClassroomPage />;
    case 'classroom-teacher':
      return <TeacherPage key={route.id} classroomId={route.id} />;
    case 'join':
      return <JoinPage key={route.code} code={route.code} />;
    case 'classroom-student':
      return <StudentPage key={route.id} classroomId={route.id} />;
    case 'not-found':
      return (
        <main id="main" tabIndex={-1} className="page">
          <h1>Page not found</h1>
          <p>
            <a href={href({ name: 'home' })}>Go to the start page.</a>
          </p>
        </main>
      );
  }
}
