import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';

export type ConnectionStatus = 'online' | 'reconnecting' | 'reconnected';

interface ConnectionApi {
  status: ConnectionStatus;
  /** Call when a request failed because the server was unreachable: starts probing until it answers again. */
  reportLost(): void;
  /** Runs `listener` each time the connection comes back; returns the unsubscribe function. */
  onReconnect(listener: () => void): () => void;
}

const ConnectionContext = createContext<ConnectionApi | null>(null);

const MAX_DELAY_MS = 5_000;
// An idle page learns the server went away within this long (one small request to /health per interval).
const HEARTBEAT_MS = 3_000;

async function serverAnswers(): Promise<boolean> {
  try {
    const res = await fetch('/health', { cache: 'no-store' });
    return res.status < 500 || res.status === 503;
  } catch {
    return false;
  }
}

/** Watches the connection to the api: lost requests and browser offline events trigger backoff probing of `/health`. */
export function ConnectionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<ConnectionStatus>('online');
  const listeners = useRef(new Set<() => void>());
  const probing = useRef(false);
  const timer = useRef<number | undefined>(undefined);

  const probe = useCallback((delay: number) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      void serverAnswers().then((ok) => {
        if (!ok) return probe(Math.min(delay * 2, MAX_DELAY_MS));
        probing.current = false;
        setStatus('reconnected');
        for (const l of listeners.current) l();
        timer.current = window.setTimeout(() => setStatus((s) => (s === 'reconnected' ? 'online' : s)), 4000);
      });
    }, delay);
  }, []);

  const reportLost = useCallback(() => {
    setStatus('reconnecting');
    if (probing.current) return;
    probing.current = true;
    probe(1000);
  }, [probe]);

  useEffect(() => {
    const offline = () => reportLost();
    const online = () => {
      if (probing.current) probe(0);
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      window.clearTimeout(timer.current);
    };
  }, [probe, reportLost]);

  // A page nobody is using sends no requests, so nothing would notice a stopped server: ask now and then.
  useEffect(() => {
    if (status !== 'online') return;
    const beat = window.setInterval(() => {
      if (document.visibilityState === 'hidden' || probing.current) return;
      void serverAnswers().then((ok) => {
        if (!ok) reportLost();
      });
    }, HEARTBEAT_MS);
    return () => window.clearInterval(beat);
  }, [status, reportLost]);

  const onReconnect = useCallback((listener: () => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo(() => ({ status, reportLost, onReconnect }), [status, reportLost, onReconnect]);
  return <ConnectionContext.Provider value={value}>{children}</ConnectionContext.Provider>;
}

export function useConnection(): ConnectionApi {
  const api = useContext(ConnectionContext);
  if (!api) throw new Error('useConnection needs a ConnectionProvider');
  return api;
}

export function ConnectionBanner() {
  const { status } = useConnection();
  return (
    <div className="connection-banner" role="status" aria-live="polite" data-status={status}>
      {status === 'reconnecting' && 'Cannot reach Parley. Reconnecting…'}
      {status === 'reconnected' && 'Reconnected.'}
    </div>
  );
}
