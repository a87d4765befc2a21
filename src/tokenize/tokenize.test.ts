import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sokhan } from '../pipeline.js';
import { tokenize } from './tokenize.js';
import { splitClitics } from './clitics.js';
import { loadTokenizerModel } from './model.js';
import { scan } from './scan.js';
import { tokenizeReference } from './reference.js';
import { OffsetMapBuilder } from '../doc/offset-map.js';
import { normalize } from '../text/normalize.js';
import { describeGold } from '../util/gold-test.js';
import { dataPath } from '../util/data-path.js';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const Z = '\u200c';
const forms = (text: string) => tokenize(text).tokens.map((t) => t.form);
const sentences = (text: string) => {
  const r = tokenize(text);
  return r.sentences.map((s) => text.slice(s.start, s.end));
};
const parts = (text: string) =>
  tokenize(text).tokens.map((t) => (t.words ? t.words.map((w) => w.form).join('+') : t.form));

describe('sentence splitting', () => {
  it('splits at . ! ? ؟ and keeps the mark with its sentence', () => {
    expect(sentences('او آمد. من رفتم! تو کجایی؟ بله')).toEqual(['او آمد.', 'من رفتم!', 'تو کجایی؟', 'بله']);
  });
  it('splits at a period with no space after it (hazm #163)', () => {
    expect(sentences('جلسه پایان یافت.جلسه بعدی فردا است.')).toEqual(['جلسه پایان یافت.', 'جلسه بعدی فردا است.']);
  });
  it('does not split decimals or abbreviations', () => {
    expect(sentences('قیمت 3.5 درصد بالا رفت.')).toHaveLength(1);
    expect(sentences('در سال ۱۹۱۷ م. و پس از آن جنگ شد.')).toHaveLength(1);
    expect(forms('در ۱۳۵۷ ه.ش. انقلاب شد.')).toContain('ه.ش.');
    expect(sentences('او با Dr. Smith و U.S. Army دیدار کرد.')).toHaveLength(1);
  });
  it('closes a sentence after the closing quote or bracket', () => {
    expect(sentences('او گفت «می‌آیم.» سپس رفت.')).toEqual(['او گفت «می‌آیم.»', 'سپس رفت.']);
    expect(sentences('(این مهم است.) بعد')).toEqual(['(این مهم است.)', 'بعد']);
    expect(sentences('او گفت "بله." من رفتم.')).toEqual(['او گفت "بله."', 'من رفتم.']);
  });
  it('does not end a sentence at a list number', () => {
    expect(sentences('1. اول این کار را بکن.')).toHaveLength(1);
    expect(sentences('سال ۱۳۹۹. بعد')).toHaveLength(2);
  });
  it('keeps runs like ?! in one sentence, and an ellipsis does not end one', () => {
    expect(sentences('واقعا؟! نه')).toEqual(['واقعا؟!', 'نه']);
    expect(sentences('او ... رفت')).toHaveLength(1);
  });
  it('ends a sentence at every newline and marks paragraphs at blank lines', () => {
    expect(sentences('سطر اول\nسطر دوم')).toEqual(['سطر اول', 'سطر دوم']);
    const r = tokenize('یک\r\nدو\n\nسه');
    expect(r.sentences).toHaveLength(3);
    expect(r.paragraphStarts).toEqual([0, 2]);
  });
});

describe('word tokens', () => {
  it('splits punctuation off and keeps numbers whole', () => {
    expect(forms('قیمت ۱۲٫۵ و 1,000 و 1398/05/12 و 12:30، 5% بود.')).toEqual([
      'قیمت', '۱۲٫۵', 'و', '1,000', 'و', '1398/05/12', 'و', '12:30', '،', '5%', 'بود', '.',
    ]);
  });
  it('splits Persian letters from digits, keeps Latin codes whole', () => {
    expect(forms('۵/۳۸میلیارد و ساعت۱۹:۳۰ و G7 و MP3')).toEqual(['۵/۳۸', 'میلیارد', 'و', 'ساعت', '۱۹:۳۰', 'و', 'G7', 'و', 'MP3']);
  });
  it('keeps ZWNJ words whole and splits (ص) into three', () => {
    expect(forms(`هم${Z}تیمی${Z}های پیامبر (ص) آمدند`)).toEqual([`هم${Z}تیمی${Z}های`, 'پیامبر', '(', 'ص', ')', 'آمدند']);
  });
  it('keeps URLs, e-mails and Latin codes whole', () => {
    expect(forms('به www.example.com و a.b@c.org و COVID-19 بروید')).toEqual(['به', 'www.example.com', 'و', 'a.b@c.org', 'و', 'COVID-19', 'بروید']);
  });
  it('splits a Persian hyphen compound like PerDT', () => {
    expect(forms('فرهنگی-سیاسی')).toEqual(['فرهنگی', '-', 'سیاسی']);
  });
  it('gives an emoji its own token and never splits a surrogate pair', () => {
    expect(forms('سلام😀دنیا')).toEqual(['سلام', '😀', 'دنیا']);
  });
});

describe('multi-word tokens (clitics)', () => {
  const m = loadTokenizerModel();
  it('splits pronoun clitics as PerDT does', () => {
    expect(parts('تیمشان کتابش')).toEqual(['تیم+شان', 'کتاب+ش']);
    expect(parts(`خانواده${Z}اش`)).toEqual([`خانواده${Z}+اش`]);
    expect(parts(`کتاب${Z}هایش`)).toEqual([`کتاب${Z}های+ش`]);
  });
  it('does not split words that merely end like a clitic', () => {
    for (const w of ['آرامش', 'ارزش', 'تابش', 'رفتم', 'مردم', 'دولت', 'قسمت']) expect(splitClitics(w, m)).toBeNull();
  });
  it('offsets of the parts lie inside the token', () => {
    const t = tokenize('این کتابش است').tokens[1];
    expect(t.words?.map((w) => [w.start, w.end])).toEqual([
      [4, 8],
      [8, 9],
    ]);
  });
  it('puts punctuation right after a multi-word token inside it (PerDT), not for seraji', () => {
    expect(parts('این کتابش.')).toEqual(['این', 'کتاب+ش+.']);
    expect(tokenize('این کتابش.', { style: 'seraji' }).tokens.map((t) => t.form)).toEqual(['این', 'کتابش', '.']);
  });
});

describe('hostile input stays linear', () => {
  it('handles a long word, long punctuation and long dot runs', () => {
    const big = 200_000;
    expect(scan('ب'.repeat(big)).start).toHaveLength(1);
    expect(scan('!'.repeat(big)).start).toHaveLength(1);
    expect(scan('()'.repeat(big)).start).toHaveLength(2 * big);
    expect(scan('.'.repeat(big)).start).toHaveLength(1);
    expect(scan('،'.repeat(big)).start).toHaveLength(1);
    expect(scan('1.'.repeat(big)).start.length).toBeGreaterThan(0);
  });
});

// ---- properties through the full normalise + tokenize pipeline ----
const nlp = sokhan({ components: ['normalize', 'tokenize'] });
const pieces = [
  'کتاب', 'کتابش', 'می', Z, `${Z}${Z}`, ' ', '  ', '\n', '\r\n', '\n\n', '\u200f', '\u200e', 'ـ', '\u064b', '\u0654', '😀', '👍🏽',
  '.', '...', '؟', '!', '«', '»', '(', ')', '"', '،', '3.5', '۱۲', 'ه.ش.', 'abc', '\ud800', '\udc00', 'ي', 'ك', '\t', '\u00a0', '-',
];
const textArb = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((a) => a.join('')),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

function isGap(s: string): boolean {
  // Between tokens the source holds only white space and invisible characters.
  return /^[\s\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\u061c\u180e\u0640\u00ad]*$/u.test(s) || s.split('').every((c) => /[\s\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\u061c\u180e\u0640\u00ad\u064b-\u065f\u0670]/u.test(c));
}

describe('lossless properties (normalize + tokenize)', () => {
  it('tokens are ordered, non-overlapping, inside the source; gaps are only white space or removed invisibles', () => {
    fc.assert(
      fc.property(textArb, (src) => {
        const doc = nlp(src);
        let prev = 0;
        let prevStart = 0;
        let prevText = 0;
        for (const t of doc.tokens) {
          // Two tokens made from one replacement (ﷻ → جل جلاله, or "...  ..." → "… …" when the
          // normaliser records one edit) both claim all of it: source spans may then overlap,
          // but never go backwards.
          expect(t.sourceStart).toBeGreaterThanOrEqual(prevStart);
          expect(t.sourceEnd).toBeGreaterThanOrEqual(prev);
          expect(t.sourceEnd).toBeGreaterThan(t.sourceStart);
          expect(t.sourceEnd).toBeLessThanOrEqual(src.length);
          expect(t.start).toBeGreaterThanOrEqual(prevText);
          expect(t.form).toBe(doc.text.slice(t.start, t.end));
          expect(doc.map.toSourceSpan(t.start, t.end)).toEqual([t.sourceStart, t.sourceEnd]);
          const gap = t.sourceStart > prev ? src.slice(prev, t.sourceStart) : '';
          if (!isGap(gap)) throw new Error(`non-space gap ${JSON.stringify(gap)} in ${JSON.stringify(src)}`);
          if (t.words) {
            let w0 = t.start;
            for (const w of t.words) {
              expect(w.start).toBe(w0);
              expect(w.sourceStart).toBeGreaterThanOrEqual(t.sourceStart);
              expect(w.sourceEnd).toBeLessThanOrEqual(t.sourceEnd);
              w0 = w.end;
            }
            expect(w0).toBe(t.end);
          }
          prev = t.sourceEnd;
          prevStart = t.sourceStart;
          prevText = t.end;
        }
        if (!isGap(src.slice(prev))) throw new Error(`non-space tail in ${JSON.stringify(src)}`);
        // Source is untouched.
        expect(doc.source).toBe(src);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
  });

  it('sentences cover the tokens in order, without gaps or overlaps', () => {
    fc.assert(
      fc.property(textArb, (src) => {
        const doc = nlp(src);
        let next = 0;
        for (const s of doc.sentences) {
          expect(s.tokenStart).toBe(next);
          expect(s.tokenEnd).toBeGreaterThan(s.tokenStart);
          expect(s.start).toBe(doc.tokens[s.tokenStart].start);
          expect(s.end).toBe(doc.tokens[s.tokenEnd - 1].end);
          expect(s.sourceStart).toBe(doc.tokens[s.tokenStart].sourceStart);
          next = s.tokenEnd;
        }
        expect(next).toBe(doc.tokens.length);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it('no token contains a line break, and no token splits a surrogate pair', () => {
    fc.assert(
      fc.property(textArb, (src) => {
        const doc = nlp(src);
        for (const t of doc.tokens) {
          const s = src.slice(t.sourceStart, t.sourceEnd);
          expect(/[\n\r\u2028\u2029]/.test(s)).toBe(false);
          const first = s.charCodeAt(0);
          expect(first >= 0xdc00 && first <= 0xdfff && t.sourceStart > 0 && src.charCodeAt(t.sourceStart - 1) >= 0xd800 && src.charCodeAt(t.sourceStart - 1) <= 0xdbff).toBe(false);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });
});

// ---- differential test: the hand-written scanner against a regular-expression reference ----
describe('scanner matches a simple reference on a small alphabet', () => {
  // Letters, digits, space, newline, ! and ؛ : the rules that apply are "runs of one class".
  const reference = (text: string) => {
    const toks: string[] = [];
    const sents: string[][] = [];
    let cur: string[] = [];
    for (const line of text.split('\n')) {
      let ended = false; // a sentence just ended at ! on this line: more marks still belong to it
      for (const m of line.matchAll(/[ابک]+|[12]+|!+|؛+/g)) {
        toks.push(m[0]);
        if (m[0][0] === '!' && ended) {
          sents[sents.length - 1].push(m[0]);
          continue;
        }
        ended = false;
        cur.push(m[0]);
        if (m[0][0] === '!') {
          sents.push(cur);
          cur = [];
          ended = true;
        }
      }
      if (cur.length) sents.push(cur);
      cur = [];
    }
    return { toks, sents };
  };
  it('gives the same tokens and sentences', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('ا', 'ب', 'ک', '1', '2', ' ', '\n', '!', '؛'), { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        const r = tokenize(text, { clitics: false });
        const ref = reference(text);
        expect(r.tokens.map((t) => t.form)).toEqual(ref.toks);
        expect(r.sentences.map((s) => r.tokens.slice(s.tokenStart, s.tokenEnd).map((t) => t.form))).toEqual(ref.sents);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });
});

// ---- differential tests: the fast tokenize() against the straightforward reference ----
type Result = ReturnType<typeof tokenize>;
/** Same tokens (every field, in the same key order), words, sentences and paragraphs. */
function expectSame(fast: Result, ref: Result, where: string): void {
  expect(fast.tokens.length, where).toBe(ref.tokens.length);
  for (let k = 0; k < ref.tokens.length; k++) {
    const a = JSON.stringify(fast.tokens[k]);
    const b = JSON.stringify(ref.tokens[k]);
    if (a !== b) throw new Error(`token ${k} differs (${where}):\n fast ${a}\n ref  ${b}`);
  }
  expect(JSON.stringify(fast.sentences), where).toBe(JSON.stringify(ref.sentences));
  expect(fast.paragraphStarts, where).toEqual(ref.paragraphStarts);
}
const optionSets = (map: import('../doc/offset-map.js').OffsetMap, source: string) => [
  { map, source },
  { map },
  {},
  { map, source, style: 'seraji' as const },
  { map, source, clitics: false },
];

describe('fast tokenize() equals the reference', () => {
  it('after the real normaliser, on any text (property)', () => {
    fc.assert(
      fc.property(textArb, (src) => {
        const n = normalize(src);
        for (const o of optionSets(n.map, src)) expectSame(tokenize(n.text, o), tokenizeReference(n.text, o), JSON.stringify(src));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
  });

  // Hand-built maps where spaces became ZWNJ (a word the normaliser joined), with other
  // length-changing edits around, so the cuts at source spaces are exercised.
  const wordArb = fc.constantFrom('می', 'نمی', 'کتاب', 'کتابش', 'تیمشان', 'این', 'گونه', 'ها', 'ب', 'معذورم', '۱۲', '1.', 'abc', '.', '،', '«', '»', '"', ':', '-', '!', '😀', 'ه.ش.', Z);
  const sepArb = fc.constantFrom(' ', '  ', Z, '\n', '', ' \u200c');
  const opArb = fc.constantFrom('keep', 'zwnj', 'drop', 'widen');
  it('with words joined across source spaces (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(wordArb, sepArb, opArb), { maxLength: 25 }), (parts) => {
        const source = parts.map(([w, sp]) => w + sp).join('');
        const b = new OffsetMapBuilder(source);
        for (const [w, sp, op] of parts) {
          b.keep(w.length);
          if (sp.length === 0) continue;
          if (op === 'zwnj') b.replace(sp.length, Z);
          else if (op === 'drop') b.skip(sp.length);
          else if (op === 'widen') b.replace(sp.length, sp + ' ');
          else b.keep(sp.length);
        }
        const { text, map } = b.finish();
        for (const o of optionSets(map, source)) expectSame(tokenize(text, o), tokenizeReference(text, o), JSON.stringify(source));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });

  it('cuts a word at a ZWNJ that was a space, but not after می/نمی', () => {
    const source = `این  گونه و می  شود و نمی  شود`;
    const b = new OffsetMapBuilder(source);
    for (const w of ['این', 'گونه و می', 'شود و نمی']) {
      b.keep(w.length);
      b.replace(2, Z);
    }
    const { text, map } = b.finish();
    const r = tokenize(text, { map, source });
    expect(r.tokens.map((t) => t.form)).toEqual(['این', 'گونه', 'و', `می${Z}شود`, 'و', `نمی${Z}شود`]);
    expect(r.tokens.map((t) => source.slice(t.sourceStart, t.sourceEnd))).toEqual(['این', 'گونه', 'و', 'می  شود', 'و', 'نمی  شود']);
    expectSame(r, tokenizeReference(text, { map, source }), 'joined words');
  });
});

describeGold('fast tokenize() equals the reference on Fars news', ['persian-news-langml/fars-news-1.json.gz'], () => {
  it('same tokens, words, offsets, sentences and paragraphs', () => {
    const articles = JSON.parse(gunzipSync(readFileSync(dataPath('persian-news-langml/fars-news-1.json.gz'))).toString('utf8')) as Array<{ title?: string; abstract?: string; paragraphs?: string[] }>;
    const parts: string[] = [];
    for (const a of articles.slice(0, 150)) {
      if (a.title) parts.push(a.title);
      if (a.abstract) parts.push(a.abstract);
      for (const p of a.paragraphs ?? []) if (p) parts.push(p);
      parts.push('');
    }
    const source = parts.join('\n');
    const n = normalize(source);
    for (const o of optionSets(n.map, source)) expectSame(tokenize(n.text, o), tokenizeReference(n.text, o), Object.keys(o).join(','));
  }, 60_000);
});
