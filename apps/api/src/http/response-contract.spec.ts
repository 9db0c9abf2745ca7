import { Controller, Get, Res, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import request from 'supertest';
import { z } from 'zod';
import { ErrorCode, HttpExceptionFilter } from '@parley/core';
import { Returns, ResponseContractInterceptor, strictResponseSchema } from './response-contract';

const ItemSchema = z.object({
  name: z.string(),
  note: z.string().nullable(),
  parts: z.array(z.object({ n: z.number().int() })),
});

@Controller('items')
class ItemsController {
  @Get('valid')
  @Returns(ItemSchema)
  valid() {
    return { name: 'a', note: null, parts: [{ n: 1 }] };
  }

  @Get('extra-nested-field')
  @Returns(ItemSchema)
  extra() {
    return { name: 'a', note: null, parts: [{ n: 1, secretHash: 'x' }] };
  }

  @Get('wrong-type')
  @Returns(ItemSchema)
  wrong() {
    return { name: 'a', note: 3, parts: [] };
  }

  @Get('undeclared-status')
  @Returns(ItemSchema)
  undeclared(@Res({ passthrough: true }) res: Response) {
    res.status(503);
    return { name: 'a', note: null, parts: [] };
  }

  @Get('written-by-hand')
  @Returns(ItemSchema)
  byHand(@Res() res: Response) {
    res.type('text/markdown').send('# not JSON');
  }
}

describe('response contracts', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [ItemsController] }).compile();
    app = module.createNestApplication({ logger: false });
    app.useGlobalFilters(new HttpExceptionFilter());
    app.useGlobalInterceptors(new ResponseContractInterceptor());
    await app.init();
  });
  afterAll(async () => {
    await app.close();
  });

  it('sends a body that keeps its contract unchanged', async () => {
    const res = await request(app.getHttpServer()).get('/items/valid').expect(200);
    expect(res.body).toEqual({ name: 'a', note: null, parts: [{ n: 1 }] });
  });

  it('answers 500 instead of sending a field the contract does not name, however deep', async () => {
    const res = await request(app.getHttpServer()).get('/items/extra-nested-field').expect(500);
    expect(res.body).toMatchObject({ statusCode: 500, code: ErrorCode.Internal });
    expect(JSON.stringify(res.body)).not.toContain('secretHash');
  });

  it('answers 500 for a field of the wrong type', async () => {
    await request(app.getHttpServer()).get('/items/wrong-type').expect(500);
  });

  it('answers 500 for a status the route declares no body for', async () => {
    await request(app.getHttpServer()).get('/items/undeclared-status').expect(500);
  });

  it('leaves alone a response the handler wrote itself', async () => {
    const res = await request(app.getHttpServer()).get('/items/written-by-hand').expect(200);
    expect(res.text).toBe('# not JSON');
  });
});

describe('strictResponseSchema', () => {
  it('refuses unknown keys at any depth, where the zod schema would strip them', () => {
    const body = { name: 'a', note: null, parts: [{ n: 1, extra: true }] };
    expect(ItemSchema.safeParse(body).success).toBe(true);
    const strict = strictResponseSchema(ItemSchema).safeParse(body);
    expect(strict.success).toBe(false);
    expect(strict.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', path: ['parts', 0] });
  });

  it('accepts an optional key left out and refuses a required one left out', () => {
    const schema = z.object({ a: z.string(), b: z.string().optional() });
    expect(strictResponseSchema(schema).safeParse({ a: 'x' }).success).toBe(true);
    expect(strictResponseSchema(schema).safeParse({ b: 'x' }).success).toBe(false);
  });
});

describe('@Returns', () => {
  it('refuses two contracts for one status', () => {
    expect(() => {
      class Twice {
        @Returns(ItemSchema)
        @Returns(ItemSchema)
        get() {
          return null;
        }
      }
      return Twice;
    }).toThrow('two response contracts for status 200');
  });
});
