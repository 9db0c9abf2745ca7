import { ApiError, networkError } from './api-error';

interface ErrorBody {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Turns a non-2xx response into an ApiError using the api's `{ statusCode, code, message }` body. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // A proxy or a crash may answer with something other than JSON; the status still says enough.
  }
  const code = body.code ?? (res.status === 429 ? 'rate_limited' : `http_${res.status}`);
  return new ApiError(res.status, code, body.message ?? res.statusText);
}

/** fetch, with an unreachable server reported as ApiError('network') and aborts passed through untouched. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkError();
  }
  if (!res.ok) throw await errorFromResponse(res);
  return res;
}

export async function getJson<T>(
  path: string,
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await request(path, { signal, headers: { Accept: 'application/json', ...headers } });
  return (await res.json()) as T;
}

export async function sendJson<T>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body: unknown,
  options: { token?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const res = await request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: options.signal,
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
