import { usePersonas } from './api/use-personas';
import { PersonaCards } from './chat/persona-cards';
import { href } from './routing/use-hash-route';

export function HomePage() {
  const personas = usePersonas();
  return (
    <main id="main" tabIndex={-1} className="page home">
      <section aria-labelledby="intro">
        <h1 id="intro">Question the revolutionaries in their own words</h1>
        <p className="lead">
          Each persona answers only from their own writings. Every answer cites its sources, down to the
          passage you can read for yourself.
        </p>
      </section>
      <section aria-labelledby="choose">
        <h2 id="choose">Choose someone to question</h2>
        {personas.error && (
          <div className="error" role="alert">
            <p>Could not load the personas. {personas.error}</p>
            <button type="button" className="button" onClick={personas.reload}>
              Try again
            </button>
          </div>
        )}
        {!personas.data && !personas.error && <p className="muted">Loading…</p>}
        {personas.data && <PersonaCards personas={personas.data} />}
      </section>
      <section aria-labelledby="more" className="more">
        <h2 id="more">More ways to use Parley</h2>
        <ul className="tiles">
          <li>
            <a className="tile" href={href({ name: 'debate' })}>
              <strong>Debate</strong>
              <span>Two or three personas argue a motion in turns, each from their own writings.</span>
            </a>
          </li>
          <li>
            <a className="tile" href={href({ name: 'classroom-new' })}>
              <strong>Run a class</strong>
              <span>Start a session for your students and follow every question live.</span>
            </a>
          </li>
          <li>
            <a className="tile" href={href({ name: 'join', code: '' })}>
              <strong>Join a class</strong>
              <span>Enter the code your teacher wrote on the board.</span>
            </a>
          </li>
        </ul>
      </section>
    </main>
  );
}
