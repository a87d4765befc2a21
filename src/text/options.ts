/** Normaliser switches. Every rule can be turned off; the defaults suit Persian news text. */
export interface NormalizeOptions {
  /** Arabic ي ى ك (and presentation forms) become Persian ی ک. */
  letters: boolean;
  /** Arabic ة becomes ه. */
  taMarbuta: boolean;
  /** ۀ becomes هٔ (modern orthography, as UD PerDT writes it); ٱ إ become ا. */
  hamza: boolean;
  /** Kashida (tatweel, U+0640) is removed. */
  kashida: boolean;
  /** Harakat are kept or removed; hamza above (U+0654) is always kept. */
  diacritics: 'keep' | 'remove';
  /** Digits in Persian text: Persian (۰-۹), ASCII (0-9) or unchanged. Latin runs are never touched. */
  digits: 'fa' | 'ascii' | 'keep';
  /** , ; ? become ، ؛ ؟ in Persian text. */
  punctuation: boolean;
  /** Straight double quotes around Persian text become «». */
  quotes: boolean;
  /** ... and .. become … */
  ellipsis: boolean;
  /** Spacing around punctuation and brackets; runs of spaces become one. */
  spacing: boolean;
  /** Stray RLM, LRM, ZWJ, BOM and soft hyphens are removed. */
  invisibles: boolean;
  /** ZWNJ clean-up: none next to a space, at a word edge, doubled, or after a non-joining letter. */
  zwnj: boolean;
  /** Restore lost half-spaces (می‌شود, تحریم‌های, توانسته‌اند). */
  halfSpaces: boolean;
}

export const DEFAULT_NORMALIZE_OPTIONS: Readonly<NormalizeOptions> = Object.freeze({
  letters: true,
  taMarbuta: true,
  hamza: true,
  kashida: true,
  diacritics: 'remove',
  digits: 'fa',
  punctuation: true,
  quotes: true,
  ellipsis: true,
  spacing: true,
  invisibles: true,
  zwnj: true,
  halfSpaces: true,
});

export function resolveOptions(opts?: Partial<NormalizeOptions>): NormalizeOptions {
  const o = { ...DEFAULT_NORMALIZE_OPTIONS, ...(opts ?? {}) };
  if (!['keep', 'remove'].includes(o.diacritics)) throw new TypeError(`diacritics must be 'keep' or 'remove', got ${String(o.diacritics)}`);
  if (!['fa', 'ascii', 'keep'].includes(o.digits)) throw new TypeError(`digits must be 'fa', 'ascii' or 'keep', got ${String(o.digits)}`);
  return o;
}
