/**
 * Clitic splitting into UD multi-word tokens, as PerDT does it: کتابش → کتاب + ش,
 * تیمشان → تیم + شان, فاطمه‌ام → فاطمه‌ + ام (the host keeps its ZWNJ), کارهایش → کارها + یش,
 * دل‌هاست → دل‌ها + ست. Decided with lexicon evidence, never by suffix alone:
 * آرامش, ارزش, تابش, رفتم stay whole.
 */
import type { TokenizerModel } from './model.js';

const ZWNJ = '\u200c';
/** Longer words are never split (and hostile input never costs more than a few lookups). */
const MAX_WORD = 40;

function endsWithVowel(host: string): boolean {
  const c = host.charCodeAt(host.length - 1);
  return c === 0x0627 || c === 0x0648 || c === 0x0622; // ا و آ
}

/** Is `host` a word that can carry a clitic? Plurals in ها count when their singular can. */
function isHost(host: string, m: TokenizerModel): boolean {
  if (m.hosts.has(host)) return true;
  // Plural forms: X‌ها / Xها / X‌های / Xهای.
  const k = host.endsWith('ها') ? 2 : host.endsWith('های') ? 3 : 0;
  if (k > 0) {
    let stem = host.slice(0, -k);
    if (stem.endsWith(ZWNJ)) stem = stem.slice(0, -1);
    return stem.length >= 2 && m.hosts.has(stem);
  }
  // Nouns made with ی from an adjective or noun: بی‌خیالی ← بی‌خیال.
  if (host.length >= 4 && host.charCodeAt(host.length - 1) === 0x06cc && m.hosts.has(host.slice(0, -1))) return true;
  return false;
}

/**
 * The lengths of the parts of `form` (UTF-16 code units, summing to form.length) when it is a
 * host plus clitics, or null when it is one word.
 */
export function splitClitics(form: string, m: TokenizerModel): number[] | null {
  const n = form.length;
  if (n < 2 || n > MAX_WORD || m.finals[form.charCodeAt(n - 1)] === 0) return null;
  const known = m.forms.get(form);
  if (known !== undefined) return known.length > 1 ? known : null;
  const rules = m.rulesByFinal.get(form.charCodeAt(n - 1));
  // (The list of forms never split is looked at only once a rule would split: most forms match
  // no rule, and the lookup in that big set was the costliest line here.)
  if (rules === undefined) return null;
  for (const r of rules) {
    const s = r.suffix;
    if (n <= s.length || !form.endsWith(s)) continue;
    let host = form.slice(0, n - s.length);
    // A ZWNJ before the clitic stays on the host (PerDT: فاطمه‌ + ام).
    const zwnj = host.endsWith(ZWNJ);
    if (zwnj) host = host.slice(0, -1);
    if (host.length < r.minHost) continue;
    switch (r.after) {
      case 'zwnj':
        if (!zwnj) continue;
        break;
      case 'vowel':
        // After a plural ها PerDT splits Xهای + ش, handled by the consonant rules.
        if (zwnj || !endsWithVowel(host) || host.endsWith('ها')) continue;
        break;
      case 'consonant':
        if (zwnj || endsWithVowel(host)) continue;
        break;
      case 'plural':
        if (zwnj || !host.endsWith('ها')) continue;
        break;
      default:
        break;
    }
    if (r.adjective ? !m.adjectives.has(host) : !isHost(host, m)) continue;
    if (m.blocked.has(form)) return null;
    const hostLen = host.length + (zwnj ? 1 : 0);
    return [hostLen, n - hostLen];
  }
  return null;
}
