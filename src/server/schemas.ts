import { z } from 'zod';

/**
 * Request schemas: one source of truth. The same zod schemas validate requests and
 * generate the OpenAPI document (`/api/openapi.json`), so the two cannot drift.
 */

export const NormalizeOptionsSchema = z
  .object({
    letters: z.boolean(),
    taMarbuta: z.boolean(),
    hamza: z.boolean(),
    kashida: z.boolean(),
    diacritics: z.enum(['keep', 'remove']),
    digits: z.enum(['fa', 'ascii', 'keep']),
    punctuation: z.boolean(),
    quotes: z.boolean(),
    ellipsis: z.boolean(),
    spacing: z.boolean(),
    invisibles: z.boolean(),
    zwnj: z.boolean(),
    halfSpaces: z.boolean(),
  })
  .partial()
  .strict()
  .describe('Normaliser switches; any left out take their defaults.');

/** `{text}`: plain text in a JSON envelope. */
export const TextBodySchema = z
  .object({
    text: z.string().describe('The input text (UTF-16 offsets in the answer index it).'),
    options: NormalizeOptionsSchema.optional(),
  })
  .strict();

/** A news article as the archive and the langml corpus hold it (other fields are allowed and ignored). */
export const ArticleBodySchema = z
  .object({
    title: z.string().optional(),
    abstract: z.string().optional(),
    lead: z.string().optional(),
    paragraphs: z.array(z.string()).optional(),
    body: z.union([z.string(), z.array(z.string())]).optional(),
    date: z.string().optional(),
    source: z.string().optional(),
    agency: z.string().optional(),
    link: z.string().optional(),
    url: z.string().optional(),
    cat: z.string().optional(),
    subcat: z.string().optional(),
    tags: z.array(z.string()).optional(),
    id: z.union([z.string(), z.number()]).optional(),
    code: z.union([z.string(), z.number()]).optional(),
  })
  .loose()
  .refine((a) => a.title !== undefined || a.abstract !== undefined || a.lead !== undefined || a.paragraphs !== undefined || a.body !== undefined, {
    message: 'an article needs at least one of title, abstract, lead, paragraphs or body',
  });

export const NormalizeBodySchema = TextBodySchema;
export const AnalyzeBodySchema = z
  .object({
    text: z.string().describe('The input text.'),
    model: z.enum(['perdt', 'seraji']).optional().describe('Treebank conventions and tagger model (as `sokhan analyze --model`).'),
  })
  .strict();
export const NewsBodySchema = z.union([TextBodySchema, ArticleBodySchema]);

const intString = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,9}$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

export const SearchQuerySchema = z
  .object({
    q: z.string().max(500).optional().describe('Search words (Persian-aware: letters unified, half-spaces and spaces matched alike).'),
    entity: z.string().max(200).optional().describe('Only articles that mention this entity (canonical name).'),
    speaker: z.string().max(200).optional().describe('Only articles with a quote by this speaker (canonical name).'),
    type: z.string().max(20).optional().describe('Entity type filter, e.g. PER, ORG, LOC.'),
    from: z.string().max(40).optional().describe('Earliest date (ISO yyyy-mm-dd).'),
    to: z.string().max(40).optional().describe('Latest date (ISO yyyy-mm-dd).'),
    source: z.string().max(200).optional().describe('Site host, agency or input file name.'),
    limit: intString(1, 100).optional(),
    offset: intString(0, 100000).optional(),
  })
  .strict();

export const IdParamsSchema = z.object({ id: z.string().regex(/^[0-9]{1,15}$/, 'must be a numeric id').transform(Number) }).strict();

export const EntityLookupSchema = z
  .object({
    name: z.string().min(1).max(200).describe('Part of an entity name (normalised before matching).'),
    type: z.string().max(20).optional(),
    limit: intString(1, 100).optional(),
  })
  .strict();

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('machine-readable: bad_json, body_too_large, unsupported_media_type, invalid_request, not_found, not_ready, timeout, busy, internal'),
      message: z.string(),
    }),
  })
  .describe('Every error answer has this shape.');

export const ChangeSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  sourceStart: z.number().int(),
  sourceEnd: z.number().int(),
  from: z.string(),
  to: z.string(),
  kind: z.enum(['halfspace', 'zwnj', 'letter', 'digit', 'punctuation', 'space', 'invisible', 'diacritic', 'other']),
});

export const NormalizeResponseSchema = z.object({
  offsets: z.literal('utf16'),
  text: z.string(),
  changes: z.array(ChangeSchema).describe('Every difference between the input and `text`, in order; `start/end` index `text`, `sourceStart/sourceEnd` the input.'),
});

export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  parts: z.record(z.string(), z.object({ ready: z.boolean(), message: z.string().optional() })),
});

export type NormalizeBody = z.infer<typeof NormalizeBodySchema>;
export type NewsBody = z.infer<typeof NewsBodySchema>;
export type ArticleBody = z.infer<typeof ArticleBodySchema>;
export type SearchQuery = z.infer<typeof SearchQuerySchema>;
export type Change = z.infer<typeof ChangeSchema>;
