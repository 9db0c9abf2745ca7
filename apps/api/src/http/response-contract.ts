import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { z } from 'zod';
import { describeIssues } from '@parley/core';

/** A body a route answers with, by status: checked on the way out and published in the OpenAPI document. */
export interface ResponseContract {
  status: number;
  schema: z.ZodType;
  description: string;
}

const RESPONSE_CONTRACTS = Symbol('parley.response-contracts');

/**
 * Declares that the route answers `status` with a JSON body of `schema` (stack one per status). The body a handler
 * returns is checked; a handler that writes its own response (a transcript file) is documented but not checked.
 */
export function Returns(schema: z.ZodType, status = 200, description = 'OK'): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const declared = responseContracts(handler);
    if (declared.some((c) => c.status === status))
      throw new Error(`two response contracts for status ${status}`);
    Reflect.defineMetadata(RESPONSE_CONTRACTS, [...declared, { status, schema, description }], handler);
    return descriptor;
  };
}

/** The contracts a route handler declared with `@Returns`, in declaration order. */
export function responseContracts(handler: object): ResponseContract[] {
  return (Reflect.getMetadata(RESPONSE_CONTRACTS, handler) as ResponseContract[] | undefined) ?? [];
}

/**
 * The JSON Schema of a response body, as the OpenAPI document shows it: the output side of the zod schema, where
 * an object lists every key it may have (`additionalProperties: false`).
 */
export function responseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

const strictSchemas = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The schema as the document states it, unknown keys refused at any depth (a zod object would strip them
 * silently, and a field the schema does not name is one the document does not promise, or a leak).
 */
export function strictResponseSchema(schema: z.ZodType): z.ZodType {
  let strict = strictSchemas.get(schema);
  if (!strict) {
    strict = z.fromJSONSchema(responseJsonSchema(schema));
    strictSchemas.set(schema, strict);
  }
  return strict;
}

/**
 * Checks every body a route returns against the contract it declared for the status it answers with. A body
 * outside its contract is a bug of ours: it becomes a logged 500 rather than an undocumented (or leaked) field.
 */
@Injectable()
export class ResponseContractInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const contracts = context.getType() === 'http' ? responseContracts(context.getHandler()) : [];
    if (contracts.length === 0) return next.handle();
    const http = context.switchToHttp();
    return next.handle().pipe(
      map((body: unknown) => {
        const res = http.getResponse<Response>();
        if (!res.headersSent) checkResponse(contracts, res.statusCode, body, http.getRequest<Request>());
        return body;
      }),
    );
  }
}

function checkResponse(contracts: ResponseContract[], status: number, body: unknown, req: Request): void {
  const route = `${req.method} ${req.route ? String((req.route as { path: unknown }).path) : req.path}`;
  const contract = contracts.find((c) => c.status === status);
  if (!contract) throw new Error(`${route} answered ${status}, a status it declares no body for`);
  const result = strictResponseSchema(contract.schema).safeParse(body);
  if (!result.success)
    throw new Error(
      `${route} answered ${status} with a body outside its contract: ${describeIssues(result.error.issues)}`,
    );
}
