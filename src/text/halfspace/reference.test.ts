import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseConllu, sentenceText } from '../../eval/conllu.js';
import { dataPath } from '../../util/data-path.js';
import { describeGold } from '../../util/gold-test.js';
import { halfSpaceModel, parseHalfSpaceModel, type HalfSpaceModel } from './model.js';
import { restoreHalfSpacesReference } from './reference.js';
import { restoreHalfSpaces } from './restore.js';

/**
 * Differential test: the fast pass (restore.ts) must give exactly what the slow reference
 * (reference.ts, the pass before the typed-table rewrite) gives: same text, same OffsetMap.
 */
const Z = '\u200c';
/** FC_RUNS (a long hunt) scales the random runs up from their defaults. */
const hunt = (n: number): { numRuns: number } => ({ numRuns: process.env.FC_RUNS ? Math.max(n, Number(process.env.FC_RUNS)) : n });

function run(f: typeof restoreHalfSpaces, s: string, m: HalfSpaceModel): string {
  const r = f(s, m);
  return r === null ? 'null' : JSON.stringify([r.text, r.map.toJSON()]);
}

function same(s: string, m: HalfSpaceModel): void {
  const fast = run(restoreHalfSpaces, s, m);
  const ref = run(restoreHalfSpacesReference, s, m);
  if (fast !== ref) expect({ input: s, fast }).toEqual({ input: s, fast: ref });
}

const SENTENCES = [
  'میشود',
  'می شود',
  'نمی توانند',
  'تحریمهای تازه',
  'تحریم های تازه',
  'کرده اند و رفته اند',
  'بینالمللی',
  'سفارتخانههای کشور',
  'حروف چینی کرده بودم',
  'تولید کنندگان و آزاد سازی در گیری روز شنبه',
  'دست کاری می کنند',
  'بحث های انجام شده در سرزمین های اشغال شدهٔ کشور و هزینهٔ اعلام شده است',
  `بدعت${Z}های ایجاد شده در`,
  'تصمیم گرفته شد و در این باره شده و در فضای مجازی کرده',
  'کار خوبی کرد',
  'بزرگ ترین کتاب ها',
  'بی آنکه بداند',
  'بی تعادلی',
  'نامهٔ او',
  `نامه${Z}ٔ`,
  `کتاب${Z} ها`,
  `کتاب ${Z}${Z}ها`,
  `${Z}${Z}میشود${Z}`,
  'می نمی شود',
  'میز میزها تهران امیر',
  'دانهدانه',
  'ب'.repeat(70) + ' ها',
  'ب'.repeat(29) + ' ها می شود',
  'کتابخانه\nمی شود\r\nها',
  'a میشود b',
  'زمینمرکزی و بچهخرگوش',
  'دخترهای او و کارهایش و دادهای',
  'در زمینهای از هنر، شکستهای سنگین و شکستهای. ساختهای',
  'صلهٔ رحم کرد و صله رحم',
  'گفتهٔ نظریه پردازانی مانند دهشت بارترین و این پردازانی',
  'خانه مان و کتاب شان، دوست داشتنی ترین و بیش ترین',
  'حقیقت را دریافتهایم. ساختهاید؟ کتابهایم را',
  'امام صادق علیه السلام و حتی الامکان، روشنفکران شبح وارند',
  'برشمرم و بیارزد و درآوردند و بیاورید',
  'سرحلقههای مخالفین و سرحلقههایشان',
];

describe('fast half-space pass = reference (shipped model)', () => {
  const m = halfSpaceModel();
  it('on hand-written sentences, as written, with ZWNJ deleted and with ZWNJ spaced', () => {
    for (const s of SENTENCES) {
      same(s, m);
      same(s.replaceAll(Z, ''), m);
      same(s.replaceAll(Z, ' '), m);
    }
  });

  it('on arbitrary strings built from Persian pieces', () => {
    const PIECES = ['می', 'نمی', 'ها', 'های', 'ای', 'اند', 'تر', 'ترین', 'کتاب', 'خانه', 'کرده', 'شود', 'کن', 'شد', 'تحریم', 'بین', 'المللی', 'میز', 'بی', 'ه', 'ی', 'ا', 'ب', 'د', 'ٔ', 'َ', ' ', ' ', '  ', Z, '\n', '۱', 'a', '.', 'از', 'که', 'زمین', 'شکست', 'نظریه', 'پردازانی', 'بارترین', '؟', 'شان', 'مان', 'علیه', 'السلام', 'الان', 'تولید', 'کننده', 'سازی', 'آزاد', 'شنبه', 'انجام', 'شده', 'زده', 'است', 'ٔ', 'تصمیم', 'گرفته', 'این', 'باره', 'فضای', 'مجازی', 'حروف', 'چینی'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (a) => same(a.join(''), m)),
      hunt(3000),
    );
  });

  it('on long strings of Persian pieces (the fast pass works in ranges of about 8k characters)', () => {
    const PIECES = ['می', 'نمی', 'ها', 'های', 'ای', 'اند', 'تر', 'کتاب', 'خانه', 'کرده', 'شود', 'کن', 'تحریم', 'بین', 'المللی', 'حروف', 'چینی', 'ه', 'ی', 'ٔ', ' ', ' ', ' ', ' ', '  ', Z, '\n', '۱', 'a', '.', '،'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 4000, maxLength: 12000 }), (a) => same(a.join(''), m)),
      process.env.FC_RUNS ? { numRuns: Math.max(25, Number(process.env.FC_RUNS) >> 8) } : { numRuns: 25 },
    );
  });

  it('on texts whose words recur (the word caches keep decisions from call to call)', () => {
    // Words of every key length class (1-8, 9-16, longer), with and without ZWNJs, a final
    // hamza, span prefixes and segments, light verbs, and unknown words that need analysis.
    const WORDS = [
      'به', 'این', 'گزارش', 'عنوان', 'صورت', 'انجام', 'اشاره', 'ادامه', 'خبرگزاری', 'کرد', 'کرده', 'شد', 'شده', 'می', 'نمی', 'بی',
      'شود', 'کنند', 'ها', 'های', 'هایی', 'اند', 'ای', 'تر', 'ترین', 'سازی', 'بین', 'المللی', 'بینالمللی', `بین${Z}المللی`,
      'سفارتخانههای', 'کتابخانههایشان', 'خانهخانه', 'نامهٔ', `نامه${Z}`, `${Z}کتاب`, 'حروف', 'چینی', 'دست', 'کاری', 'میز',
      'تحریمهای', 'گلابیهایشانرا', 'ب'.repeat(17), 'ب'.repeat(9) + 'ها', 'پ'.repeat(31), 'زمینمرکزی', 'دختره', 'بزرگ', 'آمادهسازی',
    ];
    const SEP = [' ', ' ', ' ', '  ', Z, ` ${Z}`, '\n', '. ', '، '];
    const text = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEP)), { maxLength: 30 }).map((a) => a.map(([w, p]) => w + p).join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        same(a, m);
        same(b, m);
        same(a + b + a, m);
      }),
      hunt(1500),
    );
  });

  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => same(s, m)),
      hunt(1000),
    );
  });
});

describe('fast half-space pass = reference (hand-made model)', () => {
  const m = parseHalfSpaceModel(
    ['@forms', `کتاب${Z}خانه\t3`, `هم${Z}اکنون\t1`, '@joined', 'میز', '@stems', 'کتاب', 'میز', 'خانه', 'بزرگ', '@adj', 'بزرگ', '@verbs', 'رو', 'رفت', '@rbound', 'سازی', '@lbound', 'بین'].join('\n'),
  );
  it('on hand-written sentences', () => {
    for (const s of ['کتابخانه', 'کتاب خانه', 'هم اکنون', 'میروند', 'می روند', 'کتابهایی', 'بزرگ ترین', 'خانه ای', 'آماده سازی', 'بین المللی', 'میزها']) same(s, m);
  });
});

const PERDT_DEV = 'ud-persian-perdt/fa_perdt-ud-dev.conllu';
describeGold('fast half-space pass = reference on PerDT dev', [PERDT_DEV], () => {
  it('every sentence as written, with ZWNJ deleted and with ZWNJ spaced', () => {
    const m = halfSpaceModel();
    const texts = parseConllu(readFileSync(dataPath(PERDT_DEV), 'utf8'), PERDT_DEV).map((s) => s.text ?? sentenceText(s));
    expect(texts.length).toBeGreaterThan(100);
    let diffs = 0;
    let first = '';
    for (const t of texts) {
      for (const s of [t, t.replaceAll(Z, ''), t.replaceAll(Z, ' ')]) {
        if (run(restoreHalfSpaces, s, m) !== run(restoreHalfSpacesReference, s, m)) {
          if (diffs === 0) first = s;
          diffs++;
        }
      }
    }
    expect({ diffs, first }).toEqual({ diffs: 0, first: '' });
  });

  it('the whole file as one text (many ranges), as written, with ZWNJ deleted and with ZWNJ spaced', () => {
    const m = halfSpaceModel();
    const texts = parseConllu(readFileSync(dataPath(PERDT_DEV), 'utf8'), PERDT_DEV).map((s) => s.text ?? sentenceText(s));
    // Sentences joined by a space (ranges then end at punctuation), and by newlines.
    for (const sep of [' ', '\n']) {
      const t = texts.join(sep);
      expect(t.length).toBeGreaterThan(50_000);
      for (const s of [t, t.replaceAll(Z, ''), t.replaceAll(Z, ' ')]) {
        const fast = run(restoreHalfSpaces, s, m);
        const ref = run(restoreHalfSpacesReference, s, m);
        expect(fast === ref).toBe(true);
      }
    }
  });
});

describe('the shipped binary model', () => {
  it('holds exactly its text form: text → parse → encode gives the same bytes, and the same entries', async () => {
    const { loadModelBytes } = await import('../../models/load.js');
    const { HALFSPACE_MODEL_FILE } = await import('./model.js');
    const { decodeHalfSpaceModel, encodeHalfSpaceModel, halfSpaceModelText } = await import('./binary.js');
    const bin = loadModelBytes(HALFSPACE_MODEL_FILE);
    const m = decodeHalfSpaceModel(bin);
    const text = halfSpaceModelText(m);
    expect(text.split('\n').length).toBeGreaterThan(200_000);
    const parsed = parseHalfSpaceModel(text);
    expect(Buffer.from(encodeHalfSpaceModel(parsed)).equals(Buffer.from(bin))).toBe(true);
    // A plain line-by-line Map parse of the text reads the same entries as the binary's table.
    const plain = new Map<string, number>();
    let section = '';
    for (const line of text.split('\n')) {
      if (line.startsWith('@')) section = line.slice(1);
      else if (section === 'words' && line) plain.set(line.slice(0, line.indexOf('\t')), Number(line.slice(line.indexOf('\t') + 1)));
    }
    expect(m.words.size).toBe(plain.size);
    let bad = 0;
    for (const [k, v] of plain) if (m.words.get(k) !== v || parsed.words.get(k) !== v) bad++;
    expect(bad).toBe(0);
    for (const name of ['verbStems', 'rightParts', 'leftParts', 'rightBound', 'leftBound'] as const) {
      expect([...m[name]]).toEqual([...parsed[name]]);
      expect(m[name].size).toBeGreaterThan(0);
    }
  });
});
