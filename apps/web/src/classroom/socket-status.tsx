import type { SocketError } from '@parley/contracts';
import type { SocketStatus } from './use-classroom';

const REFUSALS: Record<string, string> = {
  unauthorized: 'This session link is no longer valid: the session may have ended or been deleted.',
  forbidden: 'You are not allowed into this session.',
  unknown_classroom: 'This session no longer exists.',
  classroom_ended: 'This session has ended.',
};

/** Connection state of a live session, announced politely; a refusal is final and says why. */
export function SocketStatusBanner({
  status,
  refusal,
}: {
  status: SocketStatus;
  refusal: SocketError | null;
}) {
  let text = '';
  if (status === 'connecting') text = 'Connecting to the session…';
  if (status === 'reconnecting') text = 'Connection lost. Reconnecting… Nothing will be missed.';
  if (status === 'refused')
    text = refusal ? (REFUSALS[refusal.code] ?? refusal.message) : 'The server closed this session.';
  return (
    <div className="socket-status" role="status" aria-live="polite" data-status={status}>
      {text}
    </div>
  );
}
