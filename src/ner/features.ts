import { FeatureBuffer } from '../ml/hash.js';
import { packFeatures, type FeatureSequence } from '../ml/perceptron.js';
import { normalize } from '../text/normalize.js';
import { ENTITY_TYPES } from './labels.js';

/**
 * NER feature extraction. Tokens arrive as normalised forms (the pipeline's token forms, or
 * gold tokens passed through `normalizeGoldToken`). Everything here is cheap string work:
 * the hot path of the NER component.
 */

const ZWNJ = '\u200c';

/**
 * Normalise a gold-corpus token the way the pipeline would see it. PEYMA writes half-spaces
 * as ordinary spaces inside tokens (`روش های`): an inner run of whitespace becomes a ZWNJ
 * before `normalize()`, so PEYMA, Arman and pipeline tokens agree.
 */
export function normalizeGoldToken(raw: string): string {
  let s = raw.trim();
  if (s.length === 0) return raw;
  if (/\s/.test(s)) s = s.replace(/\s+/g, ZWNJ);
  const n = normalize(s).text;
  return n.length > 0 ? n : s;
}

/** Canonical key of a form: digits of any script → 0, Latin lower-cased. */
export function formKey(form: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < form.length; i++) {
    const c = form.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x6f0 && c <= 0x6f9) || (c >= 0x660 && c <= 0x669)) {
      out += '0';
      changed = true;
    } else if (c >= 0x41 && c <= 0x5a) {
      out += String.fromCharCode(c + 32);
      changed = true;
    } else out += form[i];
  }
  return changed ? out : form;
}

/** Word shape: character classes with repeats collapsed (ف = Persian/Arabic letter). */
export function shapeOf(form: string): string {
  let out = '';
  let last = '';
  const n = Math.min(form.length, 40);
  for (let i = 0; i < n; i++) {
    const c = form.charCodeAt(i);
    let k: string;
    if ((c >= 0x621 && c <= 0x64a) || (c >= 0x671 && c <= 0x6d3) || c === 0x6c0) k = 'ف';
    else if ((c >= 0x30 && c <= 0x39) || (c >= 0x6f0 && c <= 0x6f9) || (c >= 0x660 && c <= 0x669)) k = 'd';
    else if (c >= 0x41 && c <= 0x5a) k = 'A';
    else if (c >= 0x61 && c <= 0x7a) k = 'a';
    else if (c === 0x200c) k = 'z';
    else if (c < 0x80 || (c >= 0x600 && c <= 0x6ff) || (c >= 0x2000 && c <= 0x206f) || c === 0xab || c === 0xbb) k = form[i];
    else k = 'o';
    if (k !== last) out += k;
    last = k;
  }
  if (form.length > n) out += '…';
  return out;
}

/**
 * Multi-token name lists: token-key sequences (joined by a space) → bit mask over
 * ENTITY_TYPES. Built from training entities (and any other name list).
 */
export class Gazetteer {
  readonly entries = new Map<string, number>();
  maxLen = 0;

  add(keys: readonly string[], typeIndex: number): void {
    if (keys.length === 0 || keys.length > 8) return;
    const k = keys.join(' ');
    this.entries.set(k, (this.entries.get(k) ?? 0) | (1 << typeIndex));
    if (keys.length > this.maxLen) this.maxLen = keys.length;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Compact text form: `key\tmask` lines. */
  serialize(): string {
    const lines: string[] = [];
    for (const [k, m] of [...this.entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) lines.push(`${k}\t${m.toString(36)}`);
    return lines.join('\n');
  }

  static parse(s: string): Gazetteer {
    const g = new Gazetteer();
    if (!s) return g;
    for (const line of s.split('\n')) {
      const tab = line.lastIndexOf('\t');
      if (tab <= 0) continue;
      const key = line.slice(0, tab);
      g.entries.set(key, parseInt(line.slice(tab + 1), 36));
      const len = key.split(' ').length;
      if (len > g.maxLen) g.maxLen = len;
    }
    return g;
  }
}

export interface FeatureContext {
  bits: number;
  gazetteer: Gazetteer | null;
  /**
   * Annotation convention ("domain") of the text, e.g. `peyma` or `arman`, or null. With a
   * domain, every feature is also emitted conjoined with it ("frustratingly easy domain
   * adaptation", Daumé 2007): shared weights learn what the corpora agree on, the
   * conjoined ones each corpus's own conventions. Without a domain only the shared
   * features fire.
   */
  domain?: string | null;
}

const POS_CODES = ['U', 'B', 'I', 'L'];
const MAX_AFFIX_FORM = 30;

/** The hashed features of a sentence of normalised token forms. */
export function sentenceFeatures(forms: readonly string[], ctx: FeatureContext): FeatureSequence {
  const n = forms.length;
  const keys = new Array<string>(n);
  const shapes = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    // Huge tokens (URLs, garbage) are cut: their identity is useless and hashing them is slow.
    const f = forms[i].length > 60 ? forms[i].slice(0, 60) : forms[i];
    keys[i] = formKey(f);
    shapes[i] = shapeOf(forms[i]);
  }
  // Gazetteer matches: per token, a list of feature strings.
  const gaz: string[][] = new Array(n);
  for (let i = 0; i < n; i++) gaz[i] = [];
  const g = ctx.gazetteer;
  if (g && g.size > 0) {
    for (let s = 0; s < n; s++) {
      let key = '';
      const maxE = Math.min(n, s + g.maxLen);
      for (let e = s + 1; e <= maxE; e++) {
        key = e === s + 1 ? keys[s] : key + ' ' + keys[e - 1];
        const m = g.entries.get(key);
        if (m === undefined) continue;
        for (let t = 0; t < ENTITY_TYPES.length; t++) {
          if (!(m & (1 << t))) continue;
          const ty = ENTITY_TYPES[t];
          for (let i = s; i < e; i++) {
            const pos = e - s === 1 ? 0 : i === s ? 1 : i === e - 1 ? 3 : 2;
            gaz[i].push('g' + ty + POS_CODES[pos]);
          }
          if (s > 0) gaz[s - 1].push('gn' + ty); // an entity starts next
          if (e < n) gaz[e].push('gp' + ty); // an entity just ended
        }
      }
    }
  }
  const fb = new FeatureBuffer(ctx.bits, 64);
  const dom = ctx.domain ? ctx.domain + '\u0001' : '';
  const add = dom
    ? (f: string) => {
        fb.add(f);
        fb.add(dom + f);
      }
    : (f: string) => fb.add(f);
  const items: Int32Array[] = new Array(n);
  const at = (i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : keys[i]);
  const shapeAt = (i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : shapes[i]);
  for (let i = 0; i < n; i++) {
    fb.reset();
    const w = keys[i];
    const p1 = at(i - 1);
    const n1 = at(i + 1);
    add('b');
    add('w' + w);
    add('p' + p1);
    add('n' + n1);
    add('pp' + at(i - 2));
    add('nn' + at(i + 2));
    add('pw' + p1 + '|' + w);
    add('wn' + w + '|' + n1);
    add('pn' + p1 + '|' + n1);
    if (w.length <= MAX_AFFIX_FORM) {
      const L = w.length;
      for (let k = 1; k <= 4 && k < L; k++) {
        if (k <= 3) add('a' + k + w.slice(0, k));
        add('z' + k + w.slice(L - k));
      }
    }
    const sh = shapes[i];
    add('s' + sh);
    add('ps' + shapeAt(i - 1) + '|' + sh + '|' + shapeAt(i + 1));
    add('l' + Math.min(w.length, 10));
    const z = w.indexOf(ZWNJ);
    if (z > 0) {
      add('zf' + w.slice(0, z));
      add('zl' + w.slice(w.lastIndexOf(ZWNJ) + 1));
    }
    if (p1.length > 2) add('ps3' + p1.slice(-3));
    if (n1.length > 2) add('ns3' + n1.slice(-3));
    for (const gf of gaz[i]) add(gf);
    items[i] = fb.toArray();
  }
  return packFeatures(items);
}
