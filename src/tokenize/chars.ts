/**
 * Character classes for the tokenizer: one table lookup per UTF-16 code unit on the hot loop.
 * Built once at module load (64 KiB).
 */
export const C_WORD = 0; // letters, marks, ZWNJ/ZWJ, anything not listed below
export const C_SPACE = 1; // horizontal white space and invisible format characters (never inside a token edge)
export const C_NEWLINE = 2;
export const C_DIGIT = 3;
export const C_PUNCT = 4; // split off, one token per character (identical runs merge)
export const C_TERM = 5; // . ! ? ؟ … (sentence-final punctuation)
export const C_CLOSE = 6; // » ) ] } ” ’ › and friends
export const C_OPEN = 7; // « ( [ { “ ‘ ‹
export const C_QUOTE = 8; // " and ' (open or close by context)
export const C_SYMBOL = 9; // emoji and pictographs: a token of their own

export const CLASS = new Uint8Array(65536);

function set(cls: number, ...codes: (number | [number, number])[]): void {
  for (const c of codes) {
    if (typeof c === 'number') CLASS[c] = cls;
    else for (let x = c[0]; x <= c[1]; x++) CLASS[x] = cls;
  }
}

// ASCII punctuation and symbols (letters, digits and _ stay word characters).
set(C_PUNCT, [0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]);
CLASS[0x5f] = C_WORD; // _
// Latin-1 punctuation and symbols.
set(C_PUNCT, [0xa1, 0xbf], 0xd7, 0xf7);
CLASS[0xad] = C_WORD; // soft hyphen sits inside words
// Arabic-script punctuation: ، ؛ ؟ ٪ ٫ ٬ ٭ ۔ and the Arabic comma variants.
set(C_PUNCT, 0x060c, 0x060d, 0x061b, 0x066a, 0x066b, 0x066c, 0x066d, 0x06d4, 0x061e);
// General punctuation block: dashes, quotes, bullets, ellipsis, per-mille…
set(C_PUNCT, [0x2010, 0x2027], [0x2030, 0x205e]);
// Other symbol blocks: arrows, maths, technical, box drawing, shapes, misc symbols, dingbats.
set(C_PUNCT, [0x2190, 0x23ff], [0x2500, 0x25ff]);
set(C_SYMBOL, [0x2600, 0x27bf], [0x2b00, 0x2bff]);
// CJK and fullwidth punctuation.
set(C_PUNCT, [0x3001, 0x3003], [0x3008, 0x3011], [0xff01, 0xff0f], [0xff1a, 0xff20], [0xff3b, 0xff40], [0xff5b, 0xff65]);
set(C_DIGIT, [0x30, 0x39], [0x06f0, 0x06f9], [0x0660, 0x0669]);
set(C_TERM, 0x2e, 0x21, 0x3f, 0x061f, 0x2026, 0x06d4, 0x203c, 0x2047, 0x2048, 0x2049, 0xff01, 0xff1f, 0x3002);
set(C_OPEN, 0xab, 0x28, 0x5b, 0x7b, 0x201c, 0x2018, 0x2039, 0x201e, 0x201a, 0x3008, 0x300a, 0x300c, 0x300e, 0x3010, 0xff08, 0xff3b, 0xff5b);
set(C_CLOSE, 0xbb, 0x29, 0x5d, 0x7d, 0x201d, 0x2019, 0x203a, 0x3009, 0x300b, 0x300d, 0x300f, 0x3011, 0xff09, 0xff3d, 0xff5d);
set(C_QUOTE, 0x22, 0x27);
// White space. Invisible format characters (bidi marks, ZWSP, BOM, word joiner) count as
// space at token edges: a token never starts or ends with one.
set(C_SPACE, 0x20, 0x09, 0xa0, 0x1680, [0x2000, 0x200b], 0x202f, 0x205f, 0x3000, 0x200e, 0x200f, [0x202a, 0x202e], [0x2060, 0x2064], [0x2066, 0x206f], 0xfeff, 0x061c, 0x180e);
set(C_NEWLINE, 0x0a, 0x0d, 0x0b, 0x0c, 0x85, 0x2028, 0x2029);
// Emoji live in the supplementary planes: their high surrogates D83C-D83E mark a symbol.
set(C_SYMBOL, [0xd83c, 0xd83e]);

export function isLatinAlnum(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

export function isDigitCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x06f0 && c <= 0x06f9) || (c >= 0x0660 && c <= 0x0669);
}

/** Characters that may glue to an emoji: variation selectors, ZWJ, keycap, skin tones (low surrogates follow their high one). */
export function isEmojiModifier(c: number): boolean {
  return c === 0xfe0f || c === 0xfe0e || c === 0x200d || c === 0x20e3;
}
