/**
 * Strings from UTF-16 code-unit buffers, for passes that write their output into a
 * Uint16Array (one store per code unit) instead of collecting string pieces. Joining
 * hundreds of thousands of small pieces (one per replaced ي or ك) was the single largest
 * cost of the character pass; a buffer and one decode are ~4x faster.
 *
 * TextDecoder('utf-16le') is the fast path. It would turn an unpaired surrogate into
 * U+FFFD, which the normaliser must never do (input is never lost), so a buffer that holds
 * a lone surrogate goes through String.fromCharCode instead. A leading U+FEFF is kept
 * (ignoreBOM). Big-endian hosts, or hosts without the decoder, always use fromCharCode.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function makeDecoder(): TextDecoder | null {
  if (!LITTLE_ENDIAN || typeof TextDecoder !== 'function') return null;
  try {
    const d = new TextDecoder('utf-16le', { ignoreBOM: true });
    // Self-check: a BOM, a pair and an Arabic letter come back unchanged.
    const probe = new Uint16Array([0xfeff, 0xd83d, 0xde00, 0x0628]);
    return d.decode(probe) === '\ufeff\ud83d\ude00\u0628' ? d : null;
  } catch {
    return null;
  }
}

const DECODER = makeDecoder();
const CHUNK = 8192;

/** True when buf[0, len) holds a surrogate that is not part of a well-formed pair. */
export function hasLoneSurrogate(buf: Uint16Array, len: number): boolean {
  for (let i = 0; i < len; i++) {
    const c = buf[i];
    if ((c & 0xf800) !== 0xd800) continue;
    if (c >= 0xdc00) return true; // a low surrogate not consumed by a high one
    if (i + 1 >= len) return true;
    const d = buf[i + 1];
    if (d < 0xdc00 || d > 0xdfff) return true;
    i++;
  }
  return false;
}

/**
 * The string held in buf[0, len). `maybeSurrogates` may be false only when the caller knows
 * the buffer holds no surrogate code unit at all (then no check is made).
 */
export function stringFromUtf16(buf: Uint16Array, len: number, maybeSurrogates: boolean): string {
  if (len === 0) return '';
  if (DECODER !== null && !(maybeSurrogates && hasLoneSurrogate(buf, len))) return DECODER.decode(buf.subarray(0, len));
  if (len <= CHUNK) return String.fromCharCode.apply(null, buf.subarray(0, len) as unknown as number[]);
  const parts: string[] = [];
  for (let i = 0; i < len; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, buf.subarray(i, Math.min(len, i + CHUNK)) as unknown as number[]));
  }
  return parts.join('');
}
