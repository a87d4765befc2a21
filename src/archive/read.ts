import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { firstInvalidUtf8 } from '../cli/input.js';

/**
 * Input files for `sokhan import`: JSON arrays, JSONL, gzip (detected by its magic bytes,
 * whatever the name), and plain text (one article per file).
 *
 * Every article comes with its 1-based line number; a bad JSONL line or a malformed array
 * element is yielded as an issue with its line and the reading goes on.
 */
export type InputRecord =
  | { ok: true; line: number; article: Record<string, unknown>; text?: undefined }
  | { ok: true; line: number; text: string; article?: undefined }
  | { ok: false; line: number; message: string };

export type InputFormat = 'json' | 'jsonl' | 'text';

/** The largest decompressed JSON array or text file read whole. JSONL is streamed. */
export const MAX_WHOLE_FILE = 1024 * 1024 * 1024;

export class InputError extends Error {}

function isGzip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    const n = readSync(fd, b, 0, 2, 0);
    return n === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** `-` is standard input, read once into memory (at most MAX_WHOLE_FILE bytes). */
export const STDIN = '-';
let stdinBytes: Promise<Buffer> | null = null;

function readStdin(): Promise<Buffer> {
  stdinBytes ??= (async () => {
    const parts: Buffer[] = [];
    let len = 0;
    for await (const c of process.stdin as AsyncIterable<Buffer>) {
      len += c.length;
      if (len > MAX_WHOLE_FILE) throw new InputError('standard input larger than 1 GiB; give a file instead');
      parts.push(c);
    }
    return Buffer.concat(parts);
  })();
  return stdinBytes;
}

async function openStream(file: string): Promise<Readable> {
  if (file === STDIN) {
    const b = await readStdin();
    const raw = Readable.from([b]);
    return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
  }
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  return isGzip(file) ? raw.pipe(createGunzip()) : raw;
}

/** Lines of a stream as Buffers (without the newline; a trailing \r is dropped). */
async function* lines(stream: Readable): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let from = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, from);
      if (nl < 0) break;
      yield stripCr(buf.subarray(from, nl));
      from = nl + 1;
    }
    buf = buf.subarray(from);
    if (buf.length > MAX_WHOLE_FILE) throw new InputError('a line longer than 1 GiB');
    pending = Buffer.from(buf);
  }
  if (pending.length) yield stripCr(pending);
}

function stripCr(b: Buffer): Buffer {
  return b.length && b[b.length - 1] === 0x0d ? b.subarray(0, b.length - 1) : b;
}

/** The first bytes after decompression, to sniff the format. */
async function head(file: string, n = 4096): Promise<Buffer> {
  const s = await openStream(file);
  const parts: Buffer[] = [];
  let len = 0;
  try {
    for await (const c of s as AsyncIterable<Buffer>) {
      parts.push(c);
      len += c.length;
      if (len >= n) break;
    }
  } finally {
    s.destroy();
  }
  return Buffer.concat(parts).subarray(0, n);
}

/** Decide the format: by name (`.jsonl`/`.ndjson`, `.json`, `.txt`), else by the first character. */
export async function detectFormat(file: string): Promise<InputFormat> {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  const h = await head(file);
  let i = 0;
  if (h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) i = 3; // BOM
  while (i < h.length && (h[i] === 0x20 || h[i] === 0x0a || h[i] === 0x0d || h[i] === 0x09)) i++;
  if (name.endsWith('.txt') || name.endsWith('.text')) return 'text';
  if (h[i] === 0x5b /* [ */) return 'json';
  if (h[i] === 0x7b /* { */) return name.endsWith('.json') ? 'json' : 'jsonl';
  return 'text';
}

async function readWhole(file: string): Promise<Buffer> {
  const s = await openStream(file);
  const parts: Buffer[] = [];
  let len = 0;
  for await (const c of s as AsyncIterable<Buffer>) {
    len += c.length;
    if (len > MAX_WHOLE_FILE) {
      s.destroy();
      throw new InputError('larger than 1 GiB after decompression; split it or use JSONL');
    }
    parts.push(c);
  }
  return Buffer.concat(parts);
}

/** What is wrong with an article object, or null if it is usable. */
export function articleProblem(v: unknown): string | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return `expected an article object (title, abstract/lead, paragraphs/body or text), got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`;
  }
  const a = v as Record<string, unknown>;
  for (const f of ['title', 'abstract', 'lead', 'text', 'content', 'link', 'url']) {
    if (a[f] !== undefined && a[f] !== null && typeof a[f] !== 'string') return `field "${f}" should be a string, got ${Array.isArray(a[f]) ? 'an array' : typeof a[f]}`;
  }
  for (const f of ['paragraphs', 'tags']) {
    const x = a[f];
    if (x === undefined || x === null) continue;
    if (!Array.isArray(x) || x.some((p) => typeof p !== 'string')) return `field "${f}" should be an array of strings`;
  }
  if (a.body !== undefined && a.body !== null && typeof a.body !== 'string' && !(Array.isArray(a.body) && a.body.every((p) => typeof p === 'string'))) {
    return 'field "body" should be a string or an array of strings';
  }
  const hasText = ['title', 'abstract', 'lead', 'text', 'content', 'body'].some((f) => typeof a[f] === 'string' && (a[f] as string).trim() !== '')
    || ['paragraphs', 'body'].some((f) => Array.isArray(a[f]) && (a[f] as string[]).some((p) => p.trim() !== ''));
  if (!hasText) return 'the article has no text (no title, abstract/lead, paragraphs/body or text)';
  return null;
}

function toRecord(v: unknown, line: number): InputRecord {
  if (typeof v === 'string') {
    return v.trim() ? { ok: true, line, text: v } : { ok: false, line, message: 'empty text' };
  }
  const p = articleProblem(v);
  return p ? { ok: false, line, message: p } : { ok: true, line, article: v as Record<string, unknown> };
}

function jsonErrorLine(text: string, message: string, baseLine: number): number {
  const m = /position (\d+)/.exec(message);
  if (!m) return baseLine;
  const p = Math.min(text.length, Number(m[1]));
  let line = baseLine;
  for (let i = 0; i < p; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The elements of a top-level JSON array, each with the line it starts on. Elements are cut
 * apart by a linear scan (strings and nesting tracked), then parsed one by one, so a broken
 * element is reported and skipped while the rest are read.
 */
export function* jsonArrayElements(s: string): Generator<InputRecord> {
  let i = 0;
  let line = 1;
  const n = s.length;
  if (s.charCodeAt(0) === 0xfeff) i = 1;
  const skipWs = (): void => {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) break;
      i++;
    }
  };
  skipWs();
  if (s[i] !== '[') {
    yield { ok: false, line, message: 'not a JSON array (expected "[")' };
    return;
  }
  i++;
  for (;;) {
    skipWs();
    if (i >= n) {
      yield { ok: false, line, message: 'unexpected end of file inside the JSON array (missing "]")' };
      return;
    }
    if (s[i] === ']') return;
    const startLine = line;
    const start = i;
    let depth = 0;
    let inString = false;
    let endedBy = '';
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) line++;
      if (inString) {
        if (c === 92 /* \ */) {
          i++;
          if (s.charCodeAt(i) === 10) line++;
        } else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 91 || c === 123) depth++;
      else if (c === 93 || c === 125) {
        if (depth === 0) {
          endedBy = ']';
          break;
        }
        depth--;
      } else if (c === 44 && depth === 0) {
        endedBy = ',';
        break;
      }
    }
    const raw = s.slice(start, i);
    if (raw.trim() === '') {
      yield { ok: false, line: startLine, message: 'empty array element' };
    } else {
      let v: unknown;
      let bad: string | null = null;
      try {
        v = JSON.parse(raw);
      } catch (e) {
        bad = (e as Error).message;
      }
      if (bad !== null) {
        yield { ok: false, line: jsonErrorLine(raw, bad, startLine), message: `malformed JSON element (${bad.split('\n')[0]})` };
      } else yield toRecord(v, startLine);
    }
    if (!endedBy) {
      yield { ok: false, line, message: inString ? `unterminated string in the element from line ${startLine}; the rest of the file is skipped` : 'unexpected end of file inside the JSON array (missing "]")' };
      return;
    }
    i++;
    if (endedBy === ']') return;
  }
}

/** Count the articles in a file cheaply (for the progress bar). */
export async function countRecords(file: string): Promise<number> {
  const fmt = await detectFormat(file);
  if (fmt === 'text') return 1;
  if (fmt === 'jsonl') {
    let n = 0;
    for await (const l of lines(await openStream(file))) if (l.length && l.some((b) => b !== 0x20 && b !== 0x09)) n++;
    return n;
  }
  let n = 0;
  for (const r of jsonArrayElements((await readWhole(file)).toString('utf8'))) if (r) n++;
  return n;
}

/** Read the articles of one file. Throws InputError only when the file itself cannot be read. */
export async function* readInput(file: string): AsyncGenerator<InputRecord> {
  try {
    if (file !== STDIN && statSync(file).isDirectory()) throw new InputError('is a directory');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message);
  }
  let fmt: InputFormat;
  try {
    fmt = await detectFormat(file);
  } catch (e) {
    throw new InputError(`cannot read (${(e as Error).message})`);
  }
  if (fmt === 'jsonl') {
    let ln = 0;
    for await (const l of lines(await openStream(file))) {
      ln++;
      let b = l;
      if (ln === 1 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
      if (b.every((c) => c === 0x20 || c === 0x09)) continue;
      if (!isUtf8(b)) {
        yield { ok: false, line: ln, message: 'invalid UTF-8' };
        continue;
      }
      let v: unknown;
      try {
        v = JSON.parse(b.toString('utf8'));
      } catch (e) {
        yield { ok: false, line: ln, message: `malformed JSON (${(e as Error).message.split('\n')[0]})` };
        continue;
      }
      yield toRecord(v, ln);
    }
    return;
  }
  const bytes = await readWhole(file);
  if (!isUtf8(bytes)) {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    let ln = 1;
    for (let p = 0; p < bad; p++) if (bytes[p] === 0x0a) ln++;
    yield { ok: false, line: ln, message: 'invalid UTF-8 (the file is skipped)' };
    return;
  }
  const text = bytes.toString('utf8');
  if (fmt === 'text') {
    if (text.indexOf('\u0000') >= 0) {
      yield { ok: false, line: 1, message: 'binary file (NUL bytes); skipped' };
      return;
    }
    yield text.trim() ? { ok: true, line: 1, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text } : { ok: false, line: 1, message: 'empty file' };
    return;
  }
  // JSON: an array, or (for .json) one article object.
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t' || text[i] === '\ufeff')) i++;
  if (text[i] === '{') {
    let v: unknown;
    try {
      v = JSON.parse(text.slice(i));
    } catch {
      // Not one object: read it as JSONL.
      let ln = 0;
      for (const l of text.split('\n')) {
        ln++;
        if (!l.trim()) continue;
        try {
          v = JSON.parse(l);
        } catch (e) {
          yield { ok: false, line: ln, message: `malformed JSON (${(e as Error).message.split('\n')[0]})` };
          continue;
        }
        yield toRecord(v, ln);
      }
      return;
    }
    yield toRecord(v, 1);
    return;
  }
  yield* jsonArrayElements(text);
}
