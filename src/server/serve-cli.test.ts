// `sokhan serve` as a user runs it: prints its address, answers, and stops cleanly on SIGTERM.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/sokhan.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));

describe.runIf(built)('sokhan serve', () => {
  it('listens on the given host and port 0, answers, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--host', '127.0.0.1', '--body-limit', '1000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
      setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`serve did not start within 90 s: ${err}`));
      }, 90_000).unref();
    });
    expect(err).toContain('no --db');
    const health = await fetch(url + '/api/health');
    expect(health.status).toBe(200);
    const big = await fetch(url + '/api/normalize', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'ب'.repeat(1000) });
    expect(big.status).toBe(413);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });

  it('refuses bad options and a missing archive with one line on stderr', () => {
    for (const args of [['--port', 'x'], ['--port', '70000'], ['--body-limit', '0'], ['--db', '/nonexistent/archive.sqlite']]) {
      const r = spawnSync(process.execPath, [bin, 'serve', ...args], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n').length).toBe(1);
      expect(r.stderr).toMatch(/^sokhan: /);
    }
  });
});
