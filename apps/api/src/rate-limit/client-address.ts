import type { IncomingMessage } from 'node:http';

/** Express's compiled `trust proxy` setting: is the hop at distance `i` a proxy we trust? */
export type TrustProxy = (address: string, i: number) => boolean;

/**
 * The client's address as Express computes `req.ip`: the TCP peer, then `X-Forwarded-For` from right to left
 * for as long as each hop is a trusted proxy. With no proxy trusted (the default) a header changes nothing.
 */
export function clientAddress(request: IncomingMessage, trust: TrustProxy): string {
  const forwarded = headerValue(request.headers['x-forwarded-for'])
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .reverse();
  const hops = [request.socket.remoteAddress ?? 'unknown', ...forwarded];
  let i = 0;
  while (i < hops.length - 1 && trust(hops[i], i)) i++;
  return hops[i];
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}
