/**
 * Character classes for Persian text. Functions take a UTF-16 code unit (charCodeAt).
 * Kept as plain comparisons: they sit on every hot loop of the normaliser and tokenizer.
 */
export const ZWNJ = 0x200c;
export const ZWJ = 0x200d;
export const LRM = 0x200e;
export const RLM = 0x200f;
export const BOM = 0xfeff;
export const KASHIDA = 0x0640;
export const HAMZA_ABOVE = 0x0654;
export const ZWNJ_CHAR = '\u200c';

/** Arabic-script letters used in Persian text (base letters, not marks or digits). */
export function isArabicLetter(c: number): boolean {
  return (
    (c >= 0x0621 && c <= 0x063a) ||
    (c >= 0x0641 && c <= 0x064a) ||
    (c >= 0x0671 && c <= 0x06d3) ||
    c === 0x06d5 ||
    (c >= 0x06fa && c <= 0x06fc) ||
    c === 0x06ff
  );
}

/** Harakat and other combining marks of the Arabic block (including U+0654 hamza above). */
export function isArabicMark(c: number): boolean {
  return (c >= 0x064b && c <= 0x065f) || c === 0x0670 || (c >= 0x06d6 && c <= 0x06ed && c !== 0x06dd && c !== 0x06de);
}

/** A letter or mark that can be part of a Persian word. */
export function isPersianWordChar(c: number): boolean {
  return isArabicLetter(c) || isArabicMark(c) || c === KASHIDA;
}

/**
 * Letters that do not join to the following letter: after them a ZWNJ changes nothing
 * visually (ا آ أ إ د ذ ر ز ژ و ؤ ة ۀ ء and friends).
 */
export function isNonJoiner(c: number): boolean {
  switch (c) {
    case 0x0621: // ء
    case 0x0622: // آ
    case 0x0623: // أ
    case 0x0624: // ؤ
    case 0x0625: // إ
    case 0x0627: // ا
    case 0x0629: // ة
    case 0x062f: // د
    case 0x0630: // ذ
    case 0x0631: // ر
    case 0x0632: // ز
    case 0x0648: // و
    case 0x0671: // ٱ
    case 0x0698: // ژ
    case 0x06c0: // ۀ
    case 0x06d5: // ە
      return true;
    default:
      return false;
  }
}

export function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
export function isPersianDigit(c: number): boolean {
  return c >= 0x06f0 && c <= 0x06f9;
}
export function isArabicIndicDigit(c: number): boolean {
  return c >= 0x0660 && c <= 0x0669;
}
export function isDigit(c: number): boolean {
  return isAsciiDigit(c) || isPersianDigit(c) || isArabicIndicDigit(c);
}
/** Numeric value of any of the three digit systems, or -1. */
export function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x06f0 && c <= 0x06f9) return c - 0x06f0;
  if (c >= 0x0660 && c <= 0x0669) return c - 0x0660;
  return -1;
}

export function isLatinLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

/** Horizontal white space other than ZWNJ (space, tab, NBSP and the Unicode spaces). */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}
export function isNewline(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029 || c === 0x0b || c === 0x0c || c === 0x85;
}
export function isWhitespace(c: number): boolean {
  return isSpace(c) || isNewline(c);
}
/** A high or low surrogate: never split between the two. */
export function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}
