import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SparseEmissions } from '../ml/sparse.js';
import { loadNerModel } from './component.js';
import { FastFeaturizer } from './fast-features.js';
import { Gazetteer, parseClusters, sentenceFeatureSets, sentenceFeatures, type FeatureContext } from './features.js';
import { ENTITY_TYPES } from './labels.js';
import type { NerModel } from './model.js';

/**
 * Differential tests: the fast NER path (FastFeaturizer + SparseEmissions + the model's
 * fast `tag`/`tagDocument`) against the simple reference path (feature strings hashed one by
 * one in `features.ts`, dense weights, `referenceTag`/`referenceTagDocument`). They must
 * agree exactly: same buckets in the same order, same float32 scores, same tags.
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
  };
}

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
  const domains = ['peyma', 'arman'];
  const sparse = new SparseEmissions(model.seq);
  const fz = new FastFeaturizer({ ...ctx, domains, rows: sparse });
  const single = new Map(model.domains.map((d) => [d, new FastFeaturizer({ ...ctx, domains: [d] })]));

  const sameFeatures = (forms: string[]) => {
    const ref = sentenceFeatureSets(forms, ctx, domains);
    const got = fz.features(forms);
    expect(got.length).toBe(ref.length);
    for (let k = 0; k < ref.length; k++) {
      expect(got[k].n).toBe(ref[k].n);
      expect(Array.from(got[k].offsets)).toEqual(Array.from(ref[k].offsets));
      expect(Array.from(got[k].feats)).toEqual(Array.from(ref[k].feats));
      // Same float32 scores, bit for bit.
      const dense = Array.from(model.seq.emissions(ref[k]));
      expect(Array.from(sparse.emissions(got[k]))).toEqual(dense);
      expect(Array.from(sparse.emissionsFromRanges(got[k]))).toEqual(dense);
    }
    for (const d of model.domains) {
      const r = sentenceFeatures(forms, { ...ctx, domain: d });
      const [g] = single.get(d)!.features(forms, null, true);
      expect(Array.from(g.offsets)).toEqual(Array.from(r.offsets));
      expect(Array.from(g.feats)).toEqual(Array.from(r.feats));
    }
  };

  it('gives the reference buckets, in order, and the same emission scores', () => {
    for (const s of SENTENCES) sameFeatures(s);
  });

  it('gives the reference buckets on arbitrary token sequences (property)', () => {
    fc.assert(fc.property(sentenceArb, (forms) => sameFeatures(forms)), { numRuns: 300 });
  });

  it('handles document memory like the reference', () => {
    const memory = new Map<string, number>([
      ['علی', 1 << ENTITY_TYPES.indexOf('PER')],
      ['تهران', (1 << ENTITY_TYPES.indexOf('LOC')) | (1 << ENTITY_TYPES.indexOf('ORG'))],
      ['در', 0],
    ]);
    const shared = new FastFeaturizer({ ...ctx, domains: [] });
    for (const forms of [...SENTENCES, WORDS]) {
      const r = sentenceFeatures(forms, { ...ctx, memory });
      const [g] = shared.features(forms, memory, true);
      expect(Array.from(g.feats)).toEqual(Array.from(r.feats));
    }
  });

  it('matches gazetteer names whose words contain spaces, and stops early only when safe', () => {
    const g = new Gazetteer();
    g.add(['الف ب', 'ج'], 0);
    g.add(['الف', 'ب', 'ج', 'د'], 1);
    g.add(['ه'], 2);
    g.add(['ه', 'و', 'ز', 'ح', 'ط', 'ی', 'ک', 'ل'], 3);
    const c: FeatureContext = { bits: 16, gazetteer: g, clusters: null };
    const f = new FastFeaturizer({ ...c, domains: ['x'] });
    const cases = [
      ['الف ب', 'ج'],
      ['الف', 'ب', 'ج', 'د', 'ه'],
      ['ه', 'و', 'ز', 'ح', 'ط', 'ی', 'ک', 'ل', 'ه'],
      ['الف', 'ب ج', 'د'],
      ['ه', 'و', 'ز', 'ح', 'ط', 'ی', 'ک'],
    ];
    for (const forms of cases) {
      const ref = sentenceFeatureSets(forms, c, ['x']);
      const got = f.features(forms);
      for (let k = 0; k < 2; k++) expect(Array.from(got[k].feats)).toEqual(Array.from(ref[k].feats));
    }
  });

  it('keeps its form cache bounded and correct after it is emptied', () => {
    const f = new FastFeaturizer({ ...ctx, domains });
    const many = Array.from({ length: 25_000 }, (_, i) => `و${i.toString(36)}`);
    for (let i = 0; i < many.length; i += 500) f.features(many.slice(i, i + 500));
    for (const s of SENTENCES) {
      const ref = sentenceFeatureSets(s, ctx, domains);
      expect(Array.from(f.features(s)[0].feats)).toEqual(Array.from(ref[0].feats));
    }
  });

  const conventions = ['news', null, ...model.domains];

  it('tags every convention exactly like the reference path', () => {
    for (const domain of conventions) {
      expect(model.tagDocument(SENTENCES, domain)).toEqual(model.referenceTagDocument(SENTENCES, domain));
      for (const s of SENTENCES) expect(model.tag(s, domain)).toEqual(model.referenceTag(s, domain));
    }
  });

  it('tags long sentences (cut into windows) exactly like the reference path', () => {
    const long = Array.from({ length: 700 }, (_, i) => WORDS[(i * 7) % WORDS.length]);
    expect(model.tagDocument([long], 'news')).toEqual(model.referenceTagDocument([long], 'news'));
    expect(model.tag(long, 'peyma')).toEqual(model.referenceTag(long, 'peyma'));
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
