import { FIXTURE_DOCS, FOUNDER } from '../support/fixture-corpus';
import { subsetCorpus } from '../support/test-env';
import { rawRequest } from './support/fuzz';
import { startApp, type TestApp } from '../support/test-app';

// Issue 14, finding 6: what a browser or an attacker sees in the headers and error bodies of the running app.
// Persona and corpus come from the fixture corpus (tests/support/fixture-corpus.ts).
const CORPUS_FILES = [FIXTURE_DOCS.youth];
const PERSONA = FOUNDER;
const LISTED_ORIGIN = 'http://school.example';
const FOREIGN_ORIGINS = ['https://evil.example', 'null', 'http://school.example.evil.example'];

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe('HTTP hygiene of the running app', () => {
  let t: TestApp;
  const get = (path: string) => rawRequest(t.url, 'GET', path);

  beforeAll(async () => {
    t = await startApp({
      env: { CORPUS_DIR: subsetCorpus(CORPUS_FILES), CORS_ORIGINS: LISTED_ORIGIN },
      classroom: { retentionIntervalMs: 0 },
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it.each(['/', '/api/personas', '/health', '/api/docs', '/api/docs/openapi.json', '/no/such/page'])(
    '%s carries a Content-Security-Policy that runs scripts only from files of this site',
    async (path) => {
      const res = await get(path);
      const policy = directives(String(res.headers['content-security-policy'] ?? ''));
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'none'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    },
  );

  it('allows inline styles only on the API docs page, which needs them', async () => {
    const app = directives(String((await get('/')).headers['content-security-policy']));
    const docs = directives(String((await get('/api/docs')).headers['content-security-policy']));
    expect(app.get('style-src')).toEqual(["'self'"]);
    expect(docs.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('serves the Swagger UI init code as a file, so the docs page needs no inline script', async () => {
    const page = await get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<script src="[^"]*swagger-ui-init\.js">/);
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const init = await get('/api/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    expect(init.headers['content-type']).toMatch(/javascript/);
  });

  it.each(['/', '/health', '/api/personas', '/api/docs', '/no/such/page'])(
    '%s does not say which framework serves it',
    async (path) => {
      const res = await get(path);
      expect(res.headers['x-powered-by']).toBeUndefined();
    },
  );

  it('serves no YAML copy of the API description outside the documented routes', async () => {
    const res = await get('/api/docs-yaml');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 404, code: 'not_found' });
    expect((await get('/api/docs/openapi.json')).status).toBe(200);
  });

  it.each([
    ['a charset other than UTF-8', { 'content-type': 'application/json; charset=latin1' }],
    ['an unknown content encoding', { 'content-type': 'application/json', 'content-encoding': 'x-unknown' }],
  ])('refuses a JSON body in %s with 415 unsupported_media_type', async (_what, headers) => {
    const res = await rawRequest(t.url, 'POST', '/api/chat', {
      headers,
      body: JSON.stringify({ persona: PERSONA, message: 'What is to be done?' }),
    });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body)).toEqual({
      statusCode: 415,
      code: 'unsupported_media_type',
      message: expect.any(String),
    });
  });

  describe('POST /api/realtime/chat-tokens', () => {
    const issue = (headers: Record<string, string>) =>
      rawRequest(t.url, 'POST', '/api/realtime/chat-tokens', { headers });

    it.each(FOREIGN_ORIGINS)('refuses a request sent by a page at %s with 403 forbidden', async (origin) => {
      const res = await issue({ origin });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toEqual({
        statusCode: 403,
        code: 'forbidden',
        message: expect.any(String),
      });
    });

    it('refuses a cross-site request that carries no Origin', async () => {
      const res = await issue({ 'sec-fetch-site': 'cross-site' });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'forbidden' });
    });

    it('issues a token to the listed origin, to the app itself and to a client that is not a browser', async () => {
      const host = new URL(t.url).host;
      const clients: Record<string, string>[] = [
        { origin: LISTED_ORIGIN },
        { origin: t.url, 'sec-fetch-site': 'same-origin' },
        { host },
        {},
      ];
      for (const headers of clients) {
        const res = await issue(headers);
        expect(res.status).toBe(201);
        expect(JSON.parse(res.body)).toMatchObject({ token: expect.any(String) });
      }
    });
  });
});
