import { CreateClassroomForm } from '../classroom/create-classroom-form';

/** A debate is a small classroom session in debate mode, run by whoever starts it; others may watch with the code. */
export function DebatePage() {
  return (
    <main id="main" tabIndex={-1} className="page">
      <h1>Stage a debate</h1>
      <p className="lead">
        Choose two or three personas and a motion. They speak in turns, each only from their own writings and
        each with their own citations. You advance the turns; share the code if others should watch and put
        questions to a debater.
      </p>
      <CreateClassroomForm fixedMode="debate" />
    </main>
  );
}
