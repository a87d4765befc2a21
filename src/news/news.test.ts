import { describe, expect, it } from 'vitest';
import { articleText, readNews } from './index.js';
import { REPORTING_VERB_COUNT } from './lexicon.js';
import { findDates, findNumbers } from './dates.js';
import { foldKey, tokenizeLine } from './text.js';
import { overlap, matchQuotes, sameSpeaker } from './eval.js';

const Z = '\u200c';

// Short news-like paragraphs written for these tests.
const ARTICLE = [
  'باقری: همکاری‌های دفاعی با بلاروس گسترش می‌یابد',
  '',
  `به گزارش خبرنگار دفاعی ایرنا، سرلشکر محمد باقری رئیس ستاد کل نیروهای مسلح در دیدار با وزیر دفاع بلاروس اظهار داشت: همکاری${Z}های دفاعی دو کشور در سال آینده گسترش می${Z}یابد. ما برای این کار آماده${Z}ایم.`,
  'وی افزود: تبادل تجربه میان نیروهای مسلح دو کشور ادامه خواهد یافت.',
  'ویکتور خرنین وزیر دفاع بلاروس نیز گفت: کشور ما از این همکاری استقبال می‌کند.',
  'وی بر لزوم گسترش روابط نظامی دو کشور تاکید کرد.',
  'رئیس ستاد کل نیروهای مسلح خاطرنشان کرد که این دیدار در ۸ مرداد ۱۴۰۱ برگزار شده است.',
  'باقری تصریح کرد: شش هزار و ۱۲۷ نفر در این رزمایش شرکت دارند.',
].join('\n');

describe('readNews on a short article', () => {
  const r = readNews(ARTICLE);
  const byText = (s: string) => r.quotes.find((q) => q.text.includes(s));

  it('finds the source line with desk and agency', () => {
    expect(r.source?.agency).toBe('ایرنا');
    expect(r.source?.desk).toBe('خبرنگار دفاعی');
    expect(ARTICLE.slice(r.source!.start, r.source!.end)).toContain('به گزارش خبرنگار دفاعی ایرنا');
  });

  it('resolves full name, rank, title, pronoun, surname and title references to one person', () => {
    const bagheri = r.entities.find((e) => e.name === 'محمد باقری');
    expect(bagheri).toBeDefined();
    expect(bagheri!.ranks).toContain('سرلشکر');
    // The normaliser writes «رییس»; compare folded keys.
    expect(bagheri!.titles.map(foldKey)).toContain(foldKey('رئیس ستاد کل نیروهای مسلح'));
    for (const s of ['همکاری‌های دفاعی با بلاروس', 'ما برای این کار', 'تبادل تجربه', 'این دیدار در', 'شش هزار و ۱۲۷ نفر']) {
      expect(byText(s)?.speaker.name, s).toBe('محمد باقری');
      expect(byText(s)?.speaker.entity).toBe(bagheri!.id);
    }
  });

  it('keeps two speakers apart', () => {
    expect(byText('کشور ما از این همکاری')?.speaker.name).toBe('ویکتور خرنین');
    // «وی بر لزوم … تاکید کرد» follows Khrenin, so «وی» is Khrenin.
    const ind = byText('لزوم گسترش روابط');
    expect(ind?.kind).toBe('indirect');
    expect(ind?.speaker.name).toBe('ویکتور خرنین');
  });

  it('keeps a direct quote of several sentences whole, with exact offsets', () => {
    const q = byText('همکاری‌های دفاعی دو کشور')!;
    expect(q.kind).toBe('direct');
    expect(q.text).toContain('ما برای این کار آماده');
    expect(ARTICLE.slice(q.start, q.end)).toBe(q.text);
    expect(q.verb).toBe('اظهار داشت');
  });

  it('reads indirect quotes with که', () => {
    const q = byText('این دیدار در ۸ مرداد')!;
    expect(q.kind).toBe('indirect');
    expect(q.verb).toBe('خاطرنشان کرد');
  });

  it('converts dates and number words', () => {
    expect(r.dates.map((d) => d.iso)).toContain('2022-07-30');
    expect(r.numbers.find((n) => n.value === 6127)?.text).toBe('شش هزار و ۱۲۷');
  });

  it('ranks multi-word key phrases and summarises', () => {
    expect(r.keyphrases.length).toBeGreaterThan(0);
    expect(r.keyphrases.some((k) => k.text.includes(' '))).toBe(true);
    expect(r.summary.length).toBeGreaterThan(0);
    for (const s of r.summary) expect(ARTICLE.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('unnormalised input', () => {
  it('matches Arabic ي/ك and joined light verbs, and maps offsets to the original', () => {
    const src = 'وزير دفاع گفت: اين طرح اجرا مي شود.\nوي اظهارداشت: كار ادامه دارد.\nوي خاطر نشان كرد: پايان.';
    const r = readNews(src);
    expect(r.quotes).toHaveLength(3);
    for (const q of r.quotes) expect(src.slice(q.start, q.end)).toBe(q.text);
    expect(r.quotes[1].text).toBe('كار ادامه دارد.');
    expect(r.quotes[0].speaker.name).toBe(r.quotes[1].speaker.name);
  });
});

describe('source line variants', () => {
  it('dateline «تهران - ایرنا -»', () => {
    const r = readNews('تهران - ایرنا - وزیر کشور گفت: انتخابات برگزار می‌شود.');
    expect(r.source).toMatchObject({ agency: 'ایرنا', dateline: 'تهران' });
    expect(r.quotes[0].text).toBe('انتخابات برگزار می‌شود.');
  });
  it('«به نقل از …» and «از CITY»', () => {
    const r = readNews('به گزارش خبرگزاری فارس از قزوین به نقل از روابط عمومی استانداری، علی رضایی گفت: کار آغاز شد.');
    expect(r.source).toMatchObject({ agency: 'فارس', dateline: 'قزوین', via: 'روابط عمومی استانداری' });
    expect(r.quotes[0].speaker.name).toBe('علی رضایی');
  });
  it('agency prefix in a lead', () => {
    const r = readNews('خبرگزاری فارس: مدیرکل بنادر گفت: کشتی جدید وارد شد.');
    expect(r.source?.agency).toBe('فارس');
    expect(r.quotes).toHaveLength(1);
    expect(r.quotes[0].text).toBe('کشتی جدید وارد شد.');
  });
});

describe('speakers', () => {
  it('links a title in the lead to the person named later', () => {
    const r = readNews(['عنوان خبر', '', 'استاندار قزوین گفت: باران زیاد بود.', '', 'به گزارش ایسنا، حسن احمدی در جمع خبرنگاران افزود: سدها پر شده است.'].join('\n'));
    expect(r.quotes.map((q) => q.speaker.name)).toEqual(['حسن احمدی', 'حسن احمدی']);
  });
  it('does not treat unnamed groups as speakers', () => {
    const r = readNews('منابع امنیتی گفتند: دو نفر بازداشت شدند.');
    expect(r.quotes).toHaveLength(0);
  });
  it('«به گفته وی» refers to the last named subject', () => {
    const r = readNews('علی کریمی مدیر باشگاه گفت: تیم آماده است.\nمریم احمدی رئیس هیئت نیز در این جلسه حضور داشت. به گفته وی بودجه کافی نیست.');
    const q = r.quotes.find((x) => x.text.startsWith('بودجه'));
    expect(q?.speaker.name).toBe('مریم احمدی');
  });
});

describe('JSON article input', () => {
  it('assembles title, lead and paragraphs canonically', () => {
    const a = { title: 'عنوان', abstract: 'خلاصه', paragraphs: ['بند یک', '  ', 'بند دو'] };
    expect(articleText(a)).toBe('عنوان\n\nخلاصه\n\nبند یک\nبند دو');
    expect(articleText({ title: 'ع', lead: 'ل', body: 'متن' })).toBe('ع\n\nل\n\nمتن');
    expect(articleText({ body: ['a', 'b'] })).toBe('a\nb');
  });
  it('offsets of a JSON article index articleText()', () => {
    const a = { title: 'کریمی: تیم آماده است', lead: 'سرمربی تیم گفت: بازیکنان آماده‌اند.', paragraphs: ['علی کریمی افزود: تمرین ادامه دارد.'] };
    const text = articleText(a);
    const r = readNews(a);
    expect(r.quotes).toHaveLength(3);
    for (const q of r.quotes) expect(text.slice(q.start, q.end)).toBe(q.text);
    expect(new Set(r.quotes.map((q) => q.speaker.name))).toEqual(new Set(['علی کریمی']));
  });
  it('rejects a non-object', () => {
    expect(() => articleText(null as never)).toThrow(TypeError);
  });
});

describe('dates and numbers', () => {
  const dates = (s: string) => findDates(tokenizeLine(s, 0, s.length)).map((d) => d.iso);
  it('Jalali and Gregorian forms', () => {
    expect(dates('روز ۸ مرداد ۱۴۰۱ بود')).toEqual(['2022-07-30']);
    expect(dates('تاریخ 1401/05/08 است')).toEqual(['2022-07-30']);
    expect(dates('در ۲۰ ژوئیه ۲۰۲۲')).toEqual(['2022-07-20']);
    expect(dates('مورخ 27/2/90')).toEqual(['2011-05-17']);
    expect(dates('اسفند ماه 1381')).toEqual(['2003-02']);
    expect(dates('دی ماه گذشته')).toEqual([]);
    expect(dates('1401/13/40')).toEqual([]);
  });
  it('number words', () => {
    const nums = (s: string) => findNumbers(tokenizeLine(s, 0, s.length)).map((n) => n.value);
    expect(nums('۴۳ سال')).toEqual([43]);
    expect(nums('شش هزار و ۱۲۷ دفتر')).toEqual([6127]);
    expect(nums('یک میلیون و 522 هزار')).toEqual([1522000]);
    expect(nums('یک نماینده')).toEqual([]);
    expect(nums('بیست و پنج نفر')).toEqual([25]);
    expect(nums('ظرفیت ۷.۴ میلیون تن')).toEqual([7400000]);
  });
});

describe('data and robustness', () => {
  it('has at least 30 reporting verbs', () => {
    expect(REPORTING_VERB_COUNT).toBeGreaterThanOrEqual(30);
  });
  it('handles empty and hostile input quickly', () => {
    expect(readNews('').quotes).toEqual([]);
    // Sizes stay small because the shared normaliser dominates the time on such input.
    for (const s of [':'.repeat(5000), '«'.repeat(5000), 'به گزارش '.repeat(300), 'گفت: '.repeat(500), 'وی گفت که '.repeat(300), 'وی با بیان اینکه '.repeat(200), 'به گفته وی '.repeat(300), '\n'.repeat(5000)]) {
      const r = readNews(s, { usePipeline: false });
      expect(r.offsets).toBe('utf16');
    }
  });
});

describe('eval scoring', () => {
  const text = 'abcdefghijklmnopqrstuvwxyz0123456789';
  it('overlap is intersection over the longer trimmed span', () => {
    expect(overlap(text, { start: 0, end: 10 }, { start: 0, end: 10 })).toBe(1);
    expect(overlap(text, { start: 0, end: 10 }, { start: 1, end: 10 })).toBeCloseTo(0.9);
    expect(overlap(text, { start: 0, end: 10 }, { start: 10, end: 20 })).toBe(0);
  });
  it('matches one-to-one and compares speakers after folding', () => {
    const m = matchQuotes(text, [{ start: 0, end: 10, kind: 'direct', speaker: 'x' }], [
      { start: 0, end: 10, kind: 'direct', speaker: { name: 'x' } },
      { start: 0, end: 10, kind: 'direct', speaker: { name: 'y' } },
    ]);
    expect(m.matched).toHaveLength(1);
    expect(m.spurious).toHaveLength(1);
    expect(sameSpeaker('علی‌آقا فرهادی', 'علي آقا فرهادي')).toBe(true);
    expect(sameSpeaker('علی فرهادی', 'فرهادی')).toBe(false);
  });
});

describe('readNews with an already-analysed doc', () => {
  it('gives the same result as its own pipeline, and refuses a doc of another text', async () => {
    const { sokhan } = await import('../pipeline.js');
    const input = { title: 'باقری: همکاری‌های دفاعی گسترش می‌یابد', abstract: ARTICLE.split('\n')[2], paragraphs: ARTICLE.split('\n').slice(3) };
    let nlp;
    try {
      nlp = sokhan({ components: ['normalize', 'tokenize', 'pos', 'lemma', 'ner'] });
      nlp('آزمون');
    } catch {
      nlp = sokhan({ components: ['normalize'] }); // models missing in this build: the reader falls back alike
      expect(readNews(input, { doc: nlp(articleText(input)) })).toEqual(readNews(input, { usePipeline: false }));
      return;
    }
    const doc = nlp(articleText(input));
    expect(readNews(input, { doc })).toEqual(readNews(input));
    expect(readNews(ARTICLE, { doc: nlp(ARTICLE) })).toEqual(readNews(ARTICLE));
    expect(() => readNews(ARTICLE, { doc })).toThrow(TypeError);
  });
});

describe('titles after a name', () => {
  it('end before a time conjunction («هنگامی که», «وقتی»), not after it', () => {
    const r = readNews(['عنوان', '', 'علی رضایی رئیس سازمان برنامه هنگامی که به تهران رسید گفت: کار آغاز شده است.'].join('\n'));
    const e = r.entities.find((x) => x.name === 'علی رضایی');
    expect(e).toBeDefined();
    expect(e!.titles.map(foldKey)).toEqual([foldKey('رئیس سازمان برنامه')]);
  });
});

describe('unnamed plural groups', () => {
  it('are no speaker entity, also for a plural in ان the lexicon does not list (دستیاران: دستیار)', () => {
    const r = readNews(['عنوان', '', 'دستیاران وزیر گفتند: طرح تازه آماده است.', 'مدیران گفتند: کار ادامه دارد.'].join('\n'));
    expect(r.entities.map((e) => e.name)).not.toContain('دستیاران');
    expect(r.entities.map((e) => e.name)).not.toContain('مدیران');
  });

  it('keep names in ان that the lexicon lists (سلیمان)', () => {
    const r = readNews(['عنوان', '', 'سلیمان گفت: طرح تازه آماده است.'].join('\n'));
    expect(r.quotes[0]?.speaker.name).toBe('سلیمان');
  });
});
