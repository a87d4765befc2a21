/**
 * Feature extraction for the tagger. Word-intrinsic and neighbour features depend only on
 * the form, so they are built once per distinct form (as strings) and cached as feature ids;
 * per token only a few integer lookups remain.
 */
import { analyzeVerb, lemmatize } from '../morph/lemmatize.js';
import { normalizeKey, type Lexicon } from '../morph/lexicon.js';

const NO_FACTS: ReadonlyMap<string, string> = new Map();
/** Distributional word clusters (clusters.ts): word key → cluster id. */
export type Clusters = ReadonlyMap<string, number>;

/** Feature strings that describe the word itself. */
export function selfFeatures(form: string, lex: Lexicon, scheme: string, other = true, clusters?: Clusters): string[] {
  const w = wordKey(form);
  const out: string[] = ['b', 'w=' + w];
  const n = w.length;
  if (n <= 30) {
    for (let k = 1; k <= 4 && k < n; k++) out.push(`s${k}=` + w.slice(n - k));
    for (let k = 1; k <= 3 && k < n; k++) out.push(`p${k}=` + w.slice(0, k));
  }
  const z = w.lastIndexOf('\u200c');
  if (z > 0) {
    out.push('zs=' + w.slice(z + 1, z + 6), 'zp=' + w.slice(Math.max(0, z - 2), z));
    const f = w.indexOf('\u200c');
    out.push('zf=' + w.slice(0, f).slice(0, 5));
  }
  out.push('sh=' + shape(form), 'len=' + Math.min(n, 8));
  if (clusters) {
    const k = clusters.get(w);
    out.push('k=' + (k ?? '-'));
    // Unclustered word: the cluster of its part after the last ZWNJ (e.g. an unseen compound).
    if (k === undefined && z > 0) out.push('kz=' + (clusters.get(w.slice(z + 1)) ?? '-'));
  }
  const bits = lex.bits(w);
  out.push('lb=' + bits.toString(36));
  for (let b = 0; b < 24; b++) if (bits & (1 << b)) out.push('l=' + b);
  const cx = lex.contextFacts.get(w);
  if (cx) out.push('cx=' + cx, 'ca=' + cx[0], 'cb=' + cx[1], 'cc=' + cx[2], 'cd=' + cx[3]);
  else out.push('cx=-');
  const ne = lex.neFacts.get(w);
  out.push('ne=' + (ne ?? '-'));
  if (ne) out.push('nr=' + ne[0]);
  // The other treebank's UPOS for this form (a lexicon fact, not this treebank's training data).
  // Left out (other = false) for training sentences OF that other treebank: there the fact is the gold label.
  const ou = other ? lex.uposFacts[scheme === 'seraji' ? 'perdt' : 'seraji'].get(form) : undefined;
  if (ou !== undefined) {
    out.push('ou=' + ou);
    for (const u of ou.split(',')) out.push('o1=' + u);
  }
  if (n <= 40) {
    // Lexicon tags of the base once plural/ezafe endings are stripped (unknown plurals of known nouns).
    const base = lemmatize(w, 'NOUN', { lexicon: lex, facts: NO_FACTS });
    if (base !== w) {
      out.push('bl=' + lex.bits(base).toString(36), 'bs=' + w.slice(base.length, base.length + 5));
      if (clusters) out.push('kb=' + (clusters.get(base) ?? '-'));
    }
    const v = analyzeVerb(w, lex);
    if (v) {
      out.push('v=' + v.stem, 'vp=' + v.prefix, 've=' + v.ending, 'vpe=' + v.prefix + '|' + v.ending + '|' + v.stem);
      if (v.preverb) out.push('vpv');
      // The word's own tail after the stem (the analysis' ending is not always the written one:
      // می‌کنیم can come back with ending م), so person/number endings are read off the form too.
      const stem = v.stem === 'present' ? v.present : v.past;
      const at = stem ? w.lastIndexOf(stem) : -1;
      if (at >= 0) {
        const tail = w.slice(at + stem.length, at + stem.length + 4);
        out.push('vx=' + tail, 'vxs=' + v.stem + '|' + tail);
      }
    } else out.push('v=0');
  }
  return out;
}

/** Features a word gives to its neighbour at relative position `rel` (-2, -1, +1, +2). */
export function neighbourFeatures(form: string, rel: number, lex: Lexicon, scheme: string, other = true, clusters?: Clusters): string[] {
  const w = wordKey(form);
  const n = w.length;
  const out = [rel + 'w=' + w];
  if (clusters) out.push(rel + 'k=' + (clusters.get(w) ?? '-'));
  if (rel === -1 || rel === 1) {
    if (n > 2 && n <= 30) out.push(rel + 's2=' + w.slice(n - 2), rel + 's3=' + w.slice(n - 3));
    const ou = other ? lex.uposFacts[scheme === 'seraji' ? 'perdt' : 'seraji'].get(form) : undefined;
    if (ou !== undefined) out.push(rel + 'ou=' + ou);
    out.push(rel + 'ne=' + (lex.neFacts.get(w) ?? '-'));
    out.push(rel + 'lb=' + lex.bits(w).toString(36), rel + 'sh=' + shape(form));
  }
  return out;
}

/** Lookup key of a form: canonical letters, Latin lower-cased, digits folded to 0. */
export function wordKey(form: string): string {
  let s = normalizeKey(form);
  let needs = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c >= 0x06f0 && c <= 0x06f9) || (c >= 0x0660 && c <= 0x0669)) {
      needs = true;
      break;
    }
  }
  if (needs) {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
      else if ((c >= 48 && c <= 57) || (c >= 0x06f0 && c <= 0x06f9) || (c >= 0x0660 && c <= 0x0669)) out += '0';
      else out += s[i];
    }
    s = out;
  }
  return s.length > 64 ? s.slice(0, 64) : s;
}

/** Coarse character-class shape: d digit, p Persian letter, l Latin, z ZWNJ, . punctuation/other. */
export function shape(form: string): string {
  let out = '';
  let last = '';
  const n = Math.min(form.length, 32);
  for (let i = 0; i < n; i++) {
    const c = form.charCodeAt(i);
    let k: string;
    if ((c >= 48 && c <= 57) || (c >= 0x06f0 && c <= 0x06f9) || (c >= 0x0660 && c <= 0x0669)) k = 'd';
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) k = 'l';
    else if (c === 0x200c) k = 'z';
    else if (c >= 0x0620 && c <= 0x06ff && !(c >= 0x066a && c <= 0x066d) && c !== 0x060c && c !== 0x061b && c !== 0x061f && c !== 0x06d4) k = 'p';
    else k = form[i];
    if (k !== last) out += k;
    last = k;
  }
  return out.length > 8 ? out.slice(0, 8) : out;
}

/** Parts of the word that are conjoined with the previous word's UPOS (`h<UPOS>=<part>`). */
export function historyParts(form: string, lex: Lexicon): string[] {
  const w = wordKey(form);
  const n = w.length;
  const out = ['lb' + lex.bits(w).toString(36)];
  if (n > 2 && n <= 30) out.push('s2' + w.slice(n - 2));
  return out;
}
