import type { IndexWord, StoredWord } from './keys.js';

/** A piece of the query string before analysis. */
export interface QueryPart {
  text: string;
  phrase: boolean;
  prefix: boolean;
}

/**
 * Split a query into quoted phrases ("…", “…”) and free text (analysed later, word by word;
 * a `*` right after a word makes it a prefix). An unbalanced quote closes at the end. Linear.
 */
export function splitQuery(q: string): QueryPart[] {
  const out: QueryPart[] = [];
  let i = 0;
  let buf = '';
  const flushFree = (): void => {
    // Free text stays whole, so that a detached suffix (`تحریم ها`) joins its word when analysed.
    const t = buf.trim();
    if (t) out.push({ text: t, phrase: false, prefix: false });
    buf = '';
  };
  while (i < q.length) {
    const ch = q[i];
    if (ch === '"' || ch === '“' || ch === '”') {
      flushFree();
      let j = i + 1;
      while (j < q.length && q[j] !== '"' && q[j] !== '”' && q[j] !== '“') j++;
      const t = q.slice(i + 1, j).trim();
      if (t) out.push({ text: t, phrase: true, prefix: false });
      i = j + 1;
      continue;
    }
    buf += ch;
    i++;
  }
  flushFree();
  return out;
}

/** An analysed query term: one word, or a phrase of several. */
export interface QueryTerm {
  text: string;
  phrase: boolean;
  prefix: boolean;
  words: IndexWord[];
}

function quoteFts(k: string): string {
  // Keys are letters and digits only (./keys.ts), but quote anyway: FTS5 treats "" as a literal ".
  return '"' + k.replace(/"/g, '""') + '"';
}

/**
 * The FTS5 MATCH expression: terms are ANDed. A word matches its key in `surf` or `extra`
 * (the parts of joined words) or its lemma in `lemma`; a phrase matches the keys in a row in
 * `surf`, or the lemmas in a row in `lemma`.
 */
export function ftsExpression(terms: readonly QueryTerm[]): string {
  const parts: string[] = [];
  for (const t of terms) {
    if (t.words.length === 0) continue;
    if (t.phrase && t.words.length > 1) {
      const keys = t.words.map((w) => w.key).join(' ');
      const lemmas = t.words.map((w) => w.lemma).join(' ');
      parts.push(`(surf : ${quoteFts(keys)} OR lemma : ${quoteFts(lemmas)})`);
      continue;
    }
    for (const w of t.words) {
      const star = t.prefix ? ' *' : '';
      const alts = [`{surf extra} : ${quoteFts(w.key)}${star}`, `lemma : ${quoteFts(w.lemma)}${star}`];
      if (w.lemma !== w.key) alts.push(`lemma : ${quoteFts(w.key)}${star}`);
      parts.push('(' + alts.join(' OR ') + ')');
    }
  }
  return parts.join(' AND ');
}

function eq(a: string, b: string, prefix: boolean): boolean {
  return prefix ? a.startsWith(b) : a === b;
}

/** Does stored word `w` match query word `q` (the same rule as ftsExpression)? */
export function wordMatches(w: StoredWord, q: IndexWord, prefix: boolean): boolean {
  if (eq(w.key, q.key, prefix) || eq(w.lemma, q.lemma, prefix) || eq(w.lemma, q.key, prefix)) return true;
  for (const p of w.parts) if (eq(p, q.key, prefix)) return true;
  return false;
}

/** Word ranges [from, to) in an article that match each term (for highlighting). */
export function matchRanges(words: readonly StoredWord[], terms: readonly QueryTerm[]): { term: number; from: number; to: number }[] {
  const out: { term: number; from: number; to: number }[] = [];
  terms.forEach((t, ti) => {
    if (t.words.length === 0) return;
    if (t.phrase && t.words.length > 1) {
      const n = t.words.length;
      for (let i = 0; i + n <= words.length; i++) {
        let byKey = true;
        let byLemma = true;
        for (let j = 0; j < n && (byKey || byLemma); j++) {
          if (words[i + j].key !== t.words[j].key) byKey = false;
          if (words[i + j].lemma !== t.words[j].lemma) byLemma = false;
        }
        if (byKey || byLemma) out.push({ term: ti, from: i, to: i + n });
      }
      return;
    }
    for (let i = 0; i < words.length; i++) {
      for (const q of t.words) {
        if (wordMatches(words[i], q, t.prefix)) {
          out.push({ term: ti, from: i, to: i + 1 });
          break;
        }
      }
    }
  });
  out.sort((a, b) => a.from - b.from || b.to - a.to);
  return out;
}
