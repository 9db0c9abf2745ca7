import { createHash } from 'node:crypto';

/** The raw-file host of the code forge an `OWNER/NAME` origin repository lives on (GitHub). */
export const DEFAULT_ORIGIN_URL = 'https://raw.githubusercontent.com';

/** `${base}/${repo}/${commit}/${path}` with every path segment URL-encoded (names hold spaces, commas, colons). */
export function originFileUrl(base: string, repo: string, commit: string, path: string): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `${base.replace(/\/+$/, '')}/${repo}/${commit}/${encoded}`;
}

export type FetchLike = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

export interface FetchPolicy {
  fetch: FetchLike;
  /** Attempts after the first, for 5xx answers, timeouts and broken connections. */
  retries: number;
  /** A request that receives nothing for this long is abandoned (and retried). */
  timeoutMs: number;
  /** Wait before retry n (0-based) is backoffMs × 2ⁿ. */
  backoffMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Called with each chunk's size as it arrives (for the progress bar). */
  onBytes?: (n: number) => void;
  signal?: AbortSignal;
}

/** Why a file could not be had; `retryable` failures were already retried as often as the policy allows. */
export class OriginFetchError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** No connection could be made at all (DNS failure, refused): the machine is probably offline. */
    readonly unreachable = false,
  ) {
    super(message);
  }
}

const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH']);

function causeCode(e: unknown): string | undefined {
  let c: unknown = e;
  for (let depth = 0; depth < 4 && c && typeof c === 'object'; depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    c = (c as { cause?: unknown }).cause;
  }
  return undefined;
}

async function readBody(
  res: Response,
  expected: number,
  policy: FetchPolicy,
  stall: () => void,
): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    stall();
    chunks.push(Buffer.from(value));
    total += value.byteLength;
    policy.onBytes?.(value.byteLength);
    // A server that sends more than the catalogue says is not serving this file; stop reading.
    if (total > expected) break;
  }
  return Buffer.concat(chunks);
}

async function attempt(url: string, expected: number, policy: FetchPolicy): Promise<Buffer> {
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const stall = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, policy.timeoutMs);
  };
  const onAbort = (): void => controller.abort();
  policy.signal?.addEventListener('abort', onAbort);
  stall();
  try {
    const res = await policy.fetch(url, { signal: controller.signal });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new OriginFetchError(
        `HTTP ${res.status} ${res.statusText}`.trim(),
        res.status >= 500 || res.status === 429,
      );
    }
    return await readBody(res, expected, policy, stall);
  } catch (e) {
    if (e instanceof OriginFetchError) throw e;
    if (policy.signal?.aborted) throw new OriginFetchError('interrupted', false);
    if (timedOut) throw new OriginFetchError(`no data for ${policy.timeoutMs / 1000} s`, true);
    const code = causeCode(e);
    const reason = code ?? (e as Error).message;
    throw new OriginFetchError(
      `connection failed (${reason})`,
      true,
      code !== undefined && UNREACHABLE.has(code),
    );
  } finally {
    clearTimeout(timer);
    policy.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Fetches one origin file and checks it against the catalogue: 5xx, timeouts and broken connections are
 * retried with exponential backoff; a 4xx, a wrong size or a wrong SHA-256 fails at once (the server has
 * nothing better to give). Resolves with bytes that match the catalogue exactly.
 */
export async function fetchVerified(
  url: string,
  expected: { bytes: number; sha256: string },
  policy: FetchPolicy,
): Promise<Buffer> {
  let last: OriginFetchError | undefined;
  for (let n = 0; n <= policy.retries; n++) {
    if (n > 0) await policy.sleep(policy.backoffMs * 2 ** (n - 1));
    try {
      const body = await attempt(url, expected.bytes, policy);
      if (body.length !== expected.bytes) {
        throw new OriginFetchError(
          body.length < expected.bytes
            ? `truncated: got ${body.length} of ${expected.bytes} bytes`
            : `size mismatch: got more than the ${expected.bytes} bytes expected`,
          false,
        );
      }
      const sha = createHash('sha256').update(body).digest('hex');
      if (sha !== expected.sha256)
        throw new OriginFetchError(
          `SHA-256 mismatch: got ${sha.slice(0, 12)}…, expected ${expected.sha256.slice(0, 12)}…`,
          false,
        );
      return body;
    } catch (e) {
      last = e as OriginFetchError;
      if (!last.retryable || last.unreachable || policy.signal?.aborted) throw last;
    }
  }
  throw new OriginFetchError(
    `${last?.message ?? 'failed'} (gave up after ${policy.retries + 1} attempts)`,
    true,
  );
}
