import { describe, expect, it } from 'vitest';
import { getLexicon } from '../morph/lexicon.js';
import { loadModelBytes } from '../models/load.js';
import { correctionParts, formFacts, neighbourFeatures, selfFeatures, wordKey, type Clusters } from './features.js';
import {
  B_CONTEXT,
  B_NEIGHBOURS,
  C_DEFAULT_TEMPLATES,
  contextStrings,
  correctionStrings,
  parseCTemplate,
  historyStrings,
  modelClasses,
  stageAFeatureStrings,
  Tagger,
  WEIGHT_SCALE,
  type TaggerModelJson,
  type WeightTableJson,
} from './model.js';

// Differential test: the fast tagger (cached per-form sums, dense context tables, range-restricted
// sparse adds) must pick the same tags as a plain reference that scores every feature string from the
// model file directly. Sentences where the reference sees a near-tie are skipped (float32 vs float64).

const Z = '\u200c';

function table(t: WeightTableJson): Map<string, [number, number][]> {
  const m = new Map<string, [number, number][]>();
  t.features.forEach((f, i) => {
    const e: [number, number][] = [];
    for (let k = t.offsets[i]; k < t.offsets[i + 1]; k++) e.push([t.labels[k], t.weights[k] / WEIGHT_SCALE]);
    m.set(f, e);
  });
  return m;
}

function argmax(feats: string[], tab: Map<string, [number, number][]>, lo: number, hi: number, start?: Float64Array): { best: number; margin: number; s: Float64Array } {
  const s = start ? Float64Array.from(start) : new Float64Array(hi - lo);
  for (const f of feats) for (const [l, w] of tab.get(f) ?? []) if (l >= lo && l < hi) s[l - lo] += w;
  let best = 0;
  for (let t = 1; t < s.length; t++) if (s[t] > s[best]) best = t;
  let second = -Infinity;
  for (let t = 0; t < s.length; t++) if (t !== best && s[t] > second) second = s[t];
  return { best: lo + best, margin: s.length > 1 ? s[best] - second : Infinity, s };
}

/** Stage-A feature strings of word i, the previous two UPOS being p1 and p2 (nU: none). */
function stageAStrings(model: TaggerModelJson, forms: string[], i: number, p1: number, p2: number, cl: Clusters | undefined): string[] {
  return stageAFeatureStrings(forms, i, p1, p2, model.upos, historyStrings(model.upos), getLexicon(), model.scheme, cl);
}

function reference(model: TaggerModelJson, forms: string[]): { tags: number[]; nearTie: boolean } {
  const lex = getLexicon();
  const cl = modelClasses(model);
  const A = table(model.a);
  const B = table(model.b);
  const nU = model.upos.length;
  const uposOf = model.tags.map((t) => model.upos.indexOf(t.slice(0, t.indexOf('\t'))));
  const dict = new Map(Object.entries(model.tagdict ?? {}));
  const hs = historyStrings(model.upos);
  const n = forms.length;
  const up: number[] = [];
  const aScores: Float64Array[] = [];
  const fixed = forms.map((f) => dict.get(wordKey(f)) ?? -1);
  let nearTie = false;
  let p1 = nU;
  let p2 = nU;
  for (let i = 0; i < n; i++) {
    let u: number;
    if (fixed[i] >= 0) u = uposOf[fixed[i]];
    else {
      const feats = stageAFeatureStrings(forms, i, p1, p2, model.upos, hs, lex, model.scheme, cl);
      const r = argmax(feats, A, 0, nU);
      if (r.margin < 1e-3) nearTie = true;
      u = r.best;
      aScores[i] = r.s;
    }
    up.push(u);
    p2 = p1;
    p1 = u;
  }
  if (model.c) {
    // Stage C: every word but the tag-dictionary ones re-decided from the pass-1 UPOS on both sides.
    const tpls = model.c.templates.map(parseCTemplate);
    const C = table(model.c.table);
    const pass1 = up.slice();
    for (let i = 0; i < n; i++) {
      if (fixed[i] >= 0) continue;
      if (model.c.gate !== undefined) {
        const sc = Array.from(aScores[i]).sort((x, y) => y - x);
        const margin = sc[0] - sc[1];
        if (Math.abs(margin - model.c.gate) < 1e-3) nearTie = true;
        if (margin >= model.c.gate) continue;
      }
      const parts = correctionParts(formFacts(forms[i], lex, model.scheme, true, cl));
      const feats = correctionStrings(model.upos, tpls, parts, (r) => (i + r >= 0 && i + r < n ? pass1[i + r] : nU));
      if (model.c.static) for (const f of stageAStrings(model, forms, i, i >= 1 ? pass1[i - 1] : nU, i >= 2 ? pass1[i - 2] : nU, cl)) feats.push('A:' + f);
      const base = model.c.base ?? 0;
      const r = argmax(feats, C, 0, nU, base !== 0 ? aScores[i].map((x) => base * x) : undefined);
      if (r.margin < 1e-3) nearTie = true;
      up[i] = r.best;
    }
  }
  const cs = contextStrings(model.upos);
  const tags = up.map((u, i) => {
    if (fixed[i] >= 0) return fixed[i];
    const lo = uposOf.indexOf(u);
    const hi = uposOf.lastIndexOf(u) + 1;
    if (hi - lo <= 1) return lo;
    const feats = [...selfFeatures(forms[i], lex, model.scheme, true, cl)];
    B_NEIGHBOURS.forEach((r) => {
      if (i + r >= 0 && i + r < n) feats.push(...neighbourFeatures(forms[i + r], r, lex, model.scheme, true, cl));
    });
    const at = (r: number) => (i + r >= 0 && i + r < n ? up[i + r] : nU);
    B_CONTEXT.forEach((r, k) => feats.push(cs.single[k][at(r)]));
    feats.push(cs.pair[at(-1) * (nU + 1) + at(1)]);
    const r = argmax(feats, B, lo, hi);
    if (r.margin < 1e-3) nearTie = true;
    return r.best;
  });
  return { tags, nearTie };
}

const SENTENCES: string[][] = [
  ['او', 'به', 'مدرسه', 'رفت', '.'],
  ['ما', 'کتاب', 'را', `می${Z}خوانیم`, '.'],
  ['این', `کتاب${Z}ها`, 'خوب', 'هستند', '.'],
  ['رئیس', 'جمهور', 'دیروز', 'در', 'تهران', 'گفت', 'که', 'اقتصاد', 'کشور', 'رشد', 'کرده', 'است', '.'],
  ['دانشجویان', 'دانشگاه', 'شریف', 'در', 'مسابقه', `بین${Z}المللی`, 'برنده', 'شدند', '.'],
  ['hello', '123', '😀', 'و', 'زیباترین', 'باغ'],
  ['فلان', 'بهمان', 'چیزک', 'خوبک', `نمی${Z}نویسندشان`],
];

describe('fast tagger = reference scorer', () => {
  const model = JSON.parse(new TextDecoder().decode(loadModelBytes('tagger-perdt.json.gz'))) as TaggerModelJson;
  const tagger = new Tagger(model, getLexicon());
  // Shuffled mixtures of the words above too, so neighbours and histories vary.
  const words = SENTENCES.flat();
  const mixed: string[][] = [];
  let seed = 7;
  for (let k = 0; k < 30; k++) {
    const s: string[] = [];
    const len = 1 + (k % 12);
    for (let j = 0; j < len; j++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      s.push(words[seed % words.length]);
    }
    mixed.push(s);
  }
  it('picks the same joint tags', () => {
    let compared = 0;
    for (const forms of [...SENTENCES, ...mixed]) {
      const ref = reference(model, forms);
      if (ref.nearTie) continue;
      expect(Array.from(tagger.tagIndices(forms)), forms.join(' ')).toEqual(ref.tags);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });
  it('gives the same tags when its per-form cache is tiny (generation flips, stores that grow mid-sentence)', () => {
    const small = new Tagger(model, getLexicon(), { cacheLimit: 5 });
    const all = [...SENTENCES, ...mixed, ...SENTENCES];
    for (const forms of all) expect(Array.from(small.tagIndices(forms)), forms.join(' ')).toEqual(Array.from(tagger.tagIndices(forms)));
  });
});

/**
 * The committed model with a stage C of made-up weights on every stage-C feature the given sentences
 * can fire (their pass-1 UPOS and others), so the correction really changes tags and every template,
 * part lookup and tag-tuple index of the fast path is exercised.
 */
/** The mean absolute weight of a model's stage A (the scale its scores are on). */
function meanAbsWeight(model: TaggerModelJson): number {
  const w = model.a.weights;
  let s = 0;
  for (const x of w) s += Math.abs(x);
  return w.length ? s / w.length : 0;
}

function withMadeUpC(model: TaggerModelJson, sentences: string[][], base?: number, withA = false, gate?: number): TaggerModelJson {
  const lex = getLexicon();
  const cl = modelClasses(model);
  const tpls = C_DEFAULT_TEMPLATES.map(parseCTemplate);
  const nU = model.upos.length;
  const uposOf = model.tags.map((t) => model.upos.indexOf(t.slice(0, t.indexOf('\t'))));
  let seed = 11;
  const rnd = (m: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % m;
  };
  const names = new Set<string>();
  for (const forms of sentences) {
    const p = reference(model, forms).tags.map((t) => uposOf[t]);
    const n = forms.length;
    for (let i = 0; i < n; i++) {
      const parts = correctionParts(formFacts(forms[i], lex, model.scheme, true, cl));
      // the pass-1 tags, and twice a random tag sequence
      for (let k = 0; k < 3; k++) {
        const q = k === 0 ? p : p.map(() => rnd(nU));
        for (const f of correctionStrings(model.upos, tpls, parts, (r) => (i + r >= 0 && i + r < n ? q[i + r] : nU))) names.add(f);
        if (withA) for (const f of stageAStrings(model, forms, i, i >= 1 ? q[i - 1] : nU, i >= 2 ? q[i - 2] : nU, cl)) if (rnd(3) > 0) names.add('A:' + f);
      }
    }
  }
  const table: WeightTableJson = { features: [...names].sort(), offsets: [0], labels: [], weights: [] };
  // Where stage C adds to stage A's scores (`base`), its made-up weights must outweigh the committed
  // model's stage-A sums (tens of weights a word) often enough to change tags, whatever that model's
  // scale, or the test would prove nothing (the check `changed > minChanged` below).
  const spread = base === undefined ? 3000 : Math.max(3000, Math.round(20 * meanAbsWeight(model)));
  for (let f = 0; f < table.features.length; f++) {
    for (let l = 0; l < nU; l++)
      if (rnd(4) === 0) {
        table.labels.push(l);
        table.weights.push(rnd(2 * spread + 1) - spread);
      }
    table.offsets.push(table.labels.length);
  }
  return { ...model, c: { templates: [...C_DEFAULT_TEMPLATES], table, ...(base !== undefined ? { base } : {}), ...(withA ? { static: true } : {}), ...(gate !== undefined ? { gate } : {}) } };
}

describe('fast tagger = reference scorer, with a stage C (correction from both sides)', () => {
  const base = JSON.parse(new TextDecoder().decode(loadModelBytes('tagger-perdt.json.gz'))) as TaggerModelJson;
  delete base.c;
  // '|' inside a form: the fast path reads a stage-C feature's tags from the right.
  const sents = [...SENTENCES, ['x|y', '|', 'او', 'رفت'], ['|', 'و']];
  sents.push(...shuffledSentences(sents.flat(), 5));
  for (const [cBase, withA, gate] of [[undefined, false, undefined], [1, false, undefined], [0.5, false, undefined], [undefined, true, undefined], [1, true, undefined], [undefined, true, 4]] as const) {
    const model = withMadeUpC(base, sents, cBase, withA, gate);
    const what = `stage-A scores × ${cBase ?? 'none'}${withA ? ', stage-A features' : ''}${gate !== undefined ? `, gate ${gate}` : ''}`;
    sameTagsAsReference(model, base, sents, `stage C changes tags (${what})`, cBase === undefined && gate === undefined ? 10 : 2);
  }
});

/**
 * The committed model with made-up binarised word-vector codes (8 dimensions) for most words of the
 * sentences, and made-up weights for every code feature they can fire, in both stages: the fast path
 * (codes folded into the per-form rows) must give the reference scorer's tags.
 */
function withMadeUpCodes(model: TaggerModelJson, sentences: string[][], nb: boolean, back: boolean, kOff: boolean): TaggerModelJson {
  const lex = getLexicon();
  let seed = 23;
  const rnd = (m: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % m;
  };
  // Left without a code (so 'e=?', and with `back` the code of the noun base or ZWNJ tail below).
  const uncoded = new Set([`کتاب${Z}ها`, `بین${Z}المللی`, 'دانشجویان', 'چیزک', 'hello'].map(wordKey));
  const keys = new Set([...sentences.flat().map(wordKey), 'کتاب', 'المللی', 'دانشجو']);
  const codes = new Map<string, string>();
  for (const w of [...keys].sort()) if (!uncoded.has(w)) codes.set(w, Array.from({ length: 8 }, () => '-0+'[rnd(3)]).join(''));
  const m: TaggerModelJson = { ...model, codes: [...codes].map(([w, c]) => `${w}\t${c}`).join('\n'), ...(nb ? { codesNb: true } : {}), ...(back ? { codesBack: true } : {}) };
  if (kOff) delete m.clusters;
  const cl = modelClasses(m);
  const names = new Set<string>();
  for (const forms of sentences)
    for (const f of forms) {
      for (const s of selfFeatures(f, lex, m.scheme, true, cl)) if (/^ez?=/.test(s)) names.add(s);
      for (const r of [-1, 1]) for (const s of neighbourFeatures(f, r, lex, m.scheme, true, cl)) if (/^-?1e=/.test(s)) names.add(s);
    }
  const extend = (t: WeightTableJson, nL: number): WeightTableJson => {
    const out: WeightTableJson = { features: [...t.features], offsets: [...t.offsets], labels: [...t.labels], weights: [...t.weights] };
    for (const name of [...names].sort()) {
      out.features.push(name);
      for (let l = 0; l < nL; l++)
        if (rnd(3) === 0) {
          out.labels.push(l);
          out.weights.push(rnd(20001) - 10000);
        }
      out.offsets.push(out.labels.length);
    }
    return out;
  };
  return { ...m, a: extend(model.a, model.upos.length), b: extend(model.b, model.tags.length) };
}

describe('fast tagger = reference scorer, with word-vector codes', () => {
  const base = JSON.parse(new TextDecoder().decode(loadModelBytes('tagger-perdt.json.gz'))) as TaggerModelJson;
  delete base.codes;
  const sents = [...SENTENCES];
  sents.push(...shuffledSentences(sents.flat(), 9));
  for (const [nb, back, kOff] of [[false, false, false], [true, false, false], [false, true, false], [true, true, true]] as const) {
    const model = withMadeUpCodes(base, sents, nb, back, kOff);
    const what = `${nb ? '±1 neighbours' : 'own code'}${back ? ', base/tail code' : ''}${kOff ? ', no clusters' : ''}`;
    sameTagsAsReference(model, base, sents, `the codes change tags (${what})`, 3);
  }
});

/**
 * Two checks of a model with made-up extra weights: the fast path picks the reference scorer's
 * joint tags (near ties skipped; more than 25 sentences compared) and the extra weights change
 * the tags of more than `minChanged` sentences against the plain model `base`; and the tags are the
 * same without the WebAssembly kernel and with a 3-form cache.
 */
function sameTagsAsReference(model: TaggerModelJson, base: TaggerModelJson, sents: string[][], what: string, minChanged: number): void {
  it(`picks the same joint tags as the plain scorer, and ${what}`, () => {
    const tagger = new Tagger(model, getLexicon());
    const plain = new Tagger(base, getLexicon());
    let compared = 0;
    let changed = 0;
    for (const forms of sents) {
      const ref = reference(model, forms);
      const got = Array.from(tagger.tagIndices(forms));
      if (got.join() !== Array.from(plain.tagIndices(forms)).join()) changed++;
      if (ref.nearTie) continue;
      expect(got, forms.join(' ')).toEqual(ref.tags);
      compared++;
    }
    expect(compared).toBeGreaterThan(25);
    expect(changed, `${changed} of ${sents.length} sentences changed by stage C`).toBeGreaterThan(minChanged);
  });
  it(`gives the same tags without the kernel and with a tiny per-form cache (${what})`, () => {
    const tagger = new Tagger(model, getLexicon());
    const small = new Tagger(model, getLexicon(), { cacheLimit: 3, kernel: false });
    for (const forms of [...sents, ...sents]) expect(Array.from(small.tagIndices(forms)), forms.join(' ')).toEqual(Array.from(tagger.tagIndices(forms)));
  });
}

/** 40 made-up sentences of 1–9 words drawn from `words` by a seeded linear congruential generator. */
function shuffledSentences(words: string[], seed: number): string[][] {
  const out: string[][] = [];
  for (let k = 0; k < 40; k++) {
    const s: string[] = [];
    for (let j = 0; j < 1 + (k % 9); j++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      s.push(words[seed % words.length]);
    }
    out.push(s);
  }
  return out;
}
