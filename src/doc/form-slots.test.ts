import { describe, expect, it } from 'vitest';
import { sokhan } from '../pipeline.js';
import { tokenize } from '../tokenize/tokenize.js';
import { getTagger } from '../tag/tagger.js';
import { getFormSlots } from './form-slots.js';
import type { Token } from './types.js';

const Z = '\u200c';
const TEXT = `ما کتاب را می${Z}خوانیم. این کتاب${Z}ها خوب هستند و کتابشان را به خانه بردند. او به مدرسه رفت؛ خودش گفت.`;

function words(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (t.words && t.words.length > 0) for (const w of t.words) out.push(w.form);
    else out.push(t.form);
  }
  return out;
}

describe('form slots of the tokenizer', () => {
  it('describe every word of the last tokens made, and only those', () => {
    const a = tokenize(TEXT);
    const fs = getFormSlots(a.tokens);
    expect(fs).toBeDefined();
    expect(fs!.count).toBe(words(a.tokens).length);
    for (let j = 0; j < fs!.count; j++) expect(fs!.slots[j]).toBeGreaterThanOrEqual(-1);
    const b = tokenize(TEXT);
    expect(getFormSlots(b.tokens)).toBeDefined();
    expect(getFormSlots(a.tokens)).toBeUndefined();
  });
  it('give a short form the same string object call after call', () => {
    const a = words(tokenize(TEXT).tokens);
    const b = words(tokenize('کتاب را به خانه بردند.').tokens);
    const ka = a.find((w) => w === 'کتاب');
    const kb = b.find((w) => w === 'کتاب');
    expect(ka).toBe(kb);
  });
  it('are a hint only: the tagger gives the same tags with wrong slots, or none', () => {
    const tagger = getTagger('perdt');
    const forms = words(tokenize(TEXT).tokens);
    const n = forms.length;
    const plain = new Int32Array(n);
    tagger.tagSentence(forms, plain, 0);
    const table = {};
    // Every word in slot 0, then slots shifted by one: most hints name another form.
    for (const slots of [new Int32Array(n), Int32Array.from(forms, (_, i) => (i + 1) % n), Int32Array.from(forms, (_, i) => i)]) {
      for (let round = 0; round < 2; round++) {
        const out = new Int32Array(n);
        tagger.tagSentence(forms, out, 0, undefined, { table, size: n, count: n, slots }, 0);
        expect(Array.from(out)).toEqual(Array.from(plain));
      }
    }
  });
  it('leave the pipeline output as without them', () => {
    const nlp = sokhan({ components: ['normalize', 'tokenize', 'pos', 'lemma'] });
    const a = nlp(TEXT);
    // The same doc, tagged after another tokenize call (the slots then describe other tokens).
    const pos = nlp.components.slice(2);
    let b = sokhan({ components: ['normalize', 'tokenize'] })(TEXT);
    tokenize('یک جمله دیگر.');
    expect(getFormSlots(b.tokens)).toBeUndefined();
    for (const c of pos) b = c.run(b);
    expect(JSON.stringify(b.tokens)).toBe(JSON.stringify(a.tokens));
  });
});
