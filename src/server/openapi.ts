import { z } from 'zod';
import {
  AnalyzeBodySchema,
  ArticleBodySchema,
  EntityLookupSchema,
  ErrorSchema,
  HealthResponseSchema,
  NewsBodySchema,
  NormalizeBodySchema,
  NormalizeResponseSchema,
  SearchQuerySchema,
} from './schemas.js';

type Json = Record<string, unknown>;

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of the request side of a zod schema. */
function schema(s: z.ZodType): Json {
  const j = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete j.$schema;
  return j;
}

/** OpenAPI query parameters from a zod object schema. */
function queryParams(s: z.ZodObject): Json[] {
  const j = schema(s) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(j.properties ?? {}).map(([name, p]) => ({
    name,
    in: 'query',
    required: (j.required ?? []).includes(name),
    description: typeof p.description === 'string' ? p.description : undefined,
    schema: p,
  }));
}

const errorRef = { $ref: '#/components/schemas/Error' };
function errors(...codes: number[]): Json {
  const text: Record<number, string> = {
    400: 'Bad JSON, bad UTF-8 or a request that fails the schema',
    404: 'Not found',
    413: 'Body larger than the limit',
    415: 'Content type other than text/plain or application/json',
    500: 'Internal error',
    503: 'Part not ready (`not_ready`), analysis took too long (`timeout`) or too many waiting (`busy`)',
  };
  const out: Json = {};
  for (const c of codes) out[c] = { description: text[c], content: { 'application/json': { schema: errorRef } } };
  return out;
}

function textBody(jsonSchema: Json, description: string): Json {
  return {
    required: true,
    description,
    content: {
      'text/plain': { schema: { type: 'string' } },
      'application/json': { schema: jsonSchema },
    },
  };
}

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{1,15}$' } };

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(version: string, bodyLimit: number): Json {
  const postErrors = errors(400, 413, 415, 500, 503);
  return {
    openapi: '3.1.0',
    info: {
      title: 'sokhan',
      version,
      description: `Persian text toolkit: normalisation, analysis, news reading and archive search. Offsets are UTF-16 code units. Bodies up to ${bodyLimit} bytes.`,
    },
    paths: {
      '/api/normalize': {
        post: {
          summary: 'Normalise text; every change with its spans in the input and the output',
          requestBody: textBody(schema(NormalizeBodySchema), 'The text (plain) or {text, options}.'),
          responses: { 200: { description: 'Normalised text', content: { 'application/json': { schema: schema(NormalizeResponseSchema) } } }, ...postErrors },
        },
      },
      '/api/analyze': {
        post: {
          summary: 'Full pipeline; the same JSON as `sokhan analyze --format json`',
          requestBody: textBody(schema(AnalyzeBodySchema), 'The text (plain) or {text, options}.'),
          responses: { 200: { description: 'The analysed Doc', content: { 'application/json': { schema: { type: 'object' } } } }, ...postErrors },
        },
      },
      '/api/news': {
        post: {
          summary: 'Read a news article: source, entities, quotes with speakers, key phrases, summary (`sokhan news --json`)',
          requestBody: textBody(schema(NewsBodySchema), 'Plain text, {text}, or a JSON article {title, lead|abstract, paragraphs|body}.'),
          responses: { 200: { description: 'News reading; offsets index the input text (or articleText(article))', content: { 'application/json': { schema: { type: 'object' } } } }, ...postErrors },
        },
      },
      '/api/search': {
        get: {
          summary: 'Search the archive (Persian-aware) with filters; snippets with highlights',
          parameters: queryParams(SearchQuerySchema),
          responses: { 200: { description: 'Hits', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors(400, 503) },
        },
      },
      '/api/articles/{id}': {
        get: {
          summary: 'One archived article with its entities, quotes, key phrases and dates',
          parameters: [idParam],
          responses: { 200: { description: 'The article', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors(400, 404, 503) },
        },
      },
      '/api/entities/{id}': {
        get: {
          summary: 'An entity page: titles, quotes, co-mentioned entities, articles per month',
          parameters: [idParam],
          responses: { 200: { description: 'The entity', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors(400, 404, 503) },
        },
      },
      '/api/entities': {
        get: {
          summary: 'Find entities by name',
          parameters: queryParams(EntityLookupSchema),
          responses: { 200: { description: 'Matching entities, most mentioned first', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors(400, 503) },
        },
      },
      '/api/stats': {
        get: {
          summary: 'Archive counts and the most quoted speakers',
          responses: { 200: { description: 'Counts', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors(503) },
        },
      },
      '/api/health': {
        get: {
          summary: 'Liveness and which parts are ready',
          responses: { 200: { description: 'Health', content: { 'application/json': { schema: schema(HealthResponseSchema) } } } },
        },
      },
      '/api/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
    },
    components: {
      schemas: {
        Error: schema(ErrorSchema),
        Article: schema(ArticleBodySchema),
      },
    },
  };
}
