import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../errors.js';

function intOption(name: string, min: number, max: number) {
  return (v: string): number => {
    if (!/^[0-9]+$/.test(v)) throw new UserError(`--${name} must be a whole number, got "${v}"`);
    const n = Number(v);
    if (n < min || n > max) throw new UserError(`--${name} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}

export function register(parent: Command): void {
  parent
    .command('serve')
    .description('HTTP API and web page (POST /api/normalize|analyze|news, GET /api/search, /api/openapi.json)')
    .option('--port <n>', 'port to listen on (0 = any free port)', intOption('port', 0, 65535), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--db <file>', 'archive file for search, article and entity pages (opened read-only)')
    .option('--body-limit <bytes>', 'largest request body in bytes', intOption('body-limit', 1, 256 * 1024 * 1024), 1024 * 1024)
    .option('--timeout <ms>', 'longest time one analysis may take', intOption('timeout', 1, 3_600_000), 30_000)
    .option('--threads <n>', 'worker threads for large inputs (0 = none; default CPUs − 1)', intOption('threads', 0, 64))
    .option('--log', 'log every request (JSON lines on stdout)')
    .action(async (opts: { port: number; host: string; db?: string; bodyLimit: number; timeout: number; threads?: number; log?: boolean }) => {
      if (opts.db) {
        if (!existsSync(opts.db)) throw new UserError(`${opts.db}: no such file (create it with \`sokhan import FILE.jsonl --db ${opts.db}\`)`);
        if (statSync(opts.db).isDirectory()) throw new UserError(`${opts.db}: is a directory`);
      }
      const { startServer } = await import('../../server/index.js');
      let started;
      try {
        started = await startServer({
          port: opts.port,
          host: opts.host,
          db: opts.db,
          bodyLimit: opts.bodyLimit,
          timeoutMs: opts.timeout,
          threads: opts.threads,
          logger: opts.log ? { level: 'info' } : false,
        });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EADDRINUSE') throw new UserError(`port ${opts.port} on ${opts.host} is in use; choose another with --port`);
        if (err.code === 'EACCES') throw new UserError(`not allowed to listen on ${opts.host}:${opts.port}`);
        throw e;
      }
      const { app, url } = started;
      if (app.sokhan.archiveError && opts.db) {
        await app.close();
        throw new UserError(app.sokhan.archiveError);
      }
      const health = JSON.parse((await app.inject({ method: 'GET', url: '/api/health' })).body) as { parts: Record<string, { ready: boolean; message?: string }> };
      for (const [name, p] of Object.entries(health.parts)) {
        if (!p.ready && !(name === 'archive' && !opts.db)) process.stderr.write(`sokhan: note: ${name} is not available (${p.message ?? 'not ready'}); its endpoints answer 503\n`);
      }
      if (!opts.db) process.stderr.write('sokhan: note: no --db given, so search, article and entity pages answer 503\n');
      process.stderr.write(`sokhan: serving on ${url} (API under ${url}/api, description at ${url}/api/openapi.json); Ctrl-C stops\n`);
      // Run until a signal; then close cleanly (finish open requests, stop workers).
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          app.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
