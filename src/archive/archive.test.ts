import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { importFiles, type ImportIssue } from './import.js';
import { openArchive } from './archive.js';
import { openDatabase } from './db.js';
import { ArchiveWriter } from './store.js';
import { analyseItem } from './analyse.js';
import { foldKey } from './keys.js';
import type { Archive } from './types.js';

const Z = '\u200c';
const dir = mkdtempSync(join(tmpdir(), 'sokhan-archive-'));
const db = join(dir, 'a.sqlite');

// Articles written for these tests.
const ARTICLES = [
  {
    title: `تحریم${Z}های تازه علیه صادرات نفت`,
    abstract: 'وزیر نفت روز دوشنبه گفت که صادرات ادامه دارد.',
    paragraphs: ['به گزارش خبرنگار اقتصادی، بازار نفت آرام بود.', 'او افزود: «برنامه صادرات تغییری نکرده است.»'],
    link: 'https://www.farsnews.ir/news/13990512000123/a',
    cat: 'economy',
    tags: ['نفت'],
  },
  {
    title: 'تحريمهاي جديد بر بانكها',
    abstract: 'بانك مركزي اعلام كرد كه تحريمهاي جديد اثري ندارد.',
    paragraphs: ['كارشناسان مي گويند اين تحريم ها كوتاه مدت است.'],
    link: 'https://www.farsnews.ir/news/8707060255',
    cat: 'economy',
  },
  {
    title: 'پیروزی تیم ملی فوتبال در ورزشگاه آزادی',
    abstract: 'تیم ملی امشب با دو گل برنده شد.',
    paragraphs: ['سرمربی تیم پس از بازی از بازیکنان تشکر کرد.'],
    link: 'https://www.varzesh3.com/news/1000001',
    code: 1000001,
    tags: ['تیم ملی'],
  },
  {
    title: 'نشست خبری',
    abstract: 'سخنگوی دولت درباره تحریم ها سخن گفت.',
    paragraphs: ['او گفت دولت برای کاهش اثر تحریم برنامه دارد.'],
  },
];

let archive: Archive;
const issues: ImportIssue[] = [];

beforeAll(async () => {
  const lines = ARTICLES.map((a) => JSON.stringify(a));
  // Line 3 is corrupt; line 6 repeats article 1 (a duplicate in the input).
  const jsonl = [lines[0], lines[1], '{"title": "شکسته", ', lines[2], lines[3], lines[0]].join('\n') + '\n';
  writeFileSync(join(dir, 'news.jsonl'), jsonl);
  writeFileSync(join(dir, 'note.txt'), 'یادداشتی کوتاه درباره کتاب‌ها و کتابخانه‌ها.');
  const s = await importFiles(db, [join(dir, 'news.jsonl'), join(dir, 'note.txt')], { workers: 0, batchSize: 2, onIssue: (i) => issues.push(i) });
  expect(s.imported).toBe(5);
  expect(s.duplicates).toBe(1);
  expect(s.errors).toBe(1);
  archive = await openArchive(db, { readonly: true });
}, 120_000);

afterAll(() => {
  archive?.close();
  rmSync(dir, { recursive: true, force: true });
});

function titles(q: Parameters<Archive['search']>[0]): string[] {
  return archive
    .search(q)
    .hits.map((h) => h.title ?? '')
    .sort();
}

describe('import', () => {
  it('reports the corrupt line with its file and line number', () => {
    expect(issues).toHaveLength(1);
    expect(issues[0].file).toBe(join(dir, 'news.jsonl'));
    expect(issues[0].line).toBe(3);
    expect(issues[0].message).toMatch(/malformed JSON/);
  });

  it('stores the original text, normalised text, link date and metadata', () => {
    const hit = archive.search('صادرات').hits[0];
    const a = archive.getArticle(hit.id)!;
    expect(a.original.startsWith(ARTICLES[0].title)).toBe(true);
    expect(a.date).toBe('2020-08-02');
    expect(a.jalaliDate).toBe('1399-05-12');
    expect(a.source).toBe('farsnews.ir');
    expect(a.category).toBe('economy');
    expect(a.tags).toEqual(['نفت']);
    expect(a.line).toBe(1);
    const old = archive.getArticle(archive.search('بانکها').hits[0].id)!;
    expect(old.date).toBe('2008-09-27');
    expect(old.normalized).not.toMatch(/[يك]/);
    expect(old.original).toMatch(/[يك]/);
  });

  it('is idempotent: a re-import adds nothing', async () => {
    const s = await importFiles(db, [join(dir, 'news.jsonl'), join(dir, 'note.txt')], { workers: 0 });
    expect(s.imported).toBe(0);
    expect(s.skippedExisting).toBe(6); // five articles plus the repeated line
    const d = new Database(db, { readonly: true });
    expect((d.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n).toBe(5);
    expect((d.prepare('SELECT count(DISTINCT key) AS n FROM articles').get() as { n: number }).n).toBe(5);
    d.close();
  });
});

describe('search', () => {
  it('finds every spelling of a word: Arabic yeh, joined, half-space, space', () => {
    const want = ['تحريمهاي جديد بر بانكها', `تحریم${Z}های تازه علیه صادرات نفت`, 'نشست خبری'].sort();
    expect(titles('تحریم')).toEqual(want);
    expect(titles('تحريمها')).toEqual(want);
    expect(titles(`تحریم${Z}ها`)).toEqual(want);
    expect(titles('تحریم ها')).toEqual(want);
  });

  it('highlights point into the original text', () => {
    const res = archive.search('تحریم');
    for (const h of res.hits) {
      const a = archive.getArticle(h.id)!;
      expect(h.snippets.length).toBeGreaterThan(0);
      for (const s of h.snippets) {
        expect(a.original.slice(s.start, s.end)).toBe(s.text);
        for (const hl of s.highlights) expect(foldKey(a.original.slice(hl.start, hl.end)).startsWith('تحریم')).toBe(true);
      }
    }
    // The Arabic-yeh article is highlighted in its original spelling.
    const old = res.hits.find((h) => h.title === 'تحريمهاي جديد بر بانكها')!;
    const a = archive.getArticle(old.id)!;
    const marked = old.snippets.flatMap((s) => s.highlights.map((hl) => a.original.slice(hl.start, hl.end)));
    expect(marked).toContain('تحريمهاي');
  });

  it('ANDs words and ranks with bm25', () => {
    expect(titles('تحریم صادرات')).toEqual([`تحریم${Z}های تازه علیه صادرات نفت`]);
    const res = archive.search('تحریم');
    for (let i = 1; i < res.hits.length; i++) expect(res.hits[i - 1].score).toBeGreaterThanOrEqual(res.hits[i].score);
  });

  it('matches exact phrases only in order', () => {
    expect(titles('"صادرات نفت"')).toEqual([`تحریم${Z}های تازه علیه صادرات نفت`]);
    expect(titles('"نفت صادرات"')).toEqual([]);
    const hit = archive.search('"صادرات نفت"').hits[0];
    const a = archive.getArticle(hit.id)!;
    const hl = hit.snippets[0].highlights[0];
    expect(a.original.slice(hl.start, hl.end)).toBe('صادرات نفت');
  });

  it('is lemma-aware: کتاب finds کتاب‌ها, prefixes work', () => {
    expect(titles('کتاب')).toEqual(['']); // the untitled plain-text note
    expect(archive.search('کتابخ*').total).toBe(1);
  });

  it('a verb form finds other forms of the verb (with the lemmatiser)', () => {
    // «می‌گویند» and «گفت» share the lemma گفت when src/morph's lemmatiser is in the build.
    expect(titles(`می${Z}گوید`)).toEqual(expect.arrayContaining(['نشست خبری', 'تحريمهاي جديد بر بانكها']));
  });

  it('filters by date range and source', () => {
    expect(titles({ text: 'تحریم', from: '2020-01-01' })).toEqual([`تحریم${Z}های تازه علیه صادرات نفت`]);
    expect(titles({ text: 'تحریم', to: '1390' })).toEqual(['تحريمهاي جديد بر بانكها']);
    expect(titles({ source: 'varzesh3.com' })).toEqual(['پیروزی تیم ملی فوتبال در ورزشگاه آزادی']);
    expect(() => archive.search({ text: 'x', from: 'soon' })).toThrow(RangeError);
  });

  it('returns nothing for punctuation-only or unknown words, and never throws on FTS syntax', () => {
    expect(archive.search('!!! ؟').total).toBe(0);
    expect(archive.search('واژه‌ای‌که‌نیست').total).toBe(0);
    expect(() => archive.search('AND OR NOT ( ) " * NEAR')).not.toThrow();
  });

  it('counts articles by month', () => {
    const m = archive.countsByMonth();
    expect(m).toEqual([
      { month: '2008-09', count: 1 },
      { month: '2020-08', count: 1 },
    ]);
    expect(archive.countsByMonth({ text: 'فوتبال' })).toEqual([]);
  });
});

describe('entities, quotes and aggregates', () => {
  // Hand-written analyses (entities and quotes) through the real writer, so that the
  // aggregate queries are tested whatever the state of the NER and news reader.
  const db2 = join(dir, 'b.sqlite');
  let ar: Archive;
  beforeAll(async () => {
    const d = openDatabase(db2);
    const w = new ArchiveWriter(d);
    const texts = [
      'علی رضایی گفت: «قیمت نفت پایدار است.» مریم احمدی نیز سخن گفت.',
      'علی رضایی در تهران گفت: «بازار آرام است.»',
      'مریم احمدی و علی رضایی در تهران دیدار کردند.',
    ];
    const batch = [];
    for (let i = 0; i < texts.length; i++) {
      const a = await analyseItem({ key: 'k' + i, file: 't', line: i + 1, article: { title: 'خبر ' + i, abstract: texts[i] } });
      const orig = a.original;
      const span = (s: string) => ({ start: orig.indexOf(s), end: orig.indexOf(s) + s.length, text: s });
      a.entities = [];
      for (const [name, type] of [['علی رضایی', 'PER'], ['مریم احمدی', 'PER'], ['تهران', 'LOC']] as const) {
        if (orig.includes(name)) a.entities.push({ name, nameKey: name, type, titles: [], mentions: [span(name)] });
      }
      a.quotes = [];
      const m = /«([^»]+)»/.exec(orig);
      if (m) {
        const ent = a.entities.findIndex((e) => e.name === 'علی رضایی');
        a.quotes.push({ kind: 'direct', speakerName: 'علی رضایی', speakerKey: 'علی رضایی', speakerEntity: ent, mention: span('علی رضایی'), verb: 'گفت', text: m[1], start: m.index + 1, end: m.index + 1 + m[1].length });
      }
      batch.push(a);
    }
    expect(w.writeBatch(batch)).toBe(3);
    expect(w.writeBatch(batch)).toBe(0);
    d.close();
    ar = await openArchive(db2, { readonly: true });
  }, 60_000);
  afterAll(() => ar?.close());

  it('ranks the people quoted most', () => {
    const top = ar.topSpeakers();
    expect(top[0]).toMatchObject({ name: 'علی رضایی', type: 'PER', count: 2 });
  });

  it('finds co-mentioned entities and entity details', () => {
    const ali = ar.findEntities('رضایی')[0];
    expect(ali.name).toBe('علی رضایی');
    expect(ali.count).toBe(3);
    const co = ar.coMentions(ali.id);
    expect(co.map((c) => [c.name, c.count]).sort()).toEqual([['تهران', 2], ['مریم احمدی', 2]]);
    const e = ar.getEntity(ali.id)!;
    expect(e.articles).toBe(3);
    expect(e.quotes).toBe(2);
    expect(ar.getEntity(99999)).toBeNull();
  });

  it('filters by speaker, entity and type, and lists the speaker’s quotes', () => {
    const r = ar.search({ speaker: 'علي رضايي' });
    expect(r.total).toBe(2);
    for (const h of r.hits) {
      expect(h.quotes!.length).toBe(1);
      const a = ar.getArticle(h.id)!;
      expect(a.original.slice(h.quotes![0].start, h.quotes![0].end)).toBe(h.quotes![0].text);
    }
    expect(ar.search({ text: 'نفت', speaker: 'علی رضایی' }).total).toBe(1);
    expect(ar.search({ entity: 'مریم احمدی' }).total).toBe(2);
    expect(ar.search({ entity: 'تهران', type: 'PER' }).total).toBe(0);
    expect(ar.search({ type: 'loc' }).total).toBe(2);
    const a = ar.getArticle(r.hits[0].id)!;
    expect(a.entities.map((e) => e.name)).toContain('علی رضایی');
    expect(a.quotes[0].speaker.name).toBe('علی رضایی');
  });

  it('reports stats', () => {
    const s = ar.stats();
    expect(s).toMatchObject({ articles: 3, entities: 3, quotes: 2, schemaVersion: 1 });
  });
});

describe('opening files', () => {
  it('refuses a file from a newer schema, a non-database, and a missing file when read-only', async () => {
    const newer = join(dir, 'newer.sqlite');
    const d = new Database(newer);
    d.pragma('user_version = 99');
    d.close();
    await expect(openArchive(newer)).rejects.toMatchObject({ code: 'SCHEMA', message: expect.stringMatching(/newer than this sokhan supports/) });
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'this is not a database, just some text that is long enough to look like a header'.repeat(20));
    await expect(openArchive(junk)).rejects.toMatchObject({ code: 'NOTADB' });
    await expect(openArchive(join(dir, 'missing.sqlite'), { readonly: true })).rejects.toMatchObject({ code: 'CANTOPEN' });
  });

  it('migrates a new file to the current schema version', () => {
    const f = join(dir, 'fresh.sqlite');
    openDatabase(f).close();
    const d = new Database(f, { readonly: true });
    expect(d.pragma('user_version', { simple: true })).toBe(1);
    expect(d.pragma('journal_mode', { simple: true })).toBe('wal');
    d.close();
  });
});

describe('hostile queries', () => {
  it('caps the number of query words and drops repeats', async () => {
    const a = await openArchive(db, { readonly: true });
    try {
      const many = Array.from({ length: 300 }, (_, i) => 'واژه' + i).join(' ');
      expect(a.search(many).terms.length).toBe(32);
      expect(a.search('تحریم '.repeat(1000)).terms.length).toBe(1);
      expect(a.search('"' + 'تحریم '.repeat(1000) + '"').total).toBe(0);
    } finally {
      a.close();
    }
  });
});
