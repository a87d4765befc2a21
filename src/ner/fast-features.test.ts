import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IntegerRows } from '../ml/sparse.js';
import { getLexicon } from '../morph/lexicon.js';
import { loadNerModel } from './component.js';
import { FastNerScorer } from './fast-features.js';
import { Gazetteer, parseClusters, sentenceFeatures, type FeatureContext, type LexiconLike } from './features.js';
import { trainNer, type CorpusSentence } from './train.js';
import { toySentence } from './testing/toy-corpus.js';
import { ENTITY_TYPES } from './labels.js';
import { NerModel } from './model.js';
import { SequenceModel } from '../ml/perceptron.js';
import { getTagger } from '../tag/tagger.js';
import { unpackClusters } from '../tag/clusters.js';
import { parseWordCodes } from '../ml/word-vectors.js';

/**
 * Differential tests: the fast NER path (FastNerScorer: per-form cached sums of integer
 * weights, and the model's fast `tag`/`tagDocument`) against the simple reference path
 * (feature strings hashed one by one in `features.ts`, dense weights,
 * `referenceTag`/`referenceTagDocument`). They must agree exactly: same float32 scores (the
 * weights are integers, so sums are exact in any order), same tags.
 */

const Z = '\u200c';

const SENTENCES: string[][] = [
  ['علی', 'رضایی', 'به', 'تهران', 'رفت', '.'],
  ['رئیس', 'جمهور', 'اسلامی', 'ایران', 'روز', '۱۲', 'مهر', '۱۴۰۲', 'در', 'سازمان', 'ملل', 'سخنرانی', 'کرد', '.'],
  ['قیمت', 'دلار', '۲۵', 'درصد', 'افزایش', 'یافت', 'و', 'به', '۵۰۰۰۰', 'تومان', 'رسید'],
  [`کتاب${Z}ها`, `می${Z}خواهم`, 'در', 'دانشگاه', 'تهران', 'بخوانم', '،', 'گفت', ':', '«', 'بله', '»'],
  ['خبرگزاری', 'فارس', ':', 'وزیر', 'امور', 'خارجه', 'آمریکا', 'با', 'همتای', 'روسی', 'خود', 'دیدار', 'کرد'],
  ['تیم', 'ملی', 'فوتبال', 'ایران', 'در', 'جام', 'جهانی', '2022', 'قطر', 'شرکت', 'کرد'],
  ['ICT', 'Core', 'سامانه', 'iPhone', 'ساعت', '۱۰:۳۰', 'صبح', '<s>', '</s>', '|', 'a|b'],
  ['ب'],
  [],
  ['x'.repeat(80), `آ${Z}`, Z, `${Z}ب`, 'ك', 'ي', '٣٤', '🙂', '\u0000'],
];

function contextOf(m: NerModel): FeatureContext {
  const meta = m.meta;
  return {
    bits: m.seq.bits,
    gazetteer: m.gazetteer,
    clusters: typeof meta.clusters === 'string' && meta.clusters ? parseClusters(meta.clusters) : null,
    clusterBits: typeof meta.clusterBits === 'number' ? meta.clusterBits : 20,
    sharedPairs: meta.sharedPairs === true,
    lexicon: meta.lexicon === true ? getLexicon() : null,
    orgHeads: typeof meta.orgHeads === 'string' && meta.orgHeads ? new Set(meta.orgHeads.split('\n')) : null,
    pos: meta.pos === true,
    gazWords: meta.gazWords === true,
    ngrams: typeof meta.ngrams === 'number' ? meta.ngrams : 0,
    tagClusters: typeof meta.tagClusters === 'string' && meta.tagClusters ? unpackClusters(meta.tagClusters) : null,
    pairClasses: meta.pairClasses === true,
    wordCodes: typeof meta.wordCodes === 'string' && meta.wordCodes ? parseWordCodes(meta.wordCodes) : null,
  };
}

// UPOS sequences: real tags, unknown values, missing entries.
const UPOS_VALUES = ['NOUN', 'PROPN', 'ADP', 'VERB', 'PUNCT', 'ADJ', 'NUM', 'X', 'CCONJ', 'junk', '', undefined];
const uposArb = (n: number) => fc.array(fc.constantFrom(...UPOS_VALUES), { minLength: n, maxLength: n });
const uposFor = (forms: readonly string[], k = 0) => forms.map((_, i) => UPOS_VALUES[(i * 5 + k) % UPOS_VALUES.length]);

// Tokens mixing frequent Persian words (which hit the gazetteer and word classes),
// digits, ZWNJ, Latin and arbitrary strings.
const WORDS = ['علی', 'رضایی', 'تهران', 'ایران', 'سازمان', 'ملل', 'در', 'و', 'به', 'از', 'جمهوری', 'اسلامی', 'وزیر', 'دانشگاه', 'شریف', 'بانک', 'مرکزی', '۱۴۰۲', '۲۵', 'درصد', 'تومان', 'ریال', 'میلیارد', 'مهر', 'روز', 'ساعت', '.', '،', '«', '»', 'محمد', 'حسن', 'روحانی', 'آمریکا', 'فارس', 'خبرگزاری'];
const tokenArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(Z, `ب${Z}ها`, 'x'.repeat(70), '<s>', 'A1b2', 'ABC', '٠١٢') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 5 }) },
);
const sentenceArb = fc.array(tokenArb, { maxLength: 40 });

describe('fast NER path = reference path', () => {
  const model = loadNerModel();
  const ctx = contextOf(model);
  const rows = new IntegerRows(model.seq);
  const scorers = new Map<string, FastNerScorer>();
  const scorer = (domains: string[]) => {
    const id = domains.join(',');
    if (!scorers.has(id)) scorers.set(id, new FastNerScorer({ ...ctx, domains, rows }));
    return scorers.get(id)!;
  };

  const sameScores = (
    forms: string[],
    memory: Map<string, number> | null = null,
    c: FeatureContext = ctx,
    m: SequenceModel = model.seq,
    fz?: (d: string[]) => FastNerScorer,
    upos: (string | undefined)[] | null = null,
  ) => {
    const get = fz ?? scorer;
    const n = forms.length;
    const cases: string[][] = [[], ...model.domains.map((d) => [d]), ['peyma', 'arman']];
    for (const domains of cases) {
      const got = get(domains).emissions(forms, memory, upos);
      expect(got.length).toBe(Math.max(1, domains.length));
      const want = (domains.length ? domains : [null]).map((d) => Array.from(m.emissions(sentenceFeatures(forms, { ...c, domain: d, memory, upos }))));
      for (let k = 0; k < want.length; k++) expect(Array.from(got[k].subarray(0, n * m.L))).toEqual(want[k]);
    }
  };

  it('gives the reference emission scores, bit for bit, for every convention', () => {
    for (const s of SENTENCES) sameScores(s);
    for (const s of SENTENCES) sameScores(s, null, ctx, model.seq, undefined, uposFor(s));
    for (const s of SENTENCES) sameScores(s, null, ctx, model.seq, undefined, getTagger('perdt').tag(s).map((t) => t.upos));
  });

  it('gives the reference emission scores on arbitrary token sequences (property)', () => {
    fc.assert(fc.property(sentenceArb, (forms) => sameScores(forms)), { numRuns: 200 });
    fc.assert(
      fc.property(
        sentenceArb.chain((forms) => fc.tuple(fc.constant(forms), uposArb(forms.length))),
        ([forms, upos]) => sameScores(forms, null, ctx, model.seq, undefined, upos),
      ),
      { numRuns: 200 },
    );
  });

  it('reads part-of-speech features when the model has them', () => {
    expect(model.usesPos).toBe(ctx.pos === true);
    if (!model.usesPos) return;
    // The tags matter: a sentence scored with other UPOS gets other emission scores.
    const s = SENTENCES[1];
    const f = scorer(['peyma']);
    const a = Array.from(f.emissions(s, null, uposFor(s))[0].subarray(0, s.length * model.seq.L));
    const b = Array.from(f.emissions(s, null, uposFor(s, 3))[0].subarray(0, s.length * model.seq.L));
    expect(a).not.toEqual(b);
    // Without tags, the model tags the sentence itself with the PerDT tagger.
    const own = getTagger('perdt').tag(s).map((t) => t.upos);
    expect(model.tag(s, 'peyma')).toEqual(model.tag(s, 'peyma', null, own));
  });

  it('keeps the model weights integral (exact sums) and round-trips them through the file format', () => {
    const w = model.seq.weights;
    for (let k = 0; k < w.length; k += 97) expect(Number.isInteger(w[k])).toBe(true);
    const again = NerModel.fromBytes(model.toBytes());
    expect(again.seq.weights.length).toBe(w.length);
    for (let k = 0; k < w.length; k += 97) expect(again.seq.weights[k]).toBe(w[k]);
    expect(Array.from(again.seq.trans)).toEqual(Array.from(model.seq.trans));
  });

  it('reads the model file straight into the integer rows of the dense model', () => {
    const fromFile = (model as unknown as { rows: IntegerRows }).rows;
    expect(fromFile.entries.length).toBe(rows.entries.length);
    expect(fromFile.start.every((v, k) => v === rows.start[k])).toBe(true);
    expect(fromFile.entries.every((v, k) => v === rows.entries[k])).toBe(true);
  });

  it('handles document memory like the reference', () => {
    const memory = new Map<string, number>([
      ['علی', 1 << ENTITY_TYPES.indexOf('PER')],
      ['تهران', (1 << ENTITY_TYPES.indexOf('LOC')) | (1 << ENTITY_TYPES.indexOf('ORG'))],
      ['در', 0],
    ]);
    for (const forms of [...SENTENCES, WORDS]) sameScores(forms, memory);
  });

  it('matches gazetteer names whose words contain spaces, and stops early only when safe', () => {
    const g = new Gazetteer();
    g.add(['الف ب', 'ج'], 0);
    g.add(['الف', 'ب', 'ج', 'د'], 1);
    g.add(['ه'], 2);
    g.add(['ه', 'و', 'ز', 'ح', 'ط', 'ی', 'ک', 'ل'], 3);
    const c: FeatureContext = { bits: model.seq.bits, gazetteer: g, clusters: ctx.clusters, clusterBits: ctx.clusterBits, sharedPairs: ctx.sharedPairs, lexicon: ctx.lexicon };
    const own = new Map<string, FastNerScorer>();
    const get = (domains: string[]) => {
      const id = domains.join(',');
      if (!own.has(id)) own.set(id, new FastNerScorer({ ...c, domains, rows }));
      return own.get(id)!;
    };
    const cases = [
      ['الف ب', 'ج'],
      ['الف', 'ب', 'ج', 'د', 'ه'],
      ['ه', 'و', 'ز', 'ح', 'ط', 'ی', 'ک', 'ل', 'ه'],
      ['الف', 'ب ج', 'د'],
      ['ه', 'و', 'ز', 'ح', 'ط', 'ی', 'ک'],
    ];
    for (const forms of cases) sameScores(forms, null, c, model.seq, get);
  });

  it('keeps its form cache bounded and correct after it is emptied', () => {
    const f = new FastNerScorer({ ...ctx, domains: ['peyma', 'arman'], rows });
    const many = Array.from({ length: 25_000 }, (_, i) => `و${i.toString(36)}`);
    for (let i = 0; i < many.length; i += 500) f.emissions(many.slice(i, i + 500));
    for (const s of SENTENCES) sameScores(s, null, ctx, model.seq, (d) => (d.join(',') === 'peyma,arman' ? f : scorer(d)));
  });

  const conventions = ['news', null, ...model.domains];
  it('scores a sentence of more distinct forms than the pair caches key (ids ≥ 2^15) like the reference', () => {
    const f = new FastNerScorer({ ...ctx, domains: ['peyma'], rows });
    const forms = Array.from({ length: 33_000 }, (_, i) => (i % 5 === 0 ? WORDS[i % WORDS.length] : `ک${i.toString(36)}`));
    const L = model.seq.L;
    const got = f.emissions(forms)[0];
    // A token's scores depend on the words at most (longest name + 2) away: the reference
    // on a window with that margin gives the rows of the tokens inside (here around id 2^15).
    const K = model.gazetteer.maxLen + 3;
    for (const [a, b] of [[0, 40], [32_740, 32_800], [32_960, 33_000]]) {
      const from = Math.max(0, a - K);
      const to = Math.min(forms.length, b + K);
      const want = model.seq.emissions(sentenceFeatures(forms.slice(from, to), { ...ctx, domain: 'peyma' }));
      expect(Array.from(got.subarray(a * L, b * L))).toEqual(Array.from(want.subarray((a - from) * L, (b - from) * L)));
    }
  }, 60_000);

  it('gives the same scores after switching from packed to plain role vectors', () => {
    // A packing limit so low that some form exceeds it: the scorer switches layout mid-way.
    const f = new FastNerScorer({ ...ctx, domains: ['peyma', 'arman'], rows, packLimit: 40_000 });
    for (const s of SENTENCES) sameScores(s, null, ctx, model.seq, (d) => (d.join(',') === 'peyma,arman' ? f : scorer(d)));
    expect((f as unknown as { packed: boolean }).packed).toBe(false);
    const g = new FastNerScorer({ ...ctx, domains: ['peyma', 'arman'], rows });
    for (const s of SENTENCES) sameScores(s, null, ctx, model.seq, (d) => (d.join(',') === 'peyma,arman' ? g : scorer(d)));
    expect((g as unknown as { packed: boolean }).packed).toBe(true);
    // A PEYMA score of 0 beside a negative Arman one is +0, as in the plain sum (not −0).
    const out = g.emissions(['»', 'علی', 'حسن', 'A1b2']);
    const want = ['peyma', 'arman'].map((d) => Array.from(model.seq.emissions(sentenceFeatures(['»', 'علی', 'حسن', 'A1b2'], { ...ctx, domain: d }))));
    expect(out.map((e) => Array.from(e.subarray(0, 4 * model.seq.L)))).toEqual(want);
  });

  it('gives the same scores with form-slot hints, right, stale or colliding (property)', () => {
    // A slot space of 7 slots: forms collide, hints go stale as other forms take the slots,
    // and some hints are out of range or missing; the cache is also emptied in between.
    const table = {};
    const f = new FastNerScorer({ ...ctx, domains: ['peyma', 'arman'], rows });
    const plain = scorer(['peyma', 'arman']);
    const same = (forms: string[], slots: number[], at: number) => {
      const buf = Int32Array.from([...Array.from({ length: at }, () => 3), ...slots]);
      const got = f.emissions(forms, null, null, { table, size: 7, slots: buf, at }).map((e) => Array.from(e.subarray(0, forms.length * model.seq.L)));
      const want = plain.emissions(forms).map((e) => Array.from(e.subarray(0, forms.length * model.seq.L)));
      expect(got).toEqual(want);
    };
    fc.assert(
      fc.property(
        sentenceArb.chain((forms) => fc.tuple(fc.constant(forms), fc.array(fc.integer({ min: -2, max: 8 }), { minLength: forms.length, maxLength: forms.length }), fc.integer({ min: 0, max: 3 }))),
        ([forms, slots, at]) => same(forms, slots, at),
      ),
      { numRuns: 300 },
    );
    const many = Array.from({ length: 25_000 }, (_, i) => `و${i.toString(36)}`);
    for (let i = 0; i < many.length; i += 500) same(many.slice(i, i + 500), many.slice(i, i + 500).map((_, k) => k % 7), 0);
    for (const s of SENTENCES) same(s, s.map((_, k) => k % 7), 1);
  });

  it('tags a document the same with or without the slot hints (also through the pipeline component)', () => {
    const table = {};
    const flat = SENTENCES.flat();
    const starts: number[] = [];
    let at = 0;
    for (const s of SENTENCES) {
      starts.push(at);
      at += s.length;
    }
    const slots = { table, size: 5, slots: Int32Array.from(flat, (_, k) => (k * 3) % 6 - 1), starts };
    for (const domain of conventions) expect(model.tagDocument(SENTENCES, domain, null, slots)).toEqual(model.referenceTagDocument(SENTENCES, domain));
  });


  it('tags every convention exactly like the reference path', () => {
    const upos = SENTENCES.map((s, k) => uposFor(s, k));
    for (const domain of conventions) {
      expect(model.tagDocument(SENTENCES, domain)).toEqual(model.referenceTagDocument(SENTENCES, domain));
      expect(model.tagDocument(SENTENCES, domain, upos)).toEqual(model.referenceTagDocument(SENTENCES, domain, upos));
      for (const s of SENTENCES) expect(model.tag(s, domain)).toEqual(model.referenceTag(s, domain));
    }
  });

  it('tags long sentences (cut into windows) exactly like the reference path', () => {
    const long = Array.from({ length: 700 }, (_, i) => WORDS[(i * 7) % WORDS.length]);
    expect(model.tagDocument([long], 'news')).toEqual(model.referenceTagDocument([long], 'news'));
    expect(model.tag(long, 'peyma')).toEqual(model.referenceTag(long, 'peyma'));
    const upos = uposFor(long);
    expect(model.tagDocument([long], 'news', [upos])).toEqual(model.referenceTagDocument([long], 'news', [upos]));
    expect(model.tag(long, 'arman', null, upos)).toEqual(model.referenceTag(long, 'arman', null, upos));
  });

  it('tags arbitrary documents exactly like the reference path (property)', () => {
    fc.assert(
      fc.property(fc.array(sentenceArb, { maxLength: 4 }), fc.constantFrom(...conventions), (doc, domain) => {
        expect(model.tagDocument(doc, domain)).toEqual(model.referenceTagDocument(doc, domain));
      }),
      { numRuns: 150 },
    );
  });
});

describe('fast NER path = reference path, for every model configuration', () => {
  // Toy models trained here on sentences written for this test, with both annotation
  // conventions, with and without domain-conjoined pair features and lexicon features.
  const sent = (line: string, corpus: 'peyma' | 'arman'): CorpusSentence => toySentence(line, corpus);
  const data: CorpusSentence[] = [
    sent('علی/B_PER رضایی/I_PER به تهران/B_LOC رفت .', 'peyma'),
    sent('شرکت/B_ORG ملی/I_ORG نفت/I_ORG در تهران/B_LOC است .', 'peyma'),
    sent('قیمت ۲۰/B_PCT درصد/I_PCT بالا رفت .', 'peyma'),
    sent('مریم/B-pers احمدی/I-pers در برج/B-fac میلاد/I-fac بود .', 'arman'),
    sent('جام/B-event جهانی/I-event در قطر/B-loc است .', 'arman'),
  ];
  const words = new Map([
    ['به', 1 << 8],
    ['در', 1 << 8],
    ['قیمت', 1],
    [`کتاب${Z}ها`, 1 | (1 << 4)],
  ]);
  // A tagger cluster table (`packClusters` form) written for this test; ZWNJ compounds fall back to their last part.
  const TAG_CLUSTERS = ['تهران 3', 'قطر 3', 'علی 5', 'مریم 5', 'در 1', 'به 1', 'ها 7', 'a 2'].join('\n');
  const lexicon: LexiconLike = { has: (w) => words.has(w), bits: (w) => words.get(w) ?? 0, freq: (w) => (words.has(w) ? 9 : 0) };
  for (const sharedPairs of [true, false]) {
    for (const withLexicon of [true, false]) {
      const pos = sharedPairs !== withLexicon;
      const gazWords = sharedPairs;
      const ensemble = withLexicon ? 2 : 1;
      const ngrams = withLexicon ? 5 : sharedPairs ? 0 : 3;
      const tagClusters = !withLexicon;
      const pairClasses = sharedPairs !== withLexicon || !sharedPairs;
      const wordVectors = withLexicon === sharedPairs ? 4 : 0;
      it(`agrees with sharedPairs=${sharedPairs}, lexicon=${withLexicon}, orgHeads=${withLexicon}, pos=${pos}, gazWords=${gazWords}, ensemble=${ensemble}, ngrams=${ngrams}, tagClusters=${tagClusters}, pairClasses=${pairClasses}, wordVectors=${wordVectors}`, () => {
        const orgHeadMin = withLexicon ? 1 : 0;
        const m = trainNer(
          data,
          { bits: 14, epochs: 4, gazetteerFolds: 2, sharedPairs, lexicon: withLexicon, orgHeadMin, pos, gazWords, ensemble, ngrams, tagClusters, pairClasses, wordVectors },
          () => {},
          [['علی', 'به', 'تهران', 'رفت'], ['مریم', 'به', 'قطر', 'رفت'], ['علی', 'در', 'قطر', 'بود']],
          withLexicon ? lexicon : null,
          TAG_CLUSTERS,
        );
        expect(m.meta.ngrams ?? 0).toBe(ngrams);
        expect(m.meta.pairClasses ?? false).toBe(pairClasses);
        expect(m.meta.tagClusters ?? '').toBe(tagClusters ? TAG_CLUSTERS : '');
        const wordCodes = wordVectors ? parseWordCodes(String(m.meta.wordCodes ?? '')) : null;
        if (wordVectors) expect(wordCodes!.size).toBeGreaterThan(0);
        else expect(m.meta.wordCodes).toBeUndefined();
        expect(m.usesPos).toBe(pos);
        expect(m.meta.gazWords).toBe(gazWords);
        expect(String(m.meta.orgHeads ?? '')).toBe(orgHeadMin ? 'شرکت' : '');
        const c: FeatureContext = {
          bits: 14,
          gazetteer: m.gazetteer,
          clusters: parseClusters(String(m.meta.clusters ?? '')),
          clusterBits: 20,
          sharedPairs,
          lexicon: withLexicon ? lexicon : null,
          orgHeads: orgHeadMin ? new Set(['شرکت']) : null,
          pos,
          gazWords,
          ngrams,
          tagClusters: tagClusters ? unpackClusters(TAG_CLUSTERS) : null,
          pairClasses,
          wordCodes,
        };
        const rows = new IntegerRows(m.seq);
        const docs = [...SENTENCES, WORDS, ['جام', 'جهانی', 'در', 'برج', 'میلاد', `کتاب${Z}ها`, 'قیمت']];
        for (const domains of [[], ['peyma'], ['arman'], ['peyma', 'arman']]) {
          const fz = new FastNerScorer({ ...c, domains, rows });
          for (const [k0, forms] of docs.entries()) {
            for (const upos of [null, uposFor(forms, k0)]) {
              const got = fz.emissions(forms, null, upos);
              const want = (domains.length ? domains : [null]).map((d) => Array.from(m.seq.emissions(sentenceFeatures(forms, { ...c, domain: d, upos }))));
              for (let k = 0; k < want.length; k++) expect(Array.from(got[k].subarray(0, forms.length * m.seq.L))).toEqual(want[k]);
            }
          }
        }
        const upos = docs.map((f, k) => uposFor(f, k));
        for (const domain of ['news', null, 'peyma', 'arman']) {
          expect(m.tagDocument(docs, domain)).toEqual(m.referenceTagDocument(docs, domain));
          expect(m.tagDocument(docs, domain, upos)).toEqual(m.referenceTagDocument(docs, domain, upos));
        }
      });
    }
  }
});
