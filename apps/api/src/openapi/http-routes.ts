import type { Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common/enums/request-method.enum';
import { ChatController } from '../http/chat.controller';
import { ClassroomsController } from '../http/classrooms.controller';
import { ConversationsController } from '../http/conversations.controller';
import { DocumentsController } from '../http/documents.controller';
import { HealthController } from '../http/health.controller';
import { PersonasController } from '../http/personas.controller';
import { responseContracts, type ResponseContract } from '../http/response-contract';
import { SearchController } from '../http/search.controller';
import { ChatTokensController } from '../realtime/chat-tokens.controller';

/** Every HTTP controller of the api (AppModule's and the realtime module's). */
export const HTTP_CONTROLLERS: Type[] = [
  HealthController,
  PersonasController,
  DocumentsController,
  SearchController,
  ChatController,
  ConversationsController,
  ClassroomsController,
  ChatTokensController,
];

/** One route as Nest registers it, written the OpenAPI way (`/api/personas/{id}`, `get`). */
export interface HttpRoute {
  method: string;
  path: string;
  contracts: ResponseContract[];
}

/** The routes of the given controllers, with the response contracts each declared with `@Returns`. */
export function httpRoutes(controllers: Type[] = HTTP_CONTROLLERS): HttpRoute[] {
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(proto).flatMap((name) => {
      const handler = proto[name];
      if (typeof handler !== 'function' || name === 'constructor') return [];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) return [];
      const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      return [
        {
          method: RequestMethod[method].toLowerCase(),
          path: openApiPath(base, path),
          contracts: responseContracts(handler),
        },
      ];
    });
  });
}

function openApiPath(...parts: string[]): string {
  const joined = parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `{${segment.slice(1)}}` : segment))
    .join('/');
  return `/${joined}`;
}
