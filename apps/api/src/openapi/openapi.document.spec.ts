import { z } from 'zod';
import { ErrorBodySchema, STREAM_EVENTS } from '@parley/contracts';
import { responseJsonSchema } from '../http/response-contract';
import { httpRoutes } from './http-routes';
import { buildOpenApiDocument } from './openapi.document';

type Json = Record<string, unknown>;
interface Response {
  description?: string;
  content?: Record<string, { schema: Json; 'x-events'?: Record<string, Json> }>;
}

const doc = buildOpenApiDocument() as unknown as {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
  components: { schemas: Record<string, Json> };
};

function resolve(schema: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const found = doc.components.schemas[ref.replace('#/components/schemas/', '')];
  if (!found) throw new Error(`dangling ${ref}`);
  return found;
}

const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ method, path, responses: op.responses })),
);
const routes = httpRoutes();
const routeOf = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path);

// Successes that carry no JSON body: the event stream and a deletion.
const NON_JSON_SUCCESSES = new Set(['post /api/chat/stream 200', 'delete /api/classrooms/{id} 204']);

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1, whose schemas are the JSON Schema zod writes', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents every route of every controller', () => {
    const documented = operations.map((o) => `${o.method} ${o.path}`);
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('gives every route a success response (a route that returns JSON declares it with @Returns)', () => {
    const without = operations
      .filter((o) => !Object.keys(o.responses).some((status) => Number(status) < 300))
      .map((o) => `${o.method} ${o.path}`);
    expect(without).toEqual([]);
  });

  it("gives every success a body schema equal to the one zod generates from its controller's contract", () => {
    const checked: string[] = [];
    for (const { method, path, responses } of operations) {
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 300) continue;
        const name = `${method} ${path} ${status}`;
        const json = response.content?.['application/json'];
        if (!json) {
          expect(NON_JSON_SUCCESSES).toContain(name);
          continue;
        }
        const contract = routeOf(method, path)?.contracts.find((c) => c.status === Number(status));
        if (!contract) throw new Error(`${name} has a body no controller declares`);
        const { $schema: _dialect, ...generated } = z.toJSONSchema(contract.schema, {
          io: 'output',
          unrepresentable: 'any',
        });
        expect({ name, schema: resolve(json.schema) }).toEqual({ name, schema: generated });
        checked.push(name);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(13);
  });

  it("documents every status a controller declares a body for, with that body's schema", () => {
    for (const route of routes) {
      for (const contract of route.contracts) {
        const response = doc.paths[route.path]?.[route.method]?.responses[String(contract.status)];
        const schema = response?.content?.['application/json']?.schema;
        expect(schema && resolve(schema)).toEqual(responseJsonSchema(contract.schema));
      }
    }
  });

  it('gives the data of every server-sent event of /api/chat/stream the schema zod generates for it', () => {
    const media = doc.paths['/api/chat/stream'].post.responses['200'].content?.['text/event-stream'];
    const events = media?.['x-events'] ?? {};
    expect(Object.keys(events).sort()).toEqual(Object.keys(STREAM_EVENTS).sort());
    for (const [event, schema] of Object.entries(STREAM_EVENTS)) {
      expect({ event, schema: resolve(events[event]) }).toEqual({
        event,
        schema: responseJsonSchema(schema),
      });
    }
  });

  it('describes every JSON error with the error body schema', () => {
    for (const { method, path, responses } of operations) {
      for (const [status, response] of Object.entries(responses)) {
        const json = response.content?.['application/json'];
        if (
          Number(status) < 400 ||
          !json ||
          routeOf(method, path)?.contracts.some((c) => c.status === +status)
        )
          continue;
        expect(resolve(json.schema)).toEqual(responseJsonSchema(ErrorBodySchema));
      }
    }
  });

  it('lists in every response object schema each key the server may send, and no other', () => {
    const open: string[] = [];
    const visit = (schema: unknown, where: string): void => {
      if (!schema || typeof schema !== 'object') return;
      const s = schema as Json;
      // Open: keys the schema does not list are accepted untyped. A map (`z.record`, e.g. a debate's stances by
      // persona id) types every value through its `additionalProperties` schema, so it leaks nothing unchecked.
      const map = typeof s.additionalProperties === 'object' && s.additionalProperties !== null;
      if (s.type === 'object' && s.additionalProperties !== false && !map) open.push(where);
      for (const [key, value] of Object.entries(s)) {
        if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${where}.${key}[${i}]`));
        else visit(value, `${where}.${key}`);
      }
    };
    for (const route of routes)
      for (const contract of route.contracts)
        visit(responseJsonSchema(contract.schema), `${route.method} ${route.path} ${contract.status}`);
    expect(open).toEqual([]);
  });
});
