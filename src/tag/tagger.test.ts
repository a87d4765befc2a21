import { describe, expect, it } from 'vitest';
import { sokhan } from '../pipeline.js';
import { wordsOf } from '../doc/types.js';
import { tagWords, getTagger } from './tagger.js';
import { posComponent } from './component.js';
import { shape, wordKey } from './features.js';

const Z = '\u200c';

describe('tagger sanity', () => {
  it('tags a plain sentence with plausible UPOS', () => {
    const forms = ['او', 'به', 'مدرسه', 'رفت', '.'];
    const tags = tagWords(forms);
    expect(tags.map((t) => t.upos)).toEqual(['PRON', 'ADP', 'NOUN', 'VERB', 'PUNCT']);
    expect(tags[3].feats).toContain('Tense=Past');
    expect(tags[3].xpos).toBe('V_ACT');
  });
  it('predicts verb features from the form', () => {
    const tags = tagWords(['ما', 'کتاب', 'را', `می${Z}خوانیم`, '.']);
    expect(tags[3].upos).toBe('VERB');
    expect(tags[3].feats).toContain('Person=1');
    expect(tags[3].feats).toContain('Number=Plur');
  });
  it('plural nouns get Number=Plur', () => {
    const tags = tagWords(['این', `کتاب${Z}ها`, 'خوب', 'هستند', '.']);
    expect(tags[1].upos).toBe('NOUN');
    expect(tags[1].feats).toContain('Number=Plur');
  });
  it('the Seraji model uses Seraji tags', () => {
    const tags = tagWords(['او', 'به', 'مدرسه', 'رفت', '.'], 'seraji');
    expect(tags[1].xpos).toBe('P');
    expect(tags[2].xpos).toBe('N_SING');
  });
  it('is deterministic and shared', () => {
    expect(getTagger('perdt')).toBe(getTagger('perdt'));
    const f = ['دیروز', 'باران', 'آمد'];
    expect(tagWords(f)).toEqual(tagWords(f));
  });
  it('rejects an unknown model with a clear message', () => {
    expect(() => posComponent({ model: 'xx' as never })).toThrow(/perdt or seraji/);
  });
});

describe('features', () => {
  it('folds digits and Latin case', () => {
    expect(wordKey('ABC123')).toBe('abc000');
    expect(wordKey('۱۴۰۲')).toBe('0000');
    expect(shape('Tehran2024')).toBe('ld');
    expect(shape(`می${Z}روم`)).toBe('pzp');
  });
});

describe('hostile input gives a result, never a crash', () => {
  const odd: string[][] = [
    [],
    [''],
    ['hello', 'world', '!'],
    ['12345', '۱۲۳', '3.14'],
    ['😀', '👨‍👩‍👧', '\ud800'],
    ['ب'.repeat(100_000)],
    ['a'.repeat(100_000), 'و', 'x'],
    Array.from({ length: 5000 }, (_, i) => (i % 2 ? 'و' : 'کتاب')),
  ];
  for (const forms of odd) {
    it(`${forms.length} words: ${JSON.stringify(forms.slice(0, 3).map((f) => f.slice(0, 10)))}`, () => {
      const tags = tagWords(forms);
      expect(tags).toHaveLength(forms.length);
      for (const t of tags) expect(typeof t.upos).toBe('string');
    });
  }
});

describe('components in the pipeline', () => {
  it('assigns upos/xpos/feats and lemmas to every word, including multi-word token parts', () => {
    const nlp = sokhan({ components: ['normalize', 'tokenize', 'pos', 'lemma'] });
    const doc = nlp(`کتابش را به دوستانمان داد و گفت: «می${Z}روم.»`);
    const words = [...wordsOf(doc.tokens)];
    expect(words.length).toBeGreaterThan(8);
    for (const w of words) {
      expect(w.upos).toBeTruthy();
      expect(w.lemma).toBeTruthy();
    }
    const verb = words.find((w) => w.form === 'داد');
    expect(verb?.upos).toBe('VERB');
    expect(verb?.lemma).toBe('داد');
    const go = words.find((w) => w.form === `می${Z}روم`);
    expect(go?.lemma).toBe('رفت');
  });
  it('passes the model option through to both components', () => {
    const nlp = sokhan({ components: ['normalize', 'tokenize', 'pos', 'lemma'], model: 'seraji' });
    const doc = nlp('او به مدرسه رفت.');
    expect([...wordsOf(doc.tokens)].map((w) => w.xpos)).toContain('N_SING');
  });
  it('lemma runs without pos (UPOS guessed from the form)', () => {
    const nlp = sokhan({ components: ['normalize', 'tokenize', 'lemma'] });
    const doc = nlp(`آنها می${Z}گویند`);
    expect(doc.tokens.map((t) => t.lemma)).toEqual(['آنها', 'گفت']);
  });
  it('empty and odd documents', () => {
    const nlp = sokhan({ components: ['normalize', 'tokenize', 'pos', 'lemma'] });
    for (const text of ['', '   ', '😀😀', 'abc 123', 'ب'.repeat(100_000)]) {
      const doc = nlp(text);
      for (const w of wordsOf(doc.tokens)) expect(typeof w.upos).toBe('string');
    }
  });
});
