import { createReadStream, readFileSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { UserError } from './errors.js';

/** The largest input read whole into memory (streaming commands have no limit). */
export const MAX_WHOLE_INPUT = 256 * 1024 * 1024;

/** Byte offset of the first invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Throws a UserError naming the file and byte offset of a NUL byte or invalid UTF-8. */
export function checkText(bytes: Uint8Array, name: string, baseOffset = 0): void {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new UserError(`${name}: binary input (NUL byte at byte ${baseOffset + nul})${baseOffset === 0 ? encodingHint(bytes) : ''}`);
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    throw new UserError(`${name}: invalid UTF-8 at byte ${baseOffset + Math.max(0, at)}${baseOffset === 0 ? encodingHint(bytes) : ''}`);
  }
}

/**
 * What the first bytes of a file that is not UTF-8 text suggest, as a hint for the one-line
 * error: a UTF-16 byte-order mark, gzip, or (bytes of the Arabic range of Windows-1256) the
 * legacy Persian code page.
 */
export function encodingHint(b: Uint8Array): string {
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return '; it looks like UTF-16 (byte-order mark): convert it first, e.g. iconv -f UTF-16 -t UTF-8';
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return '; it is gzip-compressed: decompress it first, e.g. zcat FILE | sokhan … -';
  // Windows-1256 writes Persian letters as single bytes 0xC1–0xFE; UTF-8 never has such a byte
  // alone between ASCII bytes. Two such letters in a row after a space are a strong sign.
  for (let i = 0; i + 2 < b.length && i < 4096; i++) {
    if (b[i] === 0x20 && b[i + 1] >= 0xc1 && b[i + 2] >= 0xc1 && (b[i + 3] === undefined || b[i + 3] < 0x80 || b[i + 3] >= 0xc1)) {
      return '; it may be in Windows-1256: convert it first, e.g. iconv -f WINDOWS-1256 -t UTF-8';
    }
  }
  return '';
}

function displayName(file: string | undefined): string {
  return !file || file === '-' ? '<stdin>' : file;
}

async function readAll(stream: NodeJS.ReadableStream, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_WHOLE_INPUT) throw new UserError(`${name}: input larger than ${MAX_WHOLE_INPUT} bytes; split it or use a streaming command`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Read a whole file (or stdin for "-" / undefined) as validated UTF-8 text. A leading BOM is kept. */
export async function readTextInput(file: string | undefined): Promise<string> {
  const name = displayName(file);
  let bytes: Buffer;
  if (!file || file === '-') {
    bytes = await readAll(process.stdin, name);
  } else {
    let size: number;
    try {
      const st = statSync(file);
      if (st.isDirectory()) throw new UserError(`${name}: is a directory`);
      size = st.size;
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`${name}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    if (size > MAX_WHOLE_INPUT) throw new UserError(`${name}: input larger than ${MAX_WHOLE_INPUT} bytes; split it or use a streaming command`);
    bytes = readFileSync(file);
  }
  checkText(bytes, name);
  return bytes.toString('utf8');
}

/**
 * Stream a file (or stdin) as validated UTF-8 text in chunks that end at a newline, so
 * line-oriented work never sees a line cut in two. Memory stays bounded by the longest line.
 */
export async function* readTextChunks(file: string | undefined, maxLine = MAX_WHOLE_INPUT): AsyncGenerator<string> {
  const name = displayName(file);
  let stream: NodeJS.ReadableStream;
  if (!file || file === '-') stream = process.stdin;
  else {
    try {
      if (statSync(file).isDirectory()) throw new UserError(`${name}: is a directory`);
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`${name}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    stream = createReadStream(file, { highWaterMark: 1 << 20 });
  }
  // Bytes after the last newline seen, kept as a list so that a long line costs O(length).
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let offset = 0; // byte offset of the first pending byte in the input
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const nl = chunk.lastIndexOf(0x0a);
    if (nl < 0) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength > maxLine) throw new UserError(`${name}: a line longer than ${maxLine} bytes at byte ${offset}`);
      continue;
    }
    pending.push(chunk.subarray(0, nl + 1));
    const ready = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingLength + nl + 1);
    checkText(ready, name, offset);
    offset += ready.length;
    const rest = chunk.subarray(nl + 1);
    pending = rest.length ? [Buffer.from(rest)] : [];
    pendingLength = rest.length;
    yield ready.toString('utf8');
  }
  if (pendingLength) {
    const last = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingLength);
    checkText(last, name, offset);
    yield last.toString('utf8');
  }
}
