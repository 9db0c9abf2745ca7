import { CreateClassroomForm } from './create-classroom-form';

export function NewClassroomPage() {
  return (
    <main id="main" tabIndex={-1} className="page">
      <h1>Run a class session</h1>
      <p className="lead">
        Students join with a short code and a display name only. You see every question and answer as it
        happens.
      </p>
      <CreateClassroomForm />
    </main>
  );
}
