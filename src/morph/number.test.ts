import { describe, expect, it } from 'vitest';
import type { Word } from '../doc/types.js';
import { lemmaComponent, pluralByLemma } from './component.js';
import { sokhan } from '../pipeline.js';

const Z = '\u200c';

describe('pluralByLemma', () => {
  it('finds plural suffixes after the lemma, with or without ZWNJ and clitics', () => {
    expect(pluralByLemma(`کتاب${Z}ها`, 'کتاب')).toBe(true);
    expect(pluralByLemma('کتابها', 'کتاب')).toBe(true);
    expect(pluralByLemma(`کتاب${Z}هایشان`, 'کتاب')).toBe(true);
    expect(pluralByLemma('صاحبان', 'صاحب')).toBe(true);
    expect(pluralByLemma('اخراجات', 'اخراج')).toBe(true);
    expect(pluralByLemma('طرفین', 'طرف')).toBe(true);
    expect(pluralByLemma('سبزیجات', 'سبزی')).toBe(true);
  });
  it('takes a lemma that is not how the form begins for a broken plural', () => {
    expect(pluralByLemma('صنایع', 'صنعت')).toBe(true);
    expect(pluralByLemma('نتایجی', 'نتیجه')).toBe(true);
  });
  it('is never fooled by spellings the lemma keeps from the source (digits, Latin)', () => {
    expect(pluralByLemma('۲۰۱۱', '2011')).toBe(false);
    expect(pluralByLemma('۵٪', '5%')).toBe(false);
    expect(pluralByLemma('iPhone', 'iphone')).toBe(false);
  });
  it('leaves singulars alone: same lemma, indefinite or ezafe ی, clitics, other suffixes', () => {
    expect(pluralByLemma('کتاب', 'کتاب')).toBe(false);
    expect(pluralByLemma('کتابی', 'کتاب')).toBe(false);
    expect(pluralByLemma(`خانه${Z}ای`, 'خانه')).toBe(false);
    expect(pluralByLemma('کتابم', 'کتاب')).toBe(false);
    expect(pluralByLemma('کتابش', 'کتاب')).toBe(false);
    expect(pluralByLemma('بزرگتر', 'بزرگ')).toBe(false);
    expect(pluralByLemma('', '')).toBe(false);
  });
  it('compares spellings canonically (Arabic ي and ك, ZWNJ)', () => {
    expect(pluralByLemma('كتابي', 'کتاب')).toBe(false);
    expect(pluralByLemma('کتابی', 'كتاب')).toBe(false);
    expect(pluralByLemma(`كتاب${Z}ها`, 'کتاب')).toBe(true);
  });
});

describe('the lemma component corrects Number and Polarity by the lemma (PerDT)', () => {
  // Tagged by hand: the test does not depend on what the tagger says.
  const tagged = (text: string, tags: [string, string][]) => {
    const doc = sokhan({ components: ['normalize', 'tokenize'] })(text);
    const words = doc.tokens.flatMap((t) => (t.words && t.words.length ? t.words : [t])) as Word[];
    expect(words.length).toBe(tags.length);
    words.forEach((w, i) => {
      w.upos = tags[i][0];
      w.feats = tags[i][1] === '_' ? undefined : tags[i][1];
    });
    return { doc, words };
  };
  const text = `صنایع و کتاب${Z}هایشان و کتابی.`;
  const tags: [string, string][] = [
    ['NOUN', 'Number=Sing'],
    ['CCONJ', '_'],
    ['NOUN', 'Number=Sing'],
    ['PRON', 'Number=Plur|Person=3|PronType=Prs'],
    ['CCONJ', '_'],
    ['NOUN', 'Number=Sing'],
    ['PUNCT', '_'],
  ];
  it('makes a singular-tagged plural noun plural, and keeps the multi-word token in step', () => {
    const { doc, words } = tagged(text, tags);
    lemmaComponent().run(doc);
    expect(words.map((w) => w.feats)).toEqual(['Number=Plur', undefined, 'Number=Plur', 'Number=Plur|Person=3|PronType=Prs', undefined, 'Number=Sing', undefined]);
    const host = doc.tokens.find((t) => t.words && t.words.length === 2)!;
    expect(host.feats).toBe('Number=Plur');
  });
  it('adds Polarity=Neg to a verb in ن… whose past stem does not begin with ن, in UD order', () => {
    const { doc, words } = tagged('نکنند و نشستند.', [
      ['VERB', 'Number=Plur|Person=3|Tense=Pres|Voice=Act'],
      ['CCONJ', '_'],
      ['VERB', 'Number=Plur|Person=3|Tense=Past|Voice=Act'],
      ['PUNCT', '_'],
    ]);
    lemmaComponent().run(doc);
    expect(words[0].lemma).toBe('کرد');
    expect(words[0].feats).toBe('Number=Plur|Person=3|Polarity=Neg|Tense=Pres|Voice=Act');
    expect(words[2].lemma).toBe('نشست');
    expect(words[2].feats).toBe('Number=Plur|Person=3|Tense=Past|Voice=Act');
  });
  it('leaves Seraji tags alone', () => {
    const { doc, words } = tagged(text, tags);
    lemmaComponent({ model: 'seraji' }).run(doc);
    expect(words.map((w) => w.feats)).toEqual(tags.map((t) => (t[1] === '_' ? undefined : t[1])));
  });
});
