// sokhan/server: the HTTP API and the web page (DESIGN §1, §4). Uses Node; nothing runs on import.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUtf8 } from 'node:buffer';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { z } from 'zod';
import {
  AnalyzeBodySchema,
  EntityLookupSchema,
  IdParamsSchema,
  ArticleBodySchema,
  NormalizeBodySchema,
  SearchQuerySchema,
  TextBodySchema,
} from './schemas.js';
import { ApiError, errorBody, toApiError } from './errors.js';
import { Runner, PoolBusy, TaskTimeout } from './pool.js';
import type { Task, TaskResult } from './work.js';
import { openArchiveBackend, type ArchiveBackend } from './archive.js';
import { buildOpenApi } from './openapi.js';
import { probeParts, type PartsReport } from './health.js';
import { articleText, type NewsArticleInput } from '../news/index.js';

export { ApiError } from './errors.js';
export type { ArchiveBackend } from './archive.js';

export const VERSION = '0.1.0';

export interface ServerOptions {
  /** Archive file (SQLite) for search, article and entity pages; opened read-only. */
  db?: string;
  /** An already-open archive (tests); takes precedence over `db`. The server does not close it. */
  archive?: ArchiveBackend;
  /** Largest request body in bytes (default 1 MiB). Larger bodies get 413. */
  bodyLimit?: number;
  /** Longest time an analysis may take, in ms (default 30 s); then 503 `timeout`. */
  timeoutMs?: number;
  /** Worker threads for analysis (default: CPU count − 1, at least 1; 0 = none, all inline). */
  threads?: number;
  /** Inputs up to this many characters may be analysed on the main thread when no worker is idle (default 4096). */
  inlineLimit?: number;
  /** Large tasks waiting for a worker beyond this get 503 `busy` (default 32). */
  maxQueue?: number;
  /** Fastify logger option (default off). */
  logger?: FastifyServerOptions['logger'];
  /** Directory of the web page (default: the package's `web/`). */
  webRoot?: string;
  /** Start workers and load models before answering (default true). */
  warm?: boolean;
}

const DEFAULTS = {
  bodyLimit: 1024 * 1024,
  timeoutMs: 30_000,
  inlineLimit: 4096,
  maxQueue: 32,
};

declare module 'fastify' {
  interface FastifyInstance {
    sokhan: { runner: Runner; archive: ArchiveBackend | null; archiveError: string | null };
  }
}

function packageDir(name: string): string | null {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    try {
      // chart.js does not export its package.json; its main entry sits in dist/.
      return dirname(dirname(require.resolve(name)));
    } catch {
      return null;
    }
  }
}

/** Validate with a zod schema; a failure is a 400 that names the fields. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const msg = r.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : what}: ${i.message}`)
    .join('; ');
  throw new ApiError(400, 'invalid_request', msg);
}

/**
 * Build the server (not listening). Use `app.inject(...)` in tests, or
 * `app.listen({ port: 0, host: '127.0.0.1' })`. Close it with `app.close()`.
 */
export async function createServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? DEFAULTS.bodyLimit;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1) throw new RangeError(`bodyLimit must be a positive whole number of bytes, got ${bodyLimit}`);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    // Slow or stalled clients cannot hold sockets for ever.
    connectionTimeout: 120_000,
    requestTimeout: Math.max(60_000, timeoutMs + 10_000),
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
    forceCloseConnections: true,
    routerOptions: { maxParamLength: 200 },
    // Errors found before routing (a malformed URL …) get the same JSON shape.
    frameworkErrors: (err, _req, reply) => {
      const api = toApiError(err);
      const r = reply as unknown as FastifyReply;
      void r.status(api.status).type('application/json; charset=utf-8').send(errorBody(api));
    },
  });

  const threads = options.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  const runner = new Runner({
    threads,
    inlineLimit: options.inlineLimit ?? DEFAULTS.inlineLimit,
    maxQueue: options.maxQueue ?? DEFAULTS.maxQueue,
    workerHeapMb: 1024,
  });
  let archive: ArchiveBackend | null = options.archive ?? null;
  let archiveError: string | null = null;
  const ownsArchive = !options.archive && !!options.db;
  if (!archive) {
    if (options.db) {
      try {
        archive = await openArchiveBackend(options.db);
      } catch (e) {
        archiveError = (e as Error).message;
      }
    } else archiveError = 'no archive is open: start the server with --db FILE';
  }
  app.decorate('sokhan', { runner, archive, archiveError });
  app.addHook('onClose', async () => {
    await runner.close();
    if (ownsArchive && archive) archive.close();
  });

  // ---- bodies: JSON (fastify's own, proto-poisoning safe) and UTF-8 plain text
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    const charset = /charset=([^;\s]+)/i.exec(String(req.headers['content-type'] ?? ''))?.[1]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
      done(new ApiError(415, 'unsupported_media_type', `only UTF-8 text is accepted, not charset ${charset}`), undefined);
      return;
    }
    if (!isUtf8(body)) {
      done(new ApiError(400, 'invalid_utf8', 'the body is not valid UTF-8'), undefined);
      return;
    }
    done(null, body.toString('utf8'));
  });

  // ---- errors: always {error: {code, message}}
  app.setErrorHandler((err, req, reply) => {
    const api = toApiError(err);
    if (api.status >= 500 && api.code === 'internal') req.log.error({ err }, 'internal error');
    if (api.code === 'timeout' || api.code === 'busy' || api.code === 'not_ready') reply.header('retry-after', '5');
    void reply.status(api.status).type('application/json; charset=utf-8').send(errorBody(api));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .status(404)
      .type('application/json; charset=utf-8')
      .send(errorBody(new ApiError(404, 'not_found', `no such route: ${req.method} ${req.url.split('?')[0]}`)));
  });

  // ---- security headers for the page; the API is same-origin only
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (req.url.startsWith('/api/')) {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    } else {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; font-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      );
      reply.header('referrer-policy', 'no-referrer');
    }
    return payload;
  });

  // ---- analysis endpoints
  async function runAnalysis(task: Task, size: number, reply: FastifyReply): Promise<unknown> {
    let r: TaskResult;
    try {
      r = await runner.run(task, size, timeoutMs);
    } catch (e) {
      if (e instanceof TaskTimeout) throw new ApiError(503, 'timeout', e.message);
      if (e instanceof PoolBusy) throw new ApiError(503, 'busy', e.message);
      throw e;
    }
    if (r.ok) {
      // Components not in this build yet (e.g. a model still to be trained) are named, not hidden.
      if (r.skipped?.length) reply.header('sokhan-skipped', r.skipped.join(','));
      if ('json' in r) {
        // Serialised by the worker: sent as it is.
        void reply.type('application/json; charset=utf-8');
        return r.json;
      }
      return r.value;
    }
    if (r.code === 'not_ready') throw new ApiError(503, 'not_ready', `${r.message} (this part of sokhan is still being written)`);
    if (r.code === 'invalid_request') throw new ApiError(400, 'invalid_request', r.message);
    throw new ApiError(500, 'internal', r.message);
  }

  /** A text body, from text/plain or JSON {text, options}. */
  function textBody(req: FastifyRequest, schema: typeof TextBodySchema): z.output<typeof TextBodySchema> {
    if (typeof req.body === 'string') return { text: req.body };
    if (req.body === undefined || req.body === null) throw new ApiError(400, 'invalid_request', 'send the text as text/plain, or JSON {"text": "…"}');
    return parseWith(schema, req.body, 'body');
  }

  app.post('/api/normalize', async (req, reply) => {
    const b = textBody(req, NormalizeBodySchema);
    return runAnalysis({ op: 'normalize', text: b.text, options: b.options }, b.text.length, reply);
  });
  app.post('/api/analyze', async (req, reply) => {
    let b: z.output<typeof AnalyzeBodySchema>;
    if (typeof req.body === 'string') b = { text: req.body };
    else if (req.body === undefined || req.body === null) throw new ApiError(400, 'invalid_request', 'send the text as text/plain, or JSON {"text": "…", "model": "perdt"}');
    else b = parseWith(AnalyzeBodySchema, req.body, 'body');
    return runAnalysis({ op: 'analyze', text: b.text, model: b.model }, b.text.length, reply);
  });
  app.post('/api/news', async (req, reply) => {
    if (typeof req.body === 'string') return runAnalysis({ op: 'news', text: req.body }, req.body.length, reply);
    if (req.body === undefined || req.body === null) throw new ApiError(400, 'invalid_request', 'send the article as text/plain, or as JSON {"text": "…"} or {"title", "lead", "paragraphs"}');
    // NewsBodySchema is {text} or an article; pick the branch so errors name the right fields.
    const raw = req.body as Record<string, unknown>;
    if (typeof raw === 'object' && !Array.isArray(raw) && 'text' in raw) {
      const b = parseWith(TextBodySchema, raw, 'body');
      return runAnalysis({ op: 'news', text: b.text }, b.text.length, reply);
    }
    const article = parseWith(ArticleBodySchema, raw, 'body');
    return runAnalysis({ op: 'news', article }, articleText(article as NewsArticleInput).length, reply);
  });

  // ---- archive endpoints
  function needArchive(): ArchiveBackend {
    if (archive) return archive;
    throw new ApiError(503, 'not_ready', archiveError ?? 'the archive is not available');
  }
  /** Archive calls: a bad filter value (RangeError) is the client's; a lock is temporary. */
  function archiveCall<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof RangeError) throw new ApiError(400, 'invalid_request', e.message);
      if ((e as { code?: string }).code === 'LOCKED') throw new ApiError(503, 'busy', (e as Error).message);
      throw e;
    }
  }
  app.get('/api/search', async (req) => {
    const q = parseWith(SearchQuerySchema, req.query, 'query');
    const a = needArchive();
    if (!q.q && !q.entity && !q.speaker && !q.type && !q.from && !q.to && !q.source) {
      throw new ApiError(400, 'invalid_request', 'give search words (q) or at least one filter (entity, speaker, type, from, to, source)');
    }
    return archiveCall(() => a.search(q));
  });
  app.get('/api/articles/:id', async (req) => {
    const { id } = parseWith(IdParamsSchema, req.params, 'id');
    const a = needArchive();
    const art = archiveCall(() => a.article(id));
    if (!art) throw new ApiError(404, 'not_found', `no article with id ${id}`);
    return art;
  });
  app.get('/api/entities/:id', async (req) => {
    const { id } = parseWith(IdParamsSchema, req.params, 'id');
    const a = needArchive();
    const ent = archiveCall(() => a.entity(id));
    if (!ent) throw new ApiError(404, 'not_found', `no entity with id ${id}`);
    return ent;
  });
  app.get('/api/entities', async (req) => {
    const q = parseWith(EntityLookupSchema, req.query, 'query');
    const a = needArchive();
    return { entities: archiveCall(() => a.findEntities(q.name, { type: q.type, limit: q.limit ?? 20 })) };
  });
  app.get('/api/stats', async () => {
    const a = needArchive();
    return archiveCall(() => a.stats());
  });

  // ---- health and the API description
  let parts: PartsReport | null = null;
  app.get('/api/health', async () => {
    parts ??= await probeParts();
    const all = { ...parts, archive: archive ? { ready: true } : { ready: false, message: archiveError ?? 'not open' } };
    const ok = Object.values(all).every((p) => p.ready);
    return { status: ok ? 'ok' : 'degraded', version: VERSION, parts: all };
  });
  const openapi = buildOpenApi(VERSION, bodyLimit);
  app.get('/api/openapi.json', async () => openapi);
  app.all('/api/*', async (req) => {
    throw new ApiError(404, 'not_found', `no such route: ${req.method} ${req.url.split('?')[0]}`);
  });

  // ---- the web page and its two vendored assets, all from disk, no network
  const webRoot = options.webRoot ?? fileURLToPath(new URL('../../web/', import.meta.url));
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: ['index.html'], wildcard: false, allowedPath: (p) => !p.includes('.test.') });
  const chartDir = packageDir('chart.js');
  if (chartDir) {
    await app.register(fastifyStatic, {
      root: join(chartDir, 'dist'),
      prefix: '/vendor/chart/',
      decorateReply: false,
      wildcard: false,
      allowedPath: (p) => p === '/chart.umd.min.js' || p === '/chart.umd.js',
    });
  }
  const fontDir = packageDir('@fontsource/vazirmatn');
  if (fontDir) {
    await app.register(fastifyStatic, { root: fontDir, prefix: '/vendor/vazirmatn/', decorateReply: false, wildcard: true, allowedPath: (p) => /\.(css|woff2?)$/.test(p) });
  }

  if (options.warm !== false) {
    // Load the models on the workers and on this thread (health probes every part) before
    // the first request, so that no request pays for it with the event loop blocked.
    await Promise.all([runner.warm(), probeParts().then((p) => (parts = p))]);
  }
  return app;
}

/** Start listening; resolves to the address (e.g. `http://127.0.0.1:8080`). */
export async function startServer(options: ServerOptions & { port?: number; host?: string } = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = await createServer(options);
  const url = await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  return { app, url };
}

export type { FastifyInstance, FastifyReply };
