import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalize } from '../text/normalize.js';

/** These tests run the built CLI (`npm run build` first; `npm test` does it). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/sokhan.js');

function sokhan(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

// Spawning node is slow on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

let dir = '';
function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** The line endings of a text, in order. */
function endings(s: string): string[] {
  return s.match(/\r\n|\n|\r/g) ?? [];
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` before these tests');
  dir = mkdtempSync(join(tmpdir(), 'sokhan-cli-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sokhan normalize: bad input', () => {
  it('rejects a NUL byte with one line naming the file and byte offset', () => {
    const before = Buffer.from('سلام\nخوب', 'utf8');
    const p = file('nul.txt', Buffer.concat([before, Buffer.from([0]), Buffer.from('x\n')]));
    const r = sokhan(['normalize', p]);
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBe(0);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(p);
    expect(lines[0]).toContain(`NUL byte at byte ${before.length}`);
    expect(before.length).toBe(15);
  });

  it('rejects invalid UTF-8 with one line naming the file and byte offset, also deep in a stream', () => {
    const head = 'سلام دنیا\n'.repeat(150_000); // > 2 MB, so the bad byte is in a later chunk
    const headBytes = Buffer.byteLength(head, 'utf8');
    const p = file('bad.txt', Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from('ab'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    // (The earlier chunks are normalised before the bad one is read; half-spaces are off
    // only to keep this quick.)
    const r = sokhan(['normalize', '--no-half-spaces', p]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(p);
    expect(lines[0]).toContain(`invalid UTF-8 at byte ${headBytes + 2}`);
  });

  it('rejects a truncated sequence at the end and a lone surrogate encoding', () => {
    const a = sokhan(['normalize', file('trunc.txt', Buffer.concat([Buffer.from('سلام'), Buffer.from([0xd8])]))]);
    expect(a.status).toBe(1);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    expect(a.stderr).toContain('invalid UTF-8 at byte 8');
    const b = sokhan(['normalize', file('surr.txt', Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x0a]))]);
    expect(b.status).toBe(1);
    expect(b.stderr).toContain('invalid UTF-8 at byte 1');
  });

  it('rejects bad bytes on stdin, naming <stdin>', () => {
    const r = sokhan(['normalize'], Buffer.from([0x61, 0x00, 0x62]));
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('sokhan: <stdin>: binary input (NUL byte at byte 1)');
  });

  it('reports a missing file or a directory clearly', () => {
    const missing = join(dir, 'no-such-file.txt');
    const r = sokhan(['normalize', missing]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`sokhan: ${missing}: no such file`);
    const d = sokhan(['normalize', dir]);
    expect(d.status).toBe(1);
    expect(d.stderr.trim()).toBe(`sokhan: ${dir}: is a directory`);
  });
});

describe('sokhan normalize: input and output', () => {
  it('gives empty output for empty input (file and stdin)', () => {
    const a = sokhan(['normalize', file('empty.txt', '')]);
    expect(a.status).toBe(0);
    expect(a.stdout.length).toBe(0);
    expect(a.stderr).toBe('');
    const b = sokhan(['normalize', '-'], '');
    expect(b.status).toBe(0);
    expect(b.stdout.length).toBe(0);
  });

  it('reads stdin, with - or with no file', () => {
    const input = 'كتاب هاي 12 , خوب\n';
    const want = normalize(input).text;
    expect(sokhan(['normalize', '-'], input).stdout.toString('utf8')).toBe(want);
    expect(sokhan(['normalize'], input).stdout.toString('utf8')).toBe(want);
    expect(want).not.toBe(input); // the example does get normalised
  });

  it('passes the option flags through', () => {
    const input = 'گفت "سلام" , 12 ...\n';
    const out = (args: string[]) => {
      const r = sokhan(['normalize', '--no-half-spaces', ...args], input);
      expect(r.stderr).toBe('');
      return r.stdout.toString('utf8');
    };
    expect(out([])).toBe('گفت «سلام»، ۱۲ …\n');
    expect(out(['--digits', 'ascii'])).toBe('گفت «سلام»، 12 …\n');
    expect(out(['--digits', 'keep', '--no-quotes', '--no-punctuation', '--no-ellipsis', '--no-spacing'])).toBe(input);
    const bad = sokhan(['normalize', '--digits', 'roman'], input);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('keeps line structure byte for byte: LF, CRLF, CR, blank lines, no final newline', () => {
    const input = 'سلام  ,خوبي  \r\n\r\n\nدوم:اول   \n  \r\nسوم\rچهارم 12.5\n\n\nپایان بدون خط';
    const r = sokhan(['normalize', file('lines.txt', input)]);
    expect(r.status).toBe(0);
    const out = r.stdout.toString('utf8');
    expect(endings(out)).toEqual(endings(input));
    expect(out).toBe(normalize(input).text);
    expect(out.endsWith('پایان بدون خط')).toBe(true);
    const withFinal = sokhan(['normalize'], 'یک\nدو\n').stdout.toString('utf8');
    expect(withFinal).toBe('یک\nدو\n');
  });

  // The half-space rule is off here: this checks the streaming (chunks cut at newlines),
  // and keeps the test quick; the line-structure test above runs every rule.
  it('streams large input (many lines, and one long line) exactly like the library', () => {
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) lines.push(i % 7 === 0 ? '' : `خبر ${i} , كتاب "مهم" ...  `);
    const many = lines.join('\r\n');
    const r = sokhan(['normalize', '--no-half-spaces', file('many.txt', many)]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString('utf8')).toBe(normalize(many, { halfSpaces: false }).text);
    const long = 'کلمه '.repeat(600_000); // one 3 MB line with no newline
    const l = sokhan(['normalize', '--no-half-spaces', file('long.txt', long)]);
    expect(l.status).toBe(0);
    expect(l.stdout.toString('utf8')).toBe(normalize(long, { halfSpaces: false }).text);
  });
});
