import { describe, expect, it } from 'vitest';
import { checkText, encodingHint } from './input.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('errors for input that is not UTF-8 text', () => {
  it('name the file and the byte offset, with a hint from the first bytes', () => {
    // UTF-16 (little-endian BOM, then «س»).
    expect(() => checkText(bytes(0xff, 0xfe, 0x33, 0x06), 'a.txt')).toThrow(/^a\.txt: invalid UTF-8 at byte 0; it looks like UTF-16/);
    // gzip magic: a NUL byte follows soon; the hint says what the file is.
    expect(() => checkText(bytes(0x1f, 0x8b, 0x08, 0x00), 'a.gz')).toThrow(/^a\.gz: binary input \(NUL byte at byte 3\); it is gzip-compressed/);
    // «سلام دنیا» in Windows-1256.
    const cp1256 = bytes(0xd3, 0xe1, 0xc7, 0xe3, 0x20, 0xcf, 0xe4, 0xed, 0xc7);
    expect(() => checkText(cp1256, 'b.txt')).toThrow(/^b\.txt: invalid UTF-8 at byte 0; it may be in Windows-1256/);
  });

  it('gives no hint where the bytes suggest nothing (Latin-1 «été»), nor past the first chunk', () => {
    expect(encodingHint(bytes(0x61, 0x20, 0xe9, 0x74, 0xe9))).toBe('');
    expect(() => checkText(bytes(0xff, 0xfe), 'c.txt', 100)).toThrow(/^c\.txt: invalid UTF-8 at byte 100$/);
  });

  it('accepts UTF-8 text, with or without a BOM', () => {
    expect(() => checkText(new TextEncoder().encode('\ufeffسلام'), 'd.txt')).not.toThrow();
  });
});
