import { describe, expect, it } from 'vitest';
import { lemmaComponent } from './component.js';
import { contextKey, lemmaEntry, lemmatize, type LemmaContext } from './lemmatize.js';

const Z = '\u200c';

// Nominals in ی (the ranker reads their context), others, and Arabic spellings.
const WORDS = [
  'کتابی', 'دانشجویی', 'ایرانی', 'زندگی', 'خانه‌ای'.replace('‌', Z), 'اقتصادی', 'کارهایی', 'بزرگتری', 'شهری', 'آزادی',
  'روزنامه‌نگاری'.replace('‌', Z), 'نمی‌دانستی'.replace('‌', Z), 'كتابي', 'بانكي', 'دولتی', 'مردمی', 'سیاسی', 'کتاب', 'دانشجویان', 'ها',
];
const UPOS = ['NOUN', 'ADJ', 'PROPN', 'ADV', 'VERB'];
const CONTEXTS: LemmaContext[] = [
  {},
  { prevUpos: 'ADP', nextUpos: 'VERB', nextForm: 'است' },
  { prevUpos: 'NOUN', nextUpos: 'ADP', nextForm: 'از' },
  { prevUpos: 'ADJ', nextUpos: 'PRON', nextForm: 'که' },
  { prevUpos: undefined, nextUpos: 'NOUN', nextForm: 'کشور' },
  { prevUpos: 'DET', nextUpos: 'CCONJ', nextForm: 'و' },
  { prevUpos: 'VERB', nextUpos: undefined, nextForm: undefined },
];

describe('lemmaEntry (the per-form analysis the lemma component keeps)', () => {
  it('gives what the uncached path gives, in every context', () => {
    let ranked = 0;
    for (const w of WORDS) {
      for (const u of UPOS) {
        const e = lemmaEntry(w, u, { scheme: 'perdt' });
        expect(e).toBeDefined();
        if (typeof e !== 'string') ranked++;
        for (const ctx of CONTEXTS) {
          // crossFacts: true takes the uncached path (no entry memo), with the same facts and ranker.
          const want = lemmatize(w, u, { scheme: 'perdt', context: ctx, crossFacts: true });
          const got = typeof e === 'string' ? e : e!.inContext(contextKey(ctx));
          expect(got, `${w} ${u} ${contextKey(ctx)}`).toBe(want);
          expect(lemmatize(w, u, { scheme: 'perdt', context: ctx })).toBe(want);
        }
        const plain = lemmatize(w, u, { scheme: 'perdt', crossFacts: true });
        expect(typeof e === 'string' ? e : e!.plain).toBe(plain);
      }
    }
    // The test must reach the context-dependent path.
    expect(ranked).toBeGreaterThan(0);
  });

  it('declines option overrides (the caller lemmatizes)', () => {
    expect(lemmaEntry('کتابی', 'NOUN', { learned: false })).toBeUndefined();
    expect(lemmaEntry('کتابی', 'NOUN', { facts: new Map() })).toBeUndefined();
  });
});

describe('lemma component memos', () => {
  it('gives the same lemmas on a second run and to a fresh component', async () => {
    const { sokhan } = await import('../pipeline.js');
    const text = `این کتابی است که دانشجویی ایرانی از كتابي خریده و کتابی دیگر نیز در خانه${Z}ای بود. کتابی ارزان از بانكي گرفت.`;
    const nlp = sokhan({ components: ['normalize', 'tokenize', 'pos'] });
    const lemmasWith = (c: ReturnType<typeof lemmaComponent>) => {
      const d = c.run(nlp(text)) as ReturnType<typeof nlp>;
      return d.tokens.flatMap((t) => (t.words && t.words.length ? t.words : [t]).map((x) => x.lemma));
    };
    const c1 = lemmaComponent();
    const a = lemmasWith(c1);
    const b = lemmasWith(c1);
    const fresh = lemmasWith(lemmaComponent());
    expect(b).toEqual(a);
    expect(fresh).toEqual(a);
    expect(a.every((l) => typeof l === 'string' && l.length > 0)).toBe(true);
  });
});
