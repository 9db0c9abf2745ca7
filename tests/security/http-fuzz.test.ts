import { buildOpenApiDocument } from '../../apps/api/src/openapi/openapi.document';
import {
  deepArrayJson,
  deepObjectJson,
  fuzzObject,
  fuzzSeed,
  HOSTILE_STRINGS,
  hugeString,
  Prng,
  rawRequest,
  resolveRef,
  type RawResponse,
} from './support/fuzz';
import { type TestApp } from '../support/test-app';
import { startFuzzApp } from './support/fuzz';
import { FOUNDER } from '../support/fixture-corpus';

// Every route of the OpenAPI document is fuzzed; a route the server answers that the document lacks fails
// the first test, so a new route cannot slip past this suite.

interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string; required?: boolean }[];
  bodySchema: Record<string, unknown> | null;
  successes: number[];
}

interface FuzzCase {
  what: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** True when no reading of the request is valid: the answer must be a coded 4xx. */
  invalid: boolean;
}

const doc = buildOpenApiDocument() as unknown as {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, unknown> };
};

const OPERATIONS: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => {
    const body = (op.requestBody as { content?: Record<string, { schema: never }> } | undefined)?.content?.[
      'application/json'
    ]?.schema;
    return {
      method: method.toUpperCase(),
      path,
      parameters: (op.parameters as Operation['parameters']) ?? [],
      bodySchema: body ? (resolveRef(doc, body) as Record<string, unknown>) : null,
      successes: Object.keys(op.responses as object)
        .map(Number)
        .filter((s) => s < 400),
    };
  }),
);

const JSON_HEADERS = { 'content-type': 'application/json' };

// Path segments, already percent-encoded where a client would encode them; some are deliberately malformed.
const PATH_VALUES = [
  '%FF',
  '%ff%fe%fd',
  '%00',
  '%C0%AE%C0%AE',
  '%ED%A0%80',
  '%E2%80%AE',
  '%',
  '%zz',
  '..%2F..%2Fpackage.json',
  '..',
  '\u00ff\u00fe',
  'null',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(5000),
  ...HOSTILE_STRINGS.filter((s) => s !== '').map((s) =>
    encodeURIComponent(s.replace(/[\ud800-\udfff]/g, 'x')),
  ),
];

// Query values, percent-encoded as sent; `{name}` stands for the parameter's own name (repeated keys, brackets).
const QUERY_VALUES = [
  '%FF',
  '%C3%28',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%00',
  '%0d%0aX-Injected:%201',
  'a&{name}=b',
  'x&{name}[]=y',
  '',
  'x'.repeat(3000),
  '\u00ff\u00fe',
  ...HOSTILE_STRINGS.filter((s) => s !== '').map((s) =>
    encodeURIComponent(s.replace(/[\ud800-\udfff]/g, 'x')),
  ),
];

const AUTH_HEADERS = [
  'Bearer',
  'Bearer ',
  "Bearer ' OR 1=1 --",
  'Basic dGVhY2hlcjpwYXNz',
  `Bearer ${'A'.repeat(6000)}`,
  'Bearer a b c',
  'bearer \u00ff\u00fe',
];

function concretePath(op: Operation, rng: Prng): string {
  return op.path.replace(/\{(\w+)\}/g, () => rng.pick(['00000000-0000-4000-8000-000000000000', FOUNDER]));
}

function validQuery(op: Operation): string {
  const values: Record<string, string> = { persona: FOUNDER, q: 'the%20state', k: '3', format: 'json' };
  return op.parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${p.name}=${values[p.name] ?? 'x'}`)
    .join('&');
}

/** The hand-picked malformed bodies every route with a JSON body receives. */
function hostileBodies(rng: Prng): Omit<FuzzCase, 'path'>[] {
  const ff = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]);
  return [
    { what: 'arrays nested 10,000 deep', body: deepArrayJson(10_000), headers: JSON_HEADERS, invalid: true },
    {
      what: 'objects nested 10,000 deep',
      body: deepObjectJson(10_000),
      headers: JSON_HEADERS,
      invalid: true,
    },
    {
      what: 'invalid UTF-8 bytes inside a JSON string',
      body: Buffer.concat([
        Buffer.from(`{"persona":"${FOUNDER}","message":"What `),
        ff,
        Buffer.from(`","title":"T","personas":["${FOUNDER}"],"code":"ABCDEFGH","displayName":"`),
        ff,
        Buffer.from('"}'),
      ]),
      headers: JSON_HEADERS,
      invalid: true,
    },
    {
      what: 'a lone invalid byte as the body',
      body: Buffer.from([0xff]),
      headers: JSON_HEADERS,
      invalid: true,
    },
    {
      what: 'truncated JSON',
      body: `{"persona": "${FOUNDER}", "message": "Wh`,
      headers: JSON_HEADERS,
      invalid: true,
    },
    {
      what: 'HTML as JSON',
      body: '<html><script>alert(1)</script></html>',
      headers: JSON_HEADERS,
      invalid: true,
    },
    { what: 'JSON null', body: 'null', headers: JSON_HEADERS, invalid: true },
    { what: 'a JSON number', body: '42', headers: JSON_HEADERS, invalid: true },
    { what: 'a JSON string', body: `"${FOUNDER}"`, headers: JSON_HEADERS, invalid: true },
    { what: 'a JSON array', body: `[{"persona":"${FOUNDER}"}]`, headers: JSON_HEADERS, invalid: true },
    { what: 'an empty object', body: '{}', headers: JSON_HEADERS, invalid: true },
    { what: 'an empty body', body: '', headers: JSON_HEADERS, invalid: true },
    {
      what: 'JSON sent as text/plain',
      body: `{"persona":"${FOUNDER}","message":"What is the state?"}`,
      headers: { 'content-type': 'text/plain' },
      invalid: true,
    },
    {
      what: 'a form body',
      body: `persona=${FOUNDER}&message=hi`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      invalid: true,
    },
    {
      what: 'a 40 KB body (over the 32 KB cap)',
      body: JSON.stringify({ persona: FOUNDER, message: hugeString(rng, 40_000) }),
      headers: JSON_HEADERS,
      invalid: true,
    },
    {
      what: 'a 30 KB string field',
      body: JSON.stringify({ persona: FOUNDER, message: 'x'.repeat(30_000), title: 'x'.repeat(30_000) }),
      headers: JSON_HEADERS,
      invalid: true,
    },
    {
      what: 'NUL characters in every string',
      body: JSON.stringify({
        persona: `${FOUNDER}\u0000`,
        message: '\u0000',
        title: '\u0000',
        personas: ['\u0000'],
        code: '\u0000',
        displayName: '\u0000',
      }),
      headers: JSON_HEADERS,
      invalid: true,
    },
    {
      what: 'NUL and escape characters inside an otherwise valid question',
      body: JSON.stringify({
        persona: FOUNDER,
        message: 'What is\u0000 the \u001b[2Jstate?\u0000',
        title: 'Period\u0000 3',
        personas: [FOUNDER],
        code: 'ABCD\u0000EFGH',
        displayName: 'Ana\u0000',
      }),
      headers: JSON_HEADERS,
      invalid: false,
    },
    {
      what: 'lone UTF-16 surrogates in every string',
      body: JSON.stringify({
        persona: FOUNDER,
        message: 'What \ud800is the state?\udfff',
        title: 'Period \udc00 3',
        personas: [FOUNDER],
        code: 'ABCDEFGH',
        displayName: 'Ana \ud83d',
        teacherName: '\udfff\ud800 Rivera',
      }),
      headers: JSON_HEADERS,
      invalid: false,
    },
    {
      what: 'prototype pollution keys',
      body: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
      headers: JSON_HEADERS,
      invalid: true,
    },
  ];
}

function casesFor(op: Operation, rng: Prng): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const base = concretePath(op, rng);
  const query = validQuery(op);
  const withQuery = (p: string, q = query) => (q ? `${p}?${q}` : p);
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  for (const value of PATH_VALUES) {
    if (!pathParams.length) break;
    cases.push({
      what: `path segment ${value.slice(0, 40)}`,
      path: withQuery(op.path.replace(/\{\w+\}/g, value)),
      invalid: false,
    });
  }
  for (const param of op.parameters.filter((p) => p.in === 'query')) {
    for (const value of QUERY_VALUES) {
      const encoded = value.replaceAll('{name}', param.name);
      const others = query
        .split('&')
        .filter((kv) => kv && !kv.startsWith(`${param.name}=`))
        .join('&');
      const q = [others, `${param.name}=${encoded}`].filter(Boolean).join('&');
      cases.push({
        what: `query ${param.name}=${encoded.slice(0, 40)}`,
        path: withQuery(base, q),
        invalid: false,
      });
    }
    if (param.required) {
      const without = query
        .split('&')
        .filter((kv) => !kv.startsWith(`${param.name}=`))
        .join('&');
      cases.push({ what: `query without ${param.name}`, path: withQuery(base, without), invalid: true });
    }
  }
  if (!op.parameters.some((p) => p.in === 'query')) {
    cases.push({ what: 'unexpected query', path: `${base}?__proto__[x]=1&q=%FF&q=%00`, invalid: false });
  }
  for (const auth of AUTH_HEADERS) {
    cases.push({
      what: `authorization ${auth.slice(0, 30)}`,
      path: withQuery(base),
      headers: { authorization: auth },
      invalid: false,
    });
  }
  if (op.bodySchema) {
    for (const b of hostileBodies(rng)) cases.push({ ...b, path: withQuery(base) });
    for (let i = 0; i < 12; i++) {
      cases.push({
        what: `fuzzed body #${i}`,
        path: withQuery(base),
        body: JSON.stringify(fuzzObject(op.bodySchema as never, rng)),
        headers: JSON_HEADERS,
        invalid: false,
      });
    }
  }
  return cases;
}

/** Why a response breaks the rules, or null when it keeps them. */
function problemWith(res: RawResponse, op: Operation, c: FuzzCase): string | null {
  // Bytes above 0x7f in the request line never reach the app: Node's HTTP parser answers a bare 400.
  if (/[^\x21-\x7e]/.test(c.path)) return res.status === 400 ? null : `answered ${res.status} to raw bytes`;
  if (res.status >= 500) return `answered ${res.status}: ${res.body.slice(0, 200)}`;
  if (/\n\s+at [\w.<]+ \(|node_modules/.test(res.body)) return 'leaked a stack trace';
  if (res.status >= 400) {
    let body: { statusCode?: unknown; code?: unknown; message?: unknown };
    try {
      body = JSON.parse(res.body) as typeof body;
    } catch {
      return `answered ${res.status} without a JSON error body: ${res.body.slice(0, 120)}`;
    }
    const keys = Object.keys(body)
      .filter((k) => k !== 'correlationId')
      .sort();
    if (
      body.statusCode !== res.status ||
      typeof body.code !== 'string' ||
      !/^[a-z_]+$/.test(body.code) ||
      typeof body.message !== 'string' ||
      keys.join() !== 'code,message,statusCode'
    )
      return `answered ${res.status} with a body that is not { statusCode, code, message }: ${res.body.slice(0, 200)}`;
    return null;
  }
  if (c.invalid) return `accepted an invalid request with ${res.status}`;
  if (!op.successes.includes(res.status)) return `answered an undocumented ${res.status}`;
  if (/^event: error\ndata: .*internal_error/m.test(res.body)) return 'streamed an internal_error';
  return null;
}

describe('bad input on every HTTP route', () => {
  let t: TestApp;
  const seed = fuzzSeed();
  let total = 0;

  beforeAll(async () => {
    t = await startFuzzApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('has every route the server answers in the OpenAPI document it serves', async () => {
    const served = await rawRequest(t.url, 'GET', '/api/docs/openapi.json');
    expect(Object.keys(JSON.parse(served.body).paths).sort()).toEqual(Object.keys(doc.paths).sort());
    const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router;
    const routes = router.stack
      .filter((l) => l.route && !l.route.path.startsWith('/api/docs'))
      .flatMap((l) =>
        Object.keys(l.route!.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`),
      );
    const documented = OPERATIONS.map((o) => `${o.method} ${o.path}`);
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((r) => !documented.includes(r))).toEqual([]);
  });

  it.each(OPERATIONS.map((o) => [`${o.method} ${o.path}`, o] as const))(
    '%s answers every malformed request with a coded 4xx or a documented success, never a 5xx',
    async (_name, op) => {
      const rng = new Prng(seed ^ hash(`${op.method} ${op.path}`));
      const failures: string[] = [];
      const cases = casesFor(op, rng);
      for (const c of cases) {
        const res = await rawRequest(t.url, op.method, c.path, { headers: c.headers, body: c.body });
        const problem = problemWith(res, op, c);
        if (problem) failures.push(`${c.what} (${c.path.slice(0, 80)}): ${problem}`);
      }
      total += cases.length;
      expect({ seed, failures }).toEqual({ seed, failures: [] });
      expect(cases.length).toBeGreaterThanOrEqual(8);
    },
  );

  it('still answers /health after all of it, and nothing polluted Object.prototype', async () => {
    const res = await rawRequest(t.url, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    process.stderr.write(`fuzz: ${total} cases, seed ${seed}\n`);
    expect(total).toBeGreaterThan(250);
  });

  it('refuses a URL that is not valid UTF-8 on a route without parameters too', async () => {
    for (const path of ['/api/personas?x=%FF', '/health?%C0%AE', '/api/personas/%ED%A0%80']) {
      const res = await rawRequest(t.url, 'GET', path);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ statusCode: 400, code: 'bad_request' });
    }
  });
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
