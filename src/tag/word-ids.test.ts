import { describe, expect, it } from 'vitest';
import { sokhan } from '../pipeline.js';
import { lemmaComponent } from '../morph/component.js';
import type { Doc } from '../doc/types.js';
import { getWordIds, setWordIds } from './word-ids.js';

const Z = '\u200c';
const TEXTS = [
  `ما کتاب را می${Z}خوانیم. این کتاب${Z}ها خوب هستند.`,
  `دانشجویان دانشگاه در مسابقه${Z}ای بین${Z}المللی برنده شدند و کتابشان را به خانه بردند.`,
  `او به مدرسه رفت؛ خودش گفت که اقتصادی${Z}ترین راه را می${Z}داند. hello 123 😀`,
];

function lemmas(doc: Doc): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const t of doc.tokens) {
    out.push(t.lemma);
    for (const w of t.words ?? []) out.push(w.lemma);
  }
  return out;
}

describe('word ids shared by the pos and lemma components', () => {
  const tagged = sokhan({ components: ['normalize', 'tokenize', 'pos'] });
  const lemma = lemmaComponent();
  it('are set by the pos component for every word', () => {
    const doc = tagged(TEXTS[0]);
    const ids = getWordIds(doc);
    expect(ids).toBeDefined();
    let words = 0;
    for (const t of doc.tokens) words += t.words && t.words.length > 0 ? t.words.length : 1;
    expect(ids!.count).toBe(words);
  });
  it('give the same lemmas as the lemma component without them', () => {
    for (const text of [...TEXTS, TEXTS.join(' '), TEXTS.join('\n\n')]) {
      const a = lemma.run(tagged(text));
      const plain = tagged(text);
      setWordIds(plain, undefined);
      const b = lemmaComponent().run(plain);
      expect(lemmas(a)).toEqual(lemmas(b));
      expect(lemmas(a).every((l) => typeof l === 'string')).toBe(true);
    }
  });
  it('are not trusted once the doc changed between the components', () => {
    const doc = tagged(TEXTS[1]);
    // Another component (or the caller) rewrites words: forms, tags and the token list.
    doc.tokens[0].form = 'کتاب' + Z + 'ها';
    doc.tokens[1].upos = 'VERB';
    doc.tokens.splice(2, 1);
    const a = lemma.run(doc);
    const copy = tagged(TEXTS[1]);
    copy.tokens[0].form = 'کتاب' + Z + 'ها';
    copy.tokens[1].upos = 'VERB';
    copy.tokens.splice(2, 1);
    setWordIds(copy, undefined);
    expect(lemmas(a)).toEqual(lemmas(lemmaComponent().run(copy)));
  });
});
