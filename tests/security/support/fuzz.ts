import { request as httpRequest } from 'node:http';
import { MESSAGE_MAPPING_METADATA, MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { z } from 'zod';
import { EXILE, FIXTURE_DOCS, FOUNDER } from '../../support/fixture-corpus';
import { RELAXED_LIMITS } from '../../support/rate-limits';
import { startApp, type TestApp } from '../../support/test-app';

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from the seed printed with it. */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** The seed of a run: `FUZZ_SEED` replays one, otherwise a fixed default keeps `npm test` reproducible. */
export function fuzzSeed(): number {
  const fromEnv = Number(process.env.FUZZ_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 20_251_127;
}

/** Text an attacker types: SQL, markup, control and invisible characters, odd Unicode. All valid strings. */
export const HOSTILE_STRINGS: readonly string[] = [
  "'; DROP TABLE classrooms; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(5); --',
  "lenin' UNION SELECT token_hash FROM classroom_participants --",
  '\u0000',
  'a\u0000b',
  '\u0000\u0001\u0002\u001b[31m\u007f',
  '\r\n\r\nHTTP/1.1 200 OK\r\nSet-Cookie: x=1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '../../../../etc/passwd',
  '%00%ff%fe',
  '\u202eevil\u202c',
  '\u200b\u200b\ufeff',
  '\ud800',
  '\udfff\ud800',
  'Zoë 😀 𝕷𝖊𝖓𝖎𝖓',
  '\\',
  '"',
  ' ',
  '',
];

/** Values of every JSON type (and a few JS specials that serialise oddly). */
export const WRONG_TYPES: readonly unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  -0,
  true,
  false,
  [],
  [FOUNDER],
  {},
  { $gt: '' },
  { toString: 'x' },
  '12345678-1234-1234-1234-123456789012',
];

/** `[[[ … ]]]` nested `depth` times, as JSON text. */
export function deepArrayJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** `{"a":{"a": … }}` nested `depth` times, as JSON text. */
export function deepObjectJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A nested array value `depth` deep, built without recursion. */
export function deepArray(depth: number): unknown[] {
  let v: unknown[] = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}

export function hugeString(rng: Prng, chars: number): string {
  const unit = rng.pick(['x', 'é', '😀', '<b>', "'", '\u0000']);
  return unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  $ref?: string;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  [k: string]: unknown;
};

/** A plausible value for one property, so that mutating the others reaches deeper validation. */
function plausible(name: string, schema: JsonSchema, rng: Prng): unknown {
  if (schema.enum?.length) return rng.pick(schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'array') return name === 'personas' ? [FOUNDER, EXILE] : [];
  if (type === 'boolean') return rng.next() < 0.5;
  if (type === 'integer' || type === 'number') return 1;
  if (name === 'persona') return FOUNDER;
  if (name === 'asOf') return '1917-11-01';
  if (name === 'code') return 'ABCD-EFGH';
  if (/Id$/.test(name)) return '00000000-0000-4000-8000-000000000000';
  return rng.pick(['What is the state?', 'Hello', 'Revolutions, period 3']);
}

export interface FuzzSizes {
  /** Lengths of huge strings. */
  huge: readonly number[];
  /** Depths of nested arrays. */
  deep: readonly number[];
}

/** Sizes for HTTP bodies (capped at 32 KB by the server). */
export const HTTP_SIZES: FuzzSizes = { huge: [2001, 5000, 9000], deep: [50, 500, 2000] };

/** One fuzzed value for a property: a wrong type, a hostile or huge string, or a deep value. */
function fuzzedValue(rng: Prng, sizes: FuzzSizes): unknown {
  switch (rng.int(5)) {
    case 0:
      return rng.pick(WRONG_TYPES);
    case 1:
    case 2:
      return rng.pick(HOSTILE_STRINGS);
    case 3:
      return hugeString(rng, rng.pick(sizes.huge));
    default:
      return deepArray(rng.pick(sizes.deep));
  }
}

/**
 * An object shaped like `schema` (a JSON schema of the request): each property is left out, made
 * plausible, or fuzzed; at least one is fuzzed or missing, and unknown keys are sometimes added.
 */
export function fuzzObject(
  schema: JsonSchema,
  rng: Prng,
  sizes: FuzzSizes = HTTP_SIZES,
): Record<string, unknown> {
  const props = Object.entries(schema.properties ?? {});
  const out: Record<string, unknown> = {};
  const victim = props.length ? rng.int(props.length) : -1;
  props.forEach(([name, prop], i) => {
    const roll = rng.next();
    if (i === victim) {
      if (roll < 0.2 && schema.required?.includes(name)) return; // missing
      out[name] = fuzzedValue(rng, sizes);
    } else if (roll < 0.15) return;
    else if (roll < 0.75) out[name] = plausible(name, prop, rng);
    else out[name] = fuzzedValue(rng, sizes);
  });
  if (rng.next() < 0.2) Object.assign(out, JSON.parse('{"__proto__":{"polluted":true},"isAdmin":true}'));
  return out;
}

/** The JSON schema of a zod schema, as a client would read it. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Resolves `#/components/schemas/X` references of an OpenAPI document. */
export function resolveRef(doc: { components?: { schemas?: Record<string, unknown> } }, s: JsonSchema) {
  if (!s?.$ref) return s;
  const name = s.$ref.split('/').pop() as string;
  return (doc.components?.schemas?.[name] ?? {}) as JsonSchema;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with full control over the bytes: the path is sent as given (latin1 bytes above 0x7f
 * arrive as invalid UTF-8), and the body is a Buffer or string sent verbatim.
 */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  options: {
    headers?: Record<string, string>;
    body?: Buffer | string;
    timeoutMs?: number;
    /** The client's source address (any of 127.0.0.0/8 on loopback), to act as another network. */
    localAddress?: string;
  } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  const body = options.body === undefined ? undefined : Buffer.from(options.body as never);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: hostname,
        port,
        method,
        path,
        localAddress: options.localAddress,
        headers: {
          ...(body ? { 'content-length': String(body.length) } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** The socket.io events a Nest gateway class subscribes to, read from its decorators. */
export function subscribedEvents(gateway: { prototype: object }): string[] {
  const proto = gateway.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto)
    .map((name) => proto[name])
    .filter((fn) => typeof fn === 'function' && Reflect.getMetadata(MESSAGE_MAPPING_METADATA, fn))
    .map((fn) => Reflect.getMetadata(MESSAGE_METADATA, fn as object) as string)
    .sort();
}

/** The app the fuzz suites hammer: two small documents, relaxed rate limits, no retention timer. */
export function startFuzzApp(): Promise<TestApp> {
  return startApp({
    documents: [FIXTURE_DOCS.youth, FIXTURE_DOCS.farms],
    classroom: { rateLimits: RELAXED_LIMITS, retentionIntervalMs: 0 },
  });
}
