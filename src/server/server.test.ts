import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createServer, type ArchiveBackend } from './index.js';
import { workerFile } from './pool.js';
import { changesOf, classifyChange } from './changes.js';
import { normalize } from '../text/normalize.js';

const ZWNJ = '\u200c';
const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const JSON_CT = { 'content-type': 'application/json' };

function expectError(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const b = JSON.parse(res.body);
  expect(b.error.code).toBe(code);
  expect(typeof b.error.message).toBe('string');
  expect(b.error.message.length).toBeGreaterThan(5);
}

describe('server: requests and errors', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createServer({ bodyLimit: 64 * 1024, threads: 0, warm: false });
  });
  afterAll(() => app.close());

  it('normalises text/plain and reports each change with both spans', async () => {
    const src = 'مي شود كتاب ها';
    const res = await app.inject({ method: 'POST', url: '/api/normalize', headers: TEXT, payload: src });
    expect(res.statusCode).toBe(200);
    const b = JSON.parse(res.body);
    expect(b.offsets).toBe('utf16');
    expect(b.text).toBe(normalize(src).text);
    expect(b.changes.length).toBeGreaterThan(0);
    for (const c of b.changes) {
      expect(src.slice(c.sourceStart, c.sourceEnd)).toBe(c.from);
      expect(b.text.slice(c.start, c.end)).toBe(c.to);
    }
    // Rebuilding the output from the input and the changes gives the output exactly.
    let out = '';
    let at = 0;
    for (const c of b.changes) {
      out += src.slice(at, c.sourceStart) + c.to;
      at = c.sourceEnd;
    }
    expect(out + src.slice(at)).toBe(b.text);
    expect(b.changes.some((c: { kind: string }) => c.kind === 'letter')).toBe(true);
  });

  it('accepts JSON {text, options}', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/normalize', headers: JSON_CT, payload: { text: 'سال 1402', options: { digits: 'keep' } } });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).text).toContain('1402');
  });

  it('413 for a body over the limit', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/normalize', headers: TEXT, payload: 'ب'.repeat(40 * 1024) });
    expectError(res, 413, 'body_too_large');
    const j = await app.inject({ method: 'POST', url: '/api/news', headers: JSON_CT, payload: JSON.stringify({ text: 'x'.repeat(70 * 1024) }) });
    expectError(j, 413, 'body_too_large');
  });

  it('415 for other content types and charsets', async () => {
    expectError(await app.inject({ method: 'POST', url: '/api/normalize', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' }), 415, 'unsupported_media_type');
    expectError(await app.inject({ method: 'POST', url: '/api/analyze', headers: { 'content-type': 'image/png' }, payload: Buffer.from([1, 2, 3]) }), 415, 'unsupported_media_type');
    expectError(await app.inject({ method: 'POST', url: '/api/normalize', headers: { 'content-type': 'text/plain; charset=latin1' }, payload: 'abc' }), 415, 'unsupported_media_type');
  });

  it('400 for bad JSON, empty JSON, bad UTF-8 and NUL bytes', async () => {
    expectError(await app.inject({ method: 'POST', url: '/api/normalize', headers: JSON_CT, payload: '{"text": ' }), 400, 'bad_json');
    expectError(await app.inject({ method: 'POST', url: '/api/news', headers: JSON_CT, payload: '' }), 400, 'bad_json');
    expectError(await app.inject({ method: 'POST', url: '/api/normalize', headers: TEXT, payload: Buffer.from([0xd8, 0x28, 0x41]) }), 400, 'invalid_utf8');
    expectError(await app.inject({ method: 'POST', url: '/api/normalize', headers: TEXT, payload: 'الف\u0000ب' }), 400, 'invalid_request');
  });

  it('400 with the field named for schema errors', async () => {
    const cases: [string, unknown, string][] = [
      ['/api/normalize', { text: 1 }, 'text'],
      ['/api/normalize', { txt: 'سلام' }, 'txt'],
      ['/api/normalize', { text: 'سلام', options: { digits: 'roman' } }, 'options.digits'],
      ['/api/analyze', [1, 2], 'body'],
      ['/api/news', { paragraphs: 'not a list' }, 'paragraphs'],
      ['/api/news', { link: 'http://x' }, 'article needs'],
    ];
    for (const [url, payload, mention] of cases) {
      const res = await app.inject({ method: 'POST', url, headers: JSON_CT, payload: JSON.stringify(payload) });
      expectError(res, 400, 'invalid_request');
      expect(JSON.parse(res.body).error.message).toContain(mention);
    }
    expectError(await app.inject({ method: 'POST', url: '/api/normalize' }), 400, 'invalid_request');
    expectError(await app.inject({ method: 'GET', url: '/api/search?q=x&limit=abc' }), 400, 'invalid_request');
    expectError(await app.inject({ method: 'GET', url: '/api/search?q=x&bogus=1' }), 400, 'invalid_request');
    expectError(await app.inject({ method: 'GET', url: '/api/articles/abc' }), 400, 'invalid_request');
  });

  it('404 JSON for unknown routes and methods', async () => {
    expectError(await app.inject({ method: 'GET', url: '/api/nothing' }), 404, 'not_found');
    expectError(await app.inject({ method: 'DELETE', url: '/api/normalize' }), 404, 'not_found');
    expectError(await app.inject({ method: 'GET', url: '/no/such/page.html' }), 404, 'not_found');
  });

  it('503 not_ready for the archive when no --db was given', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/search?q=' + encodeURIComponent('تهران') });
    expectError(res, 503, 'not_ready');
    expect(JSON.parse(res.body).error.message).toMatch(/--db/);
  });

  it('analyze and news answer real results, or 503 not_ready exactly when health says the part is not ready', async () => {
    const health = JSON.parse((await app.inject({ method: 'GET', url: '/api/health' })).body);
    const text = 'به گزارش ایرنا، علی رضایی وزیر نیرو گفت: «سد تا پایان سال افتتاح می\u200cشود.»';
    const a = await app.inject({ method: 'POST', url: '/api/analyze', headers: TEXT, payload: text });
    if (health.parts.analyze.ready) {
      expect(a.statusCode, a.body).toBe(200);
      const doc = JSON.parse(a.body);
      expect(doc.offsets).toBe('utf16');
      expect(doc.tokens.length).toBeGreaterThan(5);
    } else expectError(a, 503, 'not_ready');
    const n = await app.inject({ method: 'POST', url: '/api/news', headers: TEXT, payload: text });
    if (health.parts.news.ready) {
      expect(n.statusCode, n.body).toBe(200);
      const r = JSON.parse(n.body);
      expect(r.offsets).toBe('utf16');
      expect(Array.isArray(r.quotes)).toBe(true);
    } else expectError(n, 503, 'not_ready');
  });

  it.runIf(existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))))('/api/analyze gives the same JSON as `sokhan analyze --format json`', async () => {
    const text = 'به گزارش ايرنا، علي رضايي گفت كه طرح ها اجرا مي شوند.\nكتابش را به مريم داد.';
    const bin = fileURLToPath(new URL('../../bin/sokhan.js', import.meta.url));
    const cli = spawnSync(process.execPath, [bin, 'analyze', '--format', 'json'], { input: text, encoding: 'utf8' });
    const res = await app.inject({ method: 'POST', url: '/api/analyze', headers: TEXT, payload: text });
    if (cli.status === 0) {
      expect(res.statusCode, res.body).toBe(200);
      expect(JSON.parse(res.body)).toEqual(JSON.parse(cli.stdout));
    } else expectError(res, 503, 'not_ready');
    const seraji = await app.inject({ method: 'POST', url: '/api/analyze', headers: JSON_CT, payload: { text, model: 'udpipe' } });
    expectError(seraji, 400, 'invalid_request');
  });

  it('health lists every part', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const b = JSON.parse(res.body);
    expect(['ok', 'degraded']).toContain(b.status);
    expect(Object.keys(b.parts).sort()).toEqual(['analyze', 'archive', 'news', 'normalize']);
    expect(b.parts.normalize.ready).toBe(true);
    expect(b.parts.archive.ready).toBe(false);
    expect(b.status).toBe('degraded');
  });

  it('serves an OpenAPI 3.1 document generated from the request schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body);
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/normalize', '/api/analyze', '/api/news', '/api/search', '/api/articles/{id}', '/api/entities/{id}', '/api/health']) expect(doc.paths[p], p).toBeDefined();
    const body = doc.paths['/api/normalize'].post.requestBody.content['application/json'].schema;
    expect(body.properties.text.type).toBe('string');
    expect(body.properties.options.properties.digits.enum).toEqual(['fa', 'ascii', 'keep']);
    const params = doc.paths['/api/search'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['q', 'entity', 'speaker', 'type', 'from', 'to', 'source', 'limit', 'offset']));
    expect(doc.paths['/api/normalize'].post.responses['413']).toBeDefined();
  });

  it('serves the page, the font and Chart.js from the package, with a strict CSP', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('dir="rtl"');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    expect((await app.inject({ method: 'GET', url: '/vendor/chart/chart.umd.min.js' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/vendor/vazirmatn/400.css' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/vendor/vazirmatn/files/vazirmatn-arabic-400-normal.woff2' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/vendor/vazirmatn/package.json' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/vendor/chart/chart.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/../package.json' })).statusCode).toBe(404);
  });

  it('a flood of bad requests does not crash it', async () => {
    const bad = [
      () => app.inject({ method: 'POST', url: '/api/normalize', headers: JSON_CT, payload: '{{{' }),
      () => app.inject({ method: 'POST', url: '/api/analyze', headers: { 'content-type': 'application/xml' }, payload: '<a/>' }),
      () => app.inject({ method: 'POST', url: '/api/news', headers: TEXT, payload: 'ب'.repeat(33 * 1024) }),
      () => app.inject({ method: 'POST', url: '/api/news', headers: JSON_CT, payload: '{"__proto__": {"x": 1}, "text": "a"}' }),
      () => app.inject({ method: 'GET', url: '/api/search?limit=-1' }),
      () => app.inject({ method: 'GET', url: '/api/entities/' + '9'.repeat(300) }),
      () => app.inject({ method: 'POST', url: '/api/normalize', headers: TEXT, payload: Buffer.from([0xff, 0xfe, 0x00]) }),
      () => app.inject({ method: 'PUT', url: '/api/health' }),
    ];
    const all = await Promise.all(Array.from({ length: 400 }, (_, i) => bad[i % bad.length]()));
    for (const r of all) {
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(JSON.parse(r.body).error.code).toBeTypeOf('string');
    }
    const ok = await app.inject({ method: 'POST', url: '/api/normalize', headers: TEXT, payload: 'سلام' });
    expect(ok.statusCode).toBe(200);
  });
});

describe('server: on a real socket', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = await createServer({ threads: 1, inlineLimit: 2000, warm: true });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  it('survives malformed HTTP and half-sent bodies, and keeps answering', async () => {
    const { port } = new URL(base);
    const garbage = ['GARBAGE\r\n\r\n', 'POST /api/normalize HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 'POST /api/normalize HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nshort'];
    await Promise.all(
      garbage.map(
        (g) =>
          new Promise<void>((resolve) => {
            const s = connect(Number(port), '127.0.0.1', () => {
              s.write(g);
              setTimeout(() => s.destroy(), 100);
            });
            s.on('error', () => resolve());
            s.on('close', () => resolve());
          }),
      ),
    );
    const res = await fetch(base + '/api/health');
    expect(res.status).toBe(200);
    const chunked = await fetch(base + '/api/normalize', { method: 'POST', headers: TEXT, body: 'مي شود' });
    expect(chunked.status).toBe(200);
  });

  it('a flood of bad requests over real connections gets JSON errors and the server keeps going', async () => {
    const kinds: [string, RequestInit][] = [
      ['/api/normalize', { method: 'POST', headers: JSON_CT, body: '{"text": "' }],
      ['/api/news', { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: '%PDF' }],
      ['/api/analyze', { method: 'POST', headers: TEXT, body: 'ب'.repeat(600 * 1024) }],
      ['/api/search?limit=0', { method: 'GET' }],
      ['/api/%E0%A4%A', { method: 'GET' }],
    ];
    const res = await Promise.all(
      Array.from({ length: 150 }, async (_, i) => {
        const [path, init] = kinds[i % kinds.length];
        try {
          const r = await fetch(base + path, init);
          const body = await r.text();
          return { status: r.status, body };
        } catch (e) {
          // The server may close a connection while a too-large body is still being sent.
          return { status: 413, body: JSON.stringify({ error: { code: 'closed', message: String(e) } }) };
        }
      }),
    );
    for (const r of res) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(JSON.parse(r.body).error.code).toBeTypeOf('string');
    }
    expect((await fetch(base + '/api/health')).status).toBe(200);
  });

  it.runIf(workerFile() !== null)('a large input runs on a worker while small requests keep being answered', async () => {
    const big = ('به گزارش ايرنا، وزير گفت كه طرح اجرا مي شود. ').repeat(400); // ~18k chars: over the inline limit
    const order: string[] = [];
    const bigP = fetch(base + '/api/normalize', { method: 'POST', headers: TEXT, body: big }).then(async (r) => {
      expect(r.status).toBe(200);
      await r.json();
      order.push('big');
    });
    const small = Array.from({ length: 5 }, () =>
      fetch(base + '/api/normalize', { method: 'POST', headers: TEXT, body: 'سلام' }).then(async (r) => {
        expect(r.status).toBe(200);
        order.push('small');
      }),
    );
    await Promise.all([bigP, ...small]);
    expect(order.length).toBe(6);
    expect(order.indexOf('big')).toBeGreaterThan(0); // at least one small answer came first
  });
});

describe.runIf(workerFile() !== null)('server: timeouts', () => {
  it('stops an analysis that takes too long with 503 timeout, and the next request still works', async () => {
    const app = await createServer({ threads: 1, inlineLimit: 0, timeoutMs: 1, warm: true });
    try {
      const text = 'مي شود كتاب ها. '.repeat(20000);
      const res = await app.inject({ method: 'POST', url: '/api/normalize', headers: TEXT, payload: text });
      expectError(res, 503, 'timeout');
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await app.close();
    }
    const app2 = await createServer({ threads: 1, inlineLimit: 0, timeoutMs: 30_000, warm: false });
    try {
      const ok = await app2.inject({ method: 'POST', url: '/api/normalize', headers: TEXT, payload: 'مي شود' });
      expect(ok.statusCode).toBe(200);
    } finally {
      await app2.close();
    }
  });
});

describe.runIf(workerFile() !== null)('server: back-pressure', () => {
  it('refuses work beyond the queue with 503 busy instead of piling it up', async () => {
    const app = await createServer({ threads: 1, inlineLimit: 0, maxQueue: 1, warm: true });
    try {
      const text = 'مي شود كتاب ها. '.repeat(300);
      const all = await Promise.all(Array.from({ length: 8 }, () => app.inject({ method: 'POST', url: '/api/normalize', headers: TEXT, payload: text })));
      const codes = all.map((r) => r.statusCode);
      expect(codes).toContain(200);
      expect(codes).toContain(503);
      for (const r of all.filter((x) => x.statusCode === 503)) expectError(r, 503, 'busy');
      const after = await app.inject({ method: 'POST', url: '/api/normalize', headers: TEXT, payload: 'سلام' });
      expect(after.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('server: archive routes', () => {
  // A small in-memory archive backend: checks routing, validation and 404s of the server layer.
  const backend: ArchiveBackend = {
    search: (q) => ({ terms: [], total: q.q === 'هیچ' ? 0 : 1, hits: [], tookMs: 0 }),
    article: (id) => (id === 1 ? ({ id: 1, title: 'عنوان' } as never) : null),
    entity: (id) => (id === 7 ? ({ entity: { id: 7, name: 'علی رضایی' }, quotes: [], coMentions: [], timeline: [] } as never) : null),
    findEntities: (name) => [{ id: 7, name, type: 'PER', count: 1 }],
    stats: () => ({ articles: 1 }),
    close: () => {},
  };
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createServer({ archive: backend, threads: 0, warm: false });
  });
  afterAll(() => app.close());

  it('answers and 404s', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/articles/1' })).statusCode).toBe(200);
    expectError(await app.inject({ method: 'GET', url: '/api/articles/2' }), 404, 'not_found');
    expect(JSON.parse((await app.inject({ method: 'GET', url: '/api/entities/7' })).body).entity.name).toBe('علی رضایی');
    expectError(await app.inject({ method: 'GET', url: '/api/entities/8' }), 404, 'not_found');
    expect(JSON.parse((await app.inject({ method: 'GET', url: '/api/search?q=' + encodeURIComponent('هیچ') })).body).total).toBe(0);
    expectError(await app.inject({ method: 'GET', url: '/api/search' }), 400, 'invalid_request');
    expect(JSON.parse((await app.inject({ method: 'GET', url: '/api/entities?name=' + encodeURIComponent('علی') })).body).entities[0].id).toBe(7);
    const h = JSON.parse((await app.inject({ method: 'GET', url: '/api/health' })).body);
    expect(h.parts.archive.ready).toBe(true);
  });
});

describe('changesOf', () => {
  it('finds substitutions, insertions and deletions and classifies them', () => {
    const cases = ['مي شود', 'كتاب ها', 'سلام  دنیا', 'ۀ', 'سال ۱۴۰۲ و 1402', 'تست\u200c\u200cها', 'الف\u200fب', 'کتــاب', 'سلام,دنیا', ''];
    for (const src of cases) {
      const r = normalize(src);
      const ch = changesOf(src, r.text, r.map);
      let out = '';
      let at = 0;
      for (const c of ch) {
        expect(c.sourceStart).toBeGreaterThanOrEqual(at);
        out += src.slice(at, c.sourceStart) + c.to;
        at = c.sourceEnd;
      }
      expect(out + src.slice(at), JSON.stringify(src)).toBe(r.text);
    }
    expect(classifyChange(' ', ZWNJ)).toBe('halfspace');
    expect(classifyChange('', ZWNJ)).toBe('halfspace');
    expect(classifyChange('ي', 'ی')).toBe('letter');
    expect(classifyChange('1', '۱')).toBe('digit');
    expect(classifyChange(',', '،')).toBe('punctuation');
    expect(classifyChange(ZWNJ + ZWNJ, ZWNJ)).toBe('zwnj');
    expect(classifyChange('  ', ' ')).toBe('space');
  });
});
