import { describe, expect, it } from 'vitest';
import { analyzeVerb, lemmatize, lemmatizeToken } from './lemmatize.js';
import { getLexicon, normalizeKey } from './lexicon.js';

const Z = '\u200c';
/** Rules and lexicon only, no lemma facts from the treebank. */
const rules = { facts: new Map<string, string>() };

describe('lexicon', () => {
  it('loads the packed model with words, stems and facts', () => {
    const lex = getLexicon();
    expect(lex.version).toBe('v1');
    expect(lex.size).toBeGreaterThan(100_000);
    expect(lex.isPastStem('رفت')).toBe(true);
    expect(lex.presentToPast.get('گو')).toContain('گفت');
    expect(lex.tags('کتاب')).toContain('N');
    expect(lex.brokenPlurals.get('شواهد')).toBe('شاهد');
  });
  it('normalises Arabic letters for lookups', () => {
    expect(normalizeKey('كتابي')).toBe('کتابی');
    expect(getLexicon().has('كتاب')).toBe(true);
  });
});

describe('verbs → past stem', () => {
  const cases: [string, string][] = [
    [`می${Z}روم`, 'رفت'],
    ['میروم', 'رفت'],
    ['می روم', 'رفت'],
    [`نمی${Z}روند`, 'رفت'],
    ['بروید', 'رفت'],
    ['نرفتند', 'رفت'],
    ['رفتیم', 'رفت'],
    [`رفته${Z}اند`, 'رفت'],
    [`رفته${Z}است`, 'رفت'],
    ['رفته', 'رفت'],
    [`می${Z}گویند`, 'گفت'],
    ['گفتم', 'گفت'],
    ['بگویید', 'گفت'],
    [`نمی${Z}توان`, 'توانست'],
    ['بیاید', 'آمد'],
    ['نیامد', 'آمد'],
    [`آمده${Z}ایم`, 'آمد'],
    [`می${Z}کنند`, 'کرد'],
    ['کردند', 'کرد'],
    ['خواهد رفت', 'رفت'],
    ['نوشتی', 'نوشت'],
    [`می${Z}نویسید`, 'نوشت'],
    ['داریم', 'داشت'],
  ];
  for (const [form, lemma] of cases) {
    it(`${form} → ${lemma}`, () => {
      expect(lemmatize(form, 'VERB', rules)).toBe(lemma);
    });
  }
  it('spaced, unspaced and ZWNJ-joined forms give the same lemma (hazm #133)', () => {
    for (const u of ['VERB', undefined]) {
      const a = lemmatize('میروم', u, rules);
      expect(lemmatize('می روم', u, rules)).toBe(a);
      expect(lemmatize(`می${Z}روم`, u, rules)).toBe(a);
      expect(a).toBe('رفت');
    }
  });
  it('auxiliaries: future, modal, copula', () => {
    expect(lemmatize('خواهد', 'AUX', rules)).toBe('خواست');
    expect(lemmatize('نخواهند', 'AUX', rules)).toBe('خواست');
    expect(lemmatize('باشد', 'AUX', rules)).toBe('بود');
    expect(lemmatize('است', 'AUX', rules)).toBe('است');
    expect(lemmatize('نیست', 'VERB', rules)).toBe('هست');
  });
  it('a preverb is dropped, as UD PerDT does', () => {
    expect(lemmatize('درگذشت', 'VERB', rules)).toBe('گذشت');
    expect(lemmatize('برخیزد', 'VERB', rules)).toBe('خاست');
    expect(lemmatize(`بازمی${Z}گردند`, 'VERB', rules)).not.toMatch(/^باز/);
    // ...but not from verbs that only look like preverb + stem
    expect(lemmatize('برد', 'VERB', rules)).toBe('برد');
  });
  it('a preverb reading on a shorter stem gives way to one without (lemma only; analyzeVerb keeps it)', () => {
    expect(lemmatize('برده', 'VERB', rules)).toBe('برد'); // برد + ه, not بر + ده
    expect(lemmatize('برسانند', 'VERB', rules)).toBe('رساند'); // ب + رسان + ند, not بر + سا + نند
    expect(analyzeVerb('برده')?.preverb).toBe('بر');
    expect(lemmatize('برخیزد', 'VERB', rules)).toBe('خاست');
    expect(lemmatize('برداشتند', 'VERB', rules)).toBe('داشت');
  });
  it('an enclitic pronoun tagged as a noun still gets its pronoun; a plural pronoun loses its ی', () => {
    expect(lemmatize('مان', 'NOUN')).toBe('ما');
    expect(lemmatize('یت', 'PROPN')).toBe('تو');
    expect(lemmatize('مان', 'NOUN', rules)).toBe('مان'); // rules only (the tagger's features): unchanged
    expect(lemmatize('آنهایی', 'PRON', rules)).toBe('آنها');
    expect(lemmatize('آنانی', 'PRON', rules)).toBe('آنان');
    expect(lemmatize('کسی', 'PRON', rules)).toBe('کسی');
  });
  it('with treebank conventions, the impersonal modal keeps the present stem as its lemma (both treebanks)', () => {
    const facts = new Map([['x\tNOUN', 'x']]);
    expect(lemmatize('نمیتوان', 'AUX', { facts })).toBe('توان');
    expect(lemmatize(`نتوان`, 'AUX', { facts })).toBe('توان');
    expect(lemmatize(`می${Z}توانند`, 'AUX', { facts })).toBe('توانست');
    expect(lemmatize('نمیتوان', 'AUX', rules)).toBe('توانست');
  });
  it('a ZWNJ-joined plural goes whatever the other treebank says, except after a number', () => {
    expect(lemmatize(`تمرین${Z}های`, 'NOUN')).toBe('تمرین');
    expect(lemmatize(`درخت${Z}هایی`, 'NOUN')).toBe('درخت');
  });
  it('verb lemma remapping learned from the facts (PerDT: خفت → خوابید)', () => {
    const facts = new Map([[`می${Z}خوابند\tVERB`, 'خوابید'], ['بخوابید\tVERB', 'خوابید']]);
    expect(lemmatize('بخوابم', 'VERB', rules)).toBe('خفت');
    expect(lemmatize('بخوابم', 'VERB', { facts })).toBe('خوابید');
    expect(lemmatize('بخوابم', 'VERB', { facts, remap: false })).toBe('خفت');
  });
  it('a present stem with several past stems gets the lexicon lemma-only choice (@verbs.lemma), analyzeVerb keeps its own', () => {
    // کش → کشید (not کشت, also a noun), ایست → ایستاد (not ستاد): by their verbal forms in the news sample.
    expect(getLexicon().lemmaPast.get('کش')).toBe('کشید');
    expect(lemmatize(`می${Z}کشند`, 'VERB', rules)).toBe('کشید');
    expect(lemmatize(`می${Z}ایستند`, 'VERB')).toBe('ایستاد');
    expect(analyzeVerb(`می${Z}کشند`)?.present).toBe('کش');
    expect(analyzeVerb(`می${Z}کشند`)?.lemma).toBe(getLexicon().presentToPast.get('کش')?.[0]);
  });
  it('a copula clitic split off a multi-word token → هست', () => {
    expect(lemmatize('یم', 'VERB', rules)).toBe('هست');
    expect(lemmatize('اند', 'AUX', rules)).toBe('هست');
    expect(lemmatize('یم', 'PRON', rules)).toBe('من');
  });
  it('analyzeVerb reports prefix, ending and stems', () => {
    const v = analyzeVerb(`نمی${Z}گویند`)!;
    expect(v).toMatchObject({ lemma: 'گفت', prefix: 'نمی', ending: 'ند', stem: 'present', negative: true });
    expect(v.present.startsWith('گو')).toBe(true);
    expect(analyzeVerb('xyz')).toBeNull();
  });
  it('analyzeVerb reads -یم as the 1pl ending after a consonant-final present stem', () => {
    // «کنی» + م is no analysis: the glide ی only follows a vowel (می‌گوییم, بیاییم).
    expect(analyzeVerb(`می${Z}کنیم`)).toMatchObject({ lemma: 'کرد', present: 'کن', ending: 'یم' });
    expect(analyzeVerb(`نمی${Z}خوانیم`)).toMatchObject({ lemma: 'خواند', present: 'خوان', ending: 'یم', negative: true });
    expect(analyzeVerb(`می${Z}دهیم`)).toMatchObject({ lemma: 'داد', ending: 'یم' });
    expect(analyzeVerb(`می${Z}کنم`)).toMatchObject({ lemma: 'کرد', ending: 'م' });
  });
});

describe('nominals', () => {
  const cases: [string, string, string][] = [
    [`کتاب${Z}ها`, 'NOUN', 'کتاب'],
    ['کتابها', 'NOUN', 'کتاب'],
    [`کتاب${Z}های`, 'NOUN', 'کتاب'],
    ['درختان', 'NOUN', 'درخت'],
    ['موضوعات', 'NOUN', 'موضوع'],
    ['شواهد', 'NOUN', 'شاهد'],
    ['مناطق', 'NOUN', 'منطقه'],
    ['عقاید', 'NOUN', 'عقیده'],
    ['میادین', 'NOUN', 'میدان'],
    ['ادیان', 'NOUN', 'دین'],
    ['خطوط', 'NOUN', 'خط'],
    ['رشتهٔ', 'NOUN', 'رشته'],
    [`بزرگ${Z}ترین`, 'ADJ', 'بزرگ'],
    ['بزرگتر', 'ADJ', 'بزرگ'],
    ['ایرانی', 'ADJ', 'ایرانی'],
    [`خانه${Z}ای`, 'ADJ', `خانه${Z}ای`],
    [`برجسته${Z}ای`, 'ADJ', 'برجسته'],
    ['کتاب', 'NOUN', 'کتاب'],
  ];
  for (const [form, upos, lemma] of cases) {
    it(`${form} (${upos}) → ${lemma}`, () => {
      expect(lemmatize(form, upos, rules)).toBe(lemma);
    });
  }
  it('enclitic pronouns get the full pronoun (MWT parts)', () => {
    expect(lemmatize('ش', 'PRON', rules)).toBe('او');
    expect(lemmatize('شان', 'PRON', rules)).toBe('آنها');
    expect(lemmatize('م', 'PRON', rules)).toBe('من');
  });
  it('خود + clitic (a multi-word token) gives the whole reflexive as the first lemma, PerDT style', () => {
    expect(lemmatizeToken(['خود', 'ش'], ['PRON', 'PRON'], rules)).toEqual(['خودش', 'او']);
    expect(lemmatizeToken(['خود', 'شان'], ['PRON', 'PRON'], rules)).toEqual(['خودشان', 'آنها']);
    expect(lemmatizeToken(['کتاب', 'م'], ['NOUN', 'PRON'], rules)).toEqual(['کتاب', 'من']);
    expect(lemmatizeToken(['خود', 'ش'], ['PRON', 'PRON'], { ...rules, scheme: 'seraji' })[0]).toBe('خود');
  });
  it('closed classes and punctuation keep their form', () => {
    expect(lemmatize('،', 'PUNCT')).toBe('،');
    expect(lemmatize('و', 'CCONJ')).toBe('و');
    expect(lemmatize('1402', 'NUM')).toBe('1402');
  });
  it('treebank facts override the rules', () => {
    expect(lemmatize('داد', 'VERB', { facts: new Map([['داد\tVERB', 'X']]) })).toBe('X');
  });
});

describe('learned nominal ranker', () => {
  it('learns from the facts it is given: a suffix edit seen in training is applied to a new word', () => {
    const lex = getLexicon();
    // Tiny invented training set: forms in «ی» whose lemma drops it.
    const facts = new Map<string, string>();
    for (const w of ['کتاب', 'درخت', 'دیوار', 'پنجره', 'ماشین', 'خیابان', 'دفتر', 'میز']) {
      facts.set(w + 'ی\tNOUN', w);
      facts.set(w + '\tNOUN', w);
    }
    const got = lemmatize('صندلی', 'NOUN', { facts, lexicon: lex, learned: true });
    expect(typeof got).toBe('string');
    // the plain noun is kept, whatever was learned
    expect(lemmatize('دیوار', 'NOUN', { facts, lexicon: lex, learned: true })).toBe('دیوار');
    expect(lemmatize('قلمی', 'NOUN', { facts, lexicon: lex, learned: true })).toBe('قلم');
  });
});

describe('context', () => {
  it('neighbours are optional and never change a lemma of a form outside the ranker', () => {
    const ctx = { prevUpos: 'ADP', nextUpos: 'VERB', nextForm: 'است' };
    expect(lemmatize('کتاب', 'NOUN', { context: ctx })).toBe('کتاب');
    expect(lemmatize(`کتاب${Z}ها`, 'NOUN', { context: ctx })).toBe('کتاب');
    expect(lemmatize('رفتند', 'VERB', { context: ctx })).toBe('رفت');
    expect(typeof lemmatize('زیبایی', 'ADJ', { context: ctx })).toBe('string');
    expect(typeof lemmatize('زیبایی', 'ADJ', { context: {} })).toBe('string');
  });
  it('the memo gives the same answer as an uncached call', () => {
    for (const [w, u] of [['کتابهایی', 'NOUN'], ['میروم', 'VERB'], ['بزرگترین', 'ADJ'], ['عقاید', 'NOUN']] as const) {
      const a = lemmatize(w, u);
      expect(lemmatize(w, u)).toBe(a);
      expect(lemmatize(w, u, { remap: true, crossFacts: false })).toBe(a);
    }
  });
});

describe('hostile input never throws', () => {
  const odd = ['', ' ', 'hello', 'Tehran2024', '12345', '۱۲۳', '😀', '👨‍👩‍👧', '\u200c', '\u200c\u200c', 'ـــ', 'a'.repeat(100_000), 'ب'.repeat(100_000), 'می', 'ن', '\ud800'];
  for (const w of odd) {
    it(`${JSON.stringify(w.slice(0, 12))}${w.length > 12 ? '…' : ''}`, () => {
      for (const u of [undefined, 'VERB', 'NOUN', 'ADJ', 'PRON', 'X', 'WHATEVER']) {
        const l = lemmatize(w, u);
        const lc = lemmatize(w, u, { context: { prevUpos: 'NOUN', nextUpos: 'ADP', nextForm: w } });
        expect(typeof lc).toBe('string');
        expect(typeof l).toBe('string');
        expect(l.length).toBeLessThanOrEqual(Math.max(w.length, 8));
      }
    });
  }
});

describe('broken plurals of the lemmatiser (@plurals.lemma)', () => {
  it('has the patterns the tagger-feature table lacks, and better choices', () => {
    const lex = getLexicon();
    // singulars in ت, فواعیل, فعل of a doubled root, a form's own pattern before an extra shape
    expect(lex.lemmaPlurals.get('ممالک')).toBe('مملکت');
    expect(lex.lemmaPlurals.get('قوانین')).toBe('قانون');
    expect(lex.lemmaPlurals.get('علل')).toBe('علت');
    expect(lex.lemmaPlurals.get('احادیث')).toBe('حدیث');
    expect(lex.lemmaPlurals.get('فقها')).toBe('فقیه');
    // three-letter words that merely carry a plural tag are not read as فعل plurals
    expect(lex.lemmaPlurals.has('خلق')).toBe(false);
    // the rules-only table (read by the tagger's features) is a separate section
    expect(lex.brokenPlurals.get('شواهد')).toBe('شاهد');
  });
  it('the lemmatiser with facts uses it; rules-only calls keep @plurals', () => {
    expect(lemmatize('ممالک', 'NOUN')).toBe('مملکت');
    expect(lemmatize(`ممالکی`, 'NOUN')).toBe('مملکت');
    expect(lemmatize('ممالک', 'NOUN', rules)).toBe(getLexicon().brokenPlurals.get('ممالک') ?? 'ممالک');
  });
});

describe('comparatives', () => {
  it('an adjective with a ZWNJ-joined تر/ترین loses it in both schemes (with facts and the ranker)', () => {
    for (const scheme of ['perdt', 'seraji'] as const) {
      expect(lemmatize(`خطرناک${Z}تر`, 'ADJ', { scheme })).toBe('خطرناک');
      expect(lemmatize(`شایسته${Z}ترین`, 'ADJ', { scheme })).toBe('شایسته');
    }
  });
});
